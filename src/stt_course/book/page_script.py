"""The book's front end as one classic script per kind of page, made from the same ES module files that
JupyterLab loads (web/stt/*.js); and, for JupyterLab, each widget's module with what it imports inside it
(``widget_module``).

Why: browsers refuse ES modules on pages opened from disk (``file://``: a USB stick, a shared drive,
double-clicking ``index.html``), and a module graph costs round trips before the first quiz is live. A
classic script, preloaded in the head and run where the content ends, works from disk and starts sooner.

The conversion is deliberately narrow, for the forms our modules use, and refuses anything else:
- ``export function f`` / ``export async function f`` / ``export const x`` / ``export class C``: the
  ``export`` is dropped and the name returned in the module's object;
- ``export default EXPR;``: becomes the object's ``default``;
- ``import { a, b as c } from "./x.js";``: reads the bundled module ``x.js``;
- ``import("./x.js")``: resolves to the bundled module ``x.js``;
- top-level ``await`` in the entry module (boot.js): the entry runs inside an async function.
"""

import re
from pathlib import Path

from stt_course.book.embed import WEB_STT

ENTRY = "boot.js"
# What each kind of page needs besides boot.js, by the marker its HTML holds (see sphinx_ext).
FEATURES = {"stt-quiz-static": "quiz.js", "stt-checker-static": "checker.js"}

_EXPORT_DECL = re.compile(r"^export (async function|function|const|let|class) (\w+)", re.M)
_EXPORT_DEFAULT = re.compile(r"^export default ", re.M)
_STATIC_IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w.-]+\.js)";', re.M)
_DYNAMIC_IMPORT = re.compile(r'\bimport\("\./([\w.-]+\.js)"\)')
_ANY_MODULE_SYNTAX = re.compile(r"^(export|import)\b", re.M)
_COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.M)


class PageScriptError(Exception):
    """A front-end file uses module syntax this converter does not handle."""


def _imports(names: str) -> str:
    # `{ a, b as c }` -> `{ a, b: c }` (destructuring form)
    parts = [p.strip() for p in names.split(",") if p.strip()]
    return ", ".join(re.sub(r"^(\w+) as (\w+)$", r"\1: \2", p) for p in parts)


def _convert(name: str, source: str, entry: bool) -> tuple[str, list[str]]:
    """The module's body as script text, and the names it exports."""
    exported = [m.group(2) for m in _EXPORT_DECL.finditer(source)]
    body = _EXPORT_DECL.sub(lambda m: f"{m.group(1)} {m.group(2)}", source)
    if _EXPORT_DEFAULT.search(body):
        exported.append("default: __default")
        body = _EXPORT_DEFAULT.sub("const __default = ", body)
    body = _STATIC_IMPORT.sub(
        lambda m: f'const {{ {_imports(m.group(1))} }} = __stt.get("{m.group(2)}");', body
    )
    body = _DYNAMIC_IMPORT.sub(lambda m: f'Promise.resolve(__stt.get("{m.group(1)}"))', body)
    left = _ANY_MODULE_SYNTAX.search(body)
    if left:
        line = body[: left.start()].count("\n") + 1
        raise PageScriptError(
            f"{name}, line {line}: module syntax the book's page script cannot convert "
            '(use `export function`, `export const`, `export default` or `import { … } from "./x.js"`)'
        )
    # Whole-line comments are for the source's readers; the page does not need their bytes.
    body = _COMMENT_LINE.sub("", body)
    if entry:
        return f"(async () => {{\n{body}\n}})();", exported
    return body, exported


def page_script(modules: list[str], folder: Path = WEB_STT) -> str:
    """One classic script: the modules boot.js imports, then ``modules`` (each registered under its file
    name), then boot.js."""
    out = [
        "// Made by stt_course.book.page_script from the course's ES modules: edit those, not this file.",
        '"use strict";',
        "(() => {",
        "const __registry = new Map();",
        "const __stt = { get(name) {",
        "  if (!__registry.has(name)) throw new Error(`page script: ${name} is not bundled for this page`);",
        "  return __registry.get(name);",
        "} };",
    ]
    entry_source = (folder / ENTRY).read_text(encoding="utf-8")
    # The modules boot.js imports statically (lms.js) come first, on every page; then the page's own,
    # each after the modules it imports (dom.js).
    needed = [m[2] for m in _STATIC_IMPORT.finditer(entry_source)]
    for name in _after_their_imports([*needed, *modules], folder):
        body, exported = _convert(name, (folder / name).read_text(encoding="utf-8"), entry=False)
        out += [
            f"// --- {name}",
            f'__registry.set("{name}", (() => {{',
            body,
            f"return {{ {', '.join(exported)} }};",
            "})());",
        ]
    body, _ = _convert(ENTRY, entry_source, entry=True)
    out += [f"// --- {ENTRY}", body, "})();", ""]
    return "\n".join(out)


def _after_their_imports(names: list[str], folder: Path) -> list[str]:
    """The modules with those they import statically, each after its imports, once each."""
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name not in ordered:
            for found in _STATIC_IMPORT.finditer((folder / name).read_text(encoding="utf-8")):
                visit(found[2])
            ordered.append(name)

    for name in names:
        visit(name)
    return ordered


_EXPORTED_DECL = re.compile(r"^export (?=(?:async function|function|const|let|class) )", re.M)


def widget_module(name: str, folder: Path = WEB_STT) -> str:
    """A module of web/stt/ as anywidget loads it, from a string: each module it imports statically is
    put in place of its import line (anywidget's blob: URL has nothing to resolve "./x.js" against). An
    imported module may only declare (``export function``, ``export const``…): no imports, no default."""
    source = (folder / name).read_text(encoding="utf-8")

    def inline(found: re.Match) -> str:
        imported = found[2]
        body = _EXPORTED_DECL.sub("", (folder / imported).read_text(encoding="utf-8"))
        if _ANY_MODULE_SYNTAX.search(body) or " as " in found[1]:
            raise PageScriptError(
                f"{name} imports {imported}, which a widget cannot take in its place: a module imported "
                "by a widget may only declare (export function, export const), and is imported without `as`"
            )
        return f"// --- {imported}\n{body}"

    return _STATIC_IMPORT.sub(inline, source)


def script_name(modules: list[str]) -> str:
    """The file name of the page script for a set of modules: page.js, page-quiz.js, page-checker-quiz.js…"""
    return "-".join(["page", *sorted(m.removesuffix(".js") for m in modules)]) + ".js"


def modules_for(html: str) -> list[str]:
    """The modules a page's HTML needs, by the markers it holds."""
    return [module for marker, module in FEATURES.items() if marker in html]


def all_variants() -> dict[str, list[str]]:
    """Every page script the book can need: file name -> modules."""
    features = list(FEATURES.values())
    subsets = [[m for i, m in enumerate(features) if mask >> i & 1] for mask in range(2 ** len(features))]
    return {script_name(s): s for s in subsets}


def write_page_scripts(static_stt: Path) -> list[Path]:
    """Write every page script into the built site's _static/stt/."""
    static_stt.mkdir(parents=True, exist_ok=True)
    written = []
    for name, modules in all_variants().items():
        path = static_stt / name
        path.write_text(page_script(modules), encoding="utf-8")
        written.append(path)
    return written
