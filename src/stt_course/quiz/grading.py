"""Grade a learner's responses against a quiz's payload (quiz_data), the same data the front end gets.

web/stt/quiz.js grades the same payload the same way; tests/browser/test_parity.py runs both on the same
answers and compares the results. Each question type's rules are in qtypes. No compiled package is needed.
"""

from typing import Any

from stt_course.quiz.qtypes import TYPES, Payload


def is_answered(q: Payload, r: Any) -> bool:
    """True when the response is complete and well formed for this question."""
    return TYPES[q["type"]].is_answered(q, r)


def grade_question(q: Payload, r: Any) -> dict:
    """Score (0 or 1) and the feedback lines for one answered question."""
    correct, lines, missed = TYPES[q["type"]].grade(q, r)
    return {"id": q["id"], "correct": correct, "score": int(correct), "missed": missed, "feedback": lines}


def grade_quiz(data: Payload, responses: dict[str, Any]) -> dict:
    """Grade every question, or, if any is unanswered, score nothing and name the ones to answer."""
    questions = data["questions"]
    missing = [q["id"] for q in questions if not is_answered(q, responses.get(q["id"]))]
    if missing:
        return {"status": "incomplete", "missing": missing}
    results = [grade_question(q, responses[q["id"]]) for q in questions]
    by_objective: dict[str, dict] = {}
    for q, res in zip(questions, results, strict=True):
        row = by_objective.setdefault(q["objective"], {"id": q["objective"], "score": 0, "max": 0})
        row["score"] += res["score"]
        row["max"] += 1
    return {
        "status": "graded",
        "score": sum(r["score"] for r in results),
        "max_score": len(results),
        "questions": results,
        "objectives": list(by_objective.values()),
    }
