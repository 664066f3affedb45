"""The course's own content: coverage of objectives, feedback, size, originality and sources."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from stt_course.authoring.originality import copied_runs
from stt_course.book.notebook_index import quiz_ids_in
from stt_course.facts import fact_rows
from stt_course.quiz.course import BANKS_DIR
from stt_course.quiz.schema import Matching, MultipleChoice, Ordering, SingleChoice

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = sorted((ROOT / "book").glob("*.md"))
BANKS = sorted(BANKS_DIR.glob("*.yaml"))
ARTICLE_RUNS = set((ROOT / "tests" / "data" / "article-12grams.txt").read_text().split())
FACT_IDS = fact_rows(ROOT)


def cells(path: Path, kind: str) -> list[str]:
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_every_objective_is_assessed(the_course):
    assessed = Counter(q.objective for q in the_course.questions.values())
    assert set(the_course.objectives) == set(assessed)


def test_every_option_and_item_has_feedback(the_course):
    for q in the_course.questions.values():
        if isinstance(q, SingleChoice | MultipleChoice):
            assert all(o.feedback for o in q.options), q.id
        elif isinstance(q, Matching | Ordering):
            assert all(i.feedback for i in q.items), q.id
        else:
            assert q.feedback_true and q.feedback_false, q.id


def test_course_has_at_least_60_questions_of_all_five_types(the_course):
    types = Counter(q.type for q in the_course.questions.values())
    assert sum(types.values()) >= 60, types
    assert set(types) == {"single", "multiple", "truefalse", "matching", "ordering"}


def test_each_quiz_is_shown_exactly_once(the_course):
    shown = Counter(q for nb in NOTEBOOKS for q in quiz_ids_in(nb))
    assert shown == Counter(set(the_course.quizzes)), "every quiz displayed exactly once"


# A student reads every code cell in JupyterLab: imports, one-line calls that show a quiz or a checker,
# and the closing check_this_chapter(). Anything else (an answer, an expected checklist) fails here.
ALLOWED_CODE = re.compile(
    r"^(from stt_course(\.\w+)? import [\w, ]+"
    r"|show_quiz\(\"[a-z0-9-]+\"\)"
    r"|show_checker\((profile=\"[a-z0-9-]+\")?\)"
    r"|# .*"
    r"|check_this_chapter\(\))$"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_holds_no_answers(path):
    for source in cells(path, "code"):
        for line in source.splitlines():
            assert ALLOWED_CODE.match(line), f"{path.name}: a student would read {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_ends_by_checking_every_widget_it_shows(path):
    nb = json.loads(path.read_text())
    last = nb["cells"][-1]
    assert last["cell_type"] == "code" and "".join(last["source"]).endswith("check_this_chapter()")
    assert "remove-cell" in last["metadata"].get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES + BANKS, ids=lambda p: p.name)
def test_no_run_of_12_words_copied_from_the_article(path):
    text = "\n".join(cells(path, "markdown")) if path.suffix == ".ipynb" else path.read_text()
    assert copied_runs(text, ARTICLE_RUNS) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_prose_cites_rows_of_the_fact_base(path):
    text = "\n".join(cells(path, "markdown"))
    cited = {i.strip() for line in re.findall(r"^% facts: (.+)$", text, re.M) for i in line.split(",")}
    assert cited <= FACT_IDS, f"unknown fact ids: {cited - FACT_IDS}"
    if "assessment" not in path.name:
        assert cited, "a chapter names the facts.md rows it relies on"
        assert "{cite:p}" in text, "a chapter cites its sources"


# A code block shows an example to copy (the tutor's page on adding a chapter), not the page's own claims.
CODE_BLOCK = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1\s*$", re.M | re.S)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_cite_only_rows_that_exist(path):
    text = CODE_BLOCK.sub("", path.read_text())
    cited = {i.strip() for line in re.findall(r"^% facts: (.+)$", text, re.M) for i in line.split(",")}
    assert cited <= FACT_IDS, f"unknown fact ids: {cited - FACT_IDS}"
