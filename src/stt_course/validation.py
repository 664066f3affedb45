"""Turn pydantic's validation errors into Problems that name the item, the field and the expectation."""

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from stt_course.problems import Problem
from stt_course.quiz.qtypes import TYPES
from stt_course.quiz.schema import QUESTION_TYPES

_EXPECTED = {
    "missing": "is required but missing",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
}


def brief(value: object, limit: int = 60) -> str:
    """A value as it is shown in a problem line: its repr, cut short so that a line stays readable."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    got = err.get("input")
    if kind == "string_too_short":
        return "expected non-empty text"
    if kind == "string_pattern_mismatch":
        return f"expected an id of lower-case letters, digits and hyphens, got {brief(got)}"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} entries, got {len(got or [])}"
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} entries, got {ctx.get('actual_length')}"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind == "union_tag_invalid":
        return f"expected one of {ctx.get('expected_tags')}, got {ctx.get('tag')!r}"
    if kind == "union_tag_not_found":
        return f"is required: expected one of {', '.join(repr(t) for t in TYPES)}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {brief(got)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _EXPECTED:
        shown = "" if kind == "missing" else f", got {type(got).__name__} {brief(got)}"
        return _EXPECTED[kind] + shown
    return err["msg"]


def _field(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def to_problems(exc: ValidationError, path: Path, raw: Any, containers: dict[str, str]) -> list[Problem]:
    """Map each error's location to "<kind> '<id>'" of the innermost named container.

    ``containers`` maps a list field ("quizzes", "questions", "rules") to the name of its items.
    """
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        where, field_start, node = "", 0, raw
        i = 0
        while i < len(loc):
            key = loc[i]
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
                parent = loc[i - 1] if i else None
                if parent in containers:
                    ident = node.get("id") if isinstance(node, dict) else None
                    label = f"{containers[parent]} '{ident}'" if ident else f"{parent}[{key}]"
                    where, field_start = label, i + 1
            elif isinstance(key, str) and key in QUESTION_TYPES:
                # pydantic puts the union tag in the location; it is not a field of the file.
                loc.pop(i)
                continue
            else:
                break
            i += 1
        field = _field(loc[field_start:])
        message = _describe(err)
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            field = f"{field}.type" if field else "type"
        if err["type"] == "value_error" and ": expected" in message:
            # Our own validators name their sub-field first: "options: expected ...".
            sub, message = message.split(": ", 1)
            field = f"{field}.{sub}" if field else sub
        problems.append(Problem(path, where, field, message))
    return problems
