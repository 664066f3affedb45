"""The quiz as an ipywidgets (anywidget) widget.

Live in JupyterLab, the front end (web/stt/quiz.js) sends the learner's responses and a "check"
message; the kernel grades them with ``grading.grade_quiz`` and sends back ``result``. The widget also
offers a ``text/html`` output carrying the quiz data, which the published book renders and grades in
the browser with the same front-end code (see ``sphinx_ext``).
"""

import html
import re
from typing import Any

import anywidget
import traitlets

from stt_course.book.embed import WEB_STT, WHERE_SCRIPTS_RUN, StaticHtmlRepr, static_block
from stt_course.book.page_script import widget_module
from stt_course.compiled import quiz_payload
from stt_course.quiz.grading import grade_quiz
from stt_course.selfcheck import register

STATIC_FALLBACK = "Quiz: {title}. " + WHERE_SCRIPTS_RUN


class QuizWidget(StaticHtmlRepr, anywidget.AnyWidget):
    _esm = widget_module("quiz.js")  # with dom.js inside (see page_script)
    _css = WEB_STT / "quiz.css"

    data = traitlets.Dict().tag(sync=True)
    responses = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)

    def __init__(self, quiz_id: str, **kwargs: Any) -> None:
        super().__init__(data=quiz_payload(quiz_id), **kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "check":
            self.check()
        elif action == "reset":
            self.reset()

    def check(self) -> dict:
        """Grade the current responses, as the "Check answers" button does."""
        self.result = grade_quiz(self.data, self.responses)
        return self.result

    def reset(self) -> None:
        """Clear responses and result, as the "Try again" button does."""
        self.responses = {}
        self.result = {}

    @property
    def score(self) -> int | None:
        return self.result.get("score")

    def __repr__(self) -> str:
        # Deterministic (no memory address) so nbval strict can compare the stored text/plain.
        n = len(self.data["questions"])
        return f"Quiz {self.data['id']!r}: {plain_title(self.data)} ({n} question{'s' * (n != 1)})"

    def static_html(self) -> str:
        return static_html(self.data)


def plain_title(data: dict) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", data["title"]))


def static_html(data: dict) -> str:
    """The quiz for pages without a kernel: its data as JSON and a readable fallback sentence."""
    return static_block("stt-quiz-static", data["id"], data, STATIC_FALLBACK.format(title=plain_title(data)))


def show_quiz(quiz_id: str) -> QuizWidget:
    """The widget for one quiz of the course's banks; display it as a cell's last expression."""
    return register(QuizWidget(quiz_id), lambda: QuizWidget(quiz_id))
