"""Shared fixtures: the test bank, and the course's own banks."""

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def test_course():
    from stt_course.quiz.course import build_course

    return build_course([DATA / "good.yaml"])


@pytest.fixture(scope="session")
def the_course():
    from stt_course.quiz.course import course

    return course()


def shared_dir(tmp_path_factory) -> Path:
    """A folder all test workers share (make test runs them in parallel with pytest-xdist), so a slow
    build is made once, under a lock, and reused by every worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """Make ``name`` once for the whole run: the first process to get here builds it (or the early build,
    see pytest_collection_finish), the others wait and reuse it; a build that failed fails each test with its
    message instead of being tried again."""
    from filelock import FileLock

    shared = shared_dir(tmp_path_factory)
    target, done, failed = shared / name, shared / f"{name}.done", shared / f"{name}.failed"
    with FileLock(str(shared / f"{name}.lock")):
        if not done.exists() and not failed.exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            try:
                build(target)
            except BaseException as exc:
                failed.write_text(str(exc) or repr(exc), encoding="utf-8")
                raise
            done.touch()
    if failed.exists():
        pytest.fail(f"building {name} failed:\n{failed.read_text(encoding='utf-8')}", pytrace=False)
    return target


def build_book(out: Path) -> None:
    """The book as `make book` builds it (without the browser notebooks), into ``out``/_build/html."""
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    from tools.minify import finish_site

    finish_site(out / "_build" / "html")  # as make book does: the tests see the scripts students get


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the book once per test run, as `make book` does, into a temporary folder; or, with STT_SITE
    set (the publishing workflow), test the site `make book` has just built, which is then published."""
    if prebuilt := os.environ.get("STT_SITE"):
        site = Path(prebuilt).resolve()
        assert (site / "index.html").is_file(), f"STT_SITE={prebuilt} holds no built book: run make book"
        return site
    return build_once(tmp_path_factory, "book", build_book) / "_build" / "html"


def pytest_collection_finish(session):
    """Start building the book at once, in the background, when a selected test needs it: the tests that
    need none run meanwhile (see pytest_collection_modifyitems), so the build costs no waiting. With
    pytest-xdist every worker starts one; the first to take the lock builds, the others find it built."""
    if os.environ.get("STT_SITE") or session.config.option.collectonly:
        return
    if not any(needs_built_book(item) for item in session.items):
        return
    import threading

    factory = session.config._tmp_path_factory  # what the tmp_path_factory fixture gives

    def early_build():
        with contextlib.suppress(BaseException):  # kept in book.failed, reported by the tests that need it
            build_once(factory, "book", build_book)

    threading.Thread(target=early_build, daemon=True).start()


# Tests that share one slow fixture or one kernel run on one worker, in order: each notebook's cells
# (nbval runs them in one kernel), and each browser module that starts a server or builds a package.
SERIAL_MODULES = ("test_scorm.py", "test_jupyterlab.py", "test_lite.py")
# The longest tests, started first so that none of them is left running alone at the end.
LONG = ("test_add_a_chapter.py", "test_jupyterlab.py", "test_scorm.py")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Mark what needs the built book (``book``) or headless Chromium (``browser``), so that
    ``make test-fast`` can leave both out; keep together what must run on one worker; and run first what
    needs no built book, the longest first, while the book builds (see pytest_collection_finish)."""
    for item in items:
        path = str(item.path).replace("\\", "/")
        if needs_built_book(item):
            item.add_marker(pytest.mark.book)
        if "/tests/browser/" in path:
            item.add_marker(pytest.mark.browser)
        if path.endswith("/test_lite.py"):
            item.add_marker(pytest.mark.lite)
        if path.endswith(".ipynb") or path.endswith(SERIAL_MODULES):
            item.add_marker(pytest.mark.xdist_group(item.path.name))
    # A stable sort: a notebook's cells keep their order.
    items.sort(key=lambda item: (needs_built_book(item), not item.path.name.endswith(LONG)))


def needs_built_book(item) -> bool:
    return "built_site" in getattr(item, "fixturenames", ())
