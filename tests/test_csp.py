"""The Content-Security-Policy every published page carries: the site itself, plus the page's own inline
code by hash, so nothing else runs or loads."""

import base64
import hashlib

from stt_course.book.csp import policy, with_policy

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8" />
<script>var a = 1;</script>
<script type="application/json" class="stt-data">{"x": 1}</script>
<script src="_static/x.js"></script>
<style>p { color: red; }</style>
</head><body><button onclick="window.print()" style="width: 33%">Print</button></body></html>
"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directive(page: str, name: str) -> list[str]:
    return next(d.split()[1:] for d in policy(page).split("; ") if d.split()[0] == name)


def test_only_the_site_itself_and_the_pages_own_inline_code():
    assert directive(PAGE, "default-src") == ["'self'"]
    assert directive(PAGE, "connect-src") == ["'self'"]
    scripts = directive(PAGE, "script-src")
    # The inline script and the print button's handler, by hash; not the JSON data block.
    assert scripts == ["'self'", sha("var a = 1;"), "'unsafe-hashes'", sha("window.print()")]
    assert directive(PAGE, "style-src") == [
        "'self'",
        sha("p { color: red; }"),
        "'unsafe-hashes'",
        sha("width: 33%"),
    ]
    assert not any(s.startswith("http") or s == "'unsafe-inline'" for s in policy(PAGE).split())


def test_policy_comes_first_in_head_and_is_replaced_not_repeated():
    once = with_policy(PAGE)
    head = once.split("<head>", 1)[1]
    assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script>")
    assert with_policy(once) == once


def test_a_host_a_tutor_adds_is_allowed():
    extra = {"frame-src": ["https://video.example.org"], "img-src": ["https://img.example.org"]}
    directives = {d.split()[0]: d.split()[1:] for d in policy(PAGE, extra).split("; ")}
    assert directives["frame-src"] == ["'self'", "https://video.example.org"]
    assert directives["img-src"] == ["'self'", "data:", "https://img.example.org"]


def test_the_hosts_a_tutor_allows_are_read_for_the_finished_site(tmp_path):
    """make book renews each page's policy after minifying: with the hosts of stt_csp_extra in _config.yml."""
    from tools.minify import csp_extra

    (tmp_path / "_config.yml").write_text(
        "title: x\nsphinx:\n  config:\n    stt_csp_extra:\n      frame-src: ['https://www.youtube-nocookie.com']\n"
    )
    assert csp_extra(tmp_path) == {"frame-src": ["https://www.youtube-nocookie.com"]}
    (tmp_path / "_config.yml").write_text("title: x\n")
    assert csp_extra(tmp_path) == {}
