"""Driving a chapter notebook in JupyterLab or JupyterLite, for the tests and the benchmark."""

import re

# The chapter's last cell, check_this_chapter(), prints this once every cell above it has run.
CHAPTER_CHECKED = re.compile(r"^Checked \d+ widgets?\.\s*$")


def run_all_cells(page) -> None:
    """Run ▸ Run All Cells, as a student does."""
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()


def wait_until_chapter_ran(page, timeout: int = 240_000) -> None:
    """Wait on the kernel's own report that the whole notebook has run (no fixed sleep)."""
    page.get_by_text(CHAPTER_CHECKED).wait_for(timeout=timeout)
