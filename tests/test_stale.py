"""A build is never stale: after a bank edit, `make book` stops and names the notebook to re-run."""

import shutil
import subprocess
import sys

from stt_course.quiz.course import BANKS_DIR
from tests.conftest import ROOT


def run_stale(env_banks=None):
    env = {"PATH": "/usr/bin:/bin"}
    if env_banks:
        env["STT_COURSE_BANKS"] = str(env_banks)
    return subprocess.run(
        [sys.executable, "-m", "tools.stale"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_notebooks_match_the_banks_now():
    proc = run_stale()
    assert proc.returncode == 0, proc.stderr


def test_an_edited_bank_names_the_notebook_and_the_command(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(BANKS_DIR, banks)
    ch2 = banks / "ch2.yaml"
    ch2.write_text(ch2.read_text().replace("Check: titles the law does protect", "Check: protected titles", 1))
    proc = run_stale(banks)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "notebooks/02-who-regulates.ipynb: its stored output shows an old version of quiz 'ch2-titles'",
        "The banks or rules changed since the notebooks were last run: run `make notebooks`, then build.",
    ]
