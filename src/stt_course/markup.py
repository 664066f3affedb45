"""A small, safe subset of Markdown for question text: **bold**, *italic* and `code`.

Everything is HTML-escaped first, so HTML written in a bank is shown as text, never run.
"""

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def to_html(text: str) -> str:
    """Render the Markdown subset to HTML; the input is escaped before any tag is added."""
    escaped = html.escape(text.strip(), quote=True)
    parts = _CODE.split(escaped)
    # Odd parts are code spans: no emphasis inside them.
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{part}</code>")
        else:
            part = _BOLD.sub(r"<strong>\1</strong>", part)
            out.append(_ITALIC.sub(r"<em>\1</em>", part))
    return "".join(out)
