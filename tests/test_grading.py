"""Grading: score, feedback per chosen option, and "nothing chosen scores nothing"."""

import pytest

from stt_course.quiz.grading import grade_quiz

RIGHT = {
    "tst-single": 1,
    "tst-multiple": [2, 0],
    "tst-tf": False,
    "tst-match": [0, 1],
    "tst-order": [0, 1, 2],
}


@pytest.fixture
def quiz(test_course):
    """The quiz's payload: Python grades the same data the front end receives."""
    from stt_course.quiz.payload import quiz_data

    return quiz_data(test_course, test_course.quiz("tst-quiz"))


def test_all_right_scores_full_marks_with_feedback(quiz):
    result = grade_quiz(quiz, RIGHT)
    assert result["status"] == "graded"
    assert (result["score"], result["max_score"]) == (5, 5)
    single = result["questions"][0]
    assert single["feedback"] == [{"index": 1, "correct": True, "html": "Yes, and here is more."}]
    assert result["objectives"] == [
        {"id": "tst-one", "score": 2, "max": 2},
        {"id": "tst-two", "score": 3, "max": 3},
    ]


def test_wrong_answers_score_zero_and_explain_each_choice(quiz):
    wrong = {
        "tst-single": 0,
        "tst-multiple": [0, 1],
        "tst-tf": True,
        "tst-match": [1, 0],
        "tst-order": [2, 1, 0],
    }
    result = grade_quiz(quiz, wrong)
    assert result["score"] == 0
    by_id = {q["id"]: q for q in result["questions"]}
    assert by_id["tst-single"]["feedback"][0]["html"] == "Not this, because of A."
    assert [f["correct"] for f in by_id["tst-multiple"]["feedback"]] == [True, False]
    assert by_id["tst-multiple"]["missed"] == 1
    assert by_id["tst-tf"]["feedback"] == [{"index": 0, "correct": False, "html": "No, it is not green."}]
    assert [f["correct"] for f in by_id["tst-match"]["feedback"]] == [False, False]
    # Ordering: the middle item is in its place, the others are not.
    assert [f["correct"] for f in by_id["tst-order"]["feedback"]] == [False, True, False]


def test_multiple_choice_needs_exactly_the_right_set(quiz):
    partial = dict(RIGHT, **{"tst-multiple": [0]})
    result = grade_quiz(quiz, partial)
    assert result["score"] == 4
    assert result["questions"][1]["missed"] == 1


@pytest.mark.parametrize(
    "responses",
    [
        {},
        {k: v for k, v in RIGHT.items() if k != "tst-tf"},
        dict(RIGHT, **{"tst-single": 7}),
        dict(RIGHT, **{"tst-multiple": []}),
        dict(RIGHT, **{"tst-match": [0, None]}),
        dict(RIGHT, **{"tst-order": [0, 0, 1]}),
        dict(RIGHT, **{"tst-tf": "false"}),
    ],
)
def test_unanswered_or_malformed_scores_nothing(quiz, responses):
    result = grade_quiz(quiz, responses)
    assert result["status"] == "incomplete"
    assert "score" not in result
    assert result["missing"]


def test_every_question_type_of_the_schema_has_its_rules():
    """A type in the bank schema is graded, answered, sampled and keyed by its class in qtypes."""
    import typing

    from stt_course.quiz.qtypes import TYPES
    from stt_course.quiz.schema import Question

    union = typing.get_args(typing.get_args(Question)[0])
    schema_types = [typing.get_args(m.model_fields["type"].annotation)[0] for m in union]
    assert schema_types == list(TYPES)
