"""The credential checker in the published book: fill the form by mouse and by keyboard, read the
checklist, see inline errors, follow its links, keep the result (print, copy, download), and find each
checker by its own name; the page carries the rules once."""

import re
from datetime import date
from urllib.parse import urlparse

import pytest

from stt_course.checker.engine import run_checker
from stt_course.checker.profiles import profiles
from stt_course.checker.rules import rules_json
from tests.browser.test_published_book import Keyboard, Watch

DOC = "notebooks/05-credential-checker"
PROFILE = {
    "reason": "warning-signs",
    "title": "Sports physio",
    "level": "5",
    "qualification": "degree",
    "body": "other",
    "body_name": "Society of Sports Therapists",
    "cpd_hours": "22",
    "insurance": "public-liability",
    "register": "cnhc",
    "place": "london",
    "needling": "no",
    "licensed": "no",
}
SPECS = rules_json()["inputs"]
TEXTS = [s["id"] for s in SPECS if s["kind"] != "choice"]
SELECTS = [s["id"] for s in SPECS if s.get("control") == "select"]
RADIOS = [s["id"] for s in SPECS if s.get("control") == "radios"]


def first_checker(page):
    return page.locator(".stt-checker-static").first


def fill_by_mouse(box, values):
    for field in TEXTS:
        box.locator(f'input[name="{field}"]').fill(values[field])
    for field in SELECTS:
        box.locator(f'select[name="{field}"]').select_option(values[field])
    for field in RADIOS:
        box.locator(f'input[type="radio"][value="{values[field]}"][name$="-{field}"]').click()
    box.get_by_role("button", name="Check this therapist").click()


def fill_in_page(box, values):
    """The form filled by the page itself, in one call, then Check: for tests of what follows (errors,
    links, keeping the result); test_fill_the_form_and_read_the_checklist fills it by mouse and keyboard."""
    box.evaluate(
        """(box, [values, texts, selects, radios]) => {
            for (const f of [...texts, ...selects]) box.querySelector(`[name="${f}"]`).value = values[f];
            for (const f of radios)
                box.querySelector(`input[type="radio"][value="${values[f]}"][name$="-${f}"]`).click();
            box.querySelector("form").requestSubmit();
        }""",
        [values, TEXTS, SELECTS, RADIOS],
    )


def fill_by_keyboard(page, box, values):
    kb = Keyboard(page)
    for field in TEXTS:
        kb.tab_to(box.locator(f'input[name="{field}"]'))
        page.keyboard.press("Control+A")
        page.keyboard.type(values[field])
    for field in SELECTS:
        sel = box.locator(f'select[name="{field}"]')
        options = sel.locator("option").evaluate_all("os => os.map(o => o.value)")
        kb.tab_to(sel)
        now = options.index(sel.input_value())
        key = "ArrowDown" if options.index(values[field]) > now else "ArrowUp"
        for _ in range(abs(options.index(values[field]) - now)):
            page.keyboard.press(key)
    for field in RADIOS:
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
    page.goto(f"{site_url}/{DOC}.html")
    box = first_checker(page)
    if how == "mouse":
        fill_by_mouse(box, PROFILE)
    else:
        fill_by_keyboard(page, box, PROFILE)
    assert shown_lines(box) == expected_lines(PROFILE)
    status = box.get_by_role("status").first.text_content()
    assert status.startswith("Get medical help first") and "not a verdict" in status
    # The red-flag line comes before any line about the therapist.
    assert box.locator(".stt-line").first.get_attribute("data-rule") == "safety-warning-signs"
    text = box.locator(".stt-checklist").text_content()
    assert "protected title" in text and "What this does not prove" in text and "Where to check" in text
    assert "safe" not in text.lower().split()
    watch.assert_clean()


@pytest.fixture(scope="module")
def checker_page(browser, site_url):
    """The checker page, loaded once for the tests that only fill its form and read it (each fills the
    whole form again), in place of a page load each."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/{DOC}.html")
    yield page
    context.close()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cpd_hours", "-3", "CPD hours cannot be negative"),
        ("cpd_hours", "lots", "Enter a number of hours"),
        ("title", "", "Enter the title the therapist uses"),
        ("body_name", " ", "Enter the name of the body"),
    ],
)
def test_bad_input_gets_an_inline_message(checker_page, field, value, message):
    page = checker_page
    box = first_checker(page)
    fill_in_page(box, {**PROFILE, field: value})
    control = box.locator(f'input[name="{field}"]')
    assert control.get_attribute("aria-invalid") == "true"
    error_id = next(i for i in control.get_attribute("aria-describedby").split() if i.endswith("-err"))
    assert message in page.locator(f"#{error_id}").text_content()
    assert box.locator(".stt-line").count() == 0
    fill_in_page(box, PROFILE)
    assert control.get_attribute("aria-invalid") is None
    assert box.locator(".stt-line").count() == len(expected_lines(PROFILE))


def test_checklist_links_lead_to_existing_sections(page, site_url):
    page.goto(f"{site_url}/{DOC}.html")
    box = first_checker(page)
    fill_in_page(box, {**PROFILE, "reason": "new-injury"})
    hrefs = box.locator(".stt-line-link a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs
    for href in sorted(set(hrefs)):
        url = urlparse(href)
        page.goto(href, wait_until="domcontentloaded")
        assert page.locator(f"#{url.fragment}").count() == 1, href


def test_official_links_are_plain_links_that_load_nothing(page, site_url):
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{DOC}.html")
    box = first_checker(page)
    fill_in_page(box, PROFILE)
    shown = box.locator(".stt-links a").evaluate_all("as => as.map(a => [a.textContent, a.href])")
    by_name = {link["name"]: link for link in rules_json()["links"]}
    assert shown
    for name, href in shown:
        assert href == f"https://{by_name[name]['url']}"
    watch.assert_clean()  # nothing was fetched from those hosts


def test_each_checker_has_its_own_accessible_name(checker_page):
    sections = checker_page.locator("section.stt-checker")
    names = sections.evaluate_all("ss => ss.map(s => s.getAttribute('aria-label'))")
    assert len(names) == len(profiles()) + 1 == len(set(names))
    assert {f"Credential checker: {p['name']}" for p in profiles().values()} <= set(names)


def test_the_page_carries_the_rules_once(built_site):
    html = (built_site / f"{DOC}.html").read_text()
    assert html.count('id="stt-checker-rules"') == 1
    blocks = re.findall(r'<div class="stt-checker-static".*?</script>', html, re.S)
    assert len(blocks) == len(profiles()) + 1
    assert all('"rules"' not in b and len(b) < 1500 for b in blocks)


def keep_checklist(page, site_url):
    page.goto(f"{site_url}/{DOC}.html")
    box = first_checker(page)
    fill_in_page(box, PROFILE)
    return box


def test_copy_puts_the_checklist_on_the_clipboard(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        box = keep_checklist(page, site_url)
        box.get_by_role("button", name="Copy as text").click()
        page.wait_for_function("() => document.querySelector('.stt-keep-status').textContent.length > 0")
        assert "copied" in box.locator(".stt-keep-status").text_content()
        text = page.evaluate("navigator.clipboard.readText()")
        assert (
            text.startswith("Credential checklist\nMade on ")
            and "- Title the therapist uses: Sports physio" in text
        )
    finally:
        context.close()


def test_copy_that_is_not_allowed_selects_the_text_instead(fresh_page, site_url):
    page = fresh_page
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    box = keep_checklist(page, site_url)
    box.get_by_role("button", name="Copy as text").click()
    area = box.locator("textarea.stt-copy-box")
    area.wait_for(state="visible")
    assert "Ctrl+C" in box.locator(".stt-keep-status").text_content()
    assert area.evaluate("a => a.selectionEnd - a.selectionStart") == len(area.input_value()) > 500
    assert page.evaluate("document.activeElement.classList.contains('stt-copy-box')")


def test_download_saves_the_checklist_as_a_text_file(page, site_url, tmp_path):
    box = keep_checklist(page, site_url)
    with page.expect_download() as info:
        box.get_by_role("button", name="Download as a text file").click()
    download = info.value
    assert re.fullmatch(r"therapist-checklist-\d{4}-\d{2}-\d{2}\.txt", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    today = date.today()
    assert f"Made on {today.day} {today.strftime('%B %Y')}" in text
    assert "- Where the treatment happens: At premises in a London borough" in text
    assert text.index("Get medical help first") < text.index("] Missing: Title")
    assert download.url.startswith("blob:")


def test_print_gives_the_checklist_alone_on_few_pages(fresh_page, site_url, tmp_path):
    page = fresh_page
    page.add_init_script("window.print = () => { window.sttPrinted = true; }")
    box = keep_checklist(page, site_url)
    box.get_by_role("button", name="Print").click()
    assert page.evaluate("window.sttPrinted") is True
    page.emulate_media(media="print")
    assert page.locator("pre.stt-print-sheet").is_visible()
    assert not page.locator("section.stt-checker").first.is_visible()
    pdf = page.pdf(format="A4")
    (tmp_path / "checklist.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4, pages
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("pre.stt-print-sheet").count() == 0


def test_browser_and_python_checkers_agree_on_the_page(checker_page, site_url):
    from tests.browser.test_parity import checker_input_sets

    input_sets = checker_input_sets()
    got = checker_page.evaluate(
        """async ([url, sets]) => {
            const m = await import(url);
            const rules = JSON.parse(document.getElementById("stt-checker-rules").textContent);
            return sets.map(s => m.runChecker(rules, s));
        }""",
        [f"{site_url}/_static/stt/checker.js", input_sets],
    )
    assert got == [run_checker(rules_json(), s) for s in input_sets]


def test_checker_page_name_says_what_it_is():
    assert re.search(r"credential|checker", DOC)
