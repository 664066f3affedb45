"""The published book in a real browser: no third parties, no errors, every quiz answers by mouse and by
keyboard, progress is kept, and axe finds no serious accessibility problem."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from stt_course.book.notebook_index import quiz_ids_in
from stt_course.quiz.course import course
from tests.browser.answers import answer_in_page, answer_sets

ROOT = Path(__file__).resolve().parents[2]
TOC = (ROOT / "_toc.yml").read_text()
DOCS = ["index", "search", "genindex"] + [d for d in re.findall(r"(?:file|root): (\S+)", TOC)]
QUIZ_DOCS = [d for d in DOCS if d.startswith("notebooks/")]


def quizzes_on(doc: str) -> list[str]:
    return quiz_ids_in(ROOT / f"{doc}.ipynb")


class Watch:
    """Everything a page asks for and complains about."""

    def __init__(self, page, origin: str):
        self.origin, self.foreign, self.failed, self.errors = urlparse(origin).netloc, [], [], []
        page.on("request", self._request)
        # A request cut short by the test's next navigation (net::ERR_ABORTED, e.g. the favicon) was not
        # refused; a missing file still shows as its 404 response.
        page.on(
            "requestfailed",
            lambda r: r.failure != "net::ERR_ABORTED" and self.failed.append(f"{r.url} {r.failure}"),
        )
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning")
                and self.errors.append(f"{m.type}: {m.text} ({m.location.get('url', '')})")
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _request(self, req):
        url = urlparse(req.url)
        if url.scheme not in ("data", "blob", "about") and url.netloc != self.origin:
            self.foreign.append(req.url)

    def assert_clean(self):
        assert self.foreign == [], "requests to other hosts"
        assert self.failed == [], "failed requests"
        assert self.errors == [], "console errors"


def serious_axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    # Details of the violations only: axe still runs every rule, in half the time of a full report.
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        # Landmarks with the same name (moderate for axe) are kept out too: a page with several credential
        # checkers names each one, so a screen reader's landmark list tells them apart.
        if v["impact"] in ("serious", "critical") or v["id"] == "landmark-unique"
    ]


@pytest.mark.parametrize("doc", DOCS)
def test_page_loads_only_from_its_own_site_and_axe_finds_no_serious_violation(page, site_url, doc):
    """Nothing from another host, no failed request, no console error, every quiz shown; then axe."""
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{doc}.html", wait_until="networkidle")  # late requests count too
    watch.assert_clean()
    for quiz_id in quizzes_on(doc) if doc in QUIZ_DOCS else []:
        assert page.locator(f'[data-stt-id="{quiz_id}"] .stt-quiz').count() == 1, quiz_id
    if doc != "index":  # index only sends the reader on to the first page
        assert serious_axe_violations(page) == []


@pytest.mark.parametrize("doc", ["book/intro", "book/progress", "notebooks/05-credential-checker"])
def test_page_policy_refuses_code_from_elsewhere(page, site_url, doc):
    """The page's Content-Security-Policy is enforced: an injected inline script and a script from another
    host are refused, and the browser reports each refusal."""
    page.goto(f"{site_url}/{doc}.html")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    refused = page.evaluate(
        """() => new Promise((done) => {
            const seen = [];
            document.addEventListener("securitypolicyviolation", (e) => {
                seen.push(e.violatedDirective);
                if (seen.length === 2) done(seen.sort());
            });
            const inline = document.createElement("script");
            inline.textContent = "window.sttInjected = true";
            document.head.append(inline);
            const remote = document.createElement("script");
            remote.src = "https://cdn.example.org/x.js";
            document.head.append(remote);
        })"""
    )
    assert refused == ["script-src-elem", "script-src-elem"]
    assert page.evaluate("window.sttInjected") is None


# --- Driving a quiz -----------------------------------------------------------------------------


def option_index(q, r) -> int:
    """The option to pick: a single-choice response is its index; True/False are options a and b."""
    return r if q.type == "single" else (0 if r else 1)


def next_move(fs, target: list[int]) -> str | None:
    """The Up/Down button that brings the first misplaced item one step nearer its target place."""
    now = [int(x) for x in fs.locator("li").evaluate_all("els => els.map(e => e.dataset.item)")]
    for pos, item in enumerate(target):
        if now.index(item) != pos:
            step = "-1" if now.index(item) > pos else "1"
            return f'li[data-item="{item}"] button[data-dir="{step}"]'
    return None


class Driver:
    def __init__(self, page):
        self.page = page

    def answer(self, box, quiz, chosen: dict) -> None:
        for q in quiz.questions:
            self.choose(box.locator(f'fieldset[data-question="{q.id}"]'), q, chosen[q.id])


class InPage(Driver):
    """The page clicks its own controls, in one call per quiz: for quizzes whose kinds of control the
    test has already driven with the mouse on that page."""

    def answer(self, box, quiz, chosen: dict) -> None:
        answer_in_page(self.page, quiz, chosen)

    def press(self, button):
        button.evaluate("b => b.click()")


class Mouse(Driver):
    def choose(self, fs, q, r):
        if q.type in ("single", "truefalse"):
            i = option_index(q, r)
            fs.locator(".stt-option label").nth(i).click()
        elif q.type == "multiple":
            for i in r:
                fs.locator(".stt-option label").nth(i).click()
        elif q.type == "matching":
            for i, c in enumerate(r):
                fs.locator("select").nth(i).select_option(index=c + 1)
        else:
            self._order(fs, r)

    def _order(self, fs, target):
        while move := next_move(fs, target):
            fs.locator(move).click()

    def press(self, button):
        button.click()


class Keyboard(Driver):
    """Only the keyboard: Tab until the control has focus, then Space, Enter or arrow keys."""

    # Where the focus is, seen from the target: "here", "after" it (go back) or "before" it.
    WHERE = """el => {
        const a = document.activeElement;
        if (a === el) return "here";
        if (!a || a === document.body) return "before";
        return el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? "after" : "before";
    }"""

    def tab_to(self, target, accept=None):
        """Tab (or Shift+Tab, when the control is behind the focus) until the control, or any of
        ``accept``, has focus."""
        for _ in range(400):
            where = target.evaluate(self.WHERE)
            if where == "here":
                return
            if accept is not None and accept.evaluate_all("els => els.includes(document.activeElement)"):
                return
            self.page.keyboard.press("Shift+Tab" if where == "after" else "Tab")
        raise AssertionError("control not reachable with Tab")

    def choose(self, fs, q, r):
        if q.type in ("single", "truefalse"):
            # As a keyboard user does: Tab into the group (Chromium may land on any of its radios when
            # none is checked), Space to choose that one, then arrow keys to the wanted option.
            i = option_index(q, r)
            inputs = fs.locator("input")
            self.tab_to(inputs.first, accept=inputs)
            at = inputs.evaluate_all("els => els.indexOf(document.activeElement)")
            self.page.keyboard.press("Space")
            for _ in range(abs(i - at)):
                self.page.keyboard.press("ArrowDown" if i > at else "ArrowUp")
        elif q.type == "multiple":
            for i in r:
                self.tab_to(fs.locator("input").nth(i))
                self.page.keyboard.press("Space")
        elif q.type == "matching":
            for i, c in enumerate(r):
                self.tab_to(fs.locator("select").nth(i))
                for _ in range(c + 1):
                    self.page.keyboard.press("ArrowDown")
        else:
            while move := next_move(fs, r):
                self.tab_to(fs.locator(move))
                self.page.keyboard.press("Enter")

    def press(self, button):
        self.tab_to(button)
        self.page.keyboard.press("Enter")


def read_progress(page, site_url) -> dict[str, str]:
    page.goto(f"{site_url}/book/progress.html")
    rows = page.locator(".stt-progress-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    return dict(rows)


def covering(quiz_ids: list[str], seen: set[str]) -> list[str]:
    """The quizzes, in order, that bring a question type not yet in ``seen`` (which grows)."""
    the_course = course()
    chosen = []
    for quiz_id in quiz_ids:
        types = {q.type for q in the_course.quiz(quiz_id).questions}
        if types - seen:
            seen |= types
            chosen.append(quiz_id)
    return chosen


def keyboard_quizzes() -> dict[str, list[str]]:
    """For each question type, the first quiz in book order that has one: doc -> quiz ids. The keyboard
    test answers these (every control kind and every type)."""
    seen: set[str] = set()
    chosen = {doc: covering(quizzes_on(doc), seen) for doc in QUIZ_DOCS}
    return {doc: ids for doc, ids in chosen.items() if ids}


@pytest.mark.parametrize("doc", QUIZ_DOCS)
def test_every_quiz_answers_right_and_wrong(page, site_url, doc):
    """Every quiz on the page, right then wrong. The mouse answers the first quiz of each question type
    on the page; the page clicks the same controls itself for the others."""
    answer_right_and_wrong(
        page, site_url, doc, Mouse, quizzes_on(doc), by_mouse=covering(quizzes_on(doc), set())
    )


@pytest.mark.parametrize(("doc", "quiz_ids"), keyboard_quizzes().items())
def test_each_question_type_answers_by_keyboard_alone(page, site_url, doc, quiz_ids):
    answer_right_and_wrong(page, site_url, doc, Keyboard, quiz_ids)


def test_keyboard_test_covers_every_question_type():
    the_course = course()
    covered = {q.type for ids in keyboard_quizzes().values() for i in ids for q in the_course.quiz(i).questions}
    assert covered == {q.type for quiz in the_course.quizzes.values() for q in quiz.questions}


def answer_right_and_wrong(page, site_url, doc, driver, quiz_ids, by_mouse=None):
    """Answer each quiz right then wrong with ``driver`` (only those in ``by_mouse`` if given; the page
    answers the others itself), and read the scores, the feedback and the progress page."""
    the_course = course()
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{doc}.html")
    titles = {}
    for quiz_id in quiz_ids:
        quiz = the_course.quiz(quiz_id)
        titles[quiz_id] = re.sub(r"[*`]", "", quiz.title)
        box = page.locator(f'[data-stt-id="{quiz_id}"]')
        status = box.locator(".stt-status")
        n = len(quiz.questions)
        drive = driver(page) if by_mouse is None or quiz_id in by_mouse else InPage(page)

        drive.press(box.locator(".stt-check"))
        assert status.text_content().startswith("Please answer question")
        assert "Nothing has been scored" in status.text_content()

        for label, answers in answer_sets(quiz).items():
            drive.answer(box, quiz, answers)
            drive.press(box.locator(".stt-check"))
            expected = n if label == "right" else 0
            assert status.text_content() == (f"Score: {expected} out of {n}. Feedback is under each question.")
            heads = box.locator(".stt-fb-head").all_text_contents()
            assert heads == (["✓ Correct."] if label == "right" else ["✗ Not quite."]) * n
            assert box.locator(".stt-fb-list li").count() >= n
            if quiz.report_by_objective:
                assert box.locator(".stt-breakdown-table tbody tr").count() == len(
                    {q.objective for q in quiz.questions}
                )
            if label == "right":
                drive.press(box.locator(".stt-again"))
                assert status.text_content() == ""
                assert box.locator(".stt-q-feedback li").count() == 0
    watch.assert_clean()
    page.reload()  # the chapter page shows each quiz's last score
    for quiz_id in titles:
        n = len(the_course.quiz(quiz_id).questions)
        last = page.locator(f'[data-stt-id="{quiz_id}"] .stt-last-score').text_content()
        assert last == f"Your last score here: 0 out of {n}."
    progress = read_progress(page, site_url)
    for quiz_id, title in titles.items():
        assert progress[title] == f"0 / {len(the_course.quiz(quiz_id).questions)}", quiz_id


def test_progress_reset_and_corrupt_storage(page, site_url):
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/book/progress.html")
    page.evaluate("localStorage.setItem('stt-course/progress/v1', '{not json')")
    page.reload()
    assert set(read_progress(page, site_url).values()) == {"Not taken yet"}
    page.evaluate("""localStorage.setItem('stt-course/progress/v1',
        JSON.stringify({version: 1, quizzes: {'ch1-words': {chapter: 'ch1', score: 2, max: 3}}}))""")
    progress = read_progress(page, site_url)
    assert "2 / 3" in progress.values()
    page.get_by_role("button", name="Reset my progress").click()
    assert page.get_by_role("status").text_content() == "Your progress has been reset."
    assert set(read_progress(page, site_url).values()) == {"Not taken yet"}
    watch.assert_clean()


def test_printed_chapter_shows_questions_and_options_without_buttons(page, site_url):
    page.goto(f"{site_url}/{QUIZ_DOCS[0]}.html")
    page.emulate_media(media="print")
    quiz = page.locator(".stt-quiz").first
    assert quiz.locator(".stt-q-prompt").first.is_visible()
    assert quiz.locator(".stt-option").first.is_visible()
    assert not quiz.locator(".stt-check").is_visible()
    assert not quiz.locator(".stt-again").is_visible()
    assert not page.locator(".bd-sidebar-primary").is_visible()
