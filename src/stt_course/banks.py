"""Load question banks and check them, one file at a time and as a whole course."""

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from stt_course.problems import DataError, Problem
from stt_course.schema import Bank, Objective, Question, Quiz
from stt_course.validation import to_problems
from stt_course.yaml_io import read_yaml

BANKS_DIR = Path(__file__).parent / "banks"
_CONTAINERS = {"quizzes": "quiz", "questions": "question", "objectives": "objective"}


def load_bank(path: Path | str) -> Bank:
    """Read and validate one bank; raise DataError listing every problem found in it."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        raise DataError(
            [
                Problem(
                    path,
                    "",
                    "",
                    f"expected a mapping with chapter, title, objectives and quizzes, got {got}",
                )
            ]
        )
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as exc:
        raise DataError(to_problems(exc, path, raw, _CONTAINERS)) from None
    problems = _duplicate_ids(path, bank)
    if problems:
        raise DataError(problems)
    return bank


def _duplicate_ids(path: Path, bank: Bank) -> list[Problem]:
    problems = []
    for kind, ids in (
        ("objective", [o.id for o in bank.objectives]),
        ("quiz", [q.id for q in bank.quizzes]),
        ("question", [q.id for quiz in bank.quizzes for q in quiz.questions]),
    ):
        for ident, n in Counter(ids).items():
            if n > 1:
                problems.append(
                    Problem(path, f"{kind} '{ident}'", "id", f"expected a unique id, found it {n} times")
                )
    return problems


@dataclass
class Course:
    """All banks of the course, with look-ups by id."""

    banks: dict[Path, Bank]
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    quiz_chapter: dict[str, str] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    objective_chapter: dict[str, str] = field(default_factory=dict)  # objective id -> its bank's title
    questions: dict[str, Question] = field(default_factory=dict)

    def quiz(self, quiz_id: str) -> Quiz:
        try:
            return self.quizzes[quiz_id]
        except KeyError:
            known = ", ".join(sorted(self.quizzes))
            raise KeyError(f"no quiz with id {quiz_id!r}; known quizzes: {known}") from None


def build_course(paths: list[Path]) -> Course:
    """Load every bank, then check what spans banks: unique ids, known and assessed objectives."""
    banks: dict[Path, Bank] = {}
    problems: list[Problem] = []
    for path in sorted(paths):
        try:
            banks[path] = load_bank(path)
        except DataError as exc:
            problems.extend(exc.problems)
    course = Course(banks)
    seen: dict[tuple[str, str], Path] = {}
    for path, bank in banks.items():
        for obj in bank.objectives:
            if _first(seen, ("objective", obj.id), path, problems):
                course.objectives[obj.id] = obj
                course.objective_chapter[obj.id] = bank.title
        for quiz in bank.quizzes:
            if _first(seen, ("quiz", quiz.id), path, problems):
                course.quizzes[quiz.id] = quiz
                course.quiz_chapter[quiz.id] = bank.chapter
            for q in quiz.questions:
                if _first(seen, ("question", q.id), path, problems):
                    course.questions[q.id] = q
    assessed = set()
    for path, bank in banks.items():
        for quiz in bank.quizzes:
            for q in quiz.questions:
                assessed.add(q.objective)
                if q.objective not in course.objectives:
                    problems.append(
                        Problem(
                            path,
                            f"question '{q.id}'",
                            "objective",
                            f"expected the id of a learning objective in the course, got {q.objective!r}",
                        )
                    )
    for path, bank in banks.items():
        for obj in bank.objectives:
            if obj.id not in assessed:
                problems.append(
                    Problem(
                        path,
                        f"objective '{obj.id}'",
                        "id",
                        "expected at least one question to assess it, found none",
                    )
                )
    if problems:
        raise DataError(problems)
    return course


def _first(seen: dict, key: tuple[str, str], path: Path, problems: list[Problem]) -> bool:
    if key in seen:
        problems.append(
            Problem(
                path,
                f"{key[0]} '{key[1]}'",
                "id",
                f"expected an id unique in the course, also used in {seen[key]}",
            )
        )
        return False
    seen[key] = path
    return True


def bank_paths(directory: Path = BANKS_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


@cache
def course() -> Course:
    """The course's banks, loaded once per process: the package's own, or those in the folder named
    by the environment variable STT_COURSE_BANKS (to try out a changed copy)."""
    folder = os.environ.get("STT_COURSE_BANKS")
    return build_course(bank_paths(Path(folder) if folder else BANKS_DIR))
