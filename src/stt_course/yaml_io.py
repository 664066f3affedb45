"""Read a YAML data file strictly: syntax errors and repeated keys become Problems, not tracebacks."""

from pathlib import Path
from typing import Any

import yaml

from stt_course.problems import DataError, Problem


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | type(None)):
                raise yaml.constructor.ConstructorError(
                    None, None, "expected a plain key (text), found a list or mapping", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Any:
    """Return the YAML document in ``path``, or raise DataError with one readable Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError([Problem(path, "", "", f"cannot be read ({exc.strerror})")]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(path, "", "", "expected UTF-8 text")]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        problem = " ".join(str(problem).split())
        raise DataError([Problem(path, where, "", f"invalid YAML: {problem}")]) from None
    except RecursionError:
        raise DataError([Problem(path, "", "", "invalid YAML: nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise DataError([Problem(path, "", "", f"invalid YAML: {' '.join(str(exc).split())}")]) from None
