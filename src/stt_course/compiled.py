"""The course's data for the widgets: built from the banks and rules files, or read from ``compiled.json``.

In Python with the course's build tools (pydantic, PyYAML) the data comes from the banks, so a tutor's
edit (or ``STT_COURSE_BANKS``) shows at once. The browser notebooks' Python (Pyodide) has no compiled
packages, so their wheel carries ``compiled.json``, written at build time by ``compile_course``, and
nothing here imports the build tools then.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

COMPILED = Path(__file__).parent / "compiled.json"


@cache
def _compiled() -> dict[str, Any] | None:
    return json.loads(COMPILED.read_text(encoding="utf-8")) if COMPILED.is_file() else None


def quiz_payload(quiz_id: str) -> dict:
    """The front end's data for one quiz (quiz_data), which the kernel also grades."""
    if (data := _compiled()) is not None:
        return data["quizzes"][quiz_id]
    from stt_course.quiz.course import course
    from stt_course.quiz.payload import quiz_data

    the_course = course()
    return quiz_data(the_course, the_course.quiz(quiz_id))


def checker_rules() -> dict:
    """The checker's rules as JSON, as checker.py and checker.js receive them."""
    if (data := _compiled()) is not None:
        return data["rules"]
    from stt_course.checker.rules import rules_json

    return rules_json()


def checker_profile(pid: str) -> dict:
    """A practice profile (rules/profiles.yaml): {"name": ..., "inputs": {...}}."""
    if (data := _compiled()) is not None:
        entry = data["profiles"][pid]
        return {"name": entry["name"], "inputs": dict(entry["inputs"])}
    from stt_course.checker.profiles import profile

    return profile(pid)


def compile_course() -> dict[str, Any]:
    """Everything the widgets need, as JSON, from the banks and rules files (build time)."""
    from stt_course.checker.profiles import profiles
    from stt_course.checker.rules import rules_json
    from stt_course.quiz.course import course
    from stt_course.quiz.payload import quiz_data

    the_course = course()
    return {
        "quizzes": {qid: quiz_data(the_course, quiz) for qid, quiz in the_course.quizzes.items()},
        "rules": rules_json(),
        "profiles": profiles(),
    }
