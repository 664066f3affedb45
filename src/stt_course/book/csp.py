"""A Content-Security-Policy for every page of the published book, as a ``<meta http-equiv>`` so that it
works on any static host: the browser then refuses anything from another site, even if a future theme,
extension or pasted embed asks for it.

Scripts, styles, fonts, images and connections come from the site itself. The inline code the theme
writes (a few ``<script>`` lines, one ``<style>``, ``onclick`` and ``style`` attributes) is allowed by its
SHA-256 hash, page by page, so any other inline code is refused. A tutor who embeds something on purpose
adds its host in ``_config.yml`` (``stt_csp_extra``, see the tutor guide).
"""

import base64
import hashlib
import html
import re
from pathlib import Path

from stt_course.book.site_pages import site_pages

Extra = dict[str, list[str]]  # hosts a tutor allows on purpose, per directive: {"frame-src": ["https://…"]}

META_ID = "stt-csp"
_META = re.compile(rf'<meta http-equiv="Content-Security-Policy" id="{META_ID}"[^>]*>\n?')
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)
_STYLE_ATTR = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>\n?", re.I)
_NOT_RUN = re.compile(r"""type=["']?(application/json|text/template)""", re.I)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _hashes(texts: list[str]) -> list[str]:
    return sorted({_hash(t) for t in texts})


# The browser notebooks (JupyterLite) run Python as WebAssembly in workers and style their interface
# from script: they need these, and still nothing from another site.
APP_SOURCES: Extra = {
    "script-src": ["'wasm-unsafe-eval'", "'unsafe-eval'", "blob:"],  # anywidget imports its module from a blob:
    "worker-src": ["blob:"],
    "img-src": ["blob:"],
}


def policy(page: str, extra: Extra | None = None, app: bool = False) -> str:
    """The policy for one page: the site itself, plus the hashes of this page's own inline code.

    ``app``: a browser-notebook page, whose interface adds styles at run time (so styles may be inline,
    from the site only) and which compiles WebAssembly."""
    body = _META.sub("", page)
    scripts = [
        code for attrs, code in _SCRIPT.findall(body) if "src=" not in attrs and not _NOT_RUN.search(attrs)
    ]
    handlers = [html.unescape(a or b) for a, b in _HANDLER.findall(body)]
    styles = _STYLE.findall(body)
    style_attrs = [html.unescape(a or b) for a, b in _STYLE_ATTR.findall(body)]
    # 'unsafe-hashes' lets an attribute run only if its hash is listed: no other inline code runs.
    script_src = ["'self'", *_hashes(scripts)] + (["'unsafe-hashes'", *_hashes(handlers)] if handlers else [])
    style_src = ["'self'", *_hashes(styles)] + (
        ["'unsafe-hashes'", *_hashes(style_attrs)] if style_attrs else []
    )
    directives = {
        "default-src": ["'self'"],
        "script-src": script_src,
        "style-src": style_src,
        # data: images and fonts are inside the page's own files (theme icons), not another host.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    if app:
        directives["style-src"] = ["'self'", "'unsafe-inline'"]
        for name, sources in APP_SOURCES.items():
            directives.setdefault(name, ["'self'"]).extend(sources)
    for name, hosts in (extra or {}).items():
        directives.setdefault(name, ["'self'"]).extend(hosts)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(page: str, extra: Extra | None = None, app: bool = False) -> str:
    """The page with its policy as the first thing in <head> (replacing an earlier one), so it governs
    every script and style that follows."""
    page = _META.sub("", page)
    meta = f'<meta http-equiv="Content-Security-Policy" id="{META_ID}" content="{policy(page, extra, app)}">\n'
    charset = _CHARSET.search(page)
    head = page.lower().find("<head>")
    # A page with neither (the root redirect) takes the policy first.
    at = charset.end() if charset else head + len("<head>") if head >= 0 else 0
    return page[:at] + meta + page[at:]


def apply_to_site(outdir: Path, extra: Extra | None = None, app: bool = False, skip: tuple = ()) -> int:
    """Add the policy to every HTML page of a built site (or of the browser notebooks: ``app``),
    except in the top-level folders ``skip``."""
    pages = site_pages(outdir, skip)
    for path in pages:
        path.write_text(with_policy(path.read_text(encoding="utf-8"), extra, app), encoding="utf-8")
    return len(pages)
