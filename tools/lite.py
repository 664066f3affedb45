"""Build the browser notebooks: a self-hosted JupyterLite site at ``<book>/lite`` (``make book`` runs it).

Everything a student's browser needs is copied into the site, so it talks to no other host:
- Pyodide's core files from the npm registry, and the 17 pure-Python wheels its lock file names for the
  kernel (from PyPI, with the lock's hashes rewritten to match them: PyPI's builds differ byte for byte);
- the course's own wheel, with the quizzes, rules and profiles compiled to JSON and without the build
  tools (pydantic and PyYAML have no Pyodide build here), plus anywidget, ipywidgets and their pure
  dependencies, served from the site's own package index, with the fallback to PyPI turned off;
- every chapter notebook, with a first cell that installs the course from the site, and the Pyodide kernel.

Downloads are cached in ``_build/lite-cache``, so a rebuild is offline and takes seconds.
Usage: python -m tools.lite [BOOK_HTML_DIR]   (default _build/html)
"""

import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CACHE = ROOT / "_build" / "lite-cache"
# Pyodide's lock entries the kernel loads at start (micropip, then ipykernel's and IPython's dependencies).
KERNEL_ROOTS = ["micropip", "packaging", "ipython", "jedi", "traitlets", "typing-extensions"]
# Pure-Python wheels the course's widgets need on top of the kernel, at the versions installed here.
WIDGET_WHEELS = ["anywidget", "psygnal", "ipywidgets", "comm", "jupyterlab_widgets"]
PYODIDE_FILES = [
    "pyodide-lock.json",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "pyodide.js",
    "pyodide.mjs",
    "python_stdlib.zip",
    "package.json",
]
BUILD_ONLY = {"pydantic", "pyyaml"}  # the course's dependencies that the browser runtime does not use
INSTALL_CELL = (
    "# This chapter runs in your browser: choose Run > Run All Cells to start, then answer the quizzes.\n"
    "# This cell loads the course's quizzes from this website (nothing comes from anywhere else);\n"
    "# the first run takes about 20 seconds. Your changes are saved in this browser only.\n"
    "%pip install -q stt-course"
)
KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def run(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, check=True, cwd=cwd)


def pyodide_version() -> str:
    """The Pyodide the installed kernel expects (its default pyodideUrl names the version)."""
    ext = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension"
    text = (ext / "static" / "schema" / "kernel.v0.schema.json").read_text()
    return re.search(r"/pyodide/v([\d.]+)/full/", text)[1]


def pip_download(spec: str, dest: Path) -> Path:
    """One pure-Python wheel from PyPI (cached)."""
    name, version = spec.split("==")
    norm = re.sub(r"[-_.]+", "_", name).lower()
    for found in dest.glob("*.whl"):
        if found.name.lower().startswith(f"{norm}-{version}-"):
            return found
    run(
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--python-version", "3.14", "--platform", "any", "--dest", str(dest), spec,
    )  # fmt: skip
    return pip_download(spec, dest)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_pyodide(version: str, dest: Path) -> None:
    """Pyodide's core files from the npm package, and the kernel's wheels from PyPI, with a lock to match."""
    cache = CACHE / f"pyodide-{version}"
    if not (cache / "pyodide-lock.json").is_file():
        if not shutil.which("npm"):
            raise SystemExit(
                "lite: npm is needed once, to fetch Pyodide for the browser notebooks: install Node.js "
                '(Debian: apt-get install npm), or turn the browser notebooks off (stt_lite_url: "" in '
                "_config.yml, see the tutor guide)"
            )
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            run("npm", "pack", f"pyodide@{version}", "--silent", cwd=Path(tmp))
            with tarfile.open(next(Path(tmp).glob("pyodide-*.tgz"))) as tgz:
                for name in PYODIDE_FILES:
                    member = tgz.getmember(f"package/{name}")
                    (cache / name).write_bytes(tgz.extractfile(member).read())
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(cache / name, dest / name)
    lock = json.loads((cache / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    needed, todo = set(), list(KERNEL_ROOTS)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += [re.sub(r"[-_.]+", "-", d).lower() for d in packages[name]["depends"]]
    for name in sorted(needed):
        entry = packages[name]
        wheel = pip_download(f"{entry['name']}=={entry['version']}", cache / "wheels")
        shutil.copy2(wheel, dest / entry["file_name"])
        entry["sha256"] = sha256(wheel)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock))
    print(f"lite: Pyodide {version} and {len(needed)} kernel wheels")


def course_wheel(dest: Path) -> Path:
    """The course's wheel for the browser: compiled data in, build-only dependencies out."""
    from stt_course.compiled import compile_course

    with tempfile.TemporaryDirectory() as tmp:
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp, str(ROOT))
        built = next(Path(tmp).glob("stt_course-*.whl"))
        files = {}
        with zipfile.ZipFile(built) as zin:
            for info in zin.infolist():
                files[info.filename] = zin.read(info)
    dist_info = next(n.split("/")[0] for n in files if n.endswith(".dist-info/METADATA"))
    meta = files[f"{dist_info}/METADATA"].decode()
    keep = [
        line
        for line in meta.splitlines()
        if not (
            line.startswith("Requires-Dist:")
            and re.split(r"[\s<>=!~;\[]", line[14:].strip())[0].lower() in BUILD_ONLY
        )
    ]
    files[f"{dist_info}/METADATA"] = ("\n".join(keep) + "\n").encode()
    files["stt_course/compiled.json"] = json.dumps(
        compile_course(), ensure_ascii=False, sort_keys=True
    ).encode()
    record_name = f"{dist_info}/RECORD"
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    for name, data in files.items():
        if name == record_name:
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([record_name, "", ""])
    files[record_name] = rows.getvalue().encode()
    out = dest / built.name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(name, data)
    return out


def lite_notebook(src: Path, dest: Path) -> None:
    """A chapter for the browser: the Pyodide kernel, and a first cell that installs the course."""
    nb = nbformat.read(src, as_version=4)
    nb.metadata["kernelspec"] = KERNEL
    first = nbformat.v4.new_code_cell(INSTALL_CELL, id="cell-install")
    first.metadata["tags"] = ["remove-cell"]
    nb.cells.insert(0, first)
    nbformat.write(nb, dest)


def build(site: Path) -> Path:
    out = site.resolve() / "lite"  # absolute: jupyter lite runs in the work folder
    work = CACHE / "work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "content").mkdir(parents=True)
    (work / "wheels").mkdir()
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        lite_notebook(nb, work / "content" / nb.name)
    wheels = [course_wheel(work / "wheels")]
    for name in WIDGET_WHEELS:
        wheels.append(pip_download(f"{name}=={importlib.metadata.version(name)}", CACHE / "wheels"))
    fetch_pyodide(pyodide_version(), work / "static" / "pyodide")
    settings = {"disablePyPIFallback": True}
    config = {
        "jupyter-config-data": {
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": settings}
        }
    }
    (work / "jupyter-lite.json").write_text(json.dumps(config))
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lite", "build", "--no-sourcemaps", "--log-level=WARN"]
    cmd += ["--contents", "content", "--output-dir", str(out)]
    for wheel in wheels:
        cmd += ["--piplite-wheels", str(wheel)]
    run(*cmd, cwd=work)
    from stt_course.book.csp import apply_to_site

    apply_to_site(out, app=True)  # the browser notebooks load nothing from another site either
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"lite: browser notebooks built in {out} ({size / 1e6:.1f} MB)")
    return out


def lite_url() -> str:
    """Where the chapter pages' launch links point (``stt_lite_url`` in _config.yml; default lite/)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return str(((config.get("sphinx") or {}).get("config") or {}).get("stt_lite_url", "lite/") or "")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    url = lite_url()
    if not url or "://" in url:
        print(f"lite: not built (stt_lite_url is {url!r} in _config.yml)")
        return 0
    build(Path(args[0]) if args else ROOT / "_build" / "html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
