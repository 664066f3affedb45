"""The credential checker as an ipywidgets (anywidget) widget, live in JupyterLab and, through its
``text/html`` output, interactive in the published book (see quiz_widget for the same pattern)."""

from typing import Any

import anywidget
import traitlets

from stt_course.checker import run_checker
from stt_course.compiled import checker_profile, checker_rules
from stt_course.embed import WEB_STT, WHERE_SCRIPTS_RUN, StaticHtmlRepr, static_block
from stt_course.selfcheck import register


class CheckerWidget(StaticHtmlRepr, anywidget.AnyWidget):
    _esm = WEB_STT / "checker.js"
    # The book loads quiz.css on every quiz page and checker.css beside it; the widget needs both.
    _css = (WEB_STT / "quiz.css").read_text() + (WEB_STT / "checker.css").read_text()

    rules = traitlets.Dict().tag(sync=True)
    inputs = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    link_suffix = traitlets.Unicode(".ipynb").tag(sync=True)

    def __init__(self, inputs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(rules=checker_rules(), inputs=dict(inputs or {}), **kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("action") == "check":
            self.check()

    def check(self) -> dict:
        """Run the rules on the current inputs, as the "Check this therapist" button does."""
        self.result = run_checker(self.rules, self.inputs)
        return self.result

    def statuses(self) -> dict[str, str]:
        """Topic -> status of the last checklist (for tests and quick reading)."""
        return {line["topic"]: line["status"] for line in self.result.get("lines", [])}

    def __repr__(self) -> str:
        title = self.inputs.get("title") or "a therapist"
        return f"Credential checker for {title!r}"

    def static_html(self) -> str:
        return static_block(
            "stt-checker-static",
            "checker",
            {"rules": self.rules, "inputs": self.inputs},
            "Credential checker. " + WHERE_SCRIPTS_RUN,
        )


def show_checker(profile: str | None = None, **inputs: Any) -> CheckerWidget:
    """The credential checker, empty, filled in with a practice profile's details, or with ``inputs``."""
    given = {**(checker_profile(profile) if profile else {}), **inputs}
    return register(CheckerWidget(given), lambda: CheckerWidget(given))
