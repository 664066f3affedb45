"""The live widgets in a real JupyterLab: open chapter 5, run all cells, answer a quiz and run a credential
checker by clicking, and see the kernel's reply. This proves both front ends load and talk to the kernel."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from stt_course.quiz.course import course
from tests.browser.answers import answer_sets
from tests.browser.notebook_ui import run_all_cells, wait_until_chapter_ran
from tests.browser.test_published_book import Mouse, quizzes_on

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "notebooks/05-credential-checker"  # quizzes and checkers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab") / "course"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", "_build", ".git"))
    home = work.parent / "home"
    # Render every cell, not only those in view (JupyterLab's default windowing detaches cells scrolled
    # away, so a checker near the end of chapter 5 may not exist yet when the test looks for it).
    tracker = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port = free_port()
    env = dict(
        os.environ,
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    log = open(work.parent / "lab.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={work}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=work,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start:\n" + (work.parent / "lab.log").read_text()[-3000:])
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def lab(browser, lab_url):
    """Chapter 5 (quizzes and credential checkers) open in JupyterLab, every cell run, as a student does:
    (page, page errors). Opened from the file browser, with Run ▸ Run All Cells."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # A workspace of its own, reset, so JupyterLab reopens nothing from an earlier run.
    page.goto(f"{lab_url}/lab/workspaces/stt-test/tree/notebooks?reset", wait_until="domcontentloaded")
    name = CHAPTER.rsplit("/", 1)[-1]
    page.locator(".jp-DirListing-item", has_text=f"{name}.ipynb").dblclick(timeout=60_000)
    page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current", has_text=name).wait_for(timeout=60_000)
    # Wait until the kernel has started and is idle before running anything.
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
    run_all_cells(page)
    # Run All queues every cell; the kernel handles a widget's "check" message only after them, and the
    # page moves while later cells draw. So wait for the chapter's last cell to report (the kernel is idle
    # between two cells too), then for every quiz (a fresh venv imports slowly the first time).
    wait_until_chapter_ran(page, timeout=120_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-OutputArea-output .stt-quiz').length >= n",
        arg=len(quizzes_on(CHAPTER)),
        timeout=60_000,
    )
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
    yield page, errors
    context.close()


def test_chapter_quiz_runs_live_in_jupyterlab(lab):
    page, errors = lab
    quiz = course().quiz(quizzes_on(CHAPTER)[0])
    box = page.locator(".jp-OutputArea-output .stt-quiz").first
    box.scroll_into_view_if_needed()
    right = answer_sets(quiz)["right"]
    mouse = Mouse(page)
    for q in quiz.questions:
        mouse.choose(box.locator(f'fieldset[data-question="{q.id}"]'), q, right[q.id])
    box.locator(".stt-check").click()
    n = len(quiz.questions)
    status = box.locator(".stt-status")
    # The kernel grades and sends the result back over the widget's comm (any reply: a question the
    # clicks missed shows as "Please answer ..." in the assertion below, not as a timeout).
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=status.element_handle(), timeout=60_000)
    assert status.text_content() == f"Score: {n} out of {n}. Feedback is under each question."
    assert box.locator(".stt-fb-head").all_text_contents() == ["✓ Correct."] * n
    assert errors == []


def test_checker_runs_live_in_jupyterlab(lab):
    """The same checker.js as an anywidget: the kernel runs the rules and the checklist shows."""
    from stt_course.checker.engine import run_checker
    from stt_course.checker.profiles import profile
    from stt_course.checker.rules import rules_json

    page, errors = lab
    box = page.get_by_role("region", name="Credential checker: Lee Carrow (fictional)")
    box.scroll_into_view_if_needed()
    box.get_by_role("button", name="Check this therapist").click()
    box.locator(".stt-line").first.wait_for(timeout=60_000)
    expected = run_checker(rules_json(), profile("lee-carrow")["inputs"])["lines"]
    shown = box.locator(".stt-line").evaluate_all("ls => ls.map(l => l.dataset.rule)")
    assert shown == [line["id"] for line in expected] and shown[0] == "safety-warning-signs"
    assert box.get_by_role("button", name="Download as a text file").is_visible()
    assert errors == []
