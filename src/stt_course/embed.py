"""The ``text/html`` that carries a widget's data into the published book, where boot.js renders it.

JSON inside a <script type="application/json"> block, with <, > and & escaped so no bank text can close
the block; and a readable sentence for places that show the HTML without running scripts.
"""

import html
import json


def json_for_script(data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def static_block(css_class: str, ident: str, data: object, fallback: str) -> str:
    return (
        f'<div class="{css_class}" data-stt-id="{html.escape(ident)}">'
        f'<script type="application/json" class="stt-data">{json_for_script(data)}</script>'
        f'<p class="stt-fallback">{html.escape(fallback)}</p></div>'
    )
