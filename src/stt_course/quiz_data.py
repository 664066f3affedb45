"""The JSON a quiz's front end receives: question text as safe HTML, the answer key and the feedback.

The same data drives the live widget in JupyterLab and the quiz in the published book, so both show the
same questions and grade them the same way.
"""

import random

from stt_course.banks import Course
from stt_course.markup import to_html
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, Quiz, SingleChoice

FORMAT_VERSION = 1


def start_order(q: Ordering) -> list[int]:
    """A shuffled but repeatable first order (seeded by the question id), never already correct."""
    order = list(range(len(q.items)))
    rng = random.Random(q.id)
    while order == sorted(order):
        rng.shuffle(order)
    return order


def question_data(q: Question) -> dict:
    data: dict = {
        "id": q.id,
        "type": q.type,
        "objective": q.objective,
        "section": to_html(q.section),
        "prompt": to_html(q.prompt),
    }
    if isinstance(q, SingleChoice | MultipleChoice):
        data["options"] = [{"html": to_html(o.text), "correct": o.correct} for o in q.options]
        data["feedback"] = [to_html(o.feedback) for o in q.options]
    elif isinstance(q, Matching):
        data["categories"] = [to_html(c) for c in q.categories]
        data["items"] = [{"html": to_html(i.text), "category": q.categories.index(i.category)} for i in q.items]
        data["feedback"] = [to_html(i.feedback) for i in q.items]
    elif isinstance(q, Ordering):
        data["items"] = [{"html": to_html(i.text)} for i in q.items]
        data["feedback"] = [to_html(i.feedback) for i in q.items]
        data["start"] = start_order(q)
    else:
        data["options"] = [
            {"html": "True", "correct": q.answer},
            {"html": "False", "correct": not q.answer},
        ]
        data["feedback"] = [to_html(q.feedback_true), to_html(q.feedback_false)]
    return data


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
