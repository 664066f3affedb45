"""Right and wrong answers for a quiz, in the front end's response shape, from its payload."""

from stt_course.quiz.course import course
from stt_course.quiz.payload import quiz_data
from stt_course.quiz.schema import Quiz
from stt_course.selfcheck import answers


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    data = quiz_data(course(), quiz)
    return {"right": answers(data, "right"), "wrong": answers(data, "wrong")}


# Answers a quiz inside the page, in one call: the same controls Mouse uses (a label per option, a select
# per item, Up/Down buttons), clicked by the page itself. For questions whose kind of control a test has
# already driven with the mouse, and for tests of what follows an answer (the LMS record), where driving
# each click from Python would only make the test slower.
_ANSWER = """(box, questions) => {
  for (const [qid, type, r] of questions) {
    const fs = box.querySelector(`fieldset[data-question="${qid}"]`);
    const labels = fs.querySelectorAll(".stt-option label");
    if (type === "single") labels[r].click();
    else if (type === "truefalse") labels[r ? 0 : 1].click();
    else if (type === "multiple") r.forEach((i) => labels[i].click());
    else if (type === "matching")
      fs.querySelectorAll("select").forEach((s, i) => {
        s.selectedIndex = r[i] + 1;
        s.dispatchEvent(new Event("change", { bubbles: true }));
      });
    else
      for (let step = 0; step < 200; step++) {
        const now = [...fs.querySelectorAll("li")].map((li) => Number(li.dataset.item));
        const pos = r.findIndex((item, p) => now.indexOf(item) !== p);
        if (pos < 0) break;
        const dir = now.indexOf(r[pos]) > pos ? "-1" : "1";
        fs.querySelector(`li[data-item="${r[pos]}"] button[data-dir="${dir}"]`).click();
      }
  }
}"""

# What a learner sees after each step of one quiz (see try_in_page), read in the same call as the steps.
SEEN = """(box) => ({
  status: box.querySelector(".stt-status").textContent,
  heads: [...box.querySelectorAll(".stt-fb-head")].map((e) => e.textContent),
  items: box.querySelectorAll(".stt-fb-list li").length,
  breakdown: box.querySelectorAll(".stt-breakdown-table tbody tr").length,
  feedback: box.querySelectorAll(".stt-q-feedback li").length,
})"""

# Check with nothing answered, then each set of answers and Check (and Try again after the right one).
_TRY = f"""(box, sets) => {{
  const answer = {_ANSWER};
  const seen = {SEEN};
  const out = {{}};
  box.querySelector(".stt-check").click();
  out.empty = seen(box);
  for (const [label, questions] of sets) {{
    answer(box, questions);
    box.querySelector(".stt-check").click();
    out[label] = seen(box);
    if (label === "right") {{
      box.querySelector(".stt-again").click();
      out.again = seen(box);
    }}
  }}
  return out;
}}"""

# Give the answers, press Check, and read the status line.
_CHECK = f"""(box, questions) => {{
  ({_ANSWER})(box, questions);
  box.querySelector(".stt-check").click();
  return box.querySelector(".stt-status").textContent;
}}"""


def _box(frame, quiz: Quiz):
    """The quiz's element on the page (or frame): each script above receives it as ``box``."""
    return frame.locator(f'[data-stt-id="{quiz.id}"]')


def _questions(quiz: Quiz, chosen: dict, only: set[str] | None = None) -> list:
    return [[q.id, q.type, chosen[q.id]] for q in quiz.questions if only is None or q.id in only]


def answer_in_page(frame, quiz: Quiz, chosen: dict, only: set[str] | None = None) -> None:
    """Give ``chosen`` (question id -> response) to ``quiz`` on the page (or frame), without checking;
    ``only``: just these questions."""
    _box(frame, quiz).evaluate(_ANSWER, _questions(quiz, chosen, only))


def try_in_page(frame, quiz: Quiz) -> dict:
    """Check ``quiz`` unanswered, then right (and Try again), then wrong, all inside the page: what the
    learner would see after each step ("empty", "right", "again", "wrong"), as SEEN reads it."""
    sets = [[label, _questions(quiz, chosen)] for label, chosen in answer_sets(quiz).items()]
    return _box(frame, quiz).evaluate(_TRY, sets)


def check_in_page(frame, quiz: Quiz, chosen: dict) -> str:
    """Give ``chosen`` to ``quiz`` and press its Check button, inside the page: the quiz's status line."""
    return _box(frame, quiz).evaluate(_CHECK, _questions(quiz, chosen))
