"""Hostile files: a bank or rules file can't exhaust the machine. Each is refused with one line naming the
file and what was wrong, exit status 1, quickly and in little memory, wherever a bank is read."""

import time
import tracemalloc
from pathlib import Path

import pytest

from stt_course.authoring.cli import main
from stt_course.checker.rules import load_rules
from stt_course.problems import DataError
from stt_course.quiz.course import BANKS_DIR
from stt_course.yaml_io import MAX_BYTES, MAX_DEPTH, read_yaml

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
HOSTILE = {
    "alias bomb": (
        ALIAS_BOMB,
        "line 1: expected plain values: anchors (&name) and aliases (*name) are not allowed",
    ),
    "one alias": (
        "chapter: ch9\ntitle: &t Title\nquizzes: *t\n",
        "line 2: expected plain values: anchors (&name) and aliases (*name) are not allowed",
    ),
    "deep nesting": (
        "chapter: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
        f"line 1: expected at most {MAX_DEPTH} levels of nesting, found more",
    ),
    "too large": (
        "chapter: ch9\n" + "# padding\n" * (MAX_BYTES // 10 + 1),
        f"expected at most {MAX_BYTES // 1024} KB, the file has 1024 KB",
    ),
}


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STT_COURSE_BANKS", raising=False)


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_is_refused_quickly_in_little_memory(kind):
    text, message = HOSTILE[kind]
    path = Path("bad.yaml")
    path.write_text(text)
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(DataError) as err:
        read_yaml(path)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(err.value) == f"bad.yaml: {message}"
    # Measured here: under 0.05 s and 1 MB for each file; the bounds leave room for a slow machine.
    assert seconds < 1.0, seconds
    assert peak < 32 * 1024 * 1024, peak


def check_lines(text: str, capsys) -> list[str]:
    """`stt-course check bad.yaml` on this text: it must exit 1; its output lines."""
    Path("bad.yaml").write_text(text)
    assert main(["check", "bad.yaml"]) == 1
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("kind", HOSTILE)
def test_check_command_names_the_file_and_exits_1(kind, capsys):
    text, message = HOSTILE[kind]
    assert f"bad.yaml: {message}" in check_lines(text, capsys)


def test_rules_file_is_read_with_the_same_bounds():
    Path("rules.yaml").write_text(ALIAS_BOMB)
    with pytest.raises(DataError, match="anchors"):
        load_rules(Path("rules.yaml"))


# The YAML mistakes tutors make most, each with its message: where, and what to do, in plain words.
MISTAKES = {
    "a tab": (
        "chapter: ch9\ntitle: T\nquizzes:\n\t- id: x\n",
        "line 4, column 1: invalid YAML: a tab character: indent with spaces only "
        "(replace the tab with spaces)",
    ),
    "indentation": (
        "chapter: ch9\nquizzes:\n  - id: q\n    questions:\n      - id: q-q1\n        type: truefalse\n"
        "       objective: o\n",
        "line 7, column 8: invalid YAML: this line is not indented like the lines around it: "
        "use the same number of spaces as the line above",
    ),
    "a quote inside a quoted text": (
        'chapter: ch9\ntitle: "A "quoted" word"\n',
        'line 2, column 12: invalid YAML: a " inside a text in double quotes ends the text early: '
        'write \\" for each quote inside it, or put the text in single quotes',
    ),
    "curly quotes around a value with a colon": (
        "chapter: ch9\ntitle: “Note: this”\n",
        "line 2, column 13: invalid YAML: curly quotes (“ ”) around a text: "
        'use straight double quotes (") instead',
    ),
    "a colon in an unquoted text": (
        "chapter: ch9\ntitle: Check: the answer is here\n",
        "line 2, column 13: invalid YAML: a colon inside a text that is not in quotes: put the whole text in "
        'double quotes, like title: "Check: this"',
    ),
}


@pytest.mark.parametrize("kind", MISTAKES)
def test_common_yaml_mistakes_get_a_plain_hint(kind, capsys):
    text, message = MISTAKES[kind]
    assert check_lines(text, capsys)[0] == f"bad.yaml: {message}"


GOOD_TEXT = (Path(__file__).parent / "data" / "good.yaml").read_text()
BANKS = BANKS_DIR


def test_a_duplicate_id_names_its_line_and_where_the_first_is(capsys):
    text = GOOD_TEXT.replace("- id: tst-tf\n", "- id: tst-single\n")
    lines = text.splitlines()
    assert lines[12].strip() == lines[39].strip() == "- id: tst-single"  # lines 13 and 40
    assert check_lines(text, capsys) == [
        "bad.yaml: line 40: question 'tst-single': field 'id': expected a unique id, already used at line 13: "
        "give one of them a new id"
    ]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        # a near miss: the nearest heading
        ("Two words, no official definitions", "did you mean 'Two words, no official definition'?"),
        # far from every heading: the three nearest
        ("Words", "did you mean 'Sources', 'What soft tissue therapy adds' or 'What the research says'?"),
    ],
)
def test_an_unknown_section_names_the_line_the_notebook_and_the_nearest_headings(capsys, typed, hint):
    text = (BANKS / "ch1.yaml").read_text()
    needle = 'section: "Two words, no official definition"'
    Path("ch1.yaml").write_text(text.replace(needle, f'section: "{typed}"', 1))
    assert main(["check", "ch1.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"ch1.yaml: line {line_of(text, needle)}: question 'ch1-words-q1': field 'section': "
        f"expected the text of a heading in notebooks/01-sports-massage-and-stt.ipynb, got '{typed}'; {hint}"
    ]


def test_an_unknown_section_in_the_final_assessment_is_chapter_title_then_heading(capsys):
    text = (BANKS / "final.yaml").read_text()
    needle = "Sports massage and soft tissue therapy › Two words, no official definition"
    Path("final.yaml").write_text(text.replace(needle, "Sports massage and STT › Two word", 1))
    assert main(["check", "final.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"final.yaml: line {line_of(text, needle)}: question 'final-q01': field 'section': "
        "expected a chapter's title, then › and one of its headings, got 'Sports massage and STT › Two word'; "
        "did you mean 'Sports massage and soft tissue therapy › Two words, no official definition', "
        "'Sports massage and soft tissue therapy › Sources' or "
        "'Sports massage and soft tissue therapy › What soft tissue therapy adds'?"
    ]
