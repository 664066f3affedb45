"""The answer key for tutors: every question of the course with its correct answer and all its feedback.

Grouped by chapter (bank title) and quiz. Options are lettered a, b, c… in bank order, as in the tutor
guide and the notebooks' tests. Two renderings: Markdown, and a standalone HTML page in which every bank
text goes through `markup.to_html`, so HTML written in a bank is shown as text, never run.
"""

import html
from dataclasses import dataclass
from pathlib import Path

from stt_course.book.notebook_index import quiz_ids_in, title_and_headings, toc_chapters
from stt_course.markup import to_html
from stt_course.quiz.course import Course
from stt_course.quiz.qtypes import TYPES
from stt_course.quiz.schema import Bank, Question

TITLE = "Answer key"
INTRO = (
    "Every question of the course, by chapter and quiz, with its correct answer and the feedback a learner "
    "sees for each option or item. Options are lettered a, b, c… in bank order."
)


@dataclass
class Chapter:
    """A bank as the book shows it: its chapter number and title in the book (from the table of contents
    and the notebook that shows its quizzes)."""

    number: int | None
    bank: Bank
    title: str = ""  # the notebook's title; the bank's title if no notebook shows it

    @property
    def heading(self) -> str:
        title = self.title or self.bank.title
        return f"Chapter {self.number}: {title}" if self.number else title


def book_chapters(course: Course, root: Path | None = None) -> list[Chapter]:
    """The course's banks in the order of the book's table of contents (``root/_toc.yml``), each with its
    number and title in the book; banks no notebook shows come last, unnumbered."""
    by_quiz = {quiz.id: bank for bank in course.banks.values() for quiz in bank.quizzes}
    chapters: dict[str, Chapter] = {}
    for toc in toc_chapters(root) if root else []:
        for quiz_id in quiz_ids_in(toc.path):
            if (bank := by_quiz.get(quiz_id)) and bank.chapter not in chapters:
                chapters[bank.chapter] = Chapter(toc.number, bank, title_and_headings(toc.path)[0])
    for bank in course.banks.values():
        chapters.setdefault(bank.chapter, Chapter(None, bank))
    return list(chapters.values())


def _counts(chapters: list[Chapter]) -> str:
    quizzes = [quiz for ch in chapters for quiz in ch.bank.quizzes]
    questions = sum(len(quiz.questions) for quiz in quizzes)
    return (
        f"{questions} question{'' if questions == 1 else 's'} "
        f"in {len(quizzes)} quiz{'' if len(quizzes) == 1 else 'zes'}."
    )


# ---------------------------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Bank text on one line; a backslash before "<" keeps any HTML in it from being rendered."""
    return " ".join(text.split()).replace("<", "\\<")


def answer_key_markdown(
    course: Course, chapters: list[Chapter] | None = None, answers_only: bool = False
) -> str:
    chapters = chapters if chapters is not None else book_chapters(course)
    out = [f"# {TITLE}", "", INTRO, "", _counts(chapters), ""]
    for ch in chapters:
        out += [f"## {_md(ch.heading)} ({ch.bank.chapter})", ""]
        for quiz in ch.bank.quizzes:
            out += [f"### {_md(quiz.title)} ({quiz.id})", ""]
            for q in quiz.questions:
                out += _md_question(course, q, answers_only)
    return "\n".join(out)


def _md_question(course: Course, q: Question, answers_only: bool = False) -> list[str]:
    objective = course.objectives.get(q.objective)
    out = [
        f"#### {q.id} ({TYPES[q.type].label})",
        "",
        f"- Objective: {q.objective}: {_md(objective.text) if objective else '(not in the course)'}",
        f"- Section: {_md(q.section)}",
        f"- Prompt: {_md(q.prompt)}",
        "",
        "Answer:",
        "",
    ]
    key = TYPES[q.type].key(q)
    out += [f"{n}. {_md(a)}" if key.numbered else f"- {_md(a)}" for n, a in enumerate(key.answers, 1)]
    if answers_only:
        return [*out, ""]
    out += ["", "Feedback:", ""]
    for label, text, correct in key.rows:
        out += [f"- {_md(label)}{' (correct)' if correct else ''}", f"  - {_md(text)}"]
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


def answer_key_html(course: Course, chapters: list[Chapter] | None = None, answers_only: bool = False) -> str:
    chapters = chapters if chapters is not None else book_chapters(course)
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
        f"<p>{_counts(chapters)}</p>",
    ]
    for ch in chapters:
        bank = ch.bank
        out += [
            f'<section id="chapter-{_e(bank.chapter)}">',
            f'<h2>{to_html(ch.heading)} <span class="id">({_e(bank.chapter)})</span></h2>',
        ]
        for quiz in bank.quizzes:
            out += [
                f'<section id="quiz-{_e(quiz.id)}">',
                f'<h3>{to_html(quiz.title)} <span class="id">({_e(quiz.id)})</span></h3>',
            ]
            for q in quiz.questions:
                out += _html_question(course, q, answers_only)
            out.append("</section>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_question(course: Course, q: Question, answers_only: bool = False) -> list[str]:
    objective = course.objectives.get(q.objective)
    objective_text = to_html(objective.text) if objective else "(not in the course)"
    out = [
        f'<article id="question-{_e(q.id)}">',
        f'<h4><span class="id">{_e(q.id)}</span> ({_e(TYPES[q.type].label)})</h4>',
        "<dl>",
        f'<dt>Objective</dt><dd><span class="id">{_e(q.objective)}</span>: {objective_text}</dd>',
        f"<dt>Section</dt><dd>{to_html(q.section)}</dd>",
        f"<dt>Prompt</dt><dd>{to_html(q.prompt)}</dd>",
        "</dl>",
        "<p><strong>Answer:</strong></p>",
    ]
    key = TYPES[q.type].key(q)
    answers = [to_html(a) for a in key.answers]
    out += ["<ol>", *(f"<li>{a}</li>" for a in answers), "</ol>"] if key.numbered else _ul(answers)
    if answers_only:
        return [*out, "</article>"]
    out.append("<p><strong>Feedback:</strong></p>")
    out.append("<ul>")
    for label, text, correct in key.rows:
        mark = ' class="correct"' if correct else ""
        suffix = " (correct)" if correct else ""
        feedback = f'<span class="feedback">{to_html(text)}</span>'
        out.append(f"<li><span{mark}>{to_html(label)}{suffix}</span><br>{feedback}</li>")
    out += ["</ul>", "</article>"]
    return out


def _ul(items) -> list[str]:
    return ["<ul>", *(f"<li>{item}</li>" for item in items), "</ul>"]
