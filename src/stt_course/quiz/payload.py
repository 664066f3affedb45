"""The JSON a quiz's front end receives: question text as safe HTML, the answer key and the feedback.

The same data drives the live widget in JupyterLab and the quiz in the published book, so both show the
same questions and grade them the same way.
"""

from stt_course.markup import to_html
from stt_course.quiz.course import Course
from stt_course.quiz.qtypes import TYPES
from stt_course.quiz.schema import Question, Quiz

FORMAT_VERSION = 1


def question_data(q: Question) -> dict:
    data: dict = {
        "id": q.id,
        "type": q.type,
        "objective": q.objective,
        "section": to_html(q.section),
        "prompt": to_html(q.prompt),
    }
    return {**data, **TYPES[q.type].payload(q, to_html)}


def quiz_data(course: Course, quiz: Quiz) -> dict:
    used = list(dict.fromkeys(q.objective for q in quiz.questions))
    return {
        "version": FORMAT_VERSION,
        "id": quiz.id,
        "title": to_html(quiz.title),
        "chapter": course.quiz_chapter[quiz.id],
        "report_by_objective": quiz.report_by_objective,
        # "Chapter: objective", so a learner knows where to go back to.
        "objectives": {o: to_html(f"{course.objective_chapter[o]}: {course.objectives[o].text}") for o in used},
        "questions": [question_data(q) for q in quiz.questions],
    }
