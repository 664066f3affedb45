"""The ``text/html`` that carries a widget's data into the published book, where boot.js renders it.

JSON inside a <script type="application/json"> block, with <, > and & escaped so no bank text can close
the block; and a readable sentence for places that show the HTML without running scripts.
"""

import html
import json
from pathlib import Path
from typing import Any

# The front end (ES modules and CSS) that JupyterLab and the published book both load.
WEB_STT = Path(__file__).parent.parent / "web" / "stt"

# What a block's fallback says to whoever sees it without the quiz: a reader of the book whose browser
# runs no scripts, or someone viewing a notebook that has not been run.
WHERE_SCRIPTS_RUN = (
    "It works where JavaScript can run: in the book, turn JavaScript on in your browser settings (or open "
    "the page in another browser); in a notebook, choose Run ▸ Run All Cells."
)


def json_for_script(data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def static_block(css_class: str, ident: str, data: object, fallback: str) -> str:
    return (
        f'<div class="{css_class}" data-stt-id="{html.escape(ident)}">'
        f'<script type="application/json" class="stt-data">{json_for_script(data)}</script>'
        f'<p class="stt-fallback">{html.escape(fallback)}</p></div>'
    )


class StaticHtmlRepr:
    """Mixin for the course's anywidgets: their mimebundle also carries ``static_html()``, which the book
    shows (JupyterLab prefers the live widget view)."""

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | tuple | None:
        bundle = super()._repr_mimebundle_(**kwargs)  # type: ignore[misc]
        if bundle is None:
            return None
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.static_html()
        return bundle
