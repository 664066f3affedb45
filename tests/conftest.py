"""Shared fixtures: the test bank, and the course's own banks."""

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the book once per test run, as `make book` does, into a temporary folder; or, with STT_SITE
    set (the publishing workflow), test the site `make book` has just built, which is then published."""
    import os
    import subprocess
    import sys

    if prebuilt := os.environ.get("STT_SITE"):
        site = Path(prebuilt).resolve()
        assert (site / "index.html").is_file(), f"STT_SITE={prebuilt} holds no built book: run make book"
        return site

    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    site = out / "_build" / "html"
    from tools.minify import minify_site

    minify_site(site)  # as make book does: the tests see the scripts students get
    return site


def pytest_collection_modifyitems(items):
    """Mark what needs the built book (``book``) or headless Chromium (``browser``), so that
    ``make test-fast`` can leave both out."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
        if "/tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
