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


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
