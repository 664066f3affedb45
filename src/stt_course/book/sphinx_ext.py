"""Sphinx extension for the published book: quizzes that work with no kernel and load nothing from
another host.

- Serves the quiz front end (web/stt/) from the site's own _static/stt/ and adds it only to pages
  that hold a quiz, a checker or the progress table, as one classic script per kind of page
  (``page_script``), so the book also works opened from disk.
- Drops the ipywidgets state and the CDN scripts (require.js, html-manager) that myst-nb would add
  for notebooks saved with widget state: the quizzes render from their text/html output instead.
- Adds the ``stt-progress`` directive: the "Your progress" table, filled in from localStorage, and the
  ``stt-chapters`` directive: the list of chapters, from the table of contents.
- Gives every page a Content-Security-Policy that allows the site itself only (see ``csp``), and leaves
  out the theme's icon script (see ``icons``).
- Puts a "Run this chapter in your browser" link on each chapter page, to the browser notebooks
  (``stt_lite_url``: ``lite/`` inside the book by default; empty turns the links off).
"""

import html
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.application import Sphinx

from stt_course.book.csp import apply_to_site
from stt_course.book.embed import WEB_STT, static_block
from stt_course.book.icons import drop_icon_script
from stt_course.book.notebook_index import TocChapter, quiz_order, toc_chapters
from stt_course.book.page_script import FEATURES, modules_for, script_name, write_page_scripts
from stt_course.book.pybtex_plugins import register_installed_plugins
from stt_course.checker.widget import rules_block as checker_rules_block
from stt_course.markup import to_html
from stt_course.quiz.course import course

# Pages that need the front end: those with a quiz or a checker (page_script.FEATURES) or the progress table.
MARKERS = (*FEATURES, "stt-progress")


def _add_static_path(app: Sphinx) -> None:
    # Copied to _static/stt/, so the book serves the same files the widgets load.
    app.config.html_static_path.append(str(WEB_STT.parent))
    # The page scripts are made from web/stt/ at each build, beside the doctrees (not in the source tree).
    made = Path(app.doctreedir) / "stt-page-scripts"
    write_page_scripts(made / "stt")
    app.config.html_static_path.append(str(made))


def _drop_widget_state(app: Sphinx, env: Any) -> None:
    for data in getattr(env, "nb_metadata", {}).values():
        js_files = data.get("js_files") or {}
        for key in [k for k in js_files if k.startswith("ipywidgets")]:
            del js_files[key]


def _add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body", "")
    # docutils gives the bibliography role="list" but its entries are not list items, which
    # screen readers (and axe) reject: drop the role, keep the entries.
    context["body"] = body = body.replace(
        '<div role="list" class="citation-list">', '<div class="citation-list">'
    )
    if pagename.startswith("notebooks/") and app.config.stt_lite_url:
        context["body"] = body = launch_link(app.config.stt_lite_url, pagename) + body
    if any(marker in body for marker in MARKERS):
        app.add_css_file("stt/quiz.css")
        if "stt-checker-static" in body:
            app.add_css_file("stt/checker.css")
            context["body"] = body = body + checker_rules_block()  # once per page, for every checker on it
        # One classic script per kind of page (see page_script): it works from file://, where browsers
        # refuse ES modules, and it is fetched early (preload in the head) and run right where the
        # content ends, so the first quiz is live without waiting for the theme's deferred scripts.
        src = context["pathto"](f"_static/stt/{script_name(modules_for(body))}", 1)
        preload = f'<link rel="preload" as="script" fetchpriority="high" href="{src}">\n'
        context["metatags"] = context.get("metatags", "") + preload
        context["body"] = body + f'\n<script src="{src}"></script>\n'


def launch_link(lite_url: str, pagename: str) -> str:
    """A plain link (nothing loads until it is clicked) that opens this chapter's notebook in the browser."""
    base = lite_url if "://" in lite_url else "../" * pagename.count("/") + lite_url
    href = f"{base.rstrip('/')}/notebooks/index.html?path={pagename.split('/')[-1]}.ipynb"
    return (
        f'<p class="stt-launch"><a href="{html.escape(href)}">Run this chapter in your browser</a> '
        "(a notebook you can run and change, here in your browser, with nothing to install)</p>\n"
    )


def progress_catalogue(root: Path) -> list[dict]:
    """Chapters with their quizzes, in the order of the book's table of contents, for the progress page."""
    the_course = course()
    shown = quiz_order(root)
    order = shown + [q for q in the_course.quizzes if q not in shown]
    bank_of = {q.id: bank for bank in the_course.banks.values() for q in bank.quizzes}
    chapters: dict[str, dict] = {}
    for quiz_id in order:
        bank = bank_of[quiz_id]
        chapter = chapters.setdefault(
            bank.chapter, {"id": bank.chapter, "title": to_html(bank.title), "quizzes": []}
        )
        chapter["quizzes"].append({"id": quiz_id, "title": to_html(the_course.quizzes[quiz_id].title)})
    return list(chapters.values())


class ProgressDirective(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.state.document.settings.env.srcdir)
        raw = static_block(
            "stt-progress",
            "progress",
            progress_catalogue(srcdir),
            "Your scores appear here once you have checked a quiz in this browser.",
        )
        return [nodes.raw("", raw, format="html")]


class ChaptersDirective(Directive):
    """The course's chapters, by part of the table of contents, numbered and linked as the book shows them:
    a chapter added to ``_toc.yml`` appears in every list with no page to edit."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        root = Path(env.srcdir)
        env.note_dependency(str(root / "_toc.yml"))
        parts = nodes.bullet_list(classes=["stt-chapters"])
        by_part: dict[str, list[TocChapter]] = {}
        for chapter in toc_chapters(root):
            by_part.setdefault(chapter.part, []).append(chapter)
        for caption, chapters in by_part.items():
            numbered = all(ch.number for ch in chapters)
            items = nodes.enumerated_list(enumtype="arabic") if numbered else nodes.bullet_list()
            if numbered and chapters[0].number != 1:
                items["start"] = chapters[0].number
            for chapter in chapters:
                docname = chapter.path.relative_to(root).with_suffix("").as_posix()
                ref = addnodes.pending_xref(
                    "", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=False
                )
                ref["refdoc"] = env.docname
                ref += nodes.inline("", docname, classes=["xref", "std", "std-doc"])
                items += nodes.list_item("", nodes.paragraph("", "", ref))
            head = nodes.paragraph("", "", nodes.strong(caption, caption)) if caption else None
            parts += nodes.list_item("", *([head] if head else []), items)
        return [parts]


def _finish_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        # lite/ (the browser notebooks) is built later by tools.lite, with its own policy.
        drop_icon_script(Path(app.outdir), skip=("lite",))
        apply_to_site(Path(app.outdir), app.config.stt_csp_extra, skip=("lite",))


def setup(app: Sphinx) -> dict:
    register_installed_plugins()  # the citations resolve several times faster
    app.connect("builder-inited", _add_static_path)
    app.connect("env-updated", _drop_widget_state)
    # Before myst-nb (priority 500), so the page's own assets are in place; Sphinx resets per page.
    app.connect("html-page-context", _add_page_assets, priority=400)
    app.add_directive("stt-progress", ProgressDirective)
    app.add_directive("stt-chapters", ChaptersDirective)
    app.add_config_value("stt_csp_extra", {}, "html", dict)
    app.add_config_value("stt_lite_url", "lite/", "html", str)
    # The SCORM package's pass mark (read by `stt-course scorm`, see stt_course.book.scorm), declared here so
    # that setting it in _config.yml is not an unknown-setting warning.
    app.add_config_value("stt_scorm_mastery", 80, "", int)
    app.connect("build-finished", _finish_site)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
