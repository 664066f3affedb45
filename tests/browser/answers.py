"""Right and wrong answers for a quiz, in the front end's response shape, from the bank."""

from stt_course.quiz_data import start_order
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, Quiz, SingleChoice


def right(q: Question):
    if isinstance(q, SingleChoice):
        return next(i for i, o in enumerate(q.options) if o.correct)
    if isinstance(q, MultipleChoice):
        return [i for i, o in enumerate(q.options) if o.correct]
    if isinstance(q, Matching):
        return [q.categories.index(i.category) for i in q.items]
    if isinstance(q, Ordering):
        return list(range(len(q.items)))
    return q.answer


def wrong(q: Question):
    if isinstance(q, SingleChoice | MultipleChoice):
        first = next(i for i, o in enumerate(q.options) if not o.correct)
        return first if isinstance(q, SingleChoice) else [first]
    if isinstance(q, Matching):
        return [(q.categories.index(i.category) + 1) % len(q.categories) for i in q.items]
    if isinstance(q, Ordering):
        # Wrong, and different from the first order, so the learner has to move something.
        n, start = len(q.items), start_order(q)
        backwards = list(reversed(range(n)))
        return backwards if backwards != start else [*range(1, n), 0]
    return not q.answer


def answer_sets(quiz: Quiz) -> dict[str, dict]:
    return {
        "right": {q.id: right(q) for q in quiz.questions},
        "wrong": {q.id: wrong(q) for q in quiz.questions},
    }
