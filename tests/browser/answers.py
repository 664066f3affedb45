"""Right and wrong answers for a quiz, in the front end's response shape, from the bank."""

from stt_course.schema import Quiz
from stt_course.selfcheck import right_response, wrong_response


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    return {
        "right": {q.id: right_response(q) for q in quiz.questions},
        "wrong": {q.id: wrong_response(q) for q in quiz.questions},
    }
