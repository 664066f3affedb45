"""Debian Chromium for the browser tests and the benchmark: where it is and how to start it here."""

import os
import shutil

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


def chromium_path() -> str | None:
    """STT_CHROMIUM if set (e.g. Chrome on a GitHub runner), else Debian's chromium on PATH."""
    return os.environ.get("STT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
