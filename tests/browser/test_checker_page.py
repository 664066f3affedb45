"""The credential checker in the published book: fill the form by mouse and by keyboard, read the
checklist, see inline errors, follow its links; and the browser's rules agree with Python's."""

import re
from urllib.parse import urlparse

import pytest

from stt_course.checker import run_checker
from stt_course.checker_rules import rules_json
from tests.browser.test_published_book import Keyboard, Watch
from tests.test_checker import BASE, CASES, UNICODE_TITLES

DOC = "notebooks/05-credential-checker"
PROFILE = {
    "title": "Sports physio",
    "level": "5",
    "ofqual": "no",
    "body": "named",
    "body_name": "SMA",
    "cpd_hours": "22",
    "insurance": "no",
    "register": "cnhc",
    "london": "yes",
    "licensed": "no",
}


def first_checker(page):
    return page.locator(".stt-checker-static").first


def fill_by_mouse(box, values):
    for field in ("title", "body_name", "cpd_hours"):
        box.locator(f'input[name="{field}"]').fill(values[field])
    for field in ("level", "register"):
        box.locator(f'select[name="{field}"]').select_option(values[field])
    for field in ("ofqual", "body", "insurance", "london", "licensed"):
        box.locator(f'input[type="radio"][value="{values[field]}"][name$="-{field}"]').click()
    box.get_by_role("button", name="Check this therapist").click()


def fill_by_keyboard(page, box, values):
    kb = Keyboard(page)
    for field in ("title", "body_name", "cpd_hours"):
        kb.tab_to(box.locator(f'input[name="{field}"]'))
        page.keyboard.press("Control+A")
        page.keyboard.type(values[field])
    for field in ("level", "register"):
        sel = box.locator(f'select[name="{field}"]')
        options = sel.locator("option").evaluate_all("os => os.map(o => o.value)")
        kb.tab_to(sel)
        now = options.index(sel.input_value())
        key = "ArrowDown" if options.index(values[field]) > now else "ArrowUp"
        for _ in range(abs(options.index(values[field]) - now)):
            page.keyboard.press(key)
    for field in ("ofqual", "body", "insurance", "london", "licensed"):
        radios = box.locator(f'input[type="radio"][name$="-{field}"]')
        values_now = radios.evaluate_all("rs => rs.map(r => r.value)")
        checked = radios.evaluate_all("rs => rs.findIndex(r => r.checked)")
        kb.tab_to(radios.nth(max(checked, 0)))
        target = values_now.index(values[field])
        if checked < 0:
            page.keyboard.press("Space")
            checked = 0
        key = "ArrowDown" if target > checked else "ArrowUp"
        for _ in range(abs(target - checked)):
            page.keyboard.press(key)
    kb.press(box.get_by_role("button", name="Check this therapist"))


def shown_lines(box) -> list[list[str]]:
    return box.locator(".stt-line").evaluate_all(
        "ls => ls.map(l => [l.dataset.rule, l.className.match(/stt-line-(\\w+)/)[1]])"
    )


def expected_lines(values) -> list[list[str]]:
    return [[line["id"], line["status"]] for line in run_checker(rules_json(), values)["lines"]]


@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_fill_the_form_and_read_the_checklist(page, site_url, how):
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{DOC}.html", wait_until="networkidle")
    box = first_checker(page)
    if how == "mouse":
        fill_by_mouse(box, PROFILE)
    else:
        fill_by_keyboard(page, box, PROFILE)
    assert shown_lines(box) == expected_lines(PROFILE)
    status = box.get_by_role("status").text_content()
    assert status.startswith("Checklist ready:") and "not a verdict" in status
    text = box.locator(".stt-checklist").text_content()
    assert "protected title" in text and "What this does not prove" in text
    assert "safe" not in text.lower().split()
    watch.assert_clean()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cpd_hours", "-3", "CPD hours cannot be negative"),
        ("cpd_hours", "lots", "Enter a number of hours"),
        ("title", "", "Enter the title the therapist uses"),
    ],
)
def test_bad_input_gets_an_inline_message(page, site_url, field, value, message):
    page.goto(f"{site_url}/{DOC}.html", wait_until="networkidle")
    box = first_checker(page)
    fill_by_mouse(box, {**PROFILE, field: value})
    control = box.locator(f'input[name="{field}"]')
    assert control.get_attribute("aria-invalid") == "true"
    error_id = next(i for i in control.get_attribute("aria-describedby").split() if i.endswith("-err"))
    assert message in page.locator(f"#{error_id}").text_content()
    assert box.locator(".stt-line").count() == 0
    fill_by_mouse(box, PROFILE)
    assert control.get_attribute("aria-invalid") is None
    assert box.locator(".stt-line").count() == len(expected_lines(PROFILE))


def test_checklist_links_lead_to_existing_sections(page, site_url):
    page.goto(f"{site_url}/{DOC}.html", wait_until="networkidle")
    box = first_checker(page)
    fill_by_mouse(box, PROFILE)
    hrefs = box.locator(".stt-line-link a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs
    for href in sorted(set(hrefs)):
        url = urlparse(href)
        page.goto(href, wait_until="domcontentloaded")
        assert page.locator(f"#{url.fragment}").count() == 1, href


def test_browser_and_python_checkers_agree(page, site_url):
    page.goto(f"{site_url}/{DOC}.html", wait_until="networkidle")
    input_sets = [{**BASE, **changes} for changes in CASES.values()] + [
        PROFILE,
        {},
        {"title": "x", "cpd_hours": "-1"},
        {"title": "Osteopath", "cpd_hours": "0.5"},
        {"title": "chiropractor", "register": "gcc", "level": "nope"},
        {"title": "x", "cpd_hours": 12},
        *({**BASE, "title": t} for t in UNICODE_TITLES),
        {**BASE, "cpd_hours": "\uff13\uff10", "body_name": "\u200bSMA\u202e"},
    ]
    got = page.evaluate(
        """async ([url, rules, sets]) => {
            const m = await import(url);
            return sets.map(s => m.runChecker(rules, s));
        }""",
        [f"{site_url}/_static/stt/checker.js", rules_json(), input_sets],
    )
    assert got == [run_checker(rules_json(), s) for s in input_sets]


def test_checker_page_name_says_what_it_is():
    assert re.search(r"credential|checker", DOC)
