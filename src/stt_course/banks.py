"""Load question banks and check them, one file at a time and as a whole course."""

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from stt_course.problems import DataError, Problem
from stt_course.schema import Bank, Objective, Question, Quiz
from stt_course.validation import to_problems
from stt_course.yaml_io import read_yaml

BANKS_DIR = Path(__file__).parent / "banks"
_CONTAINERS = {"quizzes": "quiz", "questions": "question", "objectives": "objective"}
KINDS = ("objective", "quiz", "question")


@dataclass
class BankIndex:
    """The ids a bank declares and the objectives its questions name, read from its raw data, so that a
    bank with schema problems still takes part in the checks within it and across banks."""

    ids: list[tuple[str, str]]  # (kind: "objective", "quiz" or "question", id) in file order
    refs: list[tuple[str, str]]  # (question id, objective id)

    def of(self, kind: str) -> list[str]:
        return [ident for k, ident in self.ids if k == kind]


@dataclass
class BankFile:
    """One bank file as read: the valid bank (if it is one), its index (if it parsed to a mapping) and its
    problems."""

    path: Path
    bank: Bank | None = None
    index: BankIndex | None = None
    problems: list[Problem] = field(default_factory=list)


def _items(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(node: dict, key: str) -> str | None:
    value = node.get(key)
    return value if isinstance(value, str) else None


def index_raw(raw: dict) -> BankIndex:
    ids = [("objective", i) for o in _items(raw.get("objectives")) if (i := _text(o, "id"))]
    refs = []
    for quiz in _items(raw.get("quizzes")):
        if i := _text(quiz, "id"):
            ids.append(("quiz", i))
        for q in _items(quiz.get("questions")):
            if qid := _text(q, "id"):
                ids.append(("question", qid))
                if objective := _text(q, "objective"):
                    refs.append((qid, objective))
    return BankIndex(ids, refs)


def read_bank(path: Path | str) -> BankFile:
    """Read and validate one bank, collecting every problem in it; never raises for bad content."""
    f = BankFile(Path(path))
    try:
        raw = read_yaml(f.path)
    except DataError as exc:
        f.problems = exc.problems
        return f
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        expected = f"expected a mapping with chapter, title, objectives and quizzes, got {got}"
        f.problems = [Problem(f.path, "", "", expected)]
        return f
    f.index = index_raw(raw)
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as exc:
        f.problems = to_problems(exc, f.path, raw, _CONTAINERS)
    else:
        f.bank = bank
    f.problems += _within(f)
    if f.problems:
        f.bank = None
    return f


def load_bank(path: Path | str) -> Bank:
    """Read and validate one bank; raise DataError listing every problem found in it."""
    f = read_bank(path)
    if f.problems or f.bank is None:
        raise DataError(f.problems)
    return f.bank


def _within(f: BankFile) -> list[Problem]:
    """Ids used twice in one file (not already reported for that id by the schema check)."""
    reported = {(p.where, p.field) for p in f.problems}
    problems = []
    for kind in KINDS:
        for ident, n in Counter(f.index.of(kind)).items():
            where = f"{kind} '{ident}'"
            if n > 1 and (where, "id") not in reported:
                problems.append(Problem(f.path, where, "id", f"expected a unique id, found it {n} times"))
    return problems


def across(files: list[BankFile]) -> list[Problem]:
    """What spans banks: ids unique in the course, objectives that exist and are assessed. Every file
    must have an index (no id or objective unseen), or the results would mislead."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Path] = {}
    for f in files:
        reported = {(p.where, p.field) for p in f.problems}
        for key in dict.fromkeys(f.index.ids):
            where = f"{key[0]} '{key[1]}'"
            if key in seen and (where, "id") not in reported:
                msg = f"expected an id unique in the course, also used in {seen[key]}"
                problems.append(Problem(f.path, where, "id", msg))
            seen.setdefault(key, f.path)
    known = {o for f in files for o in f.index.of("objective")}
    assessed = {o for f in files for _, o in f.index.refs}
    for f in files:
        reported = {(p.where, p.field) for p in f.problems}
        for qid, objective in f.index.refs:
            where = f"question '{qid}'"
            if objective not in known and (where, "objective") not in reported:
                msg = f"expected the id of a learning objective in the course, got {objective!r}"
                problems.append(Problem(f.path, where, "objective", msg))
    for f in files:
        for objective in dict.fromkeys(f.index.of("objective")):
            if objective not in assessed:
                msg = "expected at least one question to assess it, found none"
                problems.append(Problem(f.path, f"objective '{objective}'", "id", msg))
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
    """Load every bank, check them alone and together, and index the course; DataError lists every
    problem."""
    files = [read_bank(path) for path in sorted(paths)]
    problems = [p for f in files for p in f.problems]
    if all(f.index for f in files):
        problems += across(files)
    if problems:
        raise DataError(problems)
    course = Course({f.path: f.bank for f in files})
    for bank in course.banks.values():
        for obj in bank.objectives:
            course.objectives[obj.id] = obj
            course.objective_chapter[obj.id] = bank.title
        for quiz in bank.quizzes:
            course.quizzes[quiz.id] = quiz
            course.quiz_chapter[quiz.id] = bank.chapter
            course.questions.update((q.id, q) for q in quiz.questions)
    return course


def bank_paths(directory: Path = BANKS_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def course_folder() -> Path:
    """The folder of the course's banks: the package's own, or the one named by the environment
    variable STT_COURSE_BANKS (to try out a changed copy)."""
    folder = os.environ.get("STT_COURSE_BANKS")
    return Path(folder) if folder else BANKS_DIR


@cache
def course() -> Course:
    """The course's banks, loaded once per process (see course_folder)."""
    return build_course(bank_paths(course_folder()))
