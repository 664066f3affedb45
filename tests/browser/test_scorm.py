"""The SCORM 1.2 package in a real LMS runtime: scorm-again (the npm package LMSs use on their side) runs
as window.API in the page that frames the package's launch page, as an LMS's player does. A learner
answers every quiz, the final assessment wrong and then right; the runtime's record is checked, then
given back to a second visit, which must show the same progress."""

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from stt_course.book.scorm import build_package
from stt_course.quiz.course import course
from tests.browser.answers import answer_sets, check_in_page
from tests.browser.test_published_book import QUIZ_DOCS, quizzes_on
from tools.browser import serve

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = "3.4.3"
# The registry's integrity for that version (`npm view scorm-again@3.4.3 dist.integrity`).
SCORM_AGAIN_INTEGRITY = (
    "sha512-Zbe+7ArMUbT1lVnqYxsbGRfI9JD9JVqEPzZLQdk0nfNmcDYJ404rMO9nbkQ0Hzwux5uACF9zKsvc29Q/ZzMOdg=="
)
CACHE = ROOT / "_build" / "scorm-again"
MASTERY = 80
FINAL_DOC = "notebooks/07-final-assessment"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_scorm_again() -> bytes:
    """scorm-again's SCORM 1.2 runtime (dist/scorm12.js), from the npm registry once, then from the cache;
    the tarball must match the pinned integrity, which must be the registry's."""
    tgz = CACHE / f"scorm-again-{SCORM_AGAIN}.tgz"
    if not (tgz.is_file() and integrity(tgz.read_bytes()) == SCORM_AGAIN_INTEGRITY):
        npm = shutil.which("npm")
        if not npm:
            pytest.fail(
                f"npm is needed once, to fetch scorm-again {SCORM_AGAIN} for the SCORM tests: install Node.js "
                "(Debian: apt-get install npm; .ci/run does it)"
            )
        view = subprocess.run(
            [npm, "view", f"scorm-again@{SCORM_AGAIN}", "dist.integrity"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert view.stdout.strip() == SCORM_AGAIN_INTEGRITY, f"npm view scorm-again: {view.stdout}{view.stderr}"
        with tempfile.TemporaryDirectory() as tmp:
            pack = subprocess.run(
                [npm, "pack", f"scorm-again@{SCORM_AGAIN}", "--silent"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert pack.returncode == 0, f"npm pack scorm-again@{SCORM_AGAIN} failed: {pack.stderr[-2000:]}"
            data = (Path(tmp) / f"scorm-again-{SCORM_AGAIN}.tgz").read_bytes()
        assert integrity(data) == SCORM_AGAIN_INTEGRITY, "the scorm-again tarball does not match its integrity"
        CACHE.mkdir(parents=True, exist_ok=True)
        tgz.write_bytes(data)
    with tarfile.open(tgz) as tf:
        return tf.extractfile("package/dist/scorm12.js").read()


# The LMS's side: scorm-again as window.API, every call and every error it logs kept in window.lms, and
# the package's launch page in a frame, as an LMS's player shows it. RESTORE: data from an earlier visit.
HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
window.lms = { calls: [], errors: [] };
window.API = new Scorm12API({
  logLevel: 4,  // errors
  onLogMessage: (level, message) => window.lms.errors.push(String(message)),
});
for (const name of ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
  window.API.on(name, (element, value) => window.lms.calls.push([name, element ?? null, value ?? null]));
}
const restore = RESTORE;
if (restore) window.API.loadFromJSON(restore);
window.record = () => ({
  ...window.lms, cmi: JSON.parse(JSON.stringify(window.API.cmi)), lastError: String(window.API.lastErrorCode),
});
</script></head>
<body><iframe id="sco" title="The course" src="COURSE/scorm.html" width="1280" height="900"></iframe>
</body></html>
"""


@pytest.fixture(scope="module")
def lms_site(built_site, tmp_path_factory):
    """The package built from the book, unzipped under course/, and the LMS pages under lms/, served."""
    www = tmp_path_factory.mktemp("scorm-www")
    package = build_package(built_site, www / "stt-course-scorm12.zip", MASTERY)
    with zipfile.ZipFile(package.path) as zf:
        zf.extractall(www / "course")
    (www / "lms").mkdir()
    (www / "lms" / "scorm12.js").write_bytes(fetch_scorm_again())
    shutil.copy(www / "course" / "favicon.ico", www / "favicon.ico")
    with serve(www) as url:
        yield www, url


def harness(www: Path, name: str, course_url: str = "../course", restore: dict | None = None) -> str:
    page = HARNESS.replace("RESTORE", json.dumps(restore)).replace("COURSE", course_url)
    (www / "lms" / f"{name}.html").write_text(page, encoding="utf-8")
    return f"lms/{name}.html"


# Another learner's progress, left in a shared computer's browser.
SOMEONE_ELSE = {"version": 1, "quizzes": {"ch1-words": {"chapter": "ch1", "score": 0, "max": 3}}}


class Visit:
    """One learner's visit: the LMS page, the book's frame inside the launch page, and what went wrong.
    ``before``: progress already in this browser."""

    def __init__(self, browser, url: str, before: dict | None = None):
        self.context = browser.new_context()
        if before:
            origin = re.match(r"https?://[^/]+", url).group(0)
            self.context.add_init_script(
                f"if (location.origin === {json.dumps(origin)} && !sessionStorage.getItem('seeded')) {{"
                f"  localStorage.setItem('stt-course/progress/v1', {json.dumps(json.dumps(before))});"
                "  sessionStorage.setItem('seeded', '1'); }"
            )
        self.page = self.context.new_page()
        self.problems = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"{e} {e.stack}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"{r.url} {r.failure}"))
        self.page.goto(url, wait_until="networkidle")

    def book(self):
        """The frame that shows the book (the launch page's frame)."""
        for frame in self.page.frames:
            if frame.parent_frame and frame.parent_frame.url.endswith("/scorm.html"):
                return frame
        raise AssertionError(f"no book frame in {[f.url for f in self.page.frames]}")

    def record(self) -> dict:
        return self.page.evaluate("window.record()")

    def calls(self, name: str) -> list:
        return [c for c in self.record()["calls"] if c[0] == name]

    def close(self):
        self.context.close()


def answer(frame, quiz_id: str, which: str) -> None:
    """Answer a quiz right or wrong and check it. The page clicks its own controls: these tests are about
    what reaches the LMS; test_published_book drives every quiz with the mouse and the keyboard."""
    quiz = course().quiz(quiz_id)
    expected = len(quiz.questions) if which == "right" else 0
    assert check_in_page(frame, quiz, answer_sets(quiz)[which]).startswith(f"Score: {expected} out of")


@pytest.fixture(scope="module")
def first_visit(browser, lms_site):
    """A learner's first visit: every chapter quiz right, the final assessment wrong then right, then the
    learner leaves. What the LMS held at each step, and its record at the end."""
    www, url = lms_site
    visit = Visit(browser, f"{url}/{harness(www, 'first')}")
    steps = {"start": visit.record()}
    steps["waiting line shown"] = visit.page.frame_locator("#sco").locator(".stt-scorm-wait").is_visible()
    book = visit.book()
    commits = len(visit.calls("LMSCommit"))
    quizzes = 0
    for doc in [d for d in QUIZ_DOCS if d != FINAL_DOC]:
        book.goto(f"{url}/course/{doc}.html", wait_until="networkidle")
        for quiz_id in quizzes_on(doc):
            answer(book, quiz_id, "right")
            quizzes += 1
            assert len(visit.calls("LMSCommit")) == commits + quizzes, f"no commit after checking {quiz_id}"
            if quizzes == 1:
                steps["one quiz"] = visit.record()
    steps["chapters"] = visit.record()
    book.goto(f"{url}/course/{FINAL_DOC}.html", wait_until="networkidle")
    (final_id,) = quizzes_on(FINAL_DOC)
    answer(book, final_id, "wrong")
    steps["final wrong"] = visit.record()
    book.locator(f'[data-stt-id="{final_id}"] .stt-again').click()
    answer(book, final_id, "right")
    steps["final right"] = visit.record()
    visit.page.evaluate("document.getElementById('sco').src = 'about:blank'")  # the learner leaves
    visit.page.wait_for_function("window.lms.calls.some(c => c[0] === 'LMSFinish')")
    steps["left"] = visit.record()
    steps["problems"] = visit.problems
    steps["quizzes"] = quizzes + 1
    visit.close()
    return steps


def status(record: dict) -> str:
    return record["cmi"]["core"]["lesson_status"]


def test_the_lms_records_status_score_and_progress(first_visit):
    start, left = first_visit["start"], first_visit["left"]
    assert [c[0] for c in start["calls"]].count("LMSInitialize") == 1
    assert status(start) == "incomplete"
    assert first_visit["waiting line shown"] is False
    assert status(first_visit["one quiz"]) == "incomplete"
    assert status(first_visit["chapters"]) == "completed"
    wrong = first_visit["final wrong"]["cmi"]["core"]
    assert (wrong["lesson_status"], wrong["score"]["raw"]) == ("failed", "0")
    right = first_visit["final right"]["cmi"]["core"]
    assert right["lesson_status"] == "passed"
    assert right["score"] == {"raw": "100", "min": "0", "max": "100"}

    core = left["cmi"]["core"]
    assert (core["lesson_status"], core["score"]["raw"], core["exit"]) == ("passed", "100", "suspend")
    sent = [c[2] for c in left["calls"] if c[:2] == ["LMSSetValue", "cmi.core.session_time"]]
    assert len(sent) == 1 and re.fullmatch(r"\d\d:\d\d:\d\d\.\d\d", sent[0])  # CMITimespan
    names = [c[0] for c in left["calls"]]
    assert names.count("LMSInitialize") == names.count("LMSFinish") == 1 and names[-1] == "LMSFinish"
    assert left["errors"] == [] and left["lastError"] == "0", "the LMS reported an error"
    assert first_visit["problems"] == [], "console errors or failed requests in the course"

    # Every quiz is in the suspend data, with its last score, within SCORM 1.2's limit.
    data = left["cmi"]["suspend_data"]
    assert len(data) <= 4096
    saved = json.loads(data)["q"]
    assert len(saved) == first_visit["quizzes"] == len(course().quizzes)
    assert all(score == max_score for score, max_score in saved.values())


def test_a_second_visit_restores_progress_from_the_lms(browser, lms_site, first_visit):
    """The LMS gives back what it recorded (as it does when the learner returns); in a browser that holds
    someone else's progress, the progress page and the chapter pages show this learner's recorded scores."""
    www, url = lms_site
    core = first_visit["left"]["cmi"]["core"]
    restore = {
        "core": {"lesson_status": core["lesson_status"], "score": core["score"], "entry": "resume"},
        "suspend_data": first_visit["left"]["cmi"]["suspend_data"],
    }
    visit = Visit(browser, f"{url}/{harness(www, 'second', restore=restore)}", before=SOMEONE_ELSE)
    book = visit.book()
    book.goto(f"{url}/course/book/progress.html", wait_until="networkidle")
    rows = book.locator(".stt-progress-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )
    the_course = course()
    full = {
        re.sub(r"[*`]", "", q.title): f"{len(q.questions)} / {len(q.questions)}"
        for q in the_course.quizzes.values()
    }
    assert dict(rows) == full
    book.goto(f"{url}/course/{FINAL_DOC}.html", wait_until="networkidle")
    n = len(the_course.quiz("final-assessment").questions)
    assert book.locator(".stt-last-score").text_content() == f"Your last score here: {n} out of {n}."
    record = visit.record()
    assert status(record) == "passed", "a return visit must keep the recorded status"
    assert record["errors"] == [] and visit.problems == []
    visit.close()


def test_a_parent_from_another_site_is_no_lms(browser, lms_site):
    """The LMS page is on another site, so its API cannot be read: the launch page opens the plain book,
    the quizzes work, no error shows, and nothing reaches the LMS."""
    www, url = lms_site
    other_site = url.replace("127.0.0.1", "localhost")
    visit = Visit(browser, f"{url}/{harness(www, 'cross-site', course_url=f'{other_site}/course')}")
    sco = next(f for f in visit.page.frames if f.parent_frame is visit.page.main_frame)
    sco.wait_for_url(re.compile(r"/book/intro\.html$"))
    sco.goto(f"{other_site}/course/{QUIZ_DOCS[0]}.html", wait_until="networkidle")
    answer(sco, quizzes_on(QUIZ_DOCS[0])[0], "right")
    assert visit.record()["calls"] == []
    # The browser refuses storage to a frame from another site; the theme (not the course) complains.
    # (An uncaught error shows twice: as a console line, and with its stack, which must be the theme's.)
    refused = "Failed to read the 'localStorage' property from 'Window': Access is denied for this document."
    theirs = [p for p in visit.problems if "pydata-sphinx-theme.js" in p or p.strip() == refused]
    theirs += [p for p in visit.problems if p.startswith("Got invalid theme mode")]
    assert [p for p in visit.problems if p not in theirs] == []
    visit.close()


def test_without_an_lms_the_launch_page_opens_the_book(browser, lms_site):
    """Opened on its own (a tutor trying the unzipped package), the launch page opens the plain book,
    which keeps progress in the browser as on the web."""
    _, url = lms_site
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.goto(f"{url}/course/scorm.html")
    page.wait_for_url(re.compile(r"/book/intro\.html$"))
    page.goto(f"{url}/course/{QUIZ_DOCS[0]}.html", wait_until="networkidle")
    quiz_id = quizzes_on(QUIZ_DOCS[0])[0]
    answer(page, quiz_id, "right")
    assert quiz_id in page.evaluate("JSON.parse(localStorage.getItem('stt-course/progress/v1')).quizzes")
    assert problems == []
    context.close()


def test_the_lms_pass_mark_wins_and_the_score_is_a_percentage(browser, lms_site):
    """An LMS that sets its own pass mark (100 here) overrides the package's (80): 39 right answers out
    of 40 is 97.5%, a fail."""
    www, url = lms_site
    visit = Visit(
        browser, f"{url}/{harness(www, 'strict', restore={'student_data': {'mastery_score': '100'}})}"
    )
    book = visit.book()
    book.goto(f"{url}/course/{FINAL_DOC}.html", wait_until="networkidle")
    (final_id,) = quizzes_on(FINAL_DOC)
    quiz = course().quiz(final_id)
    sets = answer_sets(quiz)
    first = quiz.questions[0].id
    n = len(quiz.questions)
    status = check_in_page(book, quiz, {**sets["right"], first: sets["wrong"][first]})
    assert status.startswith(f"Score: {n - 1} out of {n}.")
    core = visit.record()["cmi"]["core"]
    assert core["score"]["raw"] == str(round(100 * (n - 1) / n, 2)).removesuffix(".0")
    assert core["lesson_status"] == "failed"
    assert visit.record()["errors"] == [] and visit.problems == []
    visit.close()
