"""A Chrome or Chromium for the browser tests and the benchmark: where it is on this computer, how to
start it, and a quiet static server on 127.0.0.1 for the built book."""

import contextlib
import functools
import glob
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

# Without the background-networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Names a Chrome or Chromium goes by on PATH (Debian, Ubuntu, Fedora, Arch, Homebrew, Windows).
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

NO_BROWSER = (
    "No Chrome or Chromium found for the browser tests. Install one: Debian or Ubuntu: "
    "`sudo apt-get install chromium`; macOS: install Google Chrome (or `brew install --cask chromium`); "
    "Windows: install Google Chrome; any system: `.venv/bin/playwright install chromium` "
    "(Windows: `.venv\\Scripts\\playwright install chromium`). Or set STT_CHROMIUM to the path of a "
    "Chrome or Chromium you have."
)


def chromium_path() -> str | None:
    """The first Chrome or Chromium found: STT_CHROMIUM if set, a browser on PATH, one in the usual place
    on macOS or Windows, or Playwright's own (`playwright install chromium`); None if there is none."""
    if os.environ.get("STT_CHROMIUM"):
        return os.environ["STT_CHROMIUM"]
    for name in PATH_NAMES:
        if found := shutil.which(name):
            return found
    for path in [*install_paths(), *playwright_paths()]:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return str(path)
    return None


# macOS keeps applications in these folders ("~": the user's home).
MAC_APP_FOLDERS = ("/Applications", "~/Applications")


def install_paths() -> list[str]:
    """Where Chrome and Chromium install themselves on macOS and Windows."""
    mac = [
        "Google Chrome.app/Contents/MacOS/Google Chrome",
        "Chromium.app/Contents/MacOS/Chromium",
    ]
    paths = [os.path.join(os.path.expanduser(apps), app) for apps in MAC_APP_FOLDERS for app in mac]
    windows = [
        os.path.join("Google", "Chrome", "Application", "chrome.exe"),
        os.path.join("Chromium", "Application", "chrome.exe"),
    ]
    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        if base := os.environ.get(var):
            paths += [os.path.join(base, app) for app in windows]
    return paths


def playwright_paths() -> list[str]:
    """Chromium builds that `playwright install chromium` downloaded, newest first."""
    home = os.path.expanduser("~")
    roots = [os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "")]
    roots += [
        os.path.join(home, ".cache", "ms-playwright"),
        os.path.join(home, "Library", "Caches", "ms-playwright"),
    ]
    if local := os.environ.get("LOCALAPPDATA"):
        roots.append(os.path.join(local, "ms-playwright"))
    found: list[str] = []
    for root in (r for r in roots if r and r != "0"):
        for pattern in ("chrome-*/chrome", "chrome-*/chrome.exe", "chrome-mac*/*.app/Contents/MacOS/*"):
            found += sorted(glob.glob(os.path.join(glob.escape(root), "chromium-*", pattern)), reverse=True)
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test and bench output clean
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) and yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
