"""Publishing: the GitHub workflow tests and deploys with the Makefile's commands; Binder can build
the repository; launch buttons load nothing until clicked."""

import os
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def steps(job: str) -> list[dict]:
    return WORKFLOW["jobs"][job]["steps"]


def test_workflow_tests_every_push_and_pull_request_with_make_test():
    triggers = WORKFLOW[True]  # YAML reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert any(s.get("run") == "make test" for s in steps("test"))


def test_workflow_can_be_run_by_hand_and_then_publishes_from_main():
    assert "workflow_dispatch" in WORKFLOW[True]
    conditions = [WORKFLOW["jobs"]["deploy"]["if"]] + [s["if"] for s in steps("test") if "if" in s]
    for condition in conditions:  # push and by hand on main publish; a pull request never does
        assert condition == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


def check_workflow(path: Path) -> int:
    """`check-jsonschema --builtin-schema vendor.github-workflows PATH`: GitHub's workflow schema, which the
    package ships (no download); its exit status."""
    from check_jsonschema import main

    try:
        main(["--builtin-schema", "vendor.github-workflows", str(path)])
    except SystemExit as done:
        return done.code
    return 0


def test_workflow_is_valid_for_github(capsys):
    assert check_workflow(ROOT / ".github" / "workflows" / "book.yml") == 0, capsys.readouterr().out


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    """The check is real: a misspelt key (steps) and a trigger GitHub does not have are refused."""
    text = (ROOT / ".github" / "workflows" / "book.yml").read_text()
    for broken in (
        text.replace("    steps:", "    stepz:", 1),
        text.replace("  workflow_dispatch:", "  by_hand:"),
    ):
        assert broken != text
        path = tmp_path / "book.yml"
        path.write_text(broken)
        assert check_workflow(path) == 1


def test_workflow_deploys_the_site_the_tests_checked():
    test_steps = steps("test")
    runs = [s.get("run", "") for s in test_steps]
    build, test = runs.index("make book"), runs.index("make test")
    assert build < test and test_steps[test]["env"]["STT_SITE"] == "_build/html"
    upload = next(s for s in test_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html" and test_steps.index(upload) > test
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # No second build: the deploy job only publishes the uploaded artifact.
    assert [s.get("uses", "").split("@")[0] for s in steps("deploy")] == ["actions/deploy-pages"]


def test_makefile_has_the_targets_the_workflow_and_readme_use():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("book", "test", "lab", "notebooks", "bench", "lint"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_binder_installs_the_course_package_and_its_runtime():
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install" in post_build.read_text() and "-e ." in post_build.read_text()
    names = {
        re.split(r"[<>=\[]", line)[0].lower()
        for line in (ROOT / "requirements.txt").read_text().split()
        if line and not line.startswith(("#", "-"))
    }
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.split(r"[<>=\[]", line)[0].lower() in names, line


def test_launch_buttons_are_links_and_thebe_is_off():
    assert CONFIG["launch_buttons"]["thebe"] is False
    assert CONFIG["launch_buttons"]["binderhub_url"].startswith("https://")
    assert "sphinx_thebe" not in CONFIG["sphinx"]["config"]["extensions"]
