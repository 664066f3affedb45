"""The SCORM 1.2 package (`stt-course scorm`): a manifest an LMS accepts, every file listed and present,
no browser notebooks and no links to them, nothing loaded from another host, the tutor's pass mark.

Most tests use a small stand-in for the built book; the last ones package the real one."""

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from stt_course.authoring.cli import main
from stt_course.book.scorm import (
    LAUNCH_PAGE,
    MANIFEST,
    SUSPEND_LIMIT,
    ScormError,
    build_package,
    foreign_loads,
    longest_suspend_data,
)

NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
CATALOGUE = [
    {"id": "ch1", "title": "One", "quizzes": [{"id": "ch1-a", "title": "A"}, {"id": "ch1-b", "title": "B"}]},
    {"id": "final", "title": "Final assessment", "quizzes": [{"id": "final-assessment", "title": "Final"}]},
]


def page(body: str, title: str = "Page", head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} &#8212; A course</title>'
        f"{head}</head><body>{body}</body></html>"
    )


def make_site(root: Path, catalogue: list[dict] = CATALOGUE) -> Path:
    """A stand-in for _build/html with what the packager relies on."""
    site = root / "html"
    files = {
        "index.html": '<meta http-equiv="Refresh" content="0; url=book/intro.html" />',
        "book/intro.html": page('<a href="progress.html">Progress</a><img src="../_static/logo.png" alt="">'),
        "book/progress.html": page(
            '<div class="stt-progress" data-stt-id="progress"><script type="application/json" class="stt-data">'
            + json.dumps(catalogue)
            + '</script></div><script type="module" async src="../_static/stt/boot.js"></script>',
            title="Your progress",
        ),
        "notebooks/ch1.html": page(
            '<p class="stt-launch"><a href="../lite/notebooks/index.html?path=ch1.ipynb">Run this chapter in '
            "your browser</a> (a notebook)</p>\n<h1>Chapter 1</h1>"
        ),
        "_static/stt/boot.js": 'import { startLms } from "./lms.js";\n',
        "_static/stt/lms.js": "export const x = 1;\n",
        "_static/logo.png": "png",
        "_static/theme.css": "body { background: url(img/bg.png); }",
        "lite/notebooks/index.html": page("the browser notebooks"),
        "lite/pyodide.asm.wasm": "x" * 1000,
        ".buildinfo": "sphinx",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def listed_files(zf: zipfile.ZipFile) -> tuple[ET.Element, list[str]]:
    root = ET.fromstring(zf.read(MANIFEST))
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    return root, [unquote(f.get("href")) for f in resource.findall("cp:file", NS)]


def assert_valid_scorm12(zf: zipfile.ZipFile, mastery: int) -> None:
    """What an LMS checks when it imports a SCORM 1.2 package."""
    root, files = listed_files(zf)
    assert root.tag == f"{{{NS['cp']}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    orgs = root.find("cp:organizations", NS)
    (org,) = orgs.findall("cp:organization", NS)
    assert orgs.get("default") == org.get("identifier")
    assert org.findtext("cp:title", namespaces=NS)
    (item,) = org.findall("cp:item", NS)
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == str(mastery)
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == LAUNCH_PAGE
    in_zip = set(zf.namelist()) - {MANIFEST}
    assert MANIFEST in zf.namelist()
    assert sorted(files) == sorted(in_zip), (
        "every file of the package is listed, and every listed file is there"
    )
    assert LAUNCH_PAGE in in_zip


def test_package_is_valid_scorm12_with_every_file_listed(site, tmp_path):
    package = build_package(site, tmp_path / "out" / "course.zip", 75)
    with zipfile.ZipFile(package.path) as zf:
        assert_valid_scorm12(zf, 75)
        names = zf.namelist()
        assert not [n for n in names if n.startswith("lite/")], "the browser notebooks stay out"
        assert ".buildinfo" not in names
        chapter = zf.read("notebooks/ch1.html").decode()
        assert "lite/" not in chapter and "stt-launch" not in chapter and "<h1>Chapter 1</h1>" in chapter
    assert package.files == len(names) and package.quizzes == 3 and package.final == ["final-assessment"]


def test_launch_page_holds_the_course_data_and_the_book_front_end(site, tmp_path):
    package = build_package(site, tmp_path / "course.zip", 80)
    with zipfile.ZipFile(package.path) as zf:
        launch = zf.read(LAUNCH_PAGE).decode()
        assert "_static/stt/scorm-launch.css" in zf.namelist()
    assert '<meta http-equiv="Content-Security-Policy"' in launch
    # The book's front end, from the package's root.
    assert '<script type="module" async src="_static/stt/boot.js"></script>' in launch
    data = json.loads(re.search(r'id="stt-scorm-course">(.*?)</script>', launch).group(1))
    assert data == {
        "quizzes": ["ch1-a", "ch1-b"],
        "final": ["final-assessment"],
        "mastery": 80,
        "start": "index.html",
    }
    assert '<iframe class="stt-scorm-frame" title="A course" hidden>' in launch
    assert 'href="index.html">open the course</a>' in launch  # where scripts do not run


def test_same_book_gives_the_same_zip(site, tmp_path):
    first = build_package(site, tmp_path / "a.zip", 80).path.read_bytes()
    assert build_package(site, tmp_path / "b.zip", 80).path.read_bytes() == first


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.html", '<script src="https://cdn.example.org/x.js"></script>'),
        ("a.html", "<img alt='' src='//cdn.example.org/x.png'>"),
        ("a.html", '<link href="https://fonts.example.org/f.css" rel="stylesheet">'),
        ("a.html", '<iframe title="v" src="https://video.example.org/embed"></iframe>'),
        ("a.html", '<img alt="" srcset="a.png 1x, https://cdn.example.org/b.png 2x">'),
        ("a.css", "@font-face { src: url('https://fonts.example.org/f.woff2'); }"),
        ("a.css", '@import "https://cdn.example.org/x.css";'),
        ("a.js", 'import { x } from "https://cdn.example.org/x.js";'),
    ],
)
def test_anything_loaded_from_another_host_is_found(name, text):
    assert foreign_loads(name, text)


def test_links_to_other_sites_are_not_loads():
    text = '<a href="https://example.org/">a link</a><link rel="canonical" href="https://example.org/">'
    assert foreign_loads("a.html", text + '<script src="../_static/x.js"></script>') == []


def test_a_page_that_loads_from_another_host_stops_the_package(site, tmp_path):
    (site / "book" / "intro.html").write_text(page('<script src="https://cdn.example.org/x.js"></script>'))
    with pytest.raises(
        ScormError, match=r"book/intro\.html: loads from another host \(.*https://cdn\.example\.org/x\.js\)"
    ):
        build_package(site, tmp_path / "course.zip", 80)
    assert not (tmp_path / "course.zip").exists()


def test_too_many_quizzes_for_scorm12_suspend_data(tmp_path):
    quizzes = [{"id": f"ch1-a-very-long-quiz-identifier-{n:04d}", "title": "Q"} for n in range(150)]
    catalogue = [{"id": "ch1", "title": "One", "quizzes": quizzes}]
    assert longest_suspend_data([{"id": "ch1", "quizzes": [q["id"] for q in quizzes]}]) > SUSPEND_LIMIT
    with pytest.raises(ScormError, match=r"too many quizzes for SCORM 1\.2"):
        build_package(make_site(tmp_path, catalogue), tmp_path / "course.zip", 80)


# --- the command ------------------------------------------------------------------------------------


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_writes_the_package_with_the_configured_pass_mark(site, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    stt_scorm_mastery: 65\n")
    code, _, err = run(["scorm", "--site", str(site)], capsys)
    assert code == 0, err
    out = tmp_path / "_build" / "scorm" / "stt-course-scorm12.zip"
    assert f"Wrote {Path('_build/scorm/stt-course-scorm12.zip')}: SCORM 1.2" in err and "pass mark 65%" in err
    with zipfile.ZipFile(out) as zf:
        assert_valid_scorm12(zf, 65)
    code, _, err = run(["scorm", "--site", str(site), "--mastery", "90", "-o", "x.zip"], capsys)
    assert code == 0 and "pass mark 90%" in err
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert_valid_scorm12(zf, 90)


@pytest.mark.parametrize("config", [None, "title: A course\n", "sphinx: [not, a, mapping]\n"])
def test_command_default_pass_mark_is_80(site, tmp_path, monkeypatch, capsys, config):
    monkeypatch.chdir(tmp_path)
    if config:
        (tmp_path / "_config.yml").write_text(config)
    code, _, err = run(["scorm", "--site", str(site), "-o", "x.zip"], capsys)
    assert code == 0 and "pass mark 80%" in err


@pytest.mark.parametrize(
    ("argv", "config", "message"),
    [
        (
            ["--mastery", "eighty"],
            "",
            "No package written: --mastery: expected the pass mark as a whole number from 0 to 100, "
            "got 'eighty'",
        ),
        (["--mastery", "101"], "", "got '101'"),
        (
            [],
            "sphinx:\n  config:\n    stt_scorm_mastery: 80.5\n",
            "No package written: _config.yml: sphinx: config: stt_scorm_mastery: expected the pass mark as a "
            "whole number from 0 to 100, got '80.5'",
        ),
        ([], "sphinx: [unclosed\n", "No package written: _config.yml: line 2, column 1: invalid YAML"),
        (["--site", "broken"], "", "No package written: broken/book/progress.html: the progress table's data"),
    ],
)
def test_command_bad_input_is_one_line(site, tmp_path, monkeypatch, capsys, argv, config, message):
    monkeypatch.chdir(tmp_path)
    broken = make_site(tmp_path / "broken-site")
    broken.rename(tmp_path / "broken")
    progress = tmp_path / "broken" / "book" / "progress.html"
    progress.write_text(progress.read_text().replace('[{"id": "ch1"', '[{"no-id": "ch1"'))
    if config:
        (tmp_path / "_config.yml").write_text(config)
    code, out, err = run(["scorm", "--site", str(site), "-o", "x.zip", *argv], capsys)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.zip").exists()


def test_command_without_a_built_book_says_to_build_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["scorm", "--site", "nowhere"], capsys)
    assert code == 1
    assert err.strip() == (
        "No package written: nowhere: no built book there (expected index.html and book/progress.html): "
        "run `make book`"
    )


# --- the real book --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_package(built_site, tmp_path_factory):
    return build_package(built_site, tmp_path_factory.mktemp("scorm") / "stt-course-scorm12.zip", 80)


def test_real_package_is_valid_and_leaves_out_the_browser_notebooks(real_package, the_course):
    with zipfile.ZipFile(real_package.path) as zf:
        assert_valid_scorm12(zf, 80)
        assert not [n for n in zf.namelist() if n.startswith("lite/")]
    assert real_package.quizzes == len(the_course.quizzes)
    final = [q.id for bank in the_course.banks.values() if bank.chapter == "final" for q in bank.quizzes]
    assert real_package.final == final == ["final-assessment"]


def test_real_package_loads_nothing_from_another_host(real_package):
    with zipfile.ZipFile(real_package.path) as zf:
        found = {n: foreign_loads(n, zf.read(n).decode("utf-8", "replace")) for n in zf.namelist()}
    assert {n: f for n, f in found.items() if f} == {}


def test_every_link_in_the_real_package_leads_somewhere(real_package):
    """No link or reference inside the package points at a file it does not hold (such as lite/)."""
    ref = re.compile(r"""\s(?:href|src)=["']([^"']+)["']""")
    with zipfile.ZipFile(real_package.path) as zf:
        names = set(zf.namelist())
        dead = set()
        # (_static's .html files are the theme's template fragments, not pages.)
        for name in (n for n in names if n.endswith(".html") and not n.startswith("_static/")):
            for target in ref.findall(zf.read(name).decode("utf-8")):
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # another site, mailto:, or a place on the same page
                path = PurePosixPath(name).parent / unquote(parts.path)
                resolved = "/".join(_normal(path.parts))
                if resolved not in names and f"{resolved}/index.html".lstrip("/") not in names:
                    dead.add(f"{name} -> {target}")
    assert sorted(dead) == []


def _normal(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "..":
            out = out[:-1]
        elif p not in (".", ""):
            out.append(p)
    return out
