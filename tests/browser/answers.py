"""Right and wrong answers for a quiz, in the front end's response shape, from its payload."""

from stt_course.quiz.course import course
from stt_course.quiz.payload import quiz_data
from stt_course.quiz.schema import Quiz
from stt_course.selfcheck import answers


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    data = quiz_data(course(), quiz)
    return {"right": answers(data, "right"), "wrong": answers(data, "wrong")}
