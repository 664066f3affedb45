"""The stt-course command: `check` gives one line per problem and never a traceback; `answer-key`."""

import copy
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from stt_course.authoring.answer_key import answer_key_html, answer_key_markdown, book_chapters
from stt_course.authoring.cli import main
from stt_course.book.notebook_index import quiz_ids_in, toc_chapters
from stt_course.quiz import course as banks

DATA = Path(__file__).parent / "data"
ROOT_DIR = Path(__file__).resolve().parent.parent
GOOD = yaml.safe_load((DATA / "good.yaml").read_text())
BANKS = banks.BANKS_DIR
NOTE = "Checks across banks (unique ids, known and assessed objectives) run once every bank can be read."
UNKNOWN = "field 'objective': expected the id of a learning objective in the course, got"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Run in an empty folder, so files are named as a user types them ("bad.yaml")."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STT_COURSE_BANKS", raising=False)


def run(capsys, *args) -> tuple[int, list[str], list[str]]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def write(name: str, data) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
    return path


def course_bank(name: str) -> dict:
    return yaml.safe_load((BANKS / name).read_text())


def questions(bank: dict) -> list[dict]:
    return [q for quiz in bank["quizzes"] for q in quiz["questions"]]


def ok_line(extra_banks=0, extra_questions=0, extra_quizzes=0) -> str:
    course = banks.build_course(banks.bank_paths())
    n, q, z = len(course.banks) + extra_banks, len(course.questions) + extra_questions, len(course.quizzes)
    return f"OK: {n} banks, {q} questions, {z + extra_quizzes} quizzes"


def q(bank, n):
    return bank["quizzes"][0]["questions"][n]


def id_lines(path: Path, ident: str, kind: str = "question") -> list[int]:
    """The lines (1 = the first) of a bank on which this id of an objective, quiz or question is declared."""
    pattern = re.compile(rf"^\s*(- )?id: {re.escape(ident)}\s*(#.*)?$")
    top, found = "", []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        top = line.split(":")[0] if re.match(r"^\w", line) else top
        if pattern.match(line) and top == ("objectives" if kind == "objective" else "quizzes"):
            found.append(n)
    return found


def also_used(ident: str, path: Path, kind: str = "question") -> str:
    """The end of the line for an id that another bank already uses."""
    line = id_lines(path, ident, kind)[0]
    return f"field 'id': expected an id unique in the course, also used in {path} at line {line}: " + (
        "give one of them a new id"
    )


# ------------------------------------------------------------------------------------------ good banks


def test_check_without_paths_checks_the_course(capsys):
    assert run(capsys, "check") == (0, [ok_line() + ", 1 rules file"], [])


def test_a_good_bank_passes_together_with_the_course(capsys):
    write("tst.yaml", GOOD)
    assert run(capsys, "check", "tst.yaml") == (0, [ok_line(1, 5, 1)], [])


def test_a_good_copy_of_a_course_bank_takes_its_place(capsys):
    Path("ch1.yaml").write_text((BANKS / "ch1.yaml").read_text())
    assert run(capsys, "check", "ch1.yaml") == (0, [ok_line()], [])


def test_a_course_bank_given_by_its_own_path_passes(capsys):
    assert run(capsys, "check", BANKS / "ch1.yaml") == (0, [ok_line()], [])


def test_a_folder_is_every_yaml_in_it(capsys):
    Path("edits/ch2.yaml").parent.mkdir()
    Path("edits/ch2.yaml").write_text((BANKS / "ch2.yaml").read_text())
    write("edits/tst.yaml", GOOD)
    Path("edits/notes.txt").write_text("not a bank")
    assert run(capsys, "check", "edits") == (0, [ok_line(1, 5, 1)], [])


def test_the_same_file_given_twice_is_checked_once(capsys):
    write("tst.yaml", GOOD)
    assert run(capsys, "check", "tst.yaml", "./tst.yaml", Path.cwd() / "tst.yaml")[0] == 0


def test_the_course_folder_can_be_changed_with_stt_course_banks(capsys, monkeypatch):
    write("course/tst.yaml", GOOD)
    monkeypatch.setenv("STT_COURSE_BANKS", "course")
    assert run(capsys, "check") == (0, ["OK: 1 bank, 5 questions, 1 quiz, 1 rules file"], [])


# ------------------------------------------------------------------------------------------ bad banks

# name: (how to make bad.yaml from the test bank, or its text; the exact lines printed)
BAD = {
    "invalid YAML": (
        "chapter: [x\n",
        ["bad.yaml: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'"],
    ),
    "a key given twice": (
        "chapter: a\nchapter: b\n",
        ["bad.yaml: line 2, column 1: invalid YAML: key 'chapter' appears twice in one mapping"],
    ),
    "empty file": (
        "",
        ["bad.yaml: expected a mapping with chapter, title, objectives and quizzes, got an empty file"],
    ),
    "a file that holds a list": (
        "- chapter: tst\n- title: A list\n",
        ["bad.yaml: expected a mapping with chapter, title, objectives and quizzes, got a list"],
    ),
    "not UTF-8": (b"chapter: caf\xe9\n", ["bad.yaml: expected UTF-8 text"]),
    "a mapping without the bank's fields": (
        "title: Only a title\n",
        [
            "bad.yaml: field 'chapter': is required but missing",
            "bad.yaml: field 'quizzes': is required but missing",
        ],
    ),
    "a number where text belongs": (
        lambda b: q(b, 1)["options"][1].update(text=42),
        ["bad.yaml: question 'tst-multiple': field 'options[1].text': expected text, got int 42"],
    ),
    "text where true or false belongs": (
        lambda b: q(b, 2).update(answer="maybe"),
        ["bad.yaml: question 'tst-tf': field 'answer': expected true or false, got str 'maybe'"],
    ),
    "a matching item whose category is not in categories": (
        lambda b: q(b, 3)["items"][1].update(category="Mineral"),
        [
            "bad.yaml: question 'tst-match': field 'items[1].category': "
            "expected one of Fruit, Vegetable, got 'Mineral'"
        ],
    ),
    "a single-choice question with no correct option": (
        lambda b: q(b, 0)["options"][1].update(correct=False),
        [
            "bad.yaml: question 'tst-single': field 'options': "
            "expected exactly one option with correct: true, found 0"
        ],
    ),
    "a missing option feedback": (
        lambda b: q(b, 0)["options"][2].pop("feedback"),
        ["bad.yaml: question 'tst-single': field 'options[2].feedback': is required but missing"],
    ),
    "a missing true/false feedback": (
        lambda b: q(b, 2).pop("feedback_false"),
        ["bad.yaml: question 'tst-tf': field 'feedback_false': is required but missing"],
    ),
    "an unknown objective": (
        lambda b: q(b, 4).update(objective="tst-three"),
        [f"bad.yaml: question 'tst-order': {UNKNOWN} 'tst-three'"],
    ),
    "an unknown objective in a bank with another problem": (
        lambda b: [q(b, 0)["options"][2].pop("feedback"), q(b, 4).update(objective="tst-three")],
        [
            "bad.yaml: question 'tst-single': field 'options[2].feedback': is required but missing",
            f"bad.yaml: question 'tst-order': {UNKNOWN} 'tst-three'",
        ],
    ),
    "an objective no question assesses": (
        lambda b: b["objectives"].append({"id": "tst-three", "text": "Untested."}),
        [
            "bad.yaml: objective 'tst-three': field 'id': "
            "expected at least one question to assess it, found none"
        ],
    ),
    "a misspelt field": (
        lambda b: q(b, 0)["options"][0].update(feeback="x"),
        [
            "bad.yaml: question 'tst-single': field 'options[0].feeback': "
            "is not a known field (check the spelling)"
        ],
    ),
    "an unknown question type": (
        lambda b: q(b, 2).update(type="yesno"),
        [
            "bad.yaml: question 'tst-tf': field 'type': expected one of 'single', 'multiple', "
            "'truefalse', 'matching', 'ordering', got 'yesno'"
        ],
    ),
}
UNREADABLE = {"invalid YAML", "a key given twice", "empty file", "a file that holds a list", "not UTF-8"}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_bank_gives_exact_lines_and_exit_1(capsys, name):
    make, expected = BAD[name]
    if callable(make):
        bank = copy.deepcopy(GOOD)
        make(bank)
        write("bad.yaml", bank)
    elif isinstance(make, bytes):
        Path("bad.yaml").write_bytes(make)
    else:
        Path("bad.yaml").write_text(make)
    summary = f"{len(expected)} problem{'s' if len(expected) > 1 else ''} in 1 file"
    notes = [NOTE] if name in UNREADABLE else []
    assert run(capsys, "check", "bad.yaml") == (1, expected, [summary, *notes])


def test_a_missing_file(capsys):
    assert run(capsys, "check", "nothere.yaml") == (
        1,
        ["nothere.yaml: cannot be read (No such file or directory)"],
        ["1 problem in 1 file", NOTE],
    )


def test_a_folder_without_yaml(capsys):
    Path("drafts").mkdir()
    Path("drafts/ch1.yml").write_text("chapter: ch1\n")
    assert run(capsys, "check", "drafts") == (
        1,
        ["drafts: expected .yaml question banks, found none"],
        ["1 problem in 1 file"],
    )


def test_problems_in_several_files_are_all_reported(capsys):
    Path("broken.yaml").write_text("chapter: [x\n")
    code, out, err = run(capsys, "check", "broken.yaml", "nothere.yaml")
    assert code == 1
    assert out == [
        "broken.yaml: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'",
        "nothere.yaml: cannot be read (No such file or directory)",
    ]
    assert err == ["2 problems in 2 files", NOTE]


def test_a_duplicate_id_in_a_bank_names_its_line_and_the_first(capsys):
    bank = copy.deepcopy(GOOD)
    q(bank, 4).update(id="tst-single")
    first, second = id_lines(write("bad.yaml", bank), "tst-single")
    assert run(capsys, "check", "bad.yaml") == (
        1,
        [
            f"bad.yaml: line {second}: question 'tst-single': field 'id': "
            f"expected a unique id, already used at line {first}: give one of them a new id"
        ],
        ["1 problem in 1 file"],
    )


def test_a_duplicate_id_in_a_bank_with_another_problem(capsys):
    bank = copy.deepcopy(GOOD)
    q(bank, 4).update(id="tst-single")
    q(bank, 2).update(answer="maybe")
    first, second = id_lines(write("bad.yaml", bank), "tst-single")
    assert run(capsys, "check", "bad.yaml")[1] == [
        "bad.yaml: question 'tst-tf': field 'answer': expected true or false, got str 'maybe'",
        f"bad.yaml: line {second}: question 'tst-single': field 'id': "
        f"expected a unique id, already used at line {first}: give one of them a new id",
    ]


def test_a_copy_of_a_course_bank_under_a_new_name_repeats_every_id(capsys):
    copied = Path("ch1-copy.yaml")
    copied.write_text((BANKS / "ch1.yaml").read_text())
    ch1 = course_bank("ch1.yaml")

    def line(kind: str, ident: str) -> str:
        at = id_lines(copied, ident, kind)[0]
        return f"ch1-copy.yaml: line {at}: {kind} '{ident}': {also_used(ident, BANKS / 'ch1.yaml', kind)}"

    expected = [line("objective", o["id"]) for o in ch1["objectives"]]
    for quiz in ch1["quizzes"]:
        expected.append(line("quiz", quiz["id"]))
        expected += [line("question", x["id"]) for x in quiz["questions"]]
    assert run(capsys, "check", "ch1-copy.yaml") == (1, expected, [f"{len(expected)} problems in 1 file"])


def test_a_question_id_used_in_another_bank(capsys):
    taken = questions(course_bank("ch1.yaml"))[0]["id"]
    bank = copy.deepcopy(GOOD)
    q(bank, 2)["id"] = taken
    (at,) = id_lines(write("bad.yaml", bank), taken)
    assert run(capsys, "check", "bad.yaml") == (
        1,
        [f"bad.yaml: line {at}: question '{taken}': {also_used(taken, BANKS / 'ch1.yaml')}"],
        ["1 problem in 1 file"],
    )


def test_a_question_id_used_in_another_bank_by_a_bank_with_another_problem(capsys):
    taken = questions(course_bank("ch1.yaml"))[0]["id"]
    bank = copy.deepcopy(GOOD)
    q(bank, 2).update(id=taken, answer="maybe")
    (at,) = id_lines(write("bad.yaml", bank), taken)
    assert run(capsys, "check", "bad.yaml")[1] == [
        f"bad.yaml: question '{taken}': field 'answer': expected true or false, got str 'maybe'",
        f"bad.yaml: line {at}: question '{taken}': {also_used(taken, BANKS / 'ch1.yaml')}",
    ]


def test_two_given_banks_with_the_same_ids(capsys):
    a, b = write("a.yaml", GOOD), write("b.yaml", GOOD)
    code, out, _ = run(capsys, "check", "a.yaml", "b.yaml")

    def line(kind: str, ident: str) -> str:
        return f"b.yaml: line {id_lines(b, ident, kind)[0]}: {kind} '{ident}': {also_used(ident, a, kind)}"

    assert code == 1
    assert out == [
        line("objective", "tst-one"),
        line("objective", "tst-two"),
        line("quiz", "tst-quiz"),
        *[line("question", x["id"]) for x in questions(GOOD)],
    ]


def broken_ch1() -> tuple[dict, list[str]]:
    """A copy of ch1.yaml with a missing feedback, a category not in categories and an unknown objective."""
    ch1 = course_bank("ch1.yaml")
    qs = questions(ch1)
    single = next(x for x in qs if x["type"] == "single")
    matching = next(x for x in qs if x["type"] == "matching")
    other = next(x for x in qs if x["type"] not in ("single", "matching"))
    del single["options"][1]["feedback"]
    matching["items"][0]["category"] = "Nowhere"
    other["objective"] = "ch1-nowhere"
    schema = {
        qs.index(single): f"ch1.yaml: question '{single['id']}': field 'options[1].feedback': "
        "is required but missing",
        qs.index(matching): f"ch1.yaml: question '{matching['id']}': field 'items[0].category': "
        f"expected one of {', '.join(matching['categories'])}, got 'Nowhere'",
    }
    expected = [schema[i] for i in sorted(schema)]
    return ch1, [*expected, f"ch1.yaml: question '{other['id']}': {UNKNOWN} 'ch1-nowhere'"]


def test_a_broken_copy_of_a_course_bank_reports_its_own_problems_only(capsys):
    """The other banks still use the copy's objectives: no problem is reported in them."""
    ch1, expected = broken_ch1()
    write("ch1.yaml", ch1)
    assert run(capsys, "check", "ch1.yaml") == (1, expected, ["3 problems in 1 file"])


def test_an_edited_copy_is_checked_with_the_other_banks_of_the_course(capsys):
    """Removing an objective from ch1 breaks the questions of other banks that assess it."""
    ch1 = course_bank("ch1.yaml")
    users = {}
    for path in banks.bank_paths():
        shown = "ch1.yaml" if path.name == "ch1.yaml" else str(path)
        users[shown] = [(x["id"], x["objective"]) for x in questions(course_bank(path.name))]
    gone = next(
        o["id"] for o in ch1["objectives"] if any(o["id"] == obj for _, obj in users[str(BANKS / "final.yaml")])
    )
    ch1["objectives"] = [o for o in ch1["objectives"] if o["id"] != gone]
    write("ch1.yaml", ch1)
    expected = [
        f"{shown}: question '{qid}': {UNKNOWN} {gone!r}"
        for shown, qs in users.items()
        for qid, obj in qs
        if obj == gone
    ]
    code, out, _ = run(capsys, "check", "ch1.yaml")
    assert code == 1
    assert out == expected
    assert any(line.startswith(str(BANKS / "final.yaml")) for line in out)


def test_an_edited_copy_with_an_objective_no_question_assesses(capsys):
    ch1 = course_bank("ch1.yaml")
    ch1["objectives"].append({"id": "ch1-new", "text": "Something new."})
    write("ch1.yaml", ch1)
    assert run(capsys, "check", "ch1.yaml") == (
        1,
        ["ch1.yaml: objective 'ch1-new': field 'id': expected at least one question to assess it, found none"],
        ["1 problem in 1 file"],
    )


def test_objectives_assessed_only_in_a_bank_with_problems_are_not_reported(capsys):
    a = copy.deepcopy(GOOD)
    a["objectives"].append({"id": "tst-three", "text": "Assessed in b.yaml only."})
    b = {
        "chapter": "tst-b",
        "title": "B",
        "quizzes": [{"id": "tst-b-quiz", "title": "B", "questions": [q(GOOD, 2)]}],
    }
    b["quizzes"][0]["questions"][0] = dict(q(GOOD, 2), id="tst-b-tf", objective="tst-three", answer="maybe")
    write("a.yaml", a)
    write("b.yaml", b)
    assert run(capsys, "check", "a.yaml", "b.yaml")[1] == [
        "b.yaml: question 'tst-b-tf': field 'answer': expected true or false, got str 'maybe'"
    ]


def test_a_course_bank_that_cannot_be_read_stops_the_checks_across_banks(capsys, monkeypatch):
    Path("course").mkdir()
    write("course/tst.yaml", GOOD)
    Path("course/zzz.yaml").write_text("chapter: [x\n")
    monkeypatch.setenv("STT_COURSE_BANKS", "course")
    assert run(capsys, "check") == (
        1,
        ["course/zzz.yaml: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'"],
        ["1 problem in 1 file", NOTE],
    )


# ------------------------------------------------------------------------------------------ never a traceback


def test_an_unexpected_error_in_one_file_is_a_problem_line(capsys, monkeypatch):
    real = banks.read_bank

    def read_bank(path):
        if Path(path).name == "bad.yaml":
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(banks, "read_bank", read_bank)
    write("bad.yaml", GOOD)
    assert run(capsys, "check", "bad.yaml") == (
        1,
        ["bad.yaml: could not be checked: RuntimeError: boom"],
        ["1 problem in 1 file", NOTE],
    )


def test_an_unexpected_error_across_banks_is_a_problem_line(capsys, monkeypatch):
    def across(files):
        raise RuntimeError("boom")

    monkeypatch.setattr(banks, "across", across)
    write("tst.yaml", GOOD)
    assert run(capsys, "check", "tst.yaml") == (
        1,
        ["tst.yaml: could not be checked: RuntimeError: boom"],
        ["1 problem in 1 file"],
    )


STRANGE = {
    "deep nesting": "[" * 3000 + "]" * 3000,
    "deep mapping": "chapter: " + "{a: " * 3000 + "1" + "}" * 3000,
    "a list as a key": "? [a, b]\n: 1\n",
    "a huge number": "chapter: " + "9" * 5000 + "\n",
    "a recursive alias": "chapter: &x [*x]\ntitle: t\nquizzes: &q [{id: q, title: t, questions: *q}]\n",
    "a Python tag": "!!python/object/apply:os.system ['echo hi']\n",
    "a NUL character": "chapter: a\x00b\n",
    "a tab": "chapter:\ta\n",
    "a number": "42\n",
    "a number as a key": "1: a\nchapter: x\n",
    "a date as an id": "chapter: 2024-01-01\ntitle: t\nquizzes: [{id: q, questions: [{id: 2024-01-01}]}]\n",
    "lists where mappings belong": "chapter: x\nobjectives: [[1]]\nquizzes: [[], {questions: [[]]}]\n",
    "ids that are not text": "chapter: x\nquizzes: [{id: [1], questions: [{id: {a: 1}, type: [1]}]}]\n",
    "binary": bytes(range(256)),
}


@pytest.mark.parametrize("name", STRANGE)
def test_whatever_the_file_holds_there_is_no_traceback(capsys, name):
    text = STRANGE[name]
    path = Path("bad.yaml")
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    code, out, err = run(capsys, "check", "bad.yaml")
    assert code == 1
    assert out and all(line.startswith("bad.yaml: ") for line in out), out
    assert re.fullmatch(r"\d+ problems? in 1 file", err[0]), err


def test_the_installed_command_prints_problems_not_a_traceback(tmp_path):
    Path("bad.yaml").write_text("? [a, b]\n: 1\n")
    Path("bad2.yaml").write_text("chapter: [x\n")
    script = Path(sys.executable).parent / "stt-course"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "stt_course.authoring.cli"]
    proc = subprocess.run([*cmd, "check", "bad.yaml", "bad2.yaml"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[1] == (
        "bad2.yaml: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'"
    )
    assert proc.stderr.splitlines()[0] == "2 problems in 2 files"


# ------------------------------------------------------------------------------------------ answer key


def test_answer_key_lists_every_question_of_the_course_in_book_order(capsys):
    """Run from any folder, the key finds the course the package was installed from, and its order."""
    code, out, err = run(capsys, "answer-key")
    course = banks.course()
    assert (code, err) == (0, [])
    text = "\n".join(out)
    shown = [quiz for nb in toc_chapters(ROOT_DIR) for quiz in quiz_ids_in(nb.path)]
    assert re.findall(r"^### .* \((\S+)\)$", text, re.M) == shown
    in_book_order = [q.id for quiz in shown for q in course.quizzes[quiz].questions]
    assert re.findall(r"^#### (\S+) \(", text, re.M) == in_book_order
    assert sorted(in_book_order) == sorted(course.questions)
    assert [line for line in out if line.startswith("## ")][:2] == [
        "## Chapter 1: Sports massage and soft tissue therapy (ch1)",
        "## Chapter 2: Who regulates massage in the UK? (ch2)",
    ]
    for objective in course.objectives.values():
        assert f"- Objective: {objective.id}: {objective.text}" in out


def test_answer_key_markdown_gives_answers_and_all_feedback(test_course):
    text = answer_key_markdown(test_course)
    lines = text.splitlines()
    assert lines[0] == "# Answer key"
    assert "#### tst-single (single choice)" in lines
    assert "- Objective: tst-one: Know the first thing." in lines
    assert "- Section: First section" in lines
    assert "Answer:\n\n- b. Right one\n\nFeedback:" in text
    assert "Answer:\n\n- a. True A\n- c. True C\n\nFeedback:" in text
    assert "Answer:\n\n- False\n\nFeedback:" in text
    assert "Answer:\n\n- a. Apple → Fruit\n- b. Carrot → Vegetable\n\nFeedback:" in text
    assert "Answer:\n\n1. One\n2. Two\n3. Three\n\nFeedback:" in text
    assert "- If the learner answers True\n  - No, it is not green." in text
    assert "- b. Right one (correct)\n  - Yes, and here is more." in text
    for x in questions(GOOD):
        for part in x.get("options", []) + x.get("items", []):
            assert f"  - {part['feedback']}" in lines
    # HTML in a bank is not passed on to a Markdown renderer as HTML.
    assert "\\<script>alert(1)\\</script>" in text


class PageChecker(HTMLParser):
    """Collects headings, ids and text, and checks that every element is closed in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self):
        super().__init__()
        self.stack, self.headings, self.ids, self.errors = [], [], [], []
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data


def check_page(page: str) -> PageChecker:
    parser = PageChecker()
    parser.feed(page)
    parser.close()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert parser.errors == [] and parser.stack == []
    assert parser.title == "Answer key"
    assert parser.headings.count(1) == 1 and parser.headings[0] == 1
    assert all(b <= a + 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False)), (
        "a skipped level"
    )
    assert len(parser.ids) == len(set(parser.ids))
    assert "<script" not in page.lower()
    assert not re.search(r"\b(src|href)=|@import|url\(", page), "an external resource"
    return parser


def test_answer_key_html_is_a_standalone_page(capsys):
    code, out, _ = run(capsys, "answer-key", "--format", "html")
    assert code == 0
    parser = check_page("\n".join(out))
    ids = set(parser.ids)
    assert all(f"question-{qid}" in ids for qid in banks.course().questions)


def test_answer_key_html_escapes_bank_text(test_course):
    page = answer_key_html(test_course)
    check_page(page)
    assert "Which is <strong>right</strong>? &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Check: the <em>test</em> quiz" in page
    assert "<li>a. Apple → Fruit</li>" in page


def test_answer_key_to_a_file(capsys):
    code, out, err = run(capsys, "answer-key", "-o", "key.md")
    assert (code, out) == (0, [])
    n = len(banks.course().questions)
    assert err == [f"Wrote key.md: the answer key (md) of {n} questions"]
    course = banks.course()
    expected = answer_key_markdown(course, book_chapters(course, ROOT_DIR))
    assert Path("key.md").read_text(encoding="utf-8") == expected


def test_answer_key_html_to_a_file(capsys):
    assert run(capsys, "answer-key", "--format", "html", "-o", "key.html")[:2] == (0, [])
    course = banks.course()
    assert Path("key.html").read_text(encoding="utf-8") == answer_key_html(
        course, book_chapters(course, ROOT_DIR)
    )


def test_answer_key_format_follows_an_html_file_name(capsys):
    assert run(capsys, "answer-key", "-o", "key.html")[0] == 0
    assert Path("key.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_answer_key_to_a_folder_that_does_not_exist(capsys):
    assert run(capsys, "answer-key", "-o", "no/such/key.md") == (
        1,
        [],
        ["no/such/key.md: cannot be written (No such file or directory)"],
    )


def test_answer_key_of_broken_banks_names_the_problems(capsys, monkeypatch):
    bank = copy.deepcopy(GOOD)
    q(bank, 0)["options"][2].pop("feedback")
    write("course/bad.yaml", bank)
    monkeypatch.setenv("STT_COURSE_BANKS", "course")
    assert run(capsys, "answer-key") == (
        1,
        [],
        [
            "course/bad.yaml: question 'tst-single': field 'options[2].feedback': is required but missing",
            "No answer key written: fix the banks first (see `stt-course check`).",
        ],
    )


# ------------------------------------------------------------------------------------------ help


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["answer-key", "--help"]])
def test_help_says_what_it_does_with_an_example(capsys, args):
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "Example" in "\n".join(out)
    assert out[0].startswith("usage: stt-course")


def test_help_as_a_program():
    proc = subprocess.run(
        [sys.executable, "-m", "stt_course.authoring.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert "Example" in proc.stdout and "check" in proc.stdout and "answer-key" in proc.stdout


@pytest.mark.parametrize("args", [[], ["grade"], ["answer-key", "--format", "pdf"]])
def test_usage_errors_exit_2(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err[0].startswith("usage: stt-course")


# ------------------------------------------------------------------------------------------ rules files


def test_a_broken_rules_file_gives_one_line_per_problem(capsys):
    from stt_course.checker.rules import RULES_FILE

    raw = yaml.safe_load(RULES_FILE.read_text())
    raw["rules"][0]["status"] = "fine"
    raw["rules"][1]["section"] = "nowhere"
    del raw["rules"][2]["fact"]
    write("rules.yaml", raw)
    code, out, _ = run(capsys, "check", "rules.yaml")
    first, second, third = (r["id"] for r in raw["rules"][:3])
    assert code == 1
    assert out == [
        f"rules.yaml: rule '{first}': field 'status': expected 'urgent', 'checked', 'missing', 'ask' or "
        "'note', got 'fine'",
        f"rules.yaml: rule '{third}': field 'fact': is required but missing",
    ]
    raw["rules"][0]["status"] = "checked"
    raw["rules"][2]["fact"] = ["A11"]
    write("rules.yaml", raw)
    code, out, _ = run(capsys, "check", "rules.yaml")
    assert code == 1
    assert out == [
        f"rules.yaml: rule '{second}': field 'section': expected one of no-law, protected, voluntary, "
        "premises, bodies, levels, regulated, registers, questions, limits, warning-signs, wait, insurance, "
        "got 'nowhere'"
    ]


def test_answer_key_for_a_class_chapter_in_book_order_answers_only(capsys, monkeypatch):
    monkeypatch.chdir(ROOT_DIR)
    code, out, _ = run(capsys, "answer-key", "--chapter", "4", "--chapter", "ch1", "--answers-only")
    assert code == 0
    headings = [line for line in out if line.startswith("## ")]
    assert headings == [
        "## Chapter 1: Sports massage and soft tissue therapy (ch1)",
        "## Chapter 4: When massage is not the answer, and when something goes wrong (safety)",
    ]
    assert "Feedback:" not in out and "Answer:" in out


def test_answer_key_names_the_chapters_to_choose_from(capsys, monkeypatch):
    monkeypatch.chdir(ROOT_DIR)
    code, out, err = run(capsys, "answer-key", "--chapter", "9")
    assert code == 1 and out == []
    assert err[0].startswith(
        "No chapter '9' in the course; choose from: 1 (Sports massage and soft tissue therapy), 2 ("
    )


# ------------------------------------------------------------------------------------------ citations


def a_course_with_a_chapter(markdown: list[str]) -> None:
    """A course folder (the working folder) whose one chapter notebook has these Markdown cells."""
    Path("_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Learn\n    numbered: true\n"
        "    chapters:\n      - file: notebooks/01-new\n"
    )
    Path("_config.yml").write_text("bibtex_bibfiles:\n  - book/references.bib\n")
    Path("sources").mkdir()
    # The course's fact list: the checker's rules and links, checked with the chapter, cite its rows.
    Path("sources/facts.md").write_text((ROOT_DIR / "sources" / "facts.md").read_text(encoding="utf-8"))
    Path("book").mkdir()
    Path("book/references.bib").write_text("@misc{known-2020,\n  title = {Known},\n  year = {2020},\n}\n")
    Path("book/intro.md").write_text(
        "# Intro\n\n% facts: A1\nA claim {cite:p}`known-2020`.\n\n"
        "```markdown\n% facts: Z8\nAn example in a code block {cite:p}`example-key`.\n```\n\n"
        "Roles are written `{cite:p}` and `% facts:` rows.\n"
    )
    Path("notebooks").mkdir()
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown]
    Path("notebooks/01-new.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))


def test_a_fact_row_or_source_that_does_not_exist_says_which_file_to_add_it_to(capsys):
    a_course_with_a_chapter(
        [
            "# New\n\n% facts: A1, Z9\nA claim {cite:p}`known-2020`.",
            "## Part\n\nAnother claim {cite:p}`known-2020,nobody-2021`.",
        ]
    )
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out == [
        "notebooks/01-new.ipynb: cell 1: fact row 'Z9' is not in sources/facts.md: "
        "add the row there, or correct the id",
        "notebooks/01-new.ipynb: cell 2: source 'nobody-2021' is not in book/references.bib: "
        "add its entry there, or correct the key",
    ]
    assert err == ["2 problems in 1 file"]


def test_a_page_that_cites_only_what_exists_passes(capsys):
    a_course_with_a_chapter(["# New\n\n% facts: A1\nA claim {cite:p}`known-2020`."])
    assert run(capsys, "check")[:2] == (0, [f"{ok_line()}, 1 rules file"])
