"""Read a YAML data file strictly: syntax errors and repeated keys become Problems, not tracebacks.

Banks and rules come from tutors and from pull requests, so reading is bounded before anything is built:
a size limit, no anchors or aliases (a "billion laughs" file of 13 lines expands to gigabytes), and a
nesting limit. No bank or rules file needs anchors, and none is nested more than 7 levels deep.
"""

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from stt_course.problems import DataError, Problem

# The largest bank is about 30 KB; 1 MiB leaves room for a bank thirty times as long and keeps a reading
# well under a second and a few tens of MB, whatever the file holds.
MAX_BYTES = 1024 * 1024
# A bank nests 7 levels (bank > quizzes > quiz > questions > question > options > option); rules 5.
MAX_DEPTH = 10


class _UniqueKeys:
    """Refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

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


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """The safe loader, in pure Python: its messages are the ones a tutor reads."""


# libyaml's parser where installed: a course's banks load about four times faster (every notebook starts
# by loading them). A file it refuses is read again by the pure-Python loader, for the same messages.
class _FastUniqueKeyLoader(_UniqueKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


Lines = dict[tuple, int]
"""Where each part of a document is: the path to it (keys and list indexes, as in the data) -> its line
(1 = the first). ``("quizzes", 0, "questions", 2, "id")`` is the line of that question's ``id:``."""


def read_yaml(path: Path) -> Any:
    """Return the YAML document in ``path``, or raise DataError with one readable Problem."""
    return read_yaml_with_lines(path)[0]


def read_yaml_with_lines(path: Path) -> tuple[Any, Lines]:
    """The YAML document in ``path`` and the line of each of its parts (see Lines); DataError as read_yaml."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [
                    Problem(
                        path, "", "", f"expected at most {MAX_BYTES // 1024} KB, the file has {size // 1024} KB"
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError([Problem(path, "", "", f"cannot be read ({exc.strerror})")]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(path, "", "", "expected UTF-8 text")]) from None
    try:
        data, lines = _load(path, text)
        return copy.deepcopy(data), lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        problem = " ".join(str(problem).split())
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        raise DataError([Problem(path, where, "", f"invalid YAML: {hint(problem, line) or problem}")]) from None
    except RecursionError:
        raise DataError([Problem(path, "", "", "invalid YAML: nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise DataError([Problem(path, "", "", f"invalid YAML: {' '.join(str(exc).split())}")]) from None


def hint(problem: str, line: str) -> str | None:
    """The common mistakes in a bank, said in plain words with what to do (None: keep the parser's words)."""
    if "'\\t'" in problem or "\t" in line:
        return "a tab character: indent with spaces only (replace the tab with spaces)"
    if "“" in line or "”" in line:
        return 'curly quotes (“ ”) around a text: use straight double quotes (") instead'
    if problem.startswith("mapping values are not allowed"):
        return (
            "a colon inside a text that is not in quotes: put the whole text in double quotes, "
            'like title: "Check: this"'
        )
    if problem.startswith("expected <block end>") and line.count('"') > 2:
        return (
            'a " inside a text in double quotes ends the text early: write \\" for each quote inside it, '
            "or put the text in single quotes"
        )
    if problem.startswith(("expected <block end>", "did not find expected key")):
        return (
            "this line is not indented like the lines around it: "
            "use the same number of spaces as the line above"
        )
    return None


@lru_cache(maxsize=64)
def _load(path: Path, text: str) -> tuple[Any, Lines]:
    """Parse once per file content: the CLI, the book build and the tests read the same banks often."""
    _refuse_anchors_and_deep_nesting(path, text)
    try:
        node, data = _compose(text, _FastUniqueKeyLoader)
    except yaml.YAMLError:
        node, data = _compose(text, _UniqueKeyLoader)
    lines: Lines = {}
    _record_lines(node, (), lines)
    return data, lines


def _compose(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _record_lines(node: yaml.Node | None, at: tuple, lines: Lines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines[(*at, key_node.value)] = key_node.start_mark.line + 1
                _record_lines(value_node, (*at, key_node.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*at, i)] = item.start_mark.line + 1
            _record_lines(item, (*at, i), lines)


def _refuse_anchors_and_deep_nesting(path: Path, text: str) -> None:
    """Stream the parser's events (nothing is built) and stop at the first anchor, alias or deep level.

    libyaml's parser, where installed, is ten times faster. On a syntax error the pure-Python parser
    (the loader's own) scans again, and its syntax error is left for the loader to report, so the
    messages are the same with or without libyaml.
    """
    for loader in dict.fromkeys([getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]):
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                line = f"line {event.start_mark.line + 1}"
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    expected = "expected plain values: anchors (&name) and aliases (*name) are not allowed"
                    raise DataError([Problem(path, line, "", expected)])
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        expected = f"expected at most {MAX_DEPTH} levels of nesting, found more"
                        raise DataError([Problem(path, line, "", expected)])
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
            return
        except yaml.YAMLError:
            continue
