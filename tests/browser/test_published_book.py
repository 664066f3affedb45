"""The published book in a real browser: no third parties, no errors, every quiz answers by mouse and by
keyboard, progress is kept, and axe finds no serious accessibility problem."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from stt_course.book.notebook_index import quiz_ids_in
from stt_course.quiz.course import course
from tests.browser.answers import SEEN, answer_in_page, answer_sets, try_in_page

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


# The chapter pages are checked the same way with their quizzes answered (test_every_quiz_answers_...).
@pytest.mark.parametrize("doc", [d for d in DOCS if d not in QUIZ_DOCS])
def test_page_loads_only_from_its_own_site_and_axe_finds_no_serious_violation(page, site_url, doc):
    """Nothing from another host, no failed request, no console error; then axe."""
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{doc}.html", wait_until="networkidle")  # late requests count too
    watch.assert_clean()
    if doc != "index":  # index only sends the reader on to the first page
        assert serious_axe_violations(page) == []


def test_the_themes_icons_are_drawn(page, site_url):
    """Contents, search, download, full screen and dark mode icons show, from the theme's icon font."""
    page.goto(f"{site_url}/notebooks/01-sports-massage-and-stt.html", wait_until="networkidle")
    icons = page.evaluate(
        """() => [...document.querySelectorAll("i[class*='fa-']")]
            .filter((i) => i.getClientRects().length)
            .map((i) => {
                const glyph = getComputedStyle(i, "::before");
                const font = `${glyph.fontWeight} 16px ${glyph.fontFamily}`;
                return [i.className, glyph.content, document.fonts.check(font)];
            })"""
    )
    names = {name for classes, _, _ in icons for name in classes.split()}
    assert {"fa-list", "fa-magnifying-glass", "fa-download", "fa-expand", "fa-sun"} <= names
    assert [(classes, content, ok) for classes, content, ok in icons if content in ("none", "") or not ok] == []


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

    def answer(self, box, quiz, chosen: dict, by_hand: set[str]) -> None:
        """Answer the questions in ``by_hand`` with this driver; the page answers the others itself."""
        for q in quiz.questions:
            if q.id in by_hand:
                self.choose(box.locator(f'fieldset[data-question="{q.id}"]'), q, chosen[q.id])
        if others := {q.id for q in quiz.questions} - by_hand:
            answer_in_page(self.page, quiz, chosen, only=others)


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

    # Where the focus is, seen from the target: "here", "after" it (go back) or "before" it; and about
    # how many Tab stops lie between (controls in document order, one per radio group).
    WHERE = """el => {
        const a = document.activeElement;
        if (a === el) return ["here", 0];
        const stops = [...document.querySelectorAll(
            "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")]
            .filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length
                && !(e.type === "radio" && e.name
                     && e !== document.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"]`)));
        const at = (e) => stops.indexOf(e);
        if (!a || a === document.body) return ["before", Math.max(at(el), 0)];
        const where = el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING ? "after" : "before";
        return [where, at(el) >= 0 && at(a) >= 0 ? Math.abs(at(el) - at(a)) : 1];
    }"""

    def tab_to(self, target, accept=None):
        """Tab (or Shift+Tab, when the control is behind the focus) until the control, or any of
        ``accept``, has focus. Far from it, the stops before the last few are passed without asking the
        page where the focus is after each one."""
        turned, last = False, None
        for _ in range(400):
            where, stops = target.evaluate(self.WHERE)
            if where == "here":
                return
            if accept is not None and accept.evaluate_all("els => els.includes(document.activeElement)"):
                return
            turned = turned or last not in (None, where)  # went past it: halve the steps from now on
            last = where
            for _ in range(max(1, stops // 2 if turned else stops - 2)):
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


def first_of_each_type(quiz_ids: list[str], seen: set[str]) -> dict[str, set[str]]:
    """Quiz id -> its questions that bring a question type not yet in ``seen`` (which grows), for the
    quizzes, in order, that have one."""
    the_course = course()
    chosen: dict[str, set[str]] = {}
    for quiz_id in quiz_ids:
        for q in the_course.quiz(quiz_id).questions:
            if q.type not in seen:
                seen.add(q.type)
                chosen.setdefault(quiz_id, set()).add(q.id)
    return chosen


def keyboard_questions() -> dict[str, dict[str, set[str]]]:
    """For each question type, the first question in book order that has it: doc -> quiz -> question ids.
    The keyboard test answers these (every control kind and every type)."""
    seen: set[str] = set()
    chosen = {doc: first_of_each_type(quizzes_on(doc), seen) for doc in QUIZ_DOCS}
    return {doc: ids for doc, ids in chosen.items() if ids}


@pytest.mark.parametrize("doc", QUIZ_DOCS)
def test_every_quiz_answers_right_and_wrong(page, site_url, doc):
    """Every quiz on the page, right then wrong. The mouse answers the first question of each type on the
    page; the page clicks the same kinds of control itself for the others. Then axe, with every quiz's
    feedback showing."""
    quiz_ids = quizzes_on(doc)
    by_hand = first_of_each_type(quiz_ids, set())
    answer_right_and_wrong(page, site_url, doc, Mouse, quiz_ids, by_hand, check_access=True)


@pytest.mark.parametrize(("doc", "by_hand"), keyboard_questions().items())
def test_each_question_type_answers_by_keyboard_alone(page, site_url, doc, by_hand):
    answer_right_and_wrong(page, site_url, doc, Keyboard, list(by_hand), by_hand)


def test_keyboard_test_covers_every_question_type():
    the_course = course()
    by_hand = [(quiz_id, ids) for chosen in keyboard_questions().values() for quiz_id, ids in chosen.items()]
    covered = {q.type for quiz_id, ids in by_hand for q in the_course.quiz(quiz_id).questions if q.id in ids}
    assert covered == {q.type for quiz in the_course.quizzes.values() for q in quiz.questions}


def tried_by(drive: Driver, box, quiz, by_hand: set[str]) -> dict:
    """As try_in_page, with ``drive`` answering the questions in ``by_hand`` and pressing the buttons."""
    seen = {}
    drive.press(box.locator(".stt-check"))
    seen["empty"] = box.evaluate(SEEN)
    for label, answers in answer_sets(quiz).items():
        drive.answer(box, quiz, answers, by_hand)
        drive.press(box.locator(".stt-check"))
        seen[label] = box.evaluate(SEEN)
        if label == "right":
            drive.press(box.locator(".stt-again"))
            seen["again"] = box.evaluate(SEEN)
    return seen


def assert_seen(quiz, seen: dict) -> None:
    """What the learner sees after Check unanswered, right, Try again and wrong (see tried_by)."""
    n = len(quiz.questions)
    assert seen["empty"]["status"].startswith("Please answer question")
    assert "Nothing has been scored" in seen["empty"]["status"]
    for label, score, head in (("right", n, "✓ Correct."), ("wrong", 0, "✗ Not quite.")):
        assert seen[label]["status"] == f"Score: {score} out of {n}. Feedback is under each question.", label
        assert seen[label]["heads"] == [head] * n, label
        assert seen[label]["items"] >= n, label
        if quiz.report_by_objective:
            assert seen[label]["breakdown"] == len({q.objective for q in quiz.questions}), label
    assert (seen["again"]["status"], seen["again"]["feedback"]) == ("", 0)


def answer_right_and_wrong(page, site_url, doc, driver, quiz_ids, by_hand, check_access=False):
    """Answer each quiz right then wrong, ``driver`` answering the questions in ``by_hand`` (quiz ->
    question ids) and pressing those quizzes' buttons, the page all else; then read the scores, the
    feedback and the progress page. ``check_access``: also check that every quiz of the page shows once,
    that the page loads nothing from elsewhere, and that axe finds no serious violation."""
    the_course = course()
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{doc}.html", wait_until="networkidle" if check_access else "load")
    if check_access:
        for quiz_id in quizzes_on(doc):
            assert page.locator(f'[data-stt-id="{quiz_id}"] .stt-quiz').count() == 1, quiz_id
    titles = {}
    for quiz_id in quiz_ids:
        quiz = the_course.quiz(quiz_id)
        titles[quiz_id] = re.sub(r"[*`]", "", quiz.title)
        if quiz_id in by_hand:
            seen = tried_by(driver(page), page.locator(f'[data-stt-id="{quiz_id}"]'), quiz, by_hand[quiz_id])
        else:
            seen = try_in_page(page, quiz)
        assert_seen(quiz, seen)
    watch.assert_clean()
    if check_access:
        assert serious_axe_violations(page) == []
    page.reload()  # the chapter page shows each quiz's last score
    last = page.evaluate(
        "ids => ids.map(id => document.querySelector(`[data-stt-id='${id}'] .stt-last-score`).textContent)",
        list(titles),
    )
    assert last == [f"Your last score here: 0 out of {len(the_course.quiz(i).questions)}." for i in titles]
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


def test_printed_chapter_shows_questions_and_options_without_buttons(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}/{QUIZ_DOCS[0]}.html")
    page.emulate_media(media="print")
    quiz = page.locator(".stt-quiz").first
    assert quiz.locator(".stt-q-prompt").first.is_visible()
    assert quiz.locator(".stt-option").first.is_visible()
    assert not quiz.locator(".stt-check").is_visible()
    assert not quiz.locator(".stt-again").is_visible()
    assert not page.locator(".bd-sidebar-primary").is_visible()
