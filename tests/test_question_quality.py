"""Questions test understanding, not test-wiseness: a learner who has not read the chapter must not be able
to pass by picking the longest option, always the same letter, or "false"; and no learner-facing text
speaks of how the course was made.

The bounds are over all banks (the course's 100+ questions), so one question cannot tip them, but a return
of the old habits (80% longest keys, 54% of keys in position a, 17% of statements true) fails at once.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from stt_course.checker.rules import RULES_FILE
from stt_course.facts import fact_rows
from stt_course.quiz.course import BANKS_DIR
from stt_course.quiz.schema import MultipleChoice, SingleChoice, TrueFalse
from stt_course.yaml_io import read_yaml

ROOT = Path(__file__).resolve().parent.parent
BANKS = sorted(BANKS_DIR.glob("*.yaml"))
RULES = sorted(RULES_FILE.parent.glob("*.yaml"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Pages a student reads; the tutor guide and its page on adding a chapter are for tutors, and tell them
# how to cite the fact list.
PAGES = [
    p for p in sorted((ROOT / "book").glob("*.md")) if p.name not in ("tutor-guide.md", "add-a-chapter.md")
]
FACT_IDS = fact_rows(ROOT)


def key_index(q: SingleChoice) -> int:
    return next(i for i, o in enumerate(q.options) if o.correct)


def key_is_strictly_longest(q: SingleChoice) -> bool:
    lengths = [len(o.text) for o in q.options]
    k = key_index(q)
    return lengths[k] > max(lengths[:k] + lengths[k + 1 :])


def key_is_strictly_shortest(q: SingleChoice) -> bool:
    lengths = [len(o.text) for o in q.options]
    k = key_index(q)
    return lengths[k] < min(lengths[:k] + lengths[k + 1 :])


def single(course) -> list[SingleChoice]:
    return [q for q in course.questions.values() if isinstance(q, SingleChoice)]


def test_the_right_option_is_seldom_the_longest(the_course):
    # With 3-5 options of unrelated lengths, the key is the longest in about a quarter to a third of
    # questions by chance; 30% leaves room for that and fails long before "pick the longest" pays.
    qs = single(the_course)
    longest = [q.id for q in qs if key_is_strictly_longest(q)]
    assert len(longest) / len(qs) <= 0.30, f"{len(longest)}/{len(qs)} keys are the longest option: {longest}"


def test_length_gives_nothing_away_either_way(the_course):
    # Over-correcting is a cue too: if the key were never the longest, or mostly the shortest, a guesser
    # would strike out the longest or pick the shortest. Chance gives each about a quarter; these bounds
    # (at least 10% longest, at most 30% shortest) fail long before either strategy pays.
    qs = single(the_course)
    longest = sum(key_is_strictly_longest(q) for q in qs)
    shortest = [q.id for q in qs if key_is_strictly_shortest(q)]
    assert longest / len(qs) >= 0.10, f"the key is the longest option in only {longest}/{len(qs)}"
    assert len(shortest) / len(qs) <= 0.30, f"{len(shortest)}/{len(qs)} keys are the shortest: {shortest}"


def test_keys_are_spread_over_positions(the_course):
    # Spread evenly over a-d, each letter holds 25%; questions with three options push "a"-"c" a little
    # higher. 35% is the most any one letter may hold, so "always guess a" cannot pass a quiz.
    qs = single(the_course)
    positions = Counter("abcdef"[key_index(q)] for q in qs)
    letter, most = positions.most_common(1)[0]
    assert most / len(qs) <= 0.35, f"{most}/{len(qs)} keys are option {letter}: {dict(positions)}"
    assert {"a", "b", "c", "d"} <= set(positions), f"some position never holds the key: {dict(positions)}"


def test_true_false_statements_are_balanced(the_course):
    # Answering "false" to everything must not pass (the 70% pass mark of a quiz): 40-60% keyed true.
    qs = [q for q in the_course.questions.values() if isinstance(q, TrueFalse)]
    true = sum(q.answer for q in qs)
    assert 0.40 <= true / len(qs) <= 0.60, f"{true}/{len(qs)} statements are true"


def test_select_all_keys_are_not_always_the_first_options(the_course):
    # "Tick the first few" must not be a strategy: at most half the select-all keys are a leading run.
    qs = [q for q in the_course.questions.values() if isinstance(q, MultipleChoice)]
    leading = [
        q.id
        for q in qs
        if [o.correct for o in q.options] == sorted((o.correct for o in q.options), reverse=True)
    ]
    assert len(leading) / len(qs) <= 0.5, f"{len(leading)}/{len(qs)} keys are the first options: {leading}"


def test_no_all_or_none_of_the_above(the_course):
    for q in single(the_course):
        for o in q.options:
            assert not re.search(r"\b(all|none) of the above\b", o.text, re.I), q.id


# --- Learner-facing text never speaks of how the course was made --------------------------------------

AUTHORING = re.compile(
    r"fact base|facts\.md|fact list|we could (read|find|see)|pages we (read|saw|could)|our sources"
    r"|course's sources|stored cop(y|ies)|sources we|we did not (see|find)",
    re.I,
)
# A row id such as "R8" or "L13", unless it is a code's own section number ("CNHC Code A2", "section B4").
ROW_ID = re.compile(r"(?<!ection )(?<!ections )(?<!Code )(?<!tandard )\b([A-Z]\d{1,2})\b")


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        # A rule's `fact` ids are for reviewers: the checker never shows them.
        return [s for k, v in value.items() if k != "fact" for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def without_comments(text: str) -> str:
    """MyST comment lines (`% facts: R8`) are for reviewers and never rendered."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("%"))


def learner_texts(path: Path) -> list[str]:
    """The texts a learner reads in one bank, rules file, notebook or page."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        return [without_comments("".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown"]
    if path.suffix == ".md":
        return [without_comments(path.read_text())]
    data = read_yaml(path)
    if path in RULES and isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "version"}
    return strings(data)


def authoring_words(text: str) -> list[str]:
    """What in one text speaks of how the course was made: authoring words, then fact row ids."""
    found = [m.group(0) for m in AUTHORING.finditer(text)]
    return found + [f"row id {i}" for i in ROW_ID.findall(text) if i in FACT_IDS]


@pytest.mark.parametrize("path", BANKS + RULES + NOTEBOOKS + PAGES, ids=lambda p: p.name)
def test_no_words_about_how_the_course_was_made(path):
    # One test per file, listing every text at fault, so a tutor sees all of them in one run.
    faults = [f"{words} in {text[:160]!r}" for text in learner_texts(path) if (words := authoring_words(text))]
    assert not faults, f"{path.name}:\n" + "\n".join(faults)


def test_the_checks_catch_authoring_words():
    assert AUTHORING.search("Not confirmed: the pages we could read say so.")
    assert ROW_ID.findall("as row R8 says") == ["R8"]
    assert ROW_ID.findall("CNHC Code A2 (chaperones)") == []
    assert ROW_ID.findall("Section B4 of the code") == []
