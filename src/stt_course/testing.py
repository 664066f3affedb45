"""Helpers for the notebooks' hidden test cells: drive a quiz widget as a learner would.

Answers use the notation of the tutor guide: options are lettered a, b, c… in bank order.
"""

from typing import Any

from stt_course.quiz_widget import QuizWidget
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, SingleChoice


def to_response(q: Question, answer: Any) -> Any:
    """Translate the letter notation to the response the front end sends for this question."""

    def idx(letter: str) -> int:
        return ord(letter) - ord("a")

    if isinstance(q, SingleChoice):
        return idx(answer)
    if isinstance(q, MultipleChoice | Ordering):
        return [idx(a) for a in answer]
    if isinstance(q, Matching):
        return [q.categories.index(c) for c in answer]
    return answer


def answer_quiz(widget: QuizWidget, answers: dict[str, Any]) -> dict:
    """Set the responses and press "Check answers" through the widget's message handler."""
    widget.responses = {qid: to_response(widget.quiz_question(qid), a) for qid, a in answers.items()}
    widget._on_message(widget, {"action": "check"}, [])
    return widget.result


def assert_quiz(quiz_id: str, right: dict[str, Any], wrong: dict[str, Any]) -> None:
    """Answer the quiz with nothing, then right, then wrong, and assert score and feedback each time."""
    w = QuizWidget(quiz_id)
    ids = [q.id for q in w.quiz.questions]
    assert sorted(right) == sorted(ids), f"right answers must cover {ids}"
    assert sorted(wrong) == sorted(ids), f"wrong answers must cover {ids}"

    empty = answer_quiz(w, {})
    assert empty == {"status": "incomplete", "missing": ids}, empty
    assert w.score is None

    result = answer_quiz(w, right)
    assert result["status"] == "graded", result
    assert result["score"] == result["max_score"] == len(ids), _wrong_ones(result)
    _assert_feedback_shown(w, result)

    w._on_message(w, {"action": "reset"}, [])
    assert w.result == {} and w.responses == {}

    result = answer_quiz(w, wrong)
    assert result["score"] == 0, f"these 'wrong' answers scored: {_right_ones(result)}"
    _assert_feedback_shown(w, result)


def _assert_feedback_shown(w: QuizWidget, result: dict) -> None:
    """Each question shows the bank's feedback for every option the learner chose."""
    for q, res in zip(w.data["questions"], result["questions"], strict=True):
        shown = [line["html"] for line in res["feedback"]]
        assert shown and all(s in q["feedback"] for s in shown), (q["id"], shown)


def _wrong_ones(result: dict) -> list[str]:
    return [r["id"] for r in result["questions"] if not r["correct"]]


def _right_ones(result: dict) -> list[str]:
    return [r["id"] for r in result["questions"] if r["correct"]]


def assert_checklist(expected: dict[str, str], **inputs: Any) -> None:
    """Fill in the credential checker, press "Check this therapist", and compare each topic's status
    (checked / missing / ask / note) with ``expected``."""
    from stt_course.checker_widget import CheckerWidget

    w = CheckerWidget(inputs)
    w._on_message(w, {"action": "check"}, [])
    assert "errors" not in w.result, w.result["errors"]
    assert w.statuses() == expected, w.statuses()
    for line in w.result["lines"]:
        assert line["says"] and line["section"]["anchor"] and line["fact"], line


def assert_checker_errors(fields: list[str], **inputs: Any) -> None:
    """Bad input: no checklist, and a message next to exactly these fields."""
    from stt_course.checker_widget import CheckerWidget

    w = CheckerWidget(inputs)
    w._on_message(w, {"action": "check"}, [])
    assert sorted(w.result.get("errors", {})) == sorted(fields), w.result
