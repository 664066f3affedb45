"""The guide's page on adding a chapter works as written. Its snippets and commands, taken from the page
itself (so the page cannot drift), are applied to a copy of the course: the new chapter passes the checks,
runs, builds, and shows in the table of contents' order on the progress page, in the chapter lists of the
intro and how-to-use pages, and in the answer key with its number and title in the book."""

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stt_course.authoring.cli import main
from stt_course.book.notebook_index import quiz_ids_in
from stt_course.quiz.course import bank_paths, build_course
from tests.conftest import ROOT

PAGE = ROOT / "book" / "add-a-chapter.md"
# ````{code-block} LANG / :caption: PATH / (blank) / the file's text / ```` (the same fence)
SNIPPET = re.compile(r"^(`{3,})\{code-block\} [\w-]+\n:caption: ([^\n]+)\n\n(.*?)\n\1$", re.M | re.S)
BASH = re.compile(r"^```bash\n(.*?)\n```$", re.M | re.S)
NOTEBOOK = "notebooks/08-student-clinic"
BIN = Path(sys.executable).parent


def snippets() -> dict[str, str]:
    return {path: text for _, path, text in SNIPPET.findall(PAGE.read_text(encoding="utf-8"))}


def command(starting: str) -> list[str]:
    """The page's shell command that starts with these words, without its comment."""
    lines = [line for block in BASH.findall(PAGE.read_text()) for line in block.splitlines()]
    (line,) = [line for line in lines if line.startswith(starting)]
    return shlex.split(line.split("#")[0])


def test_the_page_shows_every_file_of_the_example():
    assert set(snippets()) == {
        f"{NOTEBOOK}.md",
        "src/stt_course/quiz/banks/clinic.yaml",
        "book/references.bib",
        "sources/facts.md",
        "_toc.yml",
    }
    assert command("jupytext")[-1] == f"{NOTEBOOK}.md"
    assert command("rm") == ["rm", f"{NOTEBOOK}.md"]


def add_the_example(course: Path) -> None:
    """As the page says: new files are written, the table of contents gets the snippet's last line after
    the line before it, and the sources and facts go at the end of their files."""
    for path, text in snippets().items():
        target = course / path
        if not target.exists():
            target.write_text(text + "\n", encoding="utf-8")
        elif path == "_toc.yml":
            anchor, new = text.splitlines()[-2:]
            toc = target.read_text().splitlines()
            assert toc.count(anchor) == 1, anchor
            toc.insert(toc.index(anchor) + 1, new)
            target.write_text("\n".join(toc) + "\n")
        else:
            target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def in_toc_order(course: Path) -> list[str]:
    """The chapter notebooks' names in the order their `file:` lines come in the copy's _toc.yml."""
    return re.findall(r"^\s*- file: notebooks/(\S+)$", (course / "_toc.yml").read_text(), re.M)


def chapter_list(page: Path) -> list[tuple[str, str]]:
    """(notebook, title) of each chapter in the page's generated chapter list."""
    body = page.read_text(encoding="utf-8")
    start = body.index('class="stt-chapters')
    listing = body[start : body.index("</ul>", start)]  # the parts' lists inside are numbered (<ol>)
    found = re.findall(r'href="\.\./notebooks/([^"]+)\.html"><span class="doc">([^<]+)</span>', listing)
    return [(name, html.unescape(title)) for name, title in found]


@pytest.mark.book
def test_the_worked_example_builds_into_the_book_in_the_order_of_the_toc(tmp_path, monkeypatch, capsys):
    course = tmp_path / "course"
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "node_modules", "*cache*", "__pycache__")
    shutil.copytree(ROOT, course, ignore=ignore)
    add_the_example(course)
    banks = course / "src" / "stt_course" / "quiz" / "banks"
    monkeypatch.chdir(course)
    monkeypatch.setenv("STT_COURSE_BANKS", str(banks))
    env = {**os.environ, "STT_COURSE_BANKS": str(banks)}

    jupytext = command("jupytext")
    subprocess.run([str(BIN / jupytext[0]), *jupytext[1:]], cwd=course, check=True, capture_output=True)
    (course / command("rm")[1]).unlink()
    assert main(["check"]) == 0, capsys.readouterr()
    assert capsys.readouterr().out.startswith("OK: 8 banks")

    run = {"cwd": course, "env": env, "capture_output": True, "text": True, "timeout": 600}
    executed = subprocess.run([sys.executable, "-m", "tools.execute", f"{NOTEBOOK}.ipynb"], **run)
    assert executed.returncode == 0, executed.stdout[-3000:] + executed.stderr[-3000:]
    build = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "--all"]
    built = subprocess.run(build, **run)
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    site = course / "_build" / "html"

    # The new chapter is fifth in the book: after chapter 4 in the Learn part, as the page puts it.
    order = in_toc_order(course)
    assert order.index("08-student-clinic") == order.index("04-when-massage-is-not-the-answer") + 1

    # Progress page: every chapter in the order of the table of contents.
    progress = (site / "book" / "progress.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" class="stt-data">(.*?)</script>', progress, re.S)[1]
    chapters = [chapter["id"] for chapter in json.loads(data)]
    the_course = build_course(bank_paths(banks))
    expected = []
    for name in order:
        if shown := quiz_ids_in(course / "notebooks" / f"{name}.ipynb"):
            expected.append(the_course.quiz_chapter[shown[0]])
    assert chapters == expected
    assert chapters.index("clinic") == chapters.index("safety") + 1

    # The chapter lists of the intro and how-to-use pages: every chapter notebook, in the same order.
    for page in ("intro", "how-to-use"):
        listed = chapter_list(site / "book" / f"{page}.html")
        assert [name for name, _ in listed] == order, page
        assert listed[order.index("08-student-clinic")] == ("08-student-clinic", "Our student clinic")

    # The answer key labels it with its number and title in the book.
    assert main(["answer-key", "--chapter", "5", "--answers-only"]) == 0
    key = capsys.readouterr().out
    assert [line for line in key.splitlines() if line.startswith("## ")] == [
        "## Chapter 5: Our student clinic (clinic)"
    ]
