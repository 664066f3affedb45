"""The book opened from disk (double-clicking index.html, a USB stick, a shared drive): quizzes, the
checker and the progress page work from file:// as from a web server; with scripts off, each quiz says
what to do."""

import pytest
from playwright.sync_api import expect

from stt_course.quiz.course import course
from tests.browser.answers import answer_sets
from tests.browser.test_published_book import QUIZ_DOCS, Mouse, quizzes_on


@pytest.fixture
def disk_url(built_site):
    return built_site.resolve().as_uri()


def page_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    return errors


def test_quiz_and_progress_work_from_disk(fresh_page, disk_url):
    page = fresh_page
    errors = page_errors(page)
    doc = QUIZ_DOCS[0]
    quiz_id = quizzes_on(doc)[0]
    quiz = course().quiz(quiz_id)
    page.goto(f"{disk_url}/{doc}.html")
    box = page.locator(f'[data-stt-id="{quiz_id}"]')
    answers = answer_sets(quiz)["right"]
    for q in quiz.questions:
        Mouse(page).choose(box.locator(f'fieldset[data-question="{q.id}"]'), q, answers[q.id])
    box.locator(".stt-check").click()
    n = len(quiz.questions)
    assert (
        box.locator(".stt-status").text_content() == f"Score: {n} out of {n}. Feedback is under each question."
    )

    page.goto(f"{disk_url}/book/progress.html")
    rows = page.locator(".stt-progress-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    assert [quiz.title.replace("*", "").replace("`", ""), f"{n} / {n}"] in rows
    assert errors == []


def test_checker_works_from_disk(fresh_page, disk_url):
    page = fresh_page
    errors = page_errors(page)
    page.goto(f"{disk_url}/notebooks/05-credential-checker.html")
    # The second checker on the page is filled in with a practice profile.
    checker = page.locator(".stt-checker").nth(1)
    checker.locator(".stt-check").click()
    expect(checker.locator(".stt-checklist li").first).to_be_visible()
    assert errors == []


def test_with_scripts_off_each_quiz_says_what_to_do(browser, disk_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    doc = QUIZ_DOCS[0]
    page.goto(f"{disk_url}/{doc}.html")
    fallbacks = page.locator(".stt-fallback")
    assert fallbacks.count() == len(quizzes_on(doc))
    assert fallbacks.first.is_visible()
    assert "turn JavaScript on in your browser settings" in fallbacks.first.text_content()
    context.close()
