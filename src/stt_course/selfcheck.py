"""``check_this_chapter()``: the one hidden cell at the end of each notebook that nbval runs.

For every quiz and checker the notebook has shown, it makes the same widget again (so a student's own
answers above are left alone) and drives it through the widget's message handler, as a learner presses
the buttons. The right and wrong answers are derived from the banks at run time, so no answer appears in
any notebook cell.
"""

from collections.abc import Callable
from typing import Any

from stt_course.quiz.grading import is_answered
from stt_course.quiz.qtypes import TYPES

# How to make each widget shown in this kernel again, in display order (show_quiz and show_checker
# register here).
_SHOWN: list[Callable[[], Any]] = []


def register(widget: Any, remake: Callable[[], Any]) -> Any:
    _SHOWN.append(remake)
    return widget


def answers(data: dict, which: str) -> dict[str, Any]:
    """Every question's sample "right" or "wrong" response, from the quiz's payload."""
    return {q["id"]: getattr(TYPES[q["type"]], which)(q) for q in data["questions"]}


def _check_quiz(w: Any) -> str:
    questions = w.data["questions"]
    ids = [q["id"] for q in questions]

    w.responses = {}
    w._on_message(w, {"action": "check"}, [])
    assert w.result == {"status": "incomplete", "missing": ids}, (w.data["id"], w.result)

    w.responses = answers(w.data, "right")
    assert all(is_answered(q, w.responses[q["id"]]) for q in questions), w.data["id"]
    w._on_message(w, {"action": "check"}, [])
    assert w.result["score"] == w.result["max_score"] == len(ids), (w.data["id"], w.result)
    _assert_feedback_shown(w)

    w._on_message(w, {"action": "reset"}, [])
    assert w.result == {} and w.responses == {}, w.data["id"]

    w.responses = answers(w.data, "wrong")
    w._on_message(w, {"action": "check"}, [])
    assert w.result["status"] == "graded" and w.result["score"] == 0, (w.data["id"], w.result)
    _assert_feedback_shown(w)
    w._on_message(w, {"action": "reset"}, [])
    return f"{w.data['id']}: {len(ids)} right, then {len(ids)} wrong"


def _assert_feedback_shown(w: Any) -> None:
    """Each question shows the bank's feedback for every choice the learner made."""
    for q, res in zip(w.data["questions"], w.result["questions"], strict=True):
        shown = [line["html"] for line in res["feedback"]]
        assert shown and all(s in q["feedback"] for s in shown), (q["id"], shown)


def _check_checker(w: Any) -> str:
    w._on_message(w, {"action": "check"}, [])
    result = w.result
    assert ("lines" in result) != ("errors" in result), result
    if "errors" in result:
        assert all(result["errors"].values()), result
        return f"checker for {w.inputs.get('title')!r}: input errors in {', '.join(sorted(result['errors']))}"
    for line in result["lines"]:
        assert line["says"] and line["section"]["anchor"] and line["fact"], line
    return f"checker for {w.inputs.get('title')!r}: {len(result['lines'])} lines"


def check_this_chapter() -> None:
    """Answer every quiz shown above right and wrong, and run every checker shown above."""
    from stt_course.checker.widget import CheckerWidget

    assert _SHOWN, "this notebook shows no quiz or checker"
    widgets = [remake() for remake in _SHOWN]
    done = [_check_checker(w) if isinstance(w, CheckerWidget) else _check_quiz(w) for w in widgets]
    _SHOWN.clear()
    print(f"Checked {len(done)} widget{'s' * (len(done) != 1)}.")
