"""The credential checker as an ipywidgets (anywidget) widget, live in JupyterLab and, through its
``text/html`` output, interactive in the published book (see quiz_widget for the same pattern).

In the book each checker's block carries only its own inputs and name; the rules are published once per
page (``rules_block``, added by sphinx_ext), where boot.js finds them."""

from typing import Any

import anywidget
import traitlets

from stt_course.book.embed import WEB_STT, WHERE_SCRIPTS_RUN, StaticHtmlRepr, json_for_script, static_block
from stt_course.book.page_script import widget_module
from stt_course.checker.engine import run_checker
from stt_course.compiled import checker_profile, checker_rules
from stt_course.selfcheck import register

RULES_BLOCK_ID = "stt-checker-rules"


class CheckerWidget(StaticHtmlRepr, anywidget.AnyWidget):
    _esm = widget_module("checker.js")  # with dom.js inside (see page_script)
    # The book loads quiz.css on every quiz page and checker.css beside it; the widget needs both.
    _css = (WEB_STT / "quiz.css").read_text() + (WEB_STT / "checker.css").read_text()

    rules = traitlets.Dict().tag(sync=True)
    inputs = traitlets.Dict().tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)  # whose checker it is: part of its accessible name
    profile = traitlets.Unicode("")  # the practice profile it shows, if any (tools.stale compares it)
    result = traitlets.Dict().tag(sync=True)
    link_suffix = traitlets.Unicode(".ipynb").tag(sync=True)

    def __init__(
        self, inputs: dict[str, Any] | None = None, label: str = "", profile: str = "", **kwargs: Any
    ) -> None:
        super().__init__(
            rules=checker_rules(), inputs=dict(inputs or {}), label=label, profile=profile, **kwargs
        )
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
        return f"Credential checker for {self.label or self.inputs.get('title') or 'a therapist'!r}"

    def static_html(self) -> str:
        return static_block(
            "stt-checker-static",
            "checker",
            {"inputs": self.inputs, "label": self.label, "profile": self.profile},
            "Credential checker. " + WHERE_SCRIPTS_RUN,
        )


def rules_block() -> str:
    """The rules, once for the whole page, as a JSON data block (no script runs from it)."""
    return (
        f'<script type="application/json" id="{RULES_BLOCK_ID}">{json_for_script(checker_rules())}</script>\n'
    )


def show_checker(profile: str | None = None, **inputs: Any) -> CheckerWidget:
    """The credential checker, empty, filled in with a practice profile's details, or with ``inputs``."""
    chosen = checker_profile(profile) if profile else {"name": "", "inputs": {}}
    given = {**chosen["inputs"], **inputs}
    label = chosen["name"]
    pid = profile or ""
    return register(CheckerWidget(given, label, pid), lambda: CheckerWidget(given, label, pid))
