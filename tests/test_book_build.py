"""The book builds with warnings as errors, and every chapter and page is in it."""

import re

from tests.conftest import ROOT
from tools.minify import inline_page_script


def test_book_builds_with_every_page_of_the_toc(built_site):
    toc = (ROOT / "_toc.yml").read_text()
    for doc in [*re.findall(r"file: (\S+)", toc), re.search(r"root: (\S+)", toc)[1]]:
        assert (built_site / f"{doc}.html").is_file(), doc
    assert (built_site / "index.html").is_file()
    assert (built_site / "favicon.ico").is_file()  # browsers ask for it at the root


def test_quiz_pages_carry_their_quiz_data_and_no_widget_cdn(built_site, the_course):
    pages = "".join(p.read_text() for p in (built_site / "notebooks").glob("*.html"))
    for quiz_id in the_course.quizzes:
        assert f'data-stt-id="{quiz_id}"' in pages, quiz_id
    assert "require.js" not in pages and "embed-amd" not in pages
    assert "application/vnd.jupyter.widget-state+json" not in pages


def test_each_chapter_page_links_to_its_browser_notebook(built_site):
    for page in sorted((built_site / "notebooks").glob("*.html")):
        href = f"../lite/notebooks/index.html?path={page.stem}.ipynb"
        assert f'<a href="{href}">Run this chapter in your browser</a>' in page.read_text(), page.name


def test_every_page_carries_the_content_security_policy(built_site):
    pages = [p for p in built_site.rglob("*.html") if "_static" not in p.parts and "lite" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        assert '<meta http-equiv="Content-Security-Policy"' in page.read_text(), page


def test_no_page_loads_the_themes_icon_script(built_site):
    """The icons come from the theme's icon font; its 1.5 MB script that redraws them is left out."""
    pages = [p for p in built_site.rglob("*.html") if "_static" not in p.parts and "lite" not in p.parts]
    assert [p.name for p in pages if "fontawesome.js" in p.read_text()] == []
    assert not (built_site / "_static" / "scripts" / "fontawesome.js").exists()


BUDGET_BYTES = 30 * 1024


def course_assets(page_html: str) -> set[str]:
    """The files of _static/stt/ a page loads (scripts and style sheets)."""
    names = re.findall(r'(?:src|href)="[^"]*_static/stt/([^"?]+)', page_html)
    return {n for n in names if n.endswith((".js", ".css"))}


def test_each_quiz_and_checker_page_adds_at_most_30_kb(built_site):
    """What a page with quizzes (or the credential checker) costs a student beyond any other page: the
    minified page script (inside the page) and the style sheets, each at most 30 KB in all."""
    static = built_site / "_static" / "stt"
    for page in sorted((built_site / "notebooks").glob("*.html")):
        html = page.read_text()
        assets = course_assets(html)
        # The page script is inside the page (make book puts it there, minified): no request for it.
        inline = inline_page_script(html)
        assert inline and not any(a.startswith("page") for a in assets), page.name
        added = sum((static / a).stat().st_size for a in assets) + len(inline.encode())
        assert added <= BUDGET_BYTES, f"{page.name}: {added} bytes ({', '.join(sorted(assets))} and the script)"
