"""The browser grader (web/stt/quiz.js) and the Python grader agree on the same answers, for every
quiz in the course: right, wrong, partly right, incomplete and malformed responses."""

import json

import pytest

from stt_course.book.embed import WEB_STT
from stt_course.quiz.course import course
from stt_course.quiz.grading import grade_quiz
from stt_course.quiz.payload import FORMAT_VERSION, quiz_data
from tests.browser.answers import answer_sets
from tools.browser import serve


def response_sets(quiz) -> list[dict]:
    sets = answer_sets(quiz)
    right, wrong = sets["right"], sets["wrong"]
    ids = list(right)
    mixed = {q: (right if i % 2 else wrong)[q] for i, q in enumerate(ids)}
    return [
        right,
        wrong,
        mixed,
        {},  # nothing chosen
        {q: right[q] for q in ids[1:]},  # one left out
        dict(right, **{ids[0]: "nonsense"}),
        dict(right, **{ids[0]: [99]}),
        dict(right, **{ids[0]: None}),
    ]


@pytest.fixture(scope="module")
def front_end_url():
    """The front end straight from the package, as anywidget and the book load it: no book build needed."""
    with serve(WEB_STT.parent) as url:
        yield f"{url}/stt"


def test_browser_and_python_grade_alike(page, front_end_url):
    page.goto(f"{front_end_url}/quiz.js")
    the_course = course()
    cases, expected = [], []
    for quiz in the_course.quizzes.values():
        data = quiz_data(the_course, quiz)
        for responses in response_sets(quiz):
            cases.append({"data": data, "responses": responses})
            expected.append(grade_quiz(data, responses))
    got = page.evaluate(
        """async ([url, cases]) => {
            const m = await import(url);
            return cases.map(c => m.gradeQuiz(c.data, c.responses));
        }""",
        [f"{front_end_url}/quiz.js", cases],
    )
    assert len(got) == len(expected) > 0
    for case, g, e in zip(cases, got, expected, strict=True):
        assert g == json.loads(json.dumps(e)), (case["data"]["id"], case["responses"])


def test_browser_reads_the_payload_version_python_writes(page, front_end_url):
    page.goto(f"{front_end_url}/quiz.js")
    version = page.evaluate("async (url) => (await import(url)).FORMAT_VERSION", f"{front_end_url}/quiz.js")
    assert version == FORMAT_VERSION


def test_quiz_from_another_payload_version_says_what_to_do(page, front_end_url):
    """A page built from older notebook outputs tells the reader, instead of showing a quiz."""
    page.goto(f"{front_end_url}/quiz.js")
    the_course = course()
    data = {**quiz_data(the_course, next(iter(the_course.quizzes.values()))), "version": FORMAT_VERSION + 1}
    text = page.evaluate(
        """async ([url, data]) => {
            const m = await import(url);
            const el = document.createElement("div");
            m.default.render({ model: { get: () => data, on() {}, off() {} }, el });
            return el.textContent;
        }""",
        [f"{front_end_url}/quiz.js", data],
    )
    assert text.startswith("This quiz cannot be shown: the page was made from an older copy of the course.")


def checker_input_sets() -> list[dict]:
    """Every rule's case, every practice profile, every protected and negated title, look-alike text,
    and malformed input."""
    from stt_course.checker.profiles import profiles
    from tests.test_checker import BASE, CASES, GOSC_TITLES, HCPC_TITLES, NOT_PROTECTED, UNICODE_TITLES

    titles = UNICODE_TITLES + HCPC_TITLES + GOSC_TITLES + NOT_PROTECTED + ["not a chiropractor but a physio"]
    return [
        *({**BASE, **changes} for changes in CASES.values()),
        *(p["inputs"] for p in profiles().values()),
        *({**BASE, "title": t, "register": "none"} for t in titles),
        {},
        {"title": "x", "cpd_hours": "-1"},
        {"title": "x", "cpd_hours": 12},
        {"title": "chiropractor", "register": "gcc", "level": "nope", "place": None},
        {**BASE, "cpd_hours": "\uff13\uff10", "body": "other", "body_name": "\u200bSMA\u202e"},
        {**BASE, "body": "sma", "register": "cnhc", "cpd_hours": "29.99"},
    ]


def test_browser_and_python_checkers_agree(page, front_end_url):
    """runChecker and checklistText (checker.js) give what run_checker and checklist_text give."""
    from stt_course.checker.engine import checklist_text, run_checker
    from stt_course.checker.rules import rules_json

    rules = rules_json()
    sets = checker_input_sets()
    page.goto(f"{front_end_url}/checker.js")
    got = page.evaluate(
        """async ([url, rules, sets]) => {
            const m = await import(url);
            return sets.map(s => {
                const result = m.runChecker(rules, s);
                return [result, m.checklistText(rules, s, result, "1 May 2026", "https://example.org/x")];
            });
        }""",
        [f"{front_end_url}/checker.js", rules, sets],
    )
    expected = []
    for s in sets:
        result = run_checker(rules, s)
        expected.append([result, checklist_text(rules, s, result, "1 May 2026", "https://example.org/x")])
    assert len(got) == len(expected) > 100
    for inputs, g, e in zip(sets, got, expected, strict=True):
        assert g == json.loads(json.dumps(e)), inputs
