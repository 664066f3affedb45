"""The browser tests find a Chrome or Chromium wherever a tutor's computer has one: STT_CHROMIUM, a name on
PATH, the usual install folders on macOS and Windows, or Playwright's own download; when there is none, the
message says how to get one on each system. Fake browsers in a temporary folder, never what is installed."""

import stat
from pathlib import Path

import pytest

from tools import browser
from tools.browser import NO_BROWSER, chromium_path


@pytest.fixture(autouse=True)
def nothing_installed(tmp_path, monkeypatch):
    """A computer with no browser: an empty PATH, home and install folders, all in tmp_path."""
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "playwright"))
    for var in ("STT_CHROMIUM", "PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(browser, "MAC_APP_FOLDERS", (str(tmp_path / "Applications"), "~/Applications"))


def fake_browser(path: Path, executable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_none_found_gives_a_message_for_each_system():
    assert chromium_path() is None
    for how in (
        "apt-get install chromium",
        "macOS: install Google Chrome",
        "Windows: install Google Chrome",
        "playwright install chromium",
        "STT_CHROMIUM",
    ):
        assert how in NO_BROWSER


@pytest.mark.parametrize("name", browser.PATH_NAMES)
def test_a_browser_on_path_is_found_by_any_of_its_names(tmp_path, name):
    found = fake_browser(tmp_path / "bin" / name)
    assert chromium_path() == str(found)


def test_debian_chromium_comes_before_chrome_on_path(tmp_path):
    fake_browser(tmp_path / "bin" / "google-chrome")
    chromium = fake_browser(tmp_path / "bin" / "chromium")
    assert chromium_path() == str(chromium)


def test_a_file_that_cannot_be_run_is_not_a_browser(tmp_path):
    fake_browser(tmp_path / "bin" / "chromium", executable=False)
    assert chromium_path() is None


def test_stt_chromium_wins(tmp_path, monkeypatch):
    fake_browser(tmp_path / "bin" / "chromium")
    chosen = fake_browser(tmp_path / "elsewhere" / "my-chrome")
    monkeypatch.setenv("STT_CHROMIUM", str(chosen))
    assert chromium_path() == str(chosen)


@pytest.mark.parametrize("folder", ["Applications", "home/Applications"])
@pytest.mark.parametrize(
    "app", ["Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium"]
)
def test_chrome_or_chromium_in_a_macos_applications_folder(tmp_path, folder, app):
    found = fake_browser(tmp_path / folder / app)
    assert chromium_path() == str(found)


@pytest.mark.parametrize("var", ["PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"])
@pytest.mark.parametrize("app", ["Google/Chrome/Application/chrome.exe", "Chromium/Application/chrome.exe"])
def test_chrome_or_chromium_where_windows_installs_it(tmp_path, monkeypatch, var, app):
    monkeypatch.setenv(var, str(tmp_path / "windows"))
    found = fake_browser(tmp_path / "windows" / app)
    assert Path(chromium_path()) == found


@pytest.mark.parametrize(
    "build",
    [
        "chromium-1140/chrome-linux/chrome",
        "chromium-1140/chrome-win/chrome.exe",
        "chromium-1140/chrome-mac/Chromium.app/Contents/MacOS/Chromium",
    ],
)
def test_playwrights_own_chromium(tmp_path, build):
    found = fake_browser(tmp_path / "playwright" / build)
    assert Path(chromium_path()) == found


def test_playwrights_default_folder_under_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH")
    found = fake_browser(tmp_path / "home" / ".cache" / "ms-playwright" / "chromium-1140/chrome-linux/chrome")
    assert Path(chromium_path()) == found


def test_a_browser_on_path_comes_before_an_installed_one(tmp_path):
    fake_browser(tmp_path / "playwright" / "chromium-1140/chrome-linux/chrome")
    on_path = fake_browser(tmp_path / "bin" / "chrome")
    assert chromium_path() == str(on_path)
