"""The course as a SCORM 1.2 package, for an LMS (Moodle, Blackboard, Canvas…): ``stt-course scorm``.

Made from the built book (``_build/html``): every page and asset except the browser notebooks (``lite/``,
about 48 MB) and the links to them; a launch page (``scorm.html``) that opens one session with the LMS
and shows the book in a frame (see ``web/stt/lms.js``); and ``imsmanifest.xml``, which lists every file.
Nothing in it loads from another host, and every page keeps its Content-Security-Policy.
"""

import html
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from stt_course.book.config import book_setting
from stt_course.book.csp import with_policy
from stt_course.book.embed import json_for_script
from stt_course.problems import DataError

PACKAGE_NAME = "stt-course"
LAUNCH_PAGE = "scorm.html"
LAUNCH_CSS = "_static/stt/scorm-launch.css"
START_PAGE = "index.html"
MANIFEST = "imsmanifest.xml"
DEFAULT_MASTERY = 80
MASTERY_SETTING = "stt_scorm_mastery"  # in _config.yml, under sphinx: config:
FINAL_CHAPTER = "final"  # the bank whose quizzes are the final assessment
LEFT_OUT = ("lite",)  # top-level folders of the site that the package leaves out
SUSPEND_LIMIT = 4096  # SCORM 1.2's cap on cmi.suspend_data, which holds every quiz's last score
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same book gives the same zip

# The "Run this chapter in your browser" paragraph (sphinx_ext.launch_link): it leads to lite/.
_LAUNCH_LINK = re.compile(r'<p class="stt-launch">.*?</p>\n?', re.S)
_PROGRESS_DATA = re.compile(
    r'<div class="stt-progress"[^>]*><script type="application/json" class="stt-data">(.*?)</script>', re.S
)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The front end's scripts on the progress page, which the launch page loads too.
_STT_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="\.\./_static/stt/[^"]*"[^>]*>\s*</script>')

# What a page, a style sheet or a script would load: a script, style, image, font, frame or media.
_REMOTE = r"""["']?\s*(?:https?:)?//"""
_LOADS = [
    re.compile(
        rf"<(?:script|img|iframe|frame|embed|source|audio|video|track|input)\b[^>]*?\ssrc\s*=\s*{_REMOTE}", re.I
    ),
    re.compile(rf"<(?:video)\b[^>]*?\sposter\s*=\s*{_REMOTE}", re.I),
    re.compile(rf"<object\b[^>]*?\sdata\s*=\s*{_REMOTE}", re.I),
    re.compile(r"\ssrcset\s*=\s*[\"'][^\"']*(?:https?:)?//", re.I),
    re.compile(
        r"<link\b(?=[^>]*\srel\s*=\s*[\"']?[^\"'>]*(?:stylesheet|icon|preload|prefetch|manifest))"
        + rf"[^>]*\shref\s*=\s*{_REMOTE}",
        re.I,
    ),
    re.compile(rf"url\(\s*{_REMOTE}", re.I),
    re.compile(rf"@import\s+(?:url\()?\s*{_REMOTE}", re.I),
    re.compile(rf"\bimport\s*(?:\(|[^;()]*?\bfrom\s*)\s*{_REMOTE}"),
    re.compile(rf"\bimportScripts\(\s*{_REMOTE}"),
]
_SCANNED = (".html", ".htm", ".css", ".js", ".mjs", ".svg", ".xml")


class ScormError(Exception):
    """A problem that stops the package, as one line for the tutor."""


@dataclass
class Package:
    path: Path
    files: int
    size: int  # bytes of the zip
    mastery: int
    quizzes: int
    final: list[str]


def default_output() -> Path:
    return Path("_build") / "scorm" / f"{PACKAGE_NAME}-scorm12.zip"


def check_mastery(value: object, where: str) -> int:
    """A mastery score (the pass mark, in percent): a whole number from 0 to 100."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,3}", text) or int(text) > 100:
        raise ScormError(f"{where}: expected the pass mark as a whole number from 0 to 100, got {text!r}")
    return int(text)


def mastery_from_config(config: Path) -> int:
    """``stt_scorm_mastery`` under ``sphinx: config:`` in _config.yml, else the default (80)."""
    try:
        value = book_setting(config, MASTERY_SETTING)
    except DataError as exc:
        raise ScormError(str(exc)) from None
    if value is None:
        return DEFAULT_MASTERY
    return check_mastery(value, f"{config}: sphinx: config: {MASTERY_SETTING}")


def read_catalogue(site: Path) -> tuple[str, list[dict]]:
    """The book's title and its chapters with their quiz ids, in book order, as its progress page lists
    them (so the package always matches the pages it holds); the final assessment's chapter is marked."""
    page = site / "book" / "progress.html"
    if not (site / START_PAGE).is_file() or not page.is_file():
        raise ScormError(
            f"{site}: no built book there (expected {START_PAGE} and book/progress.html): run `make book`"
        )
    text = page.read_text(encoding="utf-8")
    found = _PROGRESS_DATA.search(text)
    title = _TITLE.search(text)
    if not found or not title:
        raise ScormError(f"{page}: the progress table's data is missing: rebuild the book with `make book`")
    try:
        chapters = [
            {"id": ch["id"], "quizzes": [q["id"] for q in ch["quizzes"]]} for ch in json.loads(found[1])
        ]
    except (ValueError, KeyError, TypeError):
        raise ScormError(
            f"{page}: the progress table's data cannot be read: rebuild the book with `make book`"
        ) from None
    for ch in chapters:
        if ch["id"] == FINAL_CHAPTER:
            ch["final"] = True
    return html.unescape(title.group(1).split(" &#8212; ")[-1]).strip(), chapters


def final_quizzes(chapters: list[dict]) -> list[str]:
    return [q for ch in chapters if ch.get("final") for q in ch["quizzes"]]


def longest_suspend_data(chapters: list[dict]) -> int:
    """cmi.suspend_data's length with every quiz checked (lms.js's encodeProgress), scores of 3 digits."""
    quizzes = {q: [999, 999] for ch in chapters for q in ch["quizzes"]}
    return len(json.dumps({"v": 1, "q": quizzes}, separators=(",", ":")))


def foreign_loads(name: str, text: str) -> list[str]:
    """What a file of the package would load from another host (empty: nothing)."""
    if not name.lower().endswith(_SCANNED):
        return []
    found = []
    for pattern in _LOADS:
        for m in pattern.finditer(text):
            rest = re.match(r"[^\s\"'()<>]*", text[m.end() :]).group(0)
            found.append((m.group(0) + rest)[-120:])
    return found


def packaged_files(site: Path) -> list[str]:
    """The site's files that go into the package, as relative POSIX paths, sorted."""
    names = []
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if path.is_file() and rel.parts[0] not in LEFT_OUT and not rel.parts[0].startswith("."):
            names.append(rel.as_posix())
    return sorted(names)


def packaged_page(text: str) -> str:
    """A page of the book as packaged: without the links to the browser notebooks."""
    return _LAUNCH_LINK.sub("", text)


def launch_page(title: str, chapters: list[dict], mastery: int, progress_page: str) -> str:
    """The page the LMS opens: the course's data for lms.js, the book's front end (the scripts the
    progress page loads), and the frame the book is shown in."""
    data = {
        "quizzes": [q for ch in chapters if not ch.get("final") for q in ch["quizzes"]],
        "final": final_quizzes(chapters),
        "mastery": mastery,
        "start": START_PAGE,
    }
    scripts = "\n".join(s.replace('src="../', 'src="') for s in _STT_SCRIPT.findall(progress_page))
    if "_static/stt/" not in scripts:
        raise ScormError(
            "book/progress.html: the course's scripts are missing: rebuild the book with `make book`"
        )
    name = html.escape(title)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<link rel="stylesheet" href="{LAUNCH_CSS}">
</head>
<body>
<script type="application/json" id="stt-scorm-course">{json_for_script(data)}</script>
<iframe class="stt-scorm-frame" title="{name}" hidden></iframe>
<p class="stt-scorm-wait">The course is starting. If it does not appear,
<a href="{START_PAGE}">open the course</a>.</p>
{scripts}
</body>
</html>
"""
    return with_policy(page)


LAUNCH_STYLES = """\
/* The SCORM package's launch page: the book fills the frame the LMS gives it. */
html, body { margin: 0; height: 100%; }
.stt-scorm-frame { display: block; width: 100%; height: 100%; border: 0; }
.stt-scorm-frame[hidden], .stt-scorm-frame:not([hidden]) ~ .stt-scorm-wait { display: none; }
.stt-scorm-wait { margin: 1rem; font-family: sans-serif; }
"""


def manifest(title: str, mastery: int, files: list[str]) -> str:
    """imsmanifest.xml (SCORM 1.2): one organisation, one item, one SCO resource listing every file."""
    esc = html.escape
    listed = "\n".join(f'      <file href="{esc(quote(f))}"/>' for f in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{PACKAGE_NAME}-scorm12" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{PACKAGE_NAME}-org">
    <organization identifier="{PACKAGE_NAME}-org">
      <title>{esc(title)}</title>
      <item identifier="{PACKAGE_NAME}-item" identifierref="{PACKAGE_NAME}-sco" isvisible="true">
        <title>{esc(title)}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{PACKAGE_NAME}-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">
{listed}
    </resource>
  </resources>
</manifest>
"""


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build_package(site: Path, out: Path, mastery: int) -> Package:
    """Write the SCORM 1.2 zip of the built book at ``site`` to ``out``."""
    site = Path(site)
    title, chapters = read_catalogue(site)
    if (n := longest_suspend_data(chapters)) > SUSPEND_LIMIT:
        raise ScormError(
            f"{site}: the course has too many quizzes for SCORM 1.2: their scores need up to {n} characters "
            f"of the LMS's {SUSPEND_LIMIT} (cmi.suspend_data)"
        )
    contents: dict[str, bytes] = {}
    for name in packaged_files(site):
        data = (site / name).read_bytes()
        if name.endswith(".html"):
            try:
                data = packaged_page(data.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                raise ScormError(f"{site / name}: expected a page in UTF-8 text: rebuild the book") from None
        contents[name] = data
    progress = contents["book/progress.html"].decode("utf-8")
    contents[LAUNCH_PAGE] = launch_page(title, chapters, mastery, progress).encode("utf-8")
    contents[LAUNCH_CSS] = LAUNCH_STYLES.encode("utf-8")
    for name, data in contents.items():
        if found := foreign_loads(name, data.decode("utf-8", errors="replace")):
            raise ScormError(f"{site / name}: loads from another host ({found[0]}): the package must not")
    files = sorted(contents)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        _add(zf, MANIFEST, manifest(title, mastery, files).encode("utf-8"))
        for name in files:
            _add(zf, name, contents[name])
    tmp.replace(out)
    quizzes = sum(len(ch["quizzes"]) for ch in chapters)
    return Package(out, len(files) + 1, out.stat().st_size, mastery, quizzes, final_quizzes(chapters))
