"""Grade a learner's responses. The browser grader (web/stt/quiz.js) mirrors this function exactly;
tests/browser/test_parity.py runs both on the same answers and compares the results.

Response shapes (JSON-able, as the front end sends them):
  single -> option index; multiple -> list of option indices; truefalse -> true/false;
  matching -> one category index per item (null = not chosen); ordering -> item indices in the learner's order.
"""

from typing import Any

from stt_course.markup import to_html
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, Quiz, SingleChoice


def is_answered(q: Question, r: Any) -> bool:
    """True when the response is complete and well formed for this question."""
    if isinstance(q, SingleChoice):
        return _is_index(r, len(q.options))
    if isinstance(q, MultipleChoice):
        return isinstance(r, list) and len(r) > 0 and all(_is_index(i, len(q.options)) for i in r)
    if isinstance(q, Matching):
        return (
            isinstance(r, list) and len(r) == len(q.items) and all(_is_index(i, len(q.categories)) for i in r)
        )
    if isinstance(q, Ordering):
        return (
            isinstance(r, list)
            and sorted(r) == list(range(len(q.items)))
            and all(_is_index(i, len(q.items)) for i in r)
        )
    return isinstance(r, bool)


def _is_index(i: Any, n: int) -> bool:
    return isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n


def grade_question(q: Question, r: Any) -> dict:
    """Score (0 or 1) and the feedback lines for one answered question."""
    lines: list[dict] = []
    missed = 0
    if isinstance(q, SingleChoice | MultipleChoice):
        chosen = sorted(set(r)) if isinstance(r, list) else [r]
        for i in chosen:
            opt = q.options[i]
            lines.append({"index": i, "correct": opt.correct, "html": to_html(opt.feedback)})
        want = [i for i, o in enumerate(q.options) if o.correct]
        correct = chosen == want
        # Only "select all" questions say how many right options were left out.
        missed = len(set(want) - set(chosen)) if isinstance(q, MultipleChoice) else 0
    elif isinstance(q, Matching):
        for i, (item, c) in enumerate(zip(q.items, r, strict=True)):
            ok = q.categories[c] == item.category
            lines.append({"index": i, "correct": ok, "html": to_html(item.feedback)})
        correct = all(line["correct"] for line in lines)
    elif isinstance(q, Ordering):
        for pos, i in enumerate(r):
            lines.append({"index": i, "correct": i == pos, "html": to_html(q.items[i].feedback)})
        correct = list(r) == list(range(len(q.items)))
    else:  # truefalse
        correct = r == q.answer
        text = q.feedback_true if r else q.feedback_false
        lines.append({"index": 0 if r else 1, "correct": correct, "html": to_html(text)})
    return {
        "id": q.id,
        "correct": correct,
        "score": int(correct),
        "missed": missed,
        "feedback": lines,
    }


def grade_quiz(quiz: Quiz, responses: dict[str, Any]) -> dict:
    """Grade every question, or, if any is unanswered, score nothing and name the ones to answer."""
    missing = [q.id for q in quiz.questions if not is_answered(q, responses.get(q.id))]
    if missing:
        return {"status": "incomplete", "missing": missing}
    results = [grade_question(q, responses[q.id]) for q in quiz.questions]
    by_objective: dict[str, dict] = {}
    for q, res in zip(quiz.questions, results, strict=True):
        row = by_objective.setdefault(q.objective, {"id": q.objective, "score": 0, "max": 0})
        row["score"] += res["score"]
        row["max"] += 1
    return {
        "status": "graded",
        "score": sum(r["score"] for r in results),
        "max_score": len(results),
        "questions": results,
        "objectives": list(by_objective.values()),
    }
