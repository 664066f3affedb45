"""The course's own settings in the book's _config.yml (under ``sphinx: config:``), read outside a Sphinx
build: `stt-course scorm` takes its pass mark there, and the step after the build the hosts a tutor
allows in the pages' policy. Inside a build, Sphinx reads them (see sphinx_ext)."""

from pathlib import Path
from typing import Any

from stt_course.yaml_io import read_yaml


def book_setting(config: Path, name: str) -> Any:
    """The value of ``name`` under ``sphinx: config:`` in ``config``; None when the file, the section or
    the setting is not there. DataError, naming the file and the place, when the file is not valid YAML."""
    if not config.is_file():
        return None
    raw = read_yaml(config)
    sphinx = raw.get("sphinx") if isinstance(raw, dict) else None
    settings = sphinx.get("config") if isinstance(sphinx, dict) else None
    return settings.get(name) if isinstance(settings, dict) else None
