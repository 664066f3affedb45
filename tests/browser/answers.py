"""Right and wrong answers for a quiz, in the front end's response shape, from its payload."""

from stt_course.banks import course
from stt_course.quiz_data import quiz_data
from stt_course.schema import Quiz
from stt_course.selfcheck import answers


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    data = quiz_data(course(), quiz)
    return {"right": answers(data, "right"), "wrong": answers(data, "wrong")}
