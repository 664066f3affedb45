"""The practice profiles of the credential-checker chapter (rules/profiles.yaml): id -> name and inputs."""

from functools import cache
from pathlib import Path

from stt_course.problems import DataError, Problem
from stt_course.yaml_io import read_yaml

PROFILES_FILE = Path(__file__).parent / "data" / "profiles.yaml"
Profile = dict  # {"name": str, "inputs": {field: str}}


def load_profiles(path: Path = PROFILES_FILE) -> dict[str, Profile]:
    """Read the profiles; DataError names the profile and the field that is missing or not plain text."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError([Problem(path, "", "", "expected a mapping of profile ids to a name and inputs")])
    problems = []
    for pid, entry in raw.items():
        where = f"profile {pid!r}"
        if not isinstance(entry, dict) or set(entry) != {"name", "inputs"}:
            problems.append(Problem(path, where, "", "expected a mapping with name and inputs"))
            continue
        if not isinstance(entry["name"], str) or not entry["name"].strip():
            problems.append(Problem(path, where, "name", "expected text in quotes"))
        if not isinstance(entry["inputs"], dict):
            problems.append(Problem(path, where, "inputs", "expected a mapping of checker inputs"))
            continue
        for field, value in entry["inputs"].items():
            if not isinstance(value, str):
                problems.append(Problem(path, where, f"inputs.{field}", "expected text in quotes"))
    if problems:
        raise DataError(problems)
    return raw


@cache
def profiles() -> dict[str, Profile]:
    return load_profiles()


def profile(pid: str) -> Profile:
    known = profiles()
    if pid not in known:
        raise KeyError(f"no practice profile {pid!r} in {PROFILES_FILE.name}; known: {', '.join(known)}")
    return {"name": known[pid]["name"], "inputs": dict(known[pid]["inputs"])}
