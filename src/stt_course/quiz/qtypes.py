"""Question types: one class per type, in one registry (TYPES).

Each type owns, for its questions: the payload the front end receives (built from the bank's model),
"is answered", grading, sample right and wrong responses (for tests and ``check_this_chapter``) and the
answer key's rows. Grading works on the payload, exactly as web/stt/quiz.js does, so Python and the
browser implement one contract (tests/browser/test_parity.py runs both). This module needs no compiled
package: it is the runtime of the browser notebooks too.

The bank's schema for each type is its model in schema.py. Adding a type: a model there, a class here, a
``TYPES`` entry in quiz.js, then the bank and the tests.

Response shapes (JSON-able, as the front end sends them):
  single -> option index; multiple -> list of option indices; truefalse -> true/false;
  matching -> one category index per item; ordering -> item indices in the learner's order.
"""

import random
from dataclasses import dataclass
from typing import Any

Payload = dict[str, Any]
Line = dict[str, Any]


@dataclass
class Key:
    """A question's answer-key entry, in bank text: Markdown and HTML keys are written from it."""

    answers: list[str]
    rows: list[tuple[str, str, bool]]  # (label, feedback, is this a correct option)
    numbered: bool = False  # answers are an order, not a list


def is_index(i: Any, n: int) -> bool:
    return isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n


def letter(i: int) -> str:
    return chr(ord("a") + i)


class QuestionType:
    name = ""
    label = ""  # in the answer key

    def payload(self, q: Any, html: Any) -> Payload:
        """The type's own fields of the front end's data; ``html`` turns bank text into safe HTML."""
        raise NotImplementedError

    def is_answered(self, p: Payload, r: Any) -> bool:
        raise NotImplementedError

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        """Correct?, one feedback line per choice made, and how many right options were missed."""
        raise NotImplementedError

    def right(self, p: Payload) -> Any:
        raise NotImplementedError

    def wrong(self, p: Payload) -> Any:
        """A complete response that scores nothing, and that a learner has to make (not the start)."""
        raise NotImplementedError

    def key(self, q: Any) -> Key:
        """The answer key's entry, from the bank's model."""
        raise NotImplementedError


class Choice(QuestionType):
    """Single choice ("single") and select-all ("multiple") share options with feedback on each."""

    def payload(self, q: Any, html: Any) -> Payload:
        return {
            "options": [{"html": html(o.text), "correct": o.correct} for o in q.options],
            "feedback": [html(o.feedback) for o in q.options],
        }

    def want(self, p: Payload) -> list[int]:
        return [i for i, o in enumerate(p["options"]) if o["correct"]]

    def key(self, q: Any) -> Key:
        answers = [f"{letter(i)}. {o.text}" for i, o in enumerate(q.options) if o.correct]
        return Key(
            answers, [(f"{letter(i)}. {o.text}", o.feedback, o.correct) for i, o in enumerate(q.options)]
        )


class Single(Choice):
    name, label = "single", "single choice"

    def is_answered(self, p: Payload, r: Any) -> bool:
        return is_index(r, len(p["options"]))

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        line = {"index": r, "correct": p["options"][r]["correct"], "html": p["feedback"][r]}
        return [r] == self.want(p), [line], 0

    def right(self, p: Payload) -> Any:
        return self.want(p)[0]

    def wrong(self, p: Payload) -> Any:
        return next(i for i, o in enumerate(p["options"]) if not o["correct"])


class Multiple(Choice):
    name, label = "multiple", "multiple choice"

    def is_answered(self, p: Payload, r: Any) -> bool:
        return isinstance(r, list) and len(r) > 0 and all(is_index(i, len(p["options"])) for i in r)

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        chosen, want = sorted(set(r)), self.want(p)
        lines = [{"index": i, "correct": p["options"][i]["correct"], "html": p["feedback"][i]} for i in chosen]
        # Only "select all" questions say how many right options were left out.
        return chosen == want, lines, len(set(want) - set(chosen))

    def right(self, p: Payload) -> Any:
        return self.want(p)

    def wrong(self, p: Payload) -> Any:
        wrong = [i for i, o in enumerate(p["options"]) if not o["correct"]]
        # With no wrong option to pick, leaving one right option out is the only way to be wrong.
        return wrong[:1] or self.want(p)[1:]


class TrueFalse(QuestionType):
    name, label = "truefalse", "true or false"

    def payload(self, q: Any, html: Any) -> Payload:
        return {
            "options": [{"html": "True", "correct": q.answer}, {"html": "False", "correct": not q.answer}],
            "feedback": [html(q.feedback_true), html(q.feedback_false)],
        }

    def is_answered(self, p: Payload, r: Any) -> bool:
        return isinstance(r, bool)

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        correct = r == p["options"][0]["correct"]
        at = 0 if r else 1
        return correct, [{"index": at, "correct": correct, "html": p["feedback"][at]}], 0

    def right(self, p: Payload) -> Any:
        return p["options"][0]["correct"]

    def wrong(self, p: Payload) -> Any:
        return not self.right(p)

    def key(self, q: Any) -> Key:
        rows = [
            ("If the learner answers True", q.feedback_true, False),
            ("If the learner answers False", q.feedback_false, False),
        ]
        return Key([str(q.answer)], rows)


class Matching(QuestionType):
    name, label = "matching", "matching"

    def payload(self, q: Any, html: Any) -> Payload:
        return {
            "categories": [html(c) for c in q.categories],
            "items": [{"html": html(i.text), "category": q.categories.index(i.category)} for i in q.items],
            "feedback": [html(i.feedback) for i in q.items],
        }

    def is_answered(self, p: Payload, r: Any) -> bool:
        n = len(p["categories"])
        return isinstance(r, list) and len(r) == len(p["items"]) and all(is_index(i, n) for i in r)

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        lines = [
            {"index": i, "correct": c == item["category"], "html": p["feedback"][i]}
            for i, (item, c) in enumerate(zip(p["items"], r, strict=True))
        ]
        return all(line["correct"] for line in lines), lines, 0

    def right(self, p: Payload) -> Any:
        return [item["category"] for item in p["items"]]

    def wrong(self, p: Payload) -> Any:
        return [(item["category"] + 1) % len(p["categories"]) for item in p["items"]]

    def key(self, q: Any) -> Key:
        answers = [f"{letter(i)}. {it.text} → {it.category}" for i, it in enumerate(q.items)]
        return Key(answers, [(f"{letter(i)}. {it.text}", it.feedback, False) for i, it in enumerate(q.items)])


class Ordering(QuestionType):
    name, label = "ordering", "ordering"

    @staticmethod
    def start_order(question_id: str, n: int) -> list[int]:
        """A shuffled but repeatable first order (seeded by the question id), never already correct."""
        order = list(range(n))
        rng = random.Random(question_id)
        while order == sorted(order):
            rng.shuffle(order)
        return order

    def payload(self, q: Any, html: Any) -> Payload:
        return {
            "items": [{"html": html(i.text)} for i in q.items],
            "feedback": [html(i.feedback) for i in q.items],
            "start": self.start_order(q.id, len(q.items)),
        }

    def is_answered(self, p: Payload, r: Any) -> bool:
        n = len(p["items"])
        return isinstance(r, list) and all(is_index(i, n) for i in r) and sorted(r) == list(range(n))

    def grade(self, p: Payload, r: Any) -> tuple[bool, list[Line], int]:
        lines = [{"index": i, "correct": i == pos, "html": p["feedback"][i]} for pos, i in enumerate(r)]
        return list(r) == list(range(len(p["items"]))), lines, 0

    def right(self, p: Payload) -> Any:
        return list(range(len(p["items"])))

    def wrong(self, p: Payload) -> Any:
        n, backwards = len(p["items"]), list(reversed(range(len(p["items"]))))
        return backwards if backwards != p["start"] else [*range(1, n), 0]

    def key(self, q: Any) -> Key:
        return Key(
            [it.text for it in q.items], [(it.text, it.feedback, False) for it in q.items], numbered=True
        )


TYPES: dict[str, QuestionType] = {
    t.name: t for t in (Single(), Multiple(), TrueFalse(), Matching(), Ordering())
}
