"""The theme's icons (menu, search, dark mode, previous and next, download) are drawn from the icon font its
own style sheet declares. The theme also loads fontawesome.js on every page, 1.5 MB that redraws each icon
as an SVG: it is there for custom icons, which the course does not use, and it costs a student's browser
about 100 ms of work on each page. The built site leaves it out."""

import re
from pathlib import Path

from stt_course.book.site_pages import site_pages

SCRIPT_DIR = Path("_static") / "scripts"
# The script and what comes with it: the theme's source map and licence note.
FILES = ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt")
_TAG = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"></script>\n?')


def without_icon_script(page: str) -> str:
    return _TAG.sub("", page)


def drop_icon_script(outdir: Path, skip: tuple = ()) -> int:
    """Take the script out of every HTML page of a built site (but the top-level folders ``skip``) and
    delete its files; the number of pages changed."""
    changed = 0
    for path in site_pages(outdir, skip):
        page = path.read_text(encoding="utf-8")
        if (new := without_icon_script(page)) != page:
            path.write_text(new, encoding="utf-8")
            changed += 1
    for name in FILES:
        (Path(outdir) / SCRIPT_DIR / name).unlink(missing_ok=True)
    return changed
