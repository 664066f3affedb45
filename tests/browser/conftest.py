"""Headless Chrome or Chromium via Playwright (see tools.browser for where it is looked for), and the built
book served on 127.0.0.1."""

import os

import pytest

from tools.browser import CHROMIUM_ARGS, NO_BROWSER, chromium_path, serve


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = chromium_path()
        if not path:
            pytest.fail(NO_BROWSER)
        if not os.path.isfile(path):
            pytest.fail(f"STT_CHROMIUM is {path!r}, which is not a file. {NO_BROWSER}")
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def worker_tab(browser):
    """The one tab ``page`` lends to each test of this test worker, in turn."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab, context.new_cdp_session(tab)
    context.close()


@pytest.fixture
def page(worker_tab, monkeypatch):
    """A tab that behaves as a new one: blank, with nothing stored by an earlier test and none of its
    listeners. It is this worker's one tab, lent in turn, because each new tab starts a renderer process
    of its own: about 0.8 CPU-seconds, in every test. A test that changes the tab itself (an init script,
    emulated media) takes ``fresh_page``."""
    tab, cdp = worker_tab
    added, origins = [], set()
    on = tab.on

    def watched_on(event, handler):
        added.append((event, handler))
        on(event, handler)

    def visited(frame):
        if frame.url.startswith(("http://", "https://")):
            origins.add("/".join(frame.url.split("/", 3)[:3]))

    on("framenavigated", visited)
    monkeypatch.setattr(tab, "on", watched_on)
    yield tab
    for event, handler in [("framenavigated", visited), *added]:
        tab.remove_listener(event, handler)
    tab.goto("about:blank")
    for origin in origins:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})


@pytest.fixture
def fresh_page(browser):
    """A tab in a browser context of its own, for a test that changes the tab (see ``page``)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()
