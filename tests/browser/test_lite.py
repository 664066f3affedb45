"""The browser notebooks: from a chapter page of the built book, "Run this chapter in your browser" opens
the chapter in JupyterLite (Pyodide), every cell runs, and a quiz answered through its widget is graded
by the Python in the browser, with the same feedback and score as elsewhere and no request to any other
host. Slow (Pyodide starts in about 20 s), so it is a ``book`` and ``browser`` test, not in test-fast."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from stt_course.quiz.course import course
from tests.browser.answers import answer_sets
from tests.browser.notebook_ui import run_all_cells, wait_until_chapter_ran
from tests.browser.test_published_book import Mouse, quizzes_on

CHAPTER = "notebooks/01-sports-massage-and-stt"


@pytest.fixture(scope="module")
def lite_site(built_site):
    from tools.lite import build

    build(built_site)
    return built_site


def test_chapter_runs_in_the_browser_notebook_with_live_quizzes(browser, lite_site, site_url):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    origin = urlparse(site_url).netloc
    foreign, failed, errors = [], [], []
    context.on(
        "request",
        lambda r: (
            urlparse(r.url).scheme in ("http", "https")
            and urlparse(r.url).netloc != origin
            and foreign.append(r.url)
        ),
    )
    context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The page's Content-Security-Policy: anything it refuses is reported as a console error.
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))

    page.goto(f"{site_url}/{CHAPTER}.html", wait_until="networkidle")
    page.get_by_role("link", name="Run this chapter in your browser").click()
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    # What a student sees first: a cell that installs the course from this site.
    # expect() looks the element up afresh until it matches: JupyterLab redraws cells as it opens.
    expect(page.locator(".jp-CodeCell .cm-content").first).to_contain_text(
        "%pip install -q stt-course", timeout=60_000
    )
    run_all_cells(page)

    # The kernel has run every cell when the last one (the chapter's own check) has printed.
    wait_until_chapter_ran(page)
    quiz_id = quizzes_on(CHAPTER)[0]
    quiz = course().quiz(quiz_id)
    n = len(quiz.questions)
    box = page.locator(".jp-OutputArea-output .stt-quiz").first
    status = box.locator(".stt-status")
    mouse = Mouse(page)
    for label, answers in answer_sets(quiz).items():
        box.scroll_into_view_if_needed()
        for q in quiz.questions:
            mouse.choose(box.locator(f'fieldset[data-question="{q.id}"]'), q, answers[q.id])
        box.locator(".stt-check").click()
        # Graded by the kernel in the browser: wait for its answer over the widget's comm.
        expected = n if label == "right" else 0
        expect(status).to_have_text(
            f"Score: {expected} out of {n}. Feedback is under each question.", timeout=60_000
        )
        assert (
            box.locator(".stt-fb-head").all_text_contents()
            == (["✓ Correct."] if label == "right" else ["✗ Not quite."]) * n
        )
        box.locator(".stt-again").click()
        expect(status).to_have_text("", timeout=60_000)

    assert foreign == [], "requests to other hosts"
    assert failed == [], "failed requests"
    assert errors == []
    context.close()
