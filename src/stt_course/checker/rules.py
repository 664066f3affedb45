"""The credential checker's data: the rules file (rules/checker.yaml) and the official links
(rules/links.yaml), their schema and loading. ``rules_json()`` is what checker.py and checker.js receive."""

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, ValidationError, model_validator

from stt_course.facts import fact_rows
from stt_course.problems import DataError, Problem
from stt_course.quiz.schema import Id, Strict, Text
from stt_course.validation import to_problems
from stt_course.yaml_io import read_yaml

RULES_FILE = Path(__file__).parent / "data" / "checker.yaml"
LINKS_FILE = Path(__file__).parent / "data" / "links.yaml"

# Values the engine derives from the inputs, usable in `when` (see the top of rules/checker.yaml).
DERIVED = {
    "protected": ["hcpc", "gosc", "gcc", "none"],
    "on_required": [True, False],
    "cpd_known": [True, False],
    "cpd_rule": ["hours", "cycle", "no-hours", "none"],
    "cpd_meets": [True, False],
}
PLACEHOLDERS = {
    "title",
    "level",
    "body_name",
    "cpd_hours",
    "cpd_target",
    "cpd_rules",
    "register_name",
    "protected_title",
    "profession",
    "required_register_name",
}
LINK_TOKENS = {"$required_register", "$cpd"}  # besides "$<input>" for the links of the chosen answer
FactId = Annotated[str, Field(pattern=r"^[A-Z]\d+$")]
Facts = Annotated[list[FactId], Field(min_length=1)]


class Compare(Strict):
    lt: float | None = None
    gte: float | None = None


Condition = StrictStr | StrictBool | list[StrictStr | StrictBool] | Compare


class Choice(Strict):
    value: Text
    label: Text
    name: Text | None = None  # how a line names it ("the HCPC register")
    links: list[Id] = Field(default_factory=list)
    cpd: Id | None = None  # key of cpd_rules: the CPD rule this body or register sets


class Input(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    kind: Literal["choice", "text", "hours"]
    label: Text
    control: Literal["radios", "select"] | None = None
    hint: Text | None = None
    placeholder: Text | None = None
    default: StrictStr | None = None
    choices: list[Choice] | None = None
    required: Text | None = None
    required_when: dict[str, StrictStr] | None = None
    max: StrictInt | None = None
    blank: list[StrictStr] | None = None
    negative: Text | None = None
    not_number: Text | None = None
    too_big: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> "Input":
        need = {
            "choice": ["control", "default", "choices"],
            "text": [],
            "hours": ["max", "blank", "negative", "not_number", "too_big"],
        }[self.kind]
        missing = [f for f in need if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind} input needs {', '.join(missing)}")
        if self.choices is not None and self.default not in [c.value for c in self.choices]:
            raise ValueError(f"default: expected one of its choices, got {self.default!r}")
        return self


class ProtectedTitle(Strict):
    requires: Literal["hcpc", "gosc", "gcc"]
    profession: Text
    words: list[Text] = Field(min_length=1)
    fact: Facts


class CpdRule(Strict):
    kind: Literal["hours", "cycle", "no-hours"]
    hours: float | None = None
    text: Text
    links: list[Id] = Field(min_length=1)
    fact: Facts

    @model_validator(mode="after")
    def _hours_given(self) -> "CpdRule":
        if (self.kind == "hours") != (self.hours is not None):
            raise ValueError("hours: expected a number for kind 'hours', and none for the other kinds")
        return self


class Status(Strict):
    mark: Text
    word: Text


class Section(Strict):
    doc: Text
    anchor: Id
    label: Text


class Rule(Strict):
    id: Id
    topic: Text
    when: dict[str, Condition]
    status: Literal["urgent", "checked", "missing", "ask", "note"]
    says: Text
    ask: Text | None = None
    not_proven: Text | None = None
    section: Id
    links: list[StrictStr]
    fact: Facts


class Rules(Strict):
    version: StrictInt
    inputs: list[Input] = Field(min_length=1)
    messages: dict[str, Text]
    negations: list[Text]
    protected_titles: list[ProtectedTitle]
    cpd_rules: dict[str, CpdRule]
    statuses: dict[str, Status]
    ui: dict[str, Text]
    sections: dict[str, Section]
    rules: list[Rule] = Field(min_length=1)


class Link(Strict):
    id: Id
    name: Text
    url: StrictStr | None = None  # as facts.md gives it: host and path, no "https://"
    page: Text | None = None  # what the page is, when it is not the search itself
    how: Text | None = None  # what to do, when no address could be confirmed
    fact: Facts

    @model_validator(mode="after")
    def _url_or_how(self) -> "Link":
        if self.url is not None and not re.fullmatch(r"[a-z0-9.-]+\.[a-z]+(/\S*)?", self.url):
            raise ValueError(
                f"url: expected host and path as facts.md gives them, without https://, got {self.url!r}"
            )
        if (self.url is None) == (self.how is None):
            raise ValueError("expected either url (with page) or how, not both")
        if self.url is not None and self.page is None:
            raise ValueError("page: expected a sentence saying what the linked page is")
        return self


class Links(Strict):
    version: StrictInt
    links: list[Link] = Field(min_length=1)


def _read(path: Path, model: type, what: str, containers: dict[str, str]):
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError([Problem(path, "", "", f"expected a mapping with {what}")])
    try:
        return model.model_validate(raw), raw
    except ValidationError as exc:
        raise DataError(to_problems(exc, path, raw, containers)) from None


def load_links(path: Path = LINKS_FILE) -> Links:
    """Read and validate the links file; DataError names the link, the field and the expectation."""
    links, _ = _read(path, Links, "version and links", {"links": "link"})
    problems, seen = [], set()
    facts = fact_rows()
    for link in links.links:
        where = f"link '{link.id}'"
        if link.id in seen:
            problems.append(Problem(path, where, "id", "expected a unique id, found it again"))
        seen.add(link.id)
        problems += [
            Problem(path, where, "fact", f"expected a row id of facts.md, got {f!r}")
            for f in link.fact
            if facts and f not in facts
        ]
    if problems:
        raise DataError(problems)
    return links


def _check_rule(rules: Rules, rule: Rule, link_ids: set[str], facts: frozenset[str]) -> list[tuple[str, str]]:
    """(field, message) for each problem of one rule that the schema alone cannot see."""
    found: list[tuple[str, str]] = []
    inputs = {i.id: i for i in rules.inputs}
    for key, cond in rule.when.items():
        if key == "cpd_hours":
            if not isinstance(cond, Compare):
                found.append(("when.cpd_hours", "expected {lt: N} or {gte: N}"))
            continue
        spec = inputs.get(key)
        allowed = [c.value for c in spec.choices] if spec and spec.choices else DERIVED.get(key)
        if allowed is None:
            known = ", ".join([*(i.id for i in rules.inputs if i.choices), *DERIVED, "cpd_hours"])
            found.append((f"when.{key}", f"expected one of the inputs {known}"))
            continue
        for value in cond if isinstance(cond, list) else [cond]:
            if value not in allowed:
                found.append((f"when.{key}", f"expected one of {allowed}, got {value!r}"))
    for name in ("says", "ask", "not_proven"):
        for ph in re.findall(r"\{(\w+)\}", getattr(rule, name) or ""):
            if ph not in PLACEHOLDERS:
                found.append((name, f"expected placeholders among {sorted(PLACEHOLDERS)}, got {{{ph}}}"))
    for item in rule.links:
        ok = item in link_ids or item in LINK_TOKENS
        ok = ok or (item.startswith("$") and bool((spec := inputs.get(item[1:])) and spec.choices))
        if not ok:
            found.append(("links", f"expected ids of links.yaml or $<choice input>, got {item!r}"))
    if rule.section not in rules.sections:
        found.append(("section", f"expected one of {', '.join(rules.sections)}, got {rule.section!r}"))
    if rule.status not in rules.statuses:
        found.append(("status", f"expected one of the statuses {', '.join(rules.statuses)}"))
    found += [
        ("fact", f"expected a row id of facts.md, got {f!r}") for f in rule.fact if facts and f not in facts
    ]
    return found


def load_rules(path: Path = RULES_FILE, links_path: Path = LINKS_FILE) -> Rules:
    """Read and validate a rules file; DataError lists every problem (rule id, field, expectation)."""
    rules, _ = _read(
        path,
        Rules,
        "version, inputs, protected_titles, sections and rules",
        {"rules": "rule", "inputs": "input"},
    )
    link_ids = {link.id for link in load_links(links_path).links}
    facts = fact_rows()
    problems: list[Problem] = []
    seen: set[str] = set()
    for rule in rules.rules:
        where = f"rule '{rule.id}'"
        if rule.id in seen:
            problems.append(Problem(path, where, "id", "expected a unique id, found it again"))
        seen.add(rule.id)
        problems += [Problem(path, where, f, m) for f, m in _check_rule(rules, rule, link_ids, facts)]
    for spec in rules.inputs:
        for c in spec.choices or []:
            where = f"input '{spec.id}'"
            if c.cpd and c.cpd not in rules.cpd_rules:
                problems.append(Problem(path, where, "cpd", f"expected one of {', '.join(rules.cpd_rules)}"))
            problems += [
                Problem(path, where, "links", f"expected ids of links.yaml, got {lid!r}")
                for lid in c.links
                if lid not in link_ids
            ]
    for key, cpd in rules.cpd_rules.items():
        problems += [
            Problem(path, f"cpd rule '{key}'", "links", f"expected ids of links.yaml, got {lid!r}")
            for lid in cpd.links
            if lid not in link_ids
        ]
    for topic in dict.fromkeys(r.topic for r in rules.rules):
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
def rules() -> Rules:
    return load_rules()


@cache
def links() -> Links:
    return load_links()


@cache
def rules_json() -> dict:
    """The rules and the official links as the engines receive them (checker.py and checker.js)."""
    data = rules().model_dump(mode="json", exclude_none=True)
    return {**data, "links": links().model_dump(mode="json", exclude_none=True)["links"]}
