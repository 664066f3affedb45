"""Shared fixtures: the test bank, and the course's own banks."""

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
    """Make ``name`` once for the whole run: the first worker builds it, the others wait and reuse it."""
    from filelock import FileLock

    shared = shared_dir(tmp_path_factory)
    target, done = shared / name, shared / f"{name}.done"
    with FileLock(str(shared / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            build(target)
            done.touch()
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the book once per test run, as `make book` does, into a temporary folder; or, with STT_SITE
    set (the publishing workflow), test the site `make book` has just built, which is then published."""
    if prebuilt := os.environ.get("STT_SITE"):
        site = Path(prebuilt).resolve()
        assert (site / "index.html").is_file(), f"STT_SITE={prebuilt} holds no built book: run make book"
        return site

    def build(out: Path) -> None:
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

    return build_once(tmp_path_factory, "book", build) / "_build" / "html"


# Tests that share one slow fixture or one kernel run on one worker, in order: each notebook's cells
# (nbval runs them in one kernel), and each browser module that starts a server or builds a package.
SERIAL_MODULES = ("test_scorm.py", "test_jupyterlab.py", "test_lite.py")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Mark what needs the built book (``book``) or headless Chromium (``browser``), so that
    ``make test-fast`` can leave both out; and keep together what must run on one worker."""
    for item in items:
        path = str(item.path).replace("\\", "/")
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
        if "/tests/browser/" in path:
            item.add_marker(pytest.mark.browser)
        if path.endswith("/test_lite.py"):
            item.add_marker(pytest.mark.lite)
        if path.endswith(".ipynb") or path.endswith(SERIAL_MODULES):
            item.add_marker(pytest.mark.xdist_group(item.path.name))
