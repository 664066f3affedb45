"""The practice profiles of the credential-checker chapter (rules/profiles.yaml): id -> checker inputs."""

from functools import cache
from pathlib import Path

from stt_course.problems import DataError, Problem
from stt_course.yaml_io import read_yaml

PROFILES_FILE = Path(__file__).parent / "rules" / "profiles.yaml"


def load_profiles(path: Path = PROFILES_FILE) -> dict[str, dict[str, str]]:
    """Read the profiles; DataError names the profile and the field that is not plain text."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError([Problem(path, "", "", "expected a mapping of profile ids to checker inputs")])
    problems = []
    for pid, inputs in raw.items():
        if not isinstance(inputs, dict):
            problems.append(Problem(path, f"profile {pid!r}", "", "expected a mapping of checker inputs"))
            continue
        for field, value in inputs.items():
            if not isinstance(value, str):
                problems.append(Problem(path, f"profile {pid!r}", str(field), "expected text in quotes"))
    if problems:
        raise DataError(problems)
    return raw


@cache
def profiles() -> dict[str, dict[str, str]]:
    return load_profiles()


def profile(pid: str) -> dict[str, str]:
    known = profiles()
    if pid not in known:
        raise KeyError(f"no practice profile {pid!r} in {PROFILES_FILE.name}; known: {', '.join(known)}")
    return dict(known[pid])
