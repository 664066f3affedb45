"""The book's chapters as the table of contents (``_toc.yml``) orders them, and what each chapter notebook
shows: its title, its section headings and its quizzes.

One reading of the table of contents serves the progress page, the chapter lists on the intro and
how-to-use pages, the answer key and the check of each question's ``section``, so a chapter added to
``_toc.yml`` shows everywhere in the same place.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from stt_course.facts import FACTS_FILE, fact_rows
from stt_course.problems import DataError, Problem
from stt_course.yaml_io import read_yaml

_SHOW_QUIZ = re.compile(r'show_quiz\(\s*"([^"]+)"\s*\)')
_HEADING = re.compile(r"^(#{1,3}) +(.+?) *#*$", re.M)
# The course's own folder when the package is installed from it (pip install -e .): src/stt_course/..
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class TocChapter:
    """A chapter notebook in the table of contents."""

    path: Path  # the .ipynb file
    number: int | None  # its chapter number in the book (parts marked numbered: true), else None
    part: str  # the caption of its part of the table of contents ("" if none)


def course_root() -> Path | None:
    """The course's folder: the working folder if it holds ``_toc.yml``, else the folder the package was
    installed from (if it holds one); None when neither does."""
    for folder in (Path.cwd(), _PACKAGE_ROOT):
        if (folder / "_toc.yml").is_file():
            return folder
    return None


def toc_chapters(root: Path) -> list[TocChapter]:
    """The chapter notebooks in the order of ``root/_toc.yml``, numbered as the book numbers them
    (continuously across numbered parts). Without a readable table of contents: notebooks/*.ipynb by name."""
    return [ch for ch in toc_pages(root) if ch.path.suffix == ".ipynb"]


def toc_pages(root: Path) -> list[TocChapter]:
    """Every page of the table of contents (.ipynb and .md), in its order; only notebooks are numbered."""
    try:
        toc = read_yaml(root / "_toc.yml")
    except DataError:
        toc = None
    if not isinstance(toc, dict):
        return [TocChapter(nb, None, "") for nb in sorted((root / "notebooks").glob("*.ipynb"))]
    parts = toc.get("parts") if isinstance(toc.get("parts"), list) else [toc]
    defaults = toc.get("defaults") if isinstance(toc.get("defaults"), dict) else {}
    pages = [
        TocChapter(p, None, "") for p in _found(root, [toc["root"]] if isinstance(toc.get("root"), str) else [])
    ]
    number = 0
    for part in (p for p in parts if isinstance(p, dict)):
        numbered = bool(part.get("numbered", defaults.get("numbered", False)))
        caption = str(part.get("caption") or "")
        for path in _found(root, _entries(part.get("chapters"))):
            if numbered and path.suffix == ".ipynb":
                number += 1
            pages.append(TocChapter(path, number if numbered and path.suffix == ".ipynb" else None, caption))
    return pages


def _found(root: Path, entries: list[str]) -> list[Path]:
    """Each entry's file (its notebook if there is one, else its Markdown page); entries with no file: none."""
    found = []
    for entry in entries:
        for suffix in (".ipynb", ".md"):
            if (path := root / f"{entry}{suffix}").is_file():
                found.append(path)
                break
    return found


def _entries(items: object) -> list[str]:
    """The ``file:`` of each entry, with its nested ``sections`` after it, in order."""
    out: list[str] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            if isinstance(item.get("file"), str):
                out.append(item["file"].removesuffix(".ipynb").removesuffix(".md"))
            out += _entries(item.get("sections"))
    return out


def _cells(notebook: Path, kind: str) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def quiz_ids_in(notebook: Path) -> list[str]:
    return _SHOW_QUIZ.findall("\n".join(_cells(notebook, "code")))


def title_and_headings(notebook: Path) -> tuple[str, list[str]]:
    """The notebook's ``#`` title and the text of its ``##`` and ``###`` headings, in order."""
    found = _HEADING.findall("\n".join(_cells(notebook, "markdown")))
    title = next((text for level, text in found if level == "#"), notebook.stem)
    return title, [text for level, text in found if level != "#"]


def quiz_order(root: Path) -> list[str]:
    """Every quiz the chapter notebooks show, in book order."""
    return [q for ch in toc_chapters(root) for q in quiz_ids_in(ch.path)]


# ------------------------------------------------------------------------------------------ citations

_FACTS = re.compile(r"^% facts: (.+)$", re.M)
_CITE = re.compile(r"(?<!`)\{cite(?::\w+)?\}`([^`]+)`")  # not `{cite:p}` quoted as code
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.M)


def _parts(page: Path) -> list[tuple[str, str]]:
    """(where, text) for each part of a page that a reader sees: a notebook's Markdown cells, a page's lines."""
    if page.suffix == ".ipynb":
        nb = json.loads(page.read_text(encoding="utf-8"))
        return [
            (f"cell {n}", "".join(c["source"]))
            for n, c in enumerate(nb["cells"], 1)
            if c["cell_type"] == "markdown"
        ]
    parts, fence = [], ""
    for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if m := _FENCE.match(line):  # examples in code blocks are not the page's own citations
            fence = "" if fence and m[1].startswith(fence) else fence or m[1]
        elif not fence:
            parts.append((f"line {n}", line))
    return parts


def bib_files(root: Path) -> list[Path]:
    """The bibliography files the book reads (``bibtex_bibfiles`` in _config.yml)."""
    try:
        config = read_yaml(root / "_config.yml")
    except DataError:
        config = None
    names = config.get("bibtex_bibfiles") if isinstance(config, dict) else None
    return [Path(n) for n in names if isinstance(n, str)] if isinstance(names, list) else []


def unknown_citations(root: Path) -> list[Problem]:
    """Each ``% facts:`` row a page names must be a row of sources/facts.md, and each ``{cite:p}`` key an
    entry of the bibliography: one line for each that is not, saying which file to add it to."""
    rows = fact_rows(root)
    bibs = bib_files(root)
    keys = {k for b in bibs if (root / b).is_file() for k in _BIB_KEY.findall((root / b).read_text("utf-8"))}
    bib_shown = " or ".join(b.as_posix() for b in bibs) or "the bibliography (bibtex_bibfiles in _config.yml)"
    problems = []
    for page in toc_pages(root):
        shown = page.path.relative_to(root)
        try:
            parts = _parts(page.path)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # the book build names a page it cannot read
        for where, text in parts:
            for line in _FACTS.findall(text):
                for row in dict.fromkeys(r.strip() for r in line.split(",") if r.strip()):
                    if row not in rows:
                        msg = f"fact row {row!r} is not in {FACTS_FILE.as_posix()}: "
                        msg += "add the row there, or correct the id"
                        problems.append(Problem(shown, where, "", msg))
            for group in _CITE.findall(text):
                for key in dict.fromkeys(k.strip() for k in group.split(",") if k.strip()):
                    if key not in keys:
                        msg = f"source {key!r} is not in {bib_shown}: add its entry there, or correct the key"
                        problems.append(Problem(shown, where, "", msg))
    return problems
