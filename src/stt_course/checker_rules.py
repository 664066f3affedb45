"""The credential checker's rules file (rules/checker.yaml): its schema and loading."""

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from stt_course.checker import CHOICES
from stt_course.problems import DataError, Problem
from stt_course.schema import Id, Strict, Text
from stt_course.validation import to_problems
from stt_course.yaml_io import read_yaml

RULES_FILE = Path(__file__).parent / "rules" / "checker.yaml"
FACTS_FILE = Path(__file__).resolve().parents[2] / "sources" / "facts.md"

DERIVED = {
    "protected": ["hcpc", "gosc", "gcc", "none"],
    "on_required": [True, False],
    "cpd_known": [True, False],
}
PLACEHOLDERS = {
    "title",
    "level",
    "body_name",
    "cpd_hours",
    "register_name",
    "protected_title",
    "required_register_name",
}
FactId = Annotated[str, Field(pattern=r"^[A-Z]\d+$")]


class Compare(Strict):
    lt: float | None = None
    gte: float | None = None


Condition = StrictStr | StrictBool | list[StrictStr | StrictBool] | Compare


class Section(Strict):
    doc: Text
    anchor: Id
    label: Text


class ProtectedTitle(Strict):
    requires: Literal["hcpc", "gosc", "gcc"]
    title: Text
    words: list[Text] = Field(min_length=1)
    fact: list[FactId] = Field(min_length=1)


class Rule(Strict):
    id: Id
    topic: Text
    when: dict[str, Condition]
    status: Literal["checked", "missing", "ask", "note"]
    says: Text
    ask: Text | None = None
    not_proven: Text | None = None
    section: Id
    fact: list[FactId] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_conditions(self) -> "Rule":
        for key, cond in self.when.items():
            if key == "cpd_hours":
                if not isinstance(cond, Compare):
                    raise ValueError("when.cpd_hours: expected {lt: N} or {gte: N}")
                continue
            allowed = CHOICES.get(key) or DERIVED.get(key)
            if allowed is None:
                known = ", ".join([*CHOICES, *DERIVED, "cpd_hours"])
                raise ValueError(f"when.{key}: expected one of the inputs {known}")
            for value in cond if isinstance(cond, list) else [cond]:
                if value not in allowed:
                    raise ValueError(f"when.{key}: expected one of {allowed}, got {value!r}")
        for name, text in (("says", self.says), ("ask", self.ask), ("not_proven", self.not_proven)):
            for ph in re.findall(r"\{(\w+)\}", text or ""):
                if ph not in PLACEHOLDERS:
                    known = sorted(PLACEHOLDERS)
                    raise ValueError(f"{name}: expected placeholders among {known}, got {{{ph}}}")
        return self


class Rules(Strict):
    version: StrictInt
    registers: dict[str, Text]
    protected_titles: list[ProtectedTitle]
    sections: dict[str, Section]
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Rules":
        missing = set(CHOICES["register"]) - {"none", "unknown"} - set(self.registers)
        if missing:
            raise ValueError(f"registers: expected a name for each of {sorted(missing)}")
        return self


def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read and validate a rules file; DataError lists every problem (rule id, field, expectation)."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(
            [
                Problem(
                    path,
                    "",
                    "",
                    "expected a mapping with version, registers, protected_titles, sections and rules",
                )
            ]
        )
    try:
        rules = Rules.model_validate(raw)
    except ValidationError as exc:
        raise DataError(to_problems(exc, path, raw, {"rules": "rule", "protected_titles": "title"})) from None
    problems = []
    seen: set[str] = set()
    facts = known_facts()
    for rule in rules.rules:
        where = f"rule '{rule.id}'"
        if rule.id in seen:
            problems.append(Problem(path, where, "id", "expected a unique id, found it again"))
        seen.add(rule.id)
        if rule.section not in rules.sections:
            problems.append(
                Problem(
                    path, where, "section", f"expected one of {', '.join(rules.sections)}, got {rule.section!r}"
                )
            )
        for fact in rule.fact:
            if facts and fact not in facts:
                problems.append(Problem(path, where, "fact", f"expected a row id of facts.md, got {fact!r}"))
    topics = list(dict.fromkeys(r.topic for r in rules.rules))
    for topic in topics:
        last = [r for r in rules.rules if r.topic == topic][-1]
        if last.when:
            problems.append(
                Problem(
                    path,
                    f"rule '{last.id}'",
                    "when",
                    f"expected the last rule of topic {topic!r} to have an empty when "
                    "(a fallback), so every topic gives a line",
                )
            )
    if problems:
        raise DataError(problems)
    return rules


@cache
def known_facts() -> frozenset[str]:
    """Row ids of the fact base, when the repository's copy is present."""
    if not FACTS_FILE.is_file():
        return frozenset()
    return frozenset(re.findall(r"^\| ([A-Z]\d+) \|", FACTS_FILE.read_text(encoding="utf-8"), re.M))


@cache
def rules() -> Rules:
    return load_rules()


@cache
def rules_json() -> dict:
    """The rules as the engines receive them (checker.py and checker.js): plain JSON."""
    return rules().model_dump(mode="json")
