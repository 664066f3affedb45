"""Right and wrong answers for a quiz, in the front end's response shape, from its payload."""

from stt_course.quiz.course import course
from stt_course.quiz.payload import quiz_data
from stt_course.quiz.schema import Quiz
from stt_course.selfcheck import answers


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    data = quiz_data(course(), quiz)
    return {"right": answers(data, "right"), "wrong": answers(data, "wrong")}


# Answers a quiz inside the page, in one call: the same controls Mouse uses (a label per option, a select
# per item, Up/Down buttons), clicked by the page itself. For quizzes whose kinds of control a test has
# already driven with the mouse, and for tests of what follows an answer (the LMS record), where driving
# each click from Python would only make the test slower.
_ANSWER_IN_PAGE = """([id, questions]) => {
  const box = document.querySelector(`[data-stt-id="${id}"]`);
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


def answer_in_page(frame, quiz: Quiz, chosen: dict) -> None:
    """Give ``chosen`` (question id -> response) to ``quiz`` on the page (or frame), without checking."""
    questions = [[q.id, q.type, chosen[q.id]] for q in quiz.questions]
    frame.evaluate(_ANSWER_IN_PAGE, [quiz.id, questions])
