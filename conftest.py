"""Pytest at the repository root: applies to the notebooks (nbval) as well as to tests/."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A notebook whose stored output no longer matches: say what to run, not only nbval's diff."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and item.nodeid.split("::")[0].endswith(".ipynb"):
        name = item.nodeid.split("::")[0]
        hint = (
            f"\n\n{name}: its stored outputs differ from a fresh run. If you changed a bank, the rules or"
            " the notebook, run `make notebooks` and commit the notebooks."
        )
        report.longrepr = f"{report.longrepr}{hint}"
