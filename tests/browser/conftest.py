"""Headless Debian Chromium via Playwright, and the built book served on 127.0.0.1."""

import pytest

from tools.browser import CHROMIUM_ARGS, chromium_path, serve


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = chromium_path()
        if not path:
            pytest.fail("Debian chromium is not installed: `apt-get install chromium` (.ci/run does it)")
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
