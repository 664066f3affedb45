"""Minify the course's front end in a built book and put each quiz page's script inside the page
(``python -m tools.minify _build/html``), after ``jupyter-book build`` and before the browser notebooks.

Why: a page with quizzes and the credential checker would otherwise add about 42 KB of script and style;
minified, well under the 30 KB every quiz page is held to. The sources in web/stt/ stay readable (JupyterLab
loads those); only the built site's copies of the page scripts and the two style sheets are replaced.

esbuild (a pinned version from the npm registry, installed once into ``_build/node-tools``) does the work:
it parses the code, so it is safe where a regular-expression minifier is not (nested template literals).
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from stt_course.book.config import book_setting
from stt_course.book.csp import apply_to_site
from stt_course.book.site_pages import site_pages
from stt_course.problems import DataError

ROOT = Path(__file__).resolve().parents[1]
ESBUILD_VERSION = "0.28.2"
TOOLS = ROOT / "_build" / "node-tools"
# What the course adds to the built site's _static/stt/ and the theme never loads.
TARGETS = ("page*.js", "quiz.css", "checker.css")


class MinifyError(Exception):
    """esbuild could not be installed or refused a file."""


def esbuild() -> Path:
    """The esbuild executable, installed from the npm registry on first use."""
    exe = TOOLS / "node_modules" / ".bin" / ("esbuild.cmd" if sys.platform == "win32" else "esbuild")
    version_file = TOOLS / "node_modules" / "esbuild" / "package.json"
    if exe.exists() and f'"version": "{ESBUILD_VERSION}"' in version_file.read_text(encoding="utf-8"):
        return exe
    npm = shutil.which("npm")
    if not npm:
        raise MinifyError(
            "npm is needed once, to fetch esbuild, which makes the book's scripts small: install "
            "Node.js (Debian or Ubuntu: sudo apt-get install npm; macOS or Windows: nodejs.org), "
            "then run make book again"
        )
    TOOLS.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--silent"]
    proc = subprocess.run([*cmd, f"esbuild@{ESBUILD_VERSION}"], capture_output=True, text=True)
    if proc.returncode != 0 or not exe.exists():
        raise MinifyError(f"npm could not install esbuild {ESBUILD_VERSION}: {proc.stderr.strip()[-400:]}")
    return exe


def minify_site(site: Path) -> dict[str, tuple[int, int]]:
    """Minify the course's scripts and styles in a built site, in place: file name -> (before, after)."""
    static = site / "_static" / "stt"
    files = sorted({p for pattern in TARGETS for p in static.glob(pattern)})
    if not files:
        raise MinifyError(f"{static} holds none of the course's page scripts: build the book first")
    exe = esbuild()
    sizes = {}
    for path in files:
        before = path.stat().st_size
        cmd = [str(exe), str(path), "--minify", f"--outfile={path}", "--allow-overwrite", "--log-level=error"]
        cmd += ["--charset=utf8"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise MinifyError(f"esbuild refused {path.name}: {proc.stderr.strip()[-400:]}")
        sizes[path.name] = (before, path.stat().st_size)
    return sizes


# The page script of a quiz or checker page, as sphinx_ext writes it, and its preload hint.
_PAGE_SCRIPT = re.compile(r'<script src="(?:\.\./)*_static/stt/(page-[\w-]+\.js)"></script>')
_PRELOAD = re.compile(
    r'<link rel="preload" as="script" fetchpriority="high" href="[^"]*_static/stt/page-[^"]*">\n?'
)
INLINE_ID = "stt-page-script"
_INLINE = re.compile(rf'<script id="{INLINE_ID}">(.*?)</script>', re.S)


def inline_page_script(html: str) -> str | None:
    """The page script inline_page_scripts put inside a page, or None if the page has none."""
    found = _INLINE.search(html)
    return found.group(1) if found else None


def inline_page_scripts(site: Path, extra: dict | None = None) -> int:
    """Put each quiz or checker page's minified script inside the page, then renew every page's policy
    (the policy allows an inline script by its hash). Why: the first quiz is live without waiting for one
    more file. The progress page keeps page.js as a file (the SCORM launch page loads it from there)."""
    static = site / "_static" / "stt"
    count = 0
    for path in site_pages(site, skip=("lite",)):
        html = path.read_text(encoding="utf-8")
        found = _PAGE_SCRIPT.search(html)
        if not found:
            continue
        code = (static / found.group(1)).read_text(encoding="utf-8").strip()
        if "</script" in code.lower() or "<!--" in code:
            raise MinifyError(f"{found.group(1)} holds text that would end an inline script")
        html = html.replace(found.group(0), f'<script id="{INLINE_ID}">{code}</script>')
        path.write_text(_PRELOAD.sub("", html), encoding="utf-8")
        count += 1
    apply_to_site(site, extra or {}, skip=("lite",))
    return count


def csp_extra(root: Path = ROOT) -> dict:
    """The hosts a tutor allows on purpose (stt_csp_extra in _config.yml), as the book build reads them."""
    try:
        extra = book_setting(root / "_config.yml", "stt_csp_extra")
    except DataError:
        return {}  # the build has already said what is wrong with the file
    return extra if isinstance(extra, dict) else {}


def finish_site(site: Path) -> dict[str, tuple[int, int]]:
    """What make book does after jupyter-book build: minify, then inline the quiz pages' scripts."""
    sizes = minify_site(site)
    inline_page_scripts(site, csp_extra())
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.minify", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", help="the built book, e.g. _build/html")
    parser.add_argument("--fetch", action="store_true", help="only fetch esbuild, if it is not there yet")
    args = parser.parse_args(argv)
    if not args.fetch and args.site is None:
        parser.error("give the built book's folder, e.g. _build/html (or --fetch)")
    try:
        if args.fetch:
            esbuild()
            return 0
        sizes = finish_site(args.site)
    except MinifyError as exc:
        print(f"minify: {exc}", file=sys.stderr)
        return 1
    before, after = (sum(s[i] for s in sizes.values()) for i in (0, 1))
    print(f"minify: {len(sizes)} files of _static/stt/, {before / 1024:.1f} KB -> {after / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
