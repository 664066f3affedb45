"""The Sphinx extension on a two-page project, without the whole book: each page gets exactly the front
end it needs, as one classic script that also runs from disk, and a policy that allows the site only."""

import re
from pathlib import Path

import pytest
from sphinx.application import Sphinx

from stt_course.book.embed import static_block
from stt_course.book.page_script import PageScriptError, page_script, widget_module

QUIZ_PAGE = f"""Quiz page
=========

.. raw:: html

   {static_block("stt-quiz-static", "q1", {"id": "q1"}, "Quiz: q1.")}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text('extensions = ["stt_course.book.sphinx_ext"]\nstt_lite_url = ""\n')
    (src / "index.rst").write_text("Home\n====\n\nNo quiz here.\n\n.. toctree::\n\n   quiz\n")
    (src / "quiz.rst").write_text(QUIZ_PAGE)
    out = src / "_build"
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html", status=None, warning=None)
    app.build()
    return out


def scripts(html: str) -> list[str]:
    return [s.split("?")[0] for s in re.findall(r'<script[^>]*src="([^"]*_static/stt/[^"]*)"', html)]


def test_quiz_page_gets_one_classic_page_script_preloaded(site):
    html = (site / "quiz.html").read_text()
    assert scripts(html) == ["_static/stt/page-quiz.js"]
    assert '<script src="_static/stt/page-quiz.js"></script>' in html  # classic: no type="module"
    assert '<link rel="preload" as="script" fetchpriority="high" href="_static/stt/page-quiz.js">' in html
    assert 'type="module"' not in html
    # The script comes after the quiz block, so it finds the quiz when it runs.
    assert html.index("stt-quiz-static") < html.index('src="_static/stt/page-quiz.js"')
    script = (site / "_static" / "stt" / "page-quiz.js").read_text()
    assert '__registry.set("quiz.js"' in script and '__registry.set("checker.js"' not in script


def test_page_without_quiz_loads_no_quiz_code(site):
    html = (site / "index.html").read_text()
    assert scripts(html) == []
    assert "quiz.css" not in html


def test_every_page_carries_a_policy_that_allows_the_site_only(site):
    for page in ("index.html", "quiz.html"):
        html = (site / page).read_text()
        policy = re.search(r'http-equiv="Content-Security-Policy" id="stt-csp" content="([^"]*)"', html)
        assert policy, page
        assert "default-src 'self'" in policy.group(1) and "script-src 'self'" in policy.group(1), page
        assert "http" not in policy.group(1), page


def test_module_syntax_the_converter_cannot_handle_is_refused(tmp_path):
    (tmp_path / "quiz.js").write_text("const a = 1;\nexport { a };\n")
    (tmp_path / "boot.js").write_text("")
    with pytest.raises(PageScriptError, match=r"quiz\.js, line 2: module syntax"):
        page_script(["quiz.js"], folder=tmp_path)


def test_page_script_registers_exports_and_resolves_imports(tmp_path):
    (tmp_path / "quiz.js").write_text(
        "export function grade() {}\nexport const N = 2;\nexport default { render };\n"
    )
    (tmp_path / "boot.js").write_text(
        'import { N as count } from "./quiz.js";\nconst q = await import("./quiz.js");\n'
    )
    script = page_script(["quiz.js"], folder=tmp_path)
    assert "return { grade, N, default: __default };" in script
    assert 'const { N: count } = __stt.get("quiz.js");' in script
    assert 'const q = await Promise.resolve(__stt.get("quiz.js"));' in script
    assert "(async () => {" in script and "export " not in script


def test_a_module_comes_after_the_modules_it_imports(tmp_path):
    (tmp_path / "dom.js").write_text("export function h() {}\n")
    (tmp_path / "quiz.js").write_text('import { h } from "./dom.js";\nexport default { render: h };\n')
    (tmp_path / "boot.js").write_text("")
    script = page_script(["quiz.js"], folder=tmp_path)
    assert script.index('__registry.set("dom.js"') < script.index('__registry.set("quiz.js"')
    assert 'const { h } = __stt.get("dom.js");' in script


def test_a_widget_module_carries_what_it_imports(tmp_path):
    """anywidget loads a widget's module from a string, where "./dom.js" cannot be fetched."""
    (tmp_path / "dom.js").write_text("// helper\nexport function h() {}\n")
    (tmp_path / "quiz.js").write_text('import { h } from "./dom.js";\nexport default { render: h };\n')
    assert widget_module("quiz.js", tmp_path) == (
        "// --- dom.js\n// helper\nfunction h() {}\n\nexport default { render: h };\n"
    )
    (tmp_path / "dom.js").write_text('import { x } from "./other.js";\nexport function h() {}\n')
    with pytest.raises(PageScriptError, match=r"quiz\.js imports dom\.js, which a widget cannot take"):
        widget_module("quiz.js", tmp_path)


def test_the_widgets_modules_import_nothing_left_to_resolve():
    from stt_course.checker.widget import CheckerWidget
    from stt_course.quiz.widget import QuizWidget

    for widget in (QuizWidget, CheckerWidget):
        module = widget._esm.default_value if hasattr(widget._esm, "default_value") else widget._esm
        assert "function h(" in module and not re.search(r"^import ", module, re.M), widget.__name__


def test_citations_use_the_same_pybtex_plugins_after_the_one_lookup():
    """The extension registers pybtex's plugins once per build (for speed): each name must still give the
    class its installed entry point gives, or references would be formatted by another style."""
    from importlib.metadata import entry_points

    from pybtex.plugin import find_plugin

    from stt_course.book.pybtex_plugins import register_installed_plugins

    assert register_installed_plugins() > 0
    groups = ("pybtex.backends", "pybtex.style.formatting", "pybtex.style.labels", "pybtex.style.names")
    for group in groups:
        installed = entry_points(group=group)
        assert installed, group
        for entry_point in installed:
            assert find_plugin(group, entry_point.name) is entry_point.load(), (group, entry_point.name)
