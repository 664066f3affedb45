"""Loading banks: every malformed bank gets one clear line per problem, naming file, question, field."""

import copy
from pathlib import Path

import pytest
import yaml

from stt_course.problems import DataError
from stt_course.quiz.course import build_course, load_bank

GOOD = yaml.safe_load((Path(__file__).parent / "data" / "good.yaml").read_text())


def problems_for(tmp_path: Path, mutate=None, text: str | None = None) -> list[str]:
    path = tmp_path / "bank.yaml"
    if text is None:
        bank = copy.deepcopy(GOOD)
        mutate(bank)
        text = yaml.safe_dump(bank, sort_keys=False)
    path.write_text(text)
    with pytest.raises(DataError) as info:
        build_course([path])
    return [line.replace(str(path), "FILE") for line in str(info.value).splitlines()]


def q(bank, n):
    return bank["quizzes"][0]["questions"][n]


CASES = {
    "missing feedback": (
        lambda b: q(b, 0)["options"][2].pop("feedback"),
        ["FILE: question 'tst-single': field 'options[2].feedback': is required but missing"],
    ),
    "misspelt field": (
        lambda b: q(b, 0)["options"][0].update(feeback="x"),
        ["FILE: question 'tst-single': field 'options[0].feeback': is not a known field (check the spelling)"],
    ),
    "two correct options in a single-choice question": (
        lambda b: q(b, 0)["options"][0].update(correct=True),
        [
            "FILE: question 'tst-single': field 'options': "
            "expected exactly one option with correct: true, found 2"
        ],
    ),
    "no correct option in a multiple-choice question": (
        lambda b: [o.update(correct=False) for o in q(b, 1)["options"]],
        [
            "FILE: question 'tst-multiple': field 'options': "
            "expected at least one option with correct: true, found 0"
        ],
    ),
    "unknown question type": (
        lambda b: q(b, 2).update(type="yesno"),
        [
            "FILE: question 'tst-tf': field 'type': expected one of 'single', 'multiple', "
            "'truefalse', 'matching', 'ordering', got 'yesno'"
        ],
    ),
    "answer that is not true or false": (
        lambda b: q(b, 2).update(answer="maybe"),
        ["FILE: question 'tst-tf': field 'answer': expected true or false, got str 'maybe'"],
    ),
    "matching item in an unknown category": (
        lambda b: q(b, 3)["items"][1].update(category="Mineral"),
        [
            "FILE: question 'tst-match': field 'items[1].category': "
            "expected one of Fruit, Vegetable, got 'Mineral'"
        ],
    ),
    "empty prompt": (
        lambda b: q(b, 4).update(prompt="  "),
        ["FILE: question 'tst-order': field 'prompt': expected non-empty text"],
    ),
    "ordering with too few items": (
        lambda b: q(b, 4).update(items=q(b, 4)["items"][:2]),
        ["FILE: question 'tst-order': field 'items': expected at least 3 entries, got 2"],
    ),
    "unknown objective": (
        lambda b: q(b, 4).update(objective="tst-three"),
        [
            "FILE: question 'tst-order': field 'objective': "
            "expected the id of a learning objective in the course, got 'tst-three'"
        ],
    ),
    "objective nobody assesses": (
        lambda b: b["objectives"].append({"id": "tst-three", "text": "Untested."}),
        ["FILE: objective 'tst-three': field 'id': expected at least one question to assess it, found none"],
    ),
    "bad id": (
        lambda b: q(b, 0).update(id="Q 1"),
        [
            "FILE: question 'Q 1': field 'id': expected an id of lower-case letters, digits and "
            "hyphens, got 'Q 1'"
        ],
    ),
    "number where text belongs": (
        lambda b: q(b, 1)["options"][1].update(text=42),
        ["FILE: question 'tst-multiple': field 'options[1].text': expected text, got int 42"],
    ),
    "quiz without questions": (
        lambda b: b["quizzes"][0].update(questions=[]),
        [
            "FILE: quiz 'tst-quiz': field 'questions': expected at least 1 entries, got 0",
            # The checks across the file still run on what could be read: no question is left.
            "FILE: objective 'tst-one': field 'id': expected at least one question to assess it, found none",
            "FILE: objective 'tst-two': field 'id': expected at least one question to assess it, found none",
        ],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_malformed_bank_names_file_question_field_and_expectation(tmp_path, name):
    mutate, expected = CASES[name]
    assert problems_for(tmp_path, mutate) == expected


def test_a_duplicate_id_names_its_line_and_where_the_first_is(tmp_path):
    bank = copy.deepcopy(GOOD)
    q(bank, 4).update(id="tst-single")
    text = yaml.safe_dump(bank, sort_keys=False)
    first, second = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "- id: tst-single"]
    assert problems_for(tmp_path, text=text) == [
        f"FILE: line {second}: question 'tst-single': field 'id': "
        f"expected a unique id, already used at line {first}: give one of them a new id"
    ]


def test_several_problems_are_all_reported(tmp_path):
    def mutate(b):
        q(b, 0)["options"][2].pop("feedback")
        q(b, 2).update(answer="maybe")

    assert len(problems_for(tmp_path, mutate)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "chapter: [x\n",
            "FILE: line 2, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "chapter: a\nchapter: b\n",
            "FILE: line 2, column 1: invalid YAML: key 'chapter' appears twice in one mapping",
        ),
        (
            "",
            "FILE: expected a mapping with chapter, title, objectives and quizzes, got an empty file",
        ),
        (
            "- a list\n",
            "FILE: expected a mapping with chapter, title, objectives and quizzes, got a list",
        ),
    ],
)
def test_unreadable_files(tmp_path, text, expected):
    assert problems_for(tmp_path, text=text) == [expected]


def test_good_bank_loads_every_question(test_course):
    bank = load_bank(Path(__file__).parent / "data" / "good.yaml")
    assert [x["id"] for x in GOOD["quizzes"][0]["questions"]] == [x.id for x in bank.quizzes[0].questions]
