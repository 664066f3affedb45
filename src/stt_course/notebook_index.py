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

from stt_course.problems import DataError
from stt_course.yaml_io import read_yaml

_SHOW_QUIZ = re.compile(r'show_quiz\(\s*"([^"]+)"\s*\)')
_HEADING = re.compile(r"^(#{1,3}) +(.+?) *#*$", re.M)
# The course's own folder when the package is installed from it (pip install -e .): src/stt_course/..
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


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
    try:
        toc = read_yaml(root / "_toc.yml")
    except DataError:
        toc = None
    if not isinstance(toc, dict):
        return [TocChapter(nb, None, "") for nb in sorted((root / "notebooks").glob("*.ipynb"))]
    parts = toc.get("parts") if isinstance(toc.get("parts"), list) else [toc]
    default_numbered = bool((toc.get("defaults") or {}).get("numbered")) if isinstance(toc, dict) else False
    chapters: list[TocChapter] = []
    number = 0
    for part in (p for p in parts if isinstance(p, dict)):
        numbered = bool(part.get("numbered", default_numbered))
        caption = str(part.get("caption") or "")
        for entry in _entries(part.get("chapters")):
            path = root / f"{entry}.ipynb"
            if not path.is_file():
                continue
            if numbered:
                number += 1
            chapters.append(TocChapter(path, number if numbered else None, caption))
    return chapters


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
