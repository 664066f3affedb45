"""Load question banks and check them, one file at a time and as a whole course."""

import difflib
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from stt_course.book.notebook_index import quiz_ids_in, title_and_headings, toc_chapters
from stt_course.problems import DataError, Problem
from stt_course.quiz.schema import Bank, Objective, Question, Quiz
from stt_course.validation import brief, to_problems
from stt_course.yaml_io import Lines, read_yaml_with_lines

BANKS_DIR = Path(__file__).parent / "banks"
_CONTAINERS = {"quizzes": "quiz", "questions": "question", "objectives": "objective"}
KINDS = ("objective", "quiz", "question")


@dataclass
class BankIndex:
    """The ids a bank declares and the objectives and sections its questions name, read from its raw data,
    so that a bank with schema problems still takes part in the checks within it and across banks."""

    ids: list[tuple[str, str]]  # (kind: "objective", "quiz" or "question", id) in file order
    refs: list[tuple[str, str]]  # (question id, objective id)
    lines: list[int | None] = field(default_factory=list)  # the line of each id in ids
    sections: list["SectionRef"] = field(default_factory=list)

    def of(self, kind: str) -> list[str]:
        return [ident for k, ident in self.ids if k == kind]

    def line_of(self, kind: str, ident: str, nth: int = 0) -> int | None:
        """The line of the nth (0: the first) declaration of this id."""
        found = [n for (k, i), n in zip(self.ids, self.lines, strict=False) if (k, i) == (kind, ident)]
        return found[nth] if nth < len(found) else None


@dataclass(frozen=True)
class SectionRef:
    """A question's ``section``: the heading of the part of the book that teaches it."""

    quiz: str
    question: str
    section: str
    line: int | None


@dataclass
class BankFile:
    """One bank file as read: the valid bank (if it is one), its index (if it parsed to a mapping) and its
    problems."""

    path: Path
    bank: Bank | None = None
    index: BankIndex | None = None
    problems: list[Problem] = field(default_factory=list)


def _items(value: Any) -> list[tuple[int, dict]]:
    return [(n, v) for n, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _text(node: dict, key: str) -> str | None:
    value = node.get(key)
    return value if isinstance(value, str) else None


def index_raw(raw: dict, lines: Lines | None = None) -> BankIndex:
    """The bank's ids, references and sections; ``lines`` (from read_yaml_with_lines) gives their lines."""
    lines = lines or {}
    index = BankIndex([], [])

    def declare(kind: str, ident: str, at: tuple) -> None:
        index.ids.append((kind, ident))
        index.lines.append(lines.get((*at, "id")))

    for n, o in _items(raw.get("objectives")):
        if i := _text(o, "id"):
            declare("objective", i, ("objectives", n))
    for n, quiz in _items(raw.get("quizzes")):
        quiz_id = _text(quiz, "id")
        if quiz_id:
            declare("quiz", quiz_id, ("quizzes", n))
        for m, q in _items(quiz.get("questions")):
            at = ("quizzes", n, "questions", m)
            if qid := _text(q, "id"):
                declare("question", qid, at)
                if objective := _text(q, "objective"):
                    index.refs.append((qid, objective))
                if quiz_id and (section := _text(q, "section")):
                    index.sections.append(SectionRef(quiz_id, qid, section, lines.get((*at, "section"))))
    return index


def read_bank(path: Path | str) -> BankFile:
    """Read and validate one bank, collecting every problem in it; never raises for bad content."""
    f = BankFile(Path(path))
    try:
        raw, lines = read_yaml_with_lines(f.path)
    except DataError as exc:
        f.problems = exc.problems
        return f
    if not isinstance(raw, dict):
        got = "an empty file" if raw is None else f"a {type(raw).__name__}"
        expected = f"expected a mapping with chapter, title, objectives and quizzes, got {got}"
        f.problems = [Problem(f.path, "", "", expected)]
        return f
    f.index = index_raw(raw, lines)
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
    """Ids used twice in one file (not already reported for that id by the schema check): each later use,
    at its line, with the line of the first."""
    reported = {(p.where, p.field) for p in f.problems}
    problems = []
    for kind in KINDS:
        for ident, n in Counter(f.index.of(kind)).items():
            where = f"{kind} '{ident}'"
            if n > 1 and (where, "id") not in reported:
                first = f.index.line_of(kind, ident)
                for nth in range(1, n):
                    msg = f"expected a unique id, already used {_at(first)}: give one of them a new id"
                    problems.append(Problem(f.path, where, "id", msg, f.index.line_of(kind, ident, nth)))
    return problems


def _at(line: int | None, path: Path | None = None) -> str:
    """Where an item is, for a message: "in ch1.yaml at line 12", "at line 12" (this file)."""
    place = f"in {path}" if path else ""
    if line:
        place = f"{place} at line {line}" if place else f"at line {line}"
    return place or "in this file"


def across(files: list[BankFile]) -> list[Problem]:
    """What spans banks: ids unique in the course, objectives that exist and are assessed. Every file
    must have an index (no id or objective unseen), or the results would mislead."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[Path, int | None]] = {}
    for f in files:
        reported = {(p.where, p.field) for p in f.problems}
        for key in dict.fromkeys(f.index.ids):
            where = f"{key[0]} '{key[1]}'"
            line = f.index.line_of(*key)
            if key in seen and (where, "id") not in reported:
                msg = f"expected an id unique in the course, also used {_at(seen[key][1], seen[key][0])}"
                problems.append(Problem(f.path, where, "id", f"{msg}: give one of them a new id", line))
            seen.setdefault(key, (f.path, line))
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


def unknown_sections(files: list[BankFile], root: Path) -> list[Problem]:
    """Each question's ``section`` names the part of the book that teaches it: the text of a ``##`` or
    ``###`` heading in the notebook that shows its quiz, or (as in the final assessment) a chapter's title,
    " › ", then one of that chapter's headings. Quizzes no notebook shows yet are not checked."""
    shown_in: dict[str, Path] = {}
    headings: dict[Path, list[str]] = {}
    by_title: dict[str, list[str]] = {}
    for chapter in toc_chapters(root):
        try:
            title, headings[chapter.path] = title_and_headings(chapter.path)
            quizzes = quiz_ids_in(chapter.path)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a notebook the book can show either; the book build says so
        by_title.setdefault(title, headings[chapter.path])
        for quiz in quizzes:
            shown_in.setdefault(quiz, chapter.path)
    problems = []
    for f in files:
        reported = {(p.where, p.field) for p in f.problems}
        for ref in f.index.sections if f.index else []:
            notebook = shown_in.get(ref.quiz)
            where = f"question '{ref.question}'"
            if notebook is None or (where, "section") in reported:
                continue
            title, _, heading = (part.strip() for part in ref.section.partition("›"))
            if ref.section in headings[notebook] or heading in by_title.get(title, []):
                continue
            if heading:
                expected = "expected a chapter's title, then › and one of its headings"
                title = _nearest(title, list(by_title), cutoff=0.0)[0] if by_title else title
                hint = [f"{title} › {h}" for h in _nearest(heading, by_title.get(title, []))]
            else:
                expected = f"expected the text of a heading in {_relative(notebook, root)}"
                hint = _nearest(ref.section, headings[notebook])
            msg = f"{expected}, got {brief(ref.section)}"
            msg += (
                f"; did you mean {_either(hint)}?" if hint else "; that notebook has no ## or ### heading yet"
            )
            problems.append(Problem(f.path, where, "section", msg, ref.line))
    return problems


def _nearest(text: str, choices: list[str], cutoff: float = 0.6) -> list[str]:
    """The (up to three) choices that look most like text: those that look close, else the least far."""
    return difflib.get_close_matches(text, choices, n=3, cutoff=cutoff) or difflib.get_close_matches(
        text, choices, n=3, cutoff=0.0
    )


def _either(choices: list[str]) -> str:
    quoted = [repr(c) for c in choices]
    return " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


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
