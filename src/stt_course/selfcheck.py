"""``check_this_chapter()``: the one hidden cell at the end of each notebook that nbval runs.

For every quiz and checker the notebook has shown, it makes the same widget again (so a student's own
answers above are left alone) and drives it through the widget's message handler, as a learner presses
the buttons. The right and wrong answers are derived from the banks at run time, so no answer appears in
any notebook cell.
"""

from collections.abc import Callable
from typing import Any

from stt_course.grading import is_answered
from stt_course.quiz_data import start_order
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, SingleChoice

# How to make each widget shown in this kernel again, in display order (show_quiz and show_checker
# register here).
_SHOWN: list[Callable[[], Any]] = []


def register(widget: Any, remake: Callable[[], Any]) -> Any:
    _SHOWN.append(remake)
    return widget


def right_response(q: Question) -> Any:
    """The response a learner who knows the answer sends (the front end's response shape)."""
    if isinstance(q, SingleChoice):
        return next(i for i, o in enumerate(q.options) if o.correct)
    if isinstance(q, MultipleChoice):
        return [i for i, o in enumerate(q.options) if o.correct]
    if isinstance(q, Matching):
        return [q.categories.index(item.category) for item in q.items]
    if isinstance(q, Ordering):
        return list(range(len(q.items)))
    return q.answer


def wrong_response(q: Question) -> Any:
    """A complete response that scores nothing, and that a learner has to make (not the start order)."""
    if isinstance(q, SingleChoice):
        return next(i for i, o in enumerate(q.options) if not o.correct)
    if isinstance(q, MultipleChoice):
        wrong = [i for i, o in enumerate(q.options) if not o.correct]
        # With no wrong option to pick, leaving one right option out is the only way to be wrong.
        return wrong[:1] or [i for i, o in enumerate(q.options) if o.correct][1:]
    if isinstance(q, Matching):
        return [(q.categories.index(item.category) + 1) % len(q.categories) for item in q.items]
    if isinstance(q, Ordering):
        n, backwards = len(q.items), list(reversed(range(len(q.items))))
        return backwards if backwards != start_order(q) else [*range(1, n), 0]
    return not q.answer


def _check_quiz(w: Any) -> str:
    questions = w.quiz.questions
    ids = [q.id for q in questions]

    w.responses = {}
    w._on_message(w, {"action": "check"}, [])
    assert w.result == {"status": "incomplete", "missing": ids}, (w.quiz.id, w.result)

    w.responses = {q.id: right_response(q) for q in questions}
    assert all(is_answered(q, w.responses[q.id]) for q in questions), w.quiz.id
    w._on_message(w, {"action": "check"}, [])
    assert w.result["score"] == w.result["max_score"] == len(ids), (w.quiz.id, w.result)
    _assert_feedback_shown(w)

    w._on_message(w, {"action": "reset"}, [])
    assert w.result == {} and w.responses == {}, w.quiz.id

    w.responses = {q.id: wrong_response(q) for q in questions}
    w._on_message(w, {"action": "check"}, [])
    assert w.result["status"] == "graded" and w.result["score"] == 0, (w.quiz.id, w.result)
    _assert_feedback_shown(w)
    w._on_message(w, {"action": "reset"}, [])
    return f"{w.quiz.id}: {len(ids)} right, then {len(ids)} wrong"


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
    from stt_course.checker_widget import CheckerWidget

    assert _SHOWN, "this notebook shows no quiz or checker"
    widgets = [remake() for remake in _SHOWN]
    done = [_check_checker(w) if isinstance(w, CheckerWidget) else _check_quiz(w) for w in widgets]
    _SHOWN.clear()
    print(f"Checked {len(done)} widget{'s' * (len(done) != 1)}.")
