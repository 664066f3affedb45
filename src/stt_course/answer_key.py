"""The answer key for tutors: every question of the course with its correct answer and all its feedback.

Grouped by chapter (bank title) and quiz. Options are lettered a, b, c… in bank order, as in the tutor
guide and the notebooks' tests. Two renderings: Markdown, and a standalone HTML page in which every bank
text goes through `markup.to_html`, so HTML written in a bank is shown as text, never run.
"""

import html

from stt_course.banks import Course
from stt_course.markup import to_html
from stt_course.schema import Matching, MultipleChoice, Ordering, Question, SingleChoice

TITLE = "Answer key"
INTRO = (
    "Every question of the course, by chapter and quiz, with its correct answer and the feedback a learner "
    "sees for each option or item. Options are lettered a, b, c… in bank order."
)
TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple choice",
    "truefalse": "true or false",
    "matching": "matching",
    "ordering": "ordering",
}


def letter(i: int) -> str:
    return chr(ord("a") + i)


def _counts(course: Course) -> str:
    quizzes = [quiz for bank in course.banks.values() for quiz in bank.quizzes]
    questions = sum(len(quiz.questions) for quiz in quizzes)
    return (
        f"{questions} question{'' if questions == 1 else 's'} "
        f"in {len(quizzes)} quiz{'' if len(quizzes) == 1 else 'zes'}."
    )


# ---------------------------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Bank text on one line; a backslash before "<" keeps any HTML in it from being rendered."""
    return " ".join(text.split()).replace("<", "\\<")


def answer_key_markdown(course: Course) -> str:
    out = [f"# {TITLE}", "", INTRO, "", _counts(course), ""]
    for bank in course.banks.values():
        out += [f"## {_md(bank.title)} ({bank.chapter})", ""]
        for quiz in bank.quizzes:
            out += [f"### {_md(quiz.title)} ({quiz.id})", ""]
            for q in quiz.questions:
                out += _md_question(course, q)
    return "\n".join(out)


def _md_question(course: Course, q: Question) -> list[str]:
    objective = course.objectives.get(q.objective)
    out = [
        f"#### {q.id} ({TYPE_NAMES[q.type]})",
        "",
        f"- Objective: {q.objective}: {_md(objective.text) if objective else '(not in the course)'}",
        f"- Section: {_md(q.section)}",
        f"- Prompt: {_md(q.prompt)}",
        "",
        "Answer:",
        "",
    ]
    if isinstance(q, SingleChoice | MultipleChoice):
        out += [f"- {letter(i)}. {_md(o.text)}" for i, o in enumerate(q.options) if o.correct]
        feedback = [
            (f"{letter(i)}. {_md(o.text)}{' (correct)' if o.correct else ''}", o.feedback)
            for i, o in enumerate(q.options)
        ]
    elif isinstance(q, Matching):
        out += [f"- {letter(i)}. {_md(it.text)} → {_md(it.category)}" for i, it in enumerate(q.items)]
        feedback = [(f"{letter(i)}. {_md(it.text)}", it.feedback) for i, it in enumerate(q.items)]
    elif isinstance(q, Ordering):
        out += [f"{n}. {_md(it.text)}" for n, it in enumerate(q.items, 1)]
        feedback = [(_md(it.text), it.feedback) for it in q.items]
    else:
        out.append(f"- {q.answer}")
        feedback = [
            ("If the learner answers True", q.feedback_true),
            ("If the learner answers False", q.feedback_false),
        ]
    out += ["", "Feedback:", ""]
    for label, text in feedback:
        out += [f"- {label}", f"  - {_md(text)}"]
    return [*out, ""]


# ---------------------------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; }
h2 { border-bottom: 2px solid #ccc; margin-top: 3rem; }
h3 { margin-top: 2rem; }
article { border-top: 1px solid #ddd; padding-top: 0.5rem; break-inside: avoid; }
.id { font-family: ui-monospace, monospace; }
.correct { font-weight: bold; }
.feedback { color: #444; }
dt { font-weight: bold; float: left; clear: left; margin-right: 0.5em; }
dd { margin: 0 0 0.25em 0; }
""".strip()


def _e(text: str) -> str:
    """Escape text that is not bank markup (ids, types, fixed words)."""
    return html.escape(text, quote=True)


def answer_key_html(course: Course) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(TITLE)}</h1>",
        f"<p>{_e(INTRO)}</p>",
        f"<p>{_counts(course)}</p>",
    ]
    for bank in course.banks.values():
        out += [
            f'<section id="chapter-{_e(bank.chapter)}">',
            f'<h2>{to_html(bank.title)} <span class="id">({_e(bank.chapter)})</span></h2>',
        ]
        for quiz in bank.quizzes:
            out += [
                f'<section id="quiz-{_e(quiz.id)}">',
                f'<h3>{to_html(quiz.title)} <span class="id">({_e(quiz.id)})</span></h3>',
            ]
            for q in quiz.questions:
                out += _html_question(course, q)
            out.append("</section>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_question(course: Course, q: Question) -> list[str]:
    objective = course.objectives.get(q.objective)
    objective_text = to_html(objective.text) if objective else "(not in the course)"
    out = [
        f'<article id="question-{_e(q.id)}">',
        f'<h4><span class="id">{_e(q.id)}</span> ({_e(TYPE_NAMES[q.type])})</h4>',
        "<dl>",
        f'<dt>Objective</dt><dd><span class="id">{_e(q.objective)}</span>: {objective_text}</dd>',
        f"<dt>Section</dt><dd>{to_html(q.section)}</dd>",
        f"<dt>Prompt</dt><dd>{to_html(q.prompt)}</dd>",
        "</dl>",
        "<p><strong>Answer:</strong></p>",
    ]
    if isinstance(q, SingleChoice | MultipleChoice):
        out += _ul(f"{letter(i)}. {to_html(o.text)}" for i, o in enumerate(q.options) if o.correct)
        feedback = [
            (f"{letter(i)}. {to_html(o.text)}", o.correct, to_html(o.feedback)) for i, o in enumerate(q.options)
        ]
    elif isinstance(q, Matching):
        out += _ul(f"{letter(i)}. {to_html(it.text)} → {to_html(it.category)}" for i, it in enumerate(q.items))
        feedback = [
            (f"{letter(i)}. {to_html(it.text)}", False, to_html(it.feedback)) for i, it in enumerate(q.items)
        ]
    elif isinstance(q, Ordering):
        out += ["<ol>", *(f"<li>{to_html(it.text)}</li>" for it in q.items), "</ol>"]
        feedback = [(to_html(it.text), False, to_html(it.feedback)) for it in q.items]
    else:
        out += _ul([str(q.answer)])
        feedback = [
            ("If the learner answers True", False, to_html(q.feedback_true)),
            ("If the learner answers False", False, to_html(q.feedback_false)),
        ]
    out.append("<p><strong>Feedback:</strong></p>")
    out.append("<ul>")
    for label, correct, text in feedback:
        mark = ' class="correct"' if correct else ""
        suffix = " (correct)" if correct else ""
        out.append(f'<li><span{mark}>{label}{suffix}</span><br><span class="feedback">{text}</span></li>')
    out += ["</ul>", "</article>"]
    return out


def _ul(items) -> list[str]:
    return ["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]
