"""The `stt-course` command: check question banks, write the answer key, package the book for an LMS.

`stt-course check` prints one line per problem ("FILE: question 'ID': field 'FIELD': what was expected")
and never a traceback: whatever a file holds, it becomes a Problem line.
"""

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stt_course.authoring.answer_key import answer_key_html, answer_key_markdown, book_chapters
from stt_course.book.notebook_index import course_root, unknown_citations
from stt_course.checker.rules import RULES_FILE, load_rules
from stt_course.problems import DataError, Problem
from stt_course.quiz import course as banks
from stt_course.yaml_io import read_yaml

NO_BANKS = "expected .yaml question banks, found none"
SKIPPED_NOTE = (
    "Checks across banks (unique ids, known and assessed objectives) run once every bank can be read."
)


# ------------------------------------------------------------------------------------------ check


@dataclass
class Report:
    """What a check looked at, for the summary lines: counts such as {"banks": 5} and notes for stderr."""

    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check_paths(paths: Sequence[Path | str], report: Report | None = None) -> list[Problem]:
    """Check the given files and folders (none: the course's banks and the checker's rules) and return
    every problem found. A YAML mapping with a top-level ``rules`` key is a checker rules file."""
    report = report if report is not None else Report()
    given = [Path(p) for p in paths]
    rule_paths = [p for p in given if _is_rules_file(p)] if given else [RULES_FILE]
    bank_paths = [p for p in given if p not in rule_paths]
    problems = check_banks(bank_paths, report) if bank_paths or not given else []
    problems += check_rule_files(rule_paths, report)
    if not given and (root := course_root()):  # the whole course: its pages cite facts and sources that exist
        problems += [
            Problem(_shown(root / p.file), p.where, p.field, p.message) for p in unknown_citations(root)
        ]
    return problems


def _is_rules_file(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        raw = read_yaml(path)
    except DataError:
        return False
    return isinstance(raw, dict) and "rules" in raw and "quizzes" not in raw


def check_rule_files(paths: list[Path], report: Report) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        try:
            load_rules(path)
        except DataError as exc:
            problems += [Problem(_shown(Path(p.file)), p.where, p.field, p.message) for p in exc.problems]
    if paths:
        report.counts["rules files" if len(paths) > 1 else "rules file"] = len(paths)
    return problems


def course_bank_paths() -> list[Path]:
    return banks.bank_paths(banks.course_folder())


def check_banks(paths: Sequence[Path | str], report: Report) -> list[Problem]:
    """Check banks alone and as a course. Given banks are checked together with the course's other banks
    (a given file replaces the course bank with the same file name), so cross-bank checks still work."""
    problems: list[Problem] = []
    given = [_read(path) for path in _expand([Path(p) for p in paths] or [banks.course_folder()], problems)]
    if not given:
        return problems
    context = _context(given) if paths else []
    files = given + context
    problems += [p for f in files for p in f.problems]
    if not all(f.index for f in files):
        # Without that file's ids and objectives, cross-bank results would be misleading.
        report.notes.append(SKIPPED_NOTE)
        return _by_file(problems, files)
    try:  # the course first: a repeated id is the given file's fault
        problems += banks.across(context + given)
        if root := course_root():  # sections name headings of the book's notebooks
            problems += banks.unknown_sections(files, root)
    except Exception as exc:  # never a traceback
        return _by_file([*problems, _crash(given[0].path, exc)], files)
    loaded = [f.bank for f in files if f.bank]
    report.counts["banks"] = len(loaded)
    report.counts["questions"] = sum(len(quiz.questions) for b in loaded for quiz in b.quizzes)
    report.counts["quizzes"] = sum(len(b.quizzes) for b in loaded)
    return _by_file(problems, files)


def _shown(path: Path) -> Path:
    """The path as a user would type it: relative to the working folder when it is inside it."""
    if path.is_absolute():
        with contextlib.suppress(ValueError, OSError):
            return path.relative_to(Path.cwd())
    return path


def _expand(paths: list[Path], problems: list[Problem]) -> list[Path]:
    """Files as given, and every *.yaml of each folder; each file once."""
    out: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not found:
                problems.append(Problem(_shown(path), "", "", NO_BANKS))
        else:
            found = [path]
        for p in found:
            try:
                key = p.resolve()
            except (OSError, RuntimeError):
                key = p
            out.setdefault(key, _shown(p))
    return list(out.values())


def _read(path: Path) -> banks.BankFile:
    try:
        return banks.read_bank(path)
    except Exception as exc:  # whatever the file holds, a line, never a traceback
        return banks.BankFile(path, problems=[_crash(path, exc)])


def _crash(path: Path, exc: BaseException) -> Problem:
    return Problem(path, "", "", f"could not be checked: {type(exc).__name__}: {exc}")


def _context(given: list[banks.BankFile]) -> list[banks.BankFile]:
    """The course's banks that no given file replaces. A course bank whose replacement cannot be read at all
    stays, so that the other banks' references to its objectives still resolve."""
    replaced = {f.path.name for f in given if f.index}
    mine = set()
    for f in given:
        with contextlib.suppress(OSError, RuntimeError):
            mine.add(f.path.resolve())
    return [
        _read(_shown(path))
        for path in course_bank_paths()
        if path.name not in replaced and path.resolve() not in mine
    ]


def _by_file(problems: list[Problem], files: list[banks.BankFile]) -> list[Problem]:
    """Each file's problems together, files in the order checked (given files first)."""
    order = {str(f.path): n for n, f in enumerate(files)}
    return sorted(problems, key=lambda p: order.get(str(p.file), -1))


def one_line(problem: Problem) -> str:
    """A problem as exactly one line, even when a message (e.g. from the YAML parser) holds line breaks."""
    return " ".join(part.strip() for part in str(problem).splitlines() if part.strip())


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def run_check(args: argparse.Namespace) -> int:
    report = Report()
    problems = check_paths(args.paths, report)
    counts = report.counts
    if problems:
        for p in problems:
            print(one_line(p))
        n_files = len({str(p.file) for p in problems})
        summary = f"{_plural(len(problems), 'problem')} in {_plural(n_files, 'file')}"
        for line in [summary, *report.notes]:
            print(line, file=sys.stderr)
        return 1
    shown = [
        _plural(counts.get("banks", 0), "bank"),
        _plural(counts.get("questions", 0), "question"),
        _plural(counts.get("quizzes", 0), "quiz", "quizzes"),
    ]
    # Anything else a checker counted (the hook in check_paths), e.g. "rule files": 1.
    shown += [f"{n} {what}" for what, n in counts.items() if what not in ("banks", "questions", "quizzes")]
    print("OK: " + ", ".join(shown))
    return 0


# ------------------------------------------------------------------------------------------ answer key


def run_answer_key(args: argparse.Namespace) -> int:
    fmt = args.format or ("html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "md")
    paths = course_bank_paths()
    try:
        course = banks.build_course(paths)
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print("No answer key written: fix the banks first (see `stt-course check`).", file=sys.stderr)
        return 1
    chapters = book_chapters(course, course_root())
    if args.chapter:
        wanted = [c.lower() for c in args.chapter]
        known = {str(ch.number): ch for ch in chapters if ch.number} | {ch.bank.chapter: ch for ch in chapters}
        unknown = [c for c in wanted if c not in known]
        if unknown:
            choices = ", ".join(f"{ch.number or ch.bank.chapter} ({ch.bank.title})" for ch in chapters)
            print(
                f"No chapter {', '.join(map(repr, unknown))} in the course; choose from: {choices}",
                file=sys.stderr,
            )
            return 1
        chapters = [ch for ch in chapters if {str(ch.number), ch.bank.chapter} & set(wanted)]
    render = answer_key_html if fmt == "html" else answer_key_markdown
    text = render(course, chapters, answers_only=args.answers_only)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{args.output}: cannot be written ({exc.strerror})", file=sys.stderr)
        return 1
    n = sum(len(quiz.questions) for ch in chapters for quiz in ch.bank.quizzes)
    print(f"Wrote {args.output}: the answer key ({fmt}) of {_plural(n, 'question')}", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------------------------ scorm


def run_scorm(args: argparse.Namespace) -> int:
    from stt_course.book import scorm

    try:
        mastery = (
            scorm.check_mastery(args.mastery, "--mastery")
            if args.mastery is not None
            else scorm.mastery_from_config(Path("_config.yml"))
        )
        package = scorm.build_package(args.site, args.output or scorm.default_output(), mastery)
    except (scorm.ScormError, OSError) as exc:
        print(f"No package written: {exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {package.path}: SCORM 1.2, {_plural(package.files, 'file')}, {package.size / 1e6:.1f} MB; "
        f"{_plural(package.quizzes, 'quiz', 'quizzes')}, pass mark {package.mastery}% on the final assessment",
        file=sys.stderr,
    )
    return 0


# ------------------------------------------------------------------------------------------ the command

DESCRIPTION = """\
Tools for the course's question banks (one YAML file per chapter in src/stt_course/quiz/banks)."""

EPILOG = """\
Examples:
  stt-course check                   check every question bank of the course
  stt-course check edits/ch1.yaml    check an edited copy of ch1.yaml together with the other banks
  stt-course answer-key -o key.md    write the answer key for tutors
  stt-course scorm --mastery 80      package the built book for an LMS (SCORM 1.2)

Run "stt-course COMMAND --help" for more about one command."""

CHECK_DESCRIPTION = """\
Validate question banks and print one line per problem, saying what was expected:
  FILE: question 'ID': field 'FIELD': what was expected

With no PATH, checks every bank of the course (or those in the folder named by the
environment variable STT_COURSE_BANKS). A PATH may be a bank file or a folder (every
*.yaml in it). Given banks are checked together with the course's other banks, so that
ids must be unique across the course and objectives known and assessed; a given file
takes the place of the course bank with the same file name. Each question's section
must be a heading of the notebook that shows its quiz. With no PATH, every fact row
(% facts:) and source ({cite:p}) the book's pages cite must be in sources/facts.md and
the bibliography.

Exit status: 0 if there is no problem, 1 if there is any."""

CHECK_EPILOG = """\
Examples:
  stt-course check
  stt-course check ~/edits/ch1.yaml   # an edited copy, checked in place of the course's ch1.yaml
  stt-course check new-chapter/       # every .yaml in the folder

A problem looks like:
  ch1.yaml: question 'ch1-words-q1': field 'options[2].feedback': is required but missing"""

KEY_DESCRIPTION = """\
Write the answer key of every question of the course (or of the chapters given), in book
order with the book's chapter numbers and titles, grouped by chapter and quiz:
id, type, objective, section, prompt, the correct answer(s) (options lettered a, b, c…
as in the bank) and the feedback for every option or item. Markdown goes to standard
output unless -o is given; with -o FILE.html (and no --format) the key is an HTML page."""

KEY_EPILOG = """\
Examples:
  stt-course answer-key --chapter 4 --answers-only -o chapter4-answers.html
  stt-course answer-key > answer-key.md
  stt-course answer-key --format html -o answer-key.html
  stt-course answer-key -o answer-key.md"""


SCORM_DESCRIPTION = """\
Package the built book (make book) as a SCORM 1.2 zip for an LMS such as Moodle,
Blackboard or Canvas: every page and asset except the browser notebooks, a launch
page that reports each learner's progress and final-assessment score to the LMS,
and imsmanifest.xml. The pass mark is --mastery, else stt_scorm_mastery under
sphinx: config: in _config.yml, else 80 (percent of the final assessment)."""

SCORM_EPILOG = """\
Examples:
  stt-course scorm
  stt-course scorm --mastery 70 -o ~/uploads/stt-course-scorm12.zip"""


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="stt-course", description=DESCRIPTION, epilog=EPILOG, formatter_class=fmt
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check",
        help="validate question banks (default: all of the course's)",
        description=CHECK_DESCRIPTION,
        epilog=CHECK_EPILOG,
        formatter_class=fmt,
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="a bank file or a folder of banks")
    check.set_defaults(run=run_check)

    key = sub.add_parser(
        "answer-key",
        help="write the answer key of every question (Markdown or HTML)",
        description=KEY_DESCRIPTION,
        epilog=KEY_EPILOG,
        formatter_class=fmt,
    )
    key.add_argument("--format", choices=("md", "html"), help="md (the default) or html")
    key.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    key.add_argument(
        "--chapter",
        action="append",
        metavar="N",
        help="only this chapter: its number in the book (4) or its bank's id (safety); may be repeated",
    )
    key.add_argument(
        "--answers-only",
        action="store_true",
        help="the correct answers without the feedback (shorter to print)",
    )
    key.set_defaults(run=run_answer_key)

    pkg = sub.add_parser(
        "scorm",
        help="package the built book as a SCORM 1.2 zip for an LMS",
        description=SCORM_DESCRIPTION,
        epilog=SCORM_EPILOG,
        formatter_class=fmt,
    )
    pkg.add_argument("--mastery", metavar="N", help="the pass mark, in percent of the final assessment (0-100)")
    pkg.add_argument("--site", type=Path, default=Path("_build/html"), metavar="DIR", help="the built book")
    pkg.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where to write the zip (_build/scorm/stt-course-scorm12.zip)",
    )
    pkg.set_defaults(run=run_scorm)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (argparse's own for --help and usage errors)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    _tolerant_streams()
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader stopped early (e.g. `stt-course answer-key | head`): end quietly.
        with contextlib.suppress(Exception):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _tolerant_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (bank text has "→", "…", "›")."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            if (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    raise SystemExit(main())
