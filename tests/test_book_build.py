"""The book builds with warnings as errors, and every chapter and page is in it."""

import re

from tests.conftest import ROOT


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
