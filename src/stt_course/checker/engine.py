"""The credential checker's engine: validate the learner's inputs, then build the checklist.

Everything the checker says or offers (inputs, choices, defaults, limits, messages, titles, CPD rules,
lines, links) is data in the rules file; this module and web/stt/checker.js hold the same logic, and a
parity test compares them. The result is a checklist, never a verdict: each line says what is checked,
missing or worth asking, what the evidence does not prove, and where to check.
"""

import re
import unicodedata
from typing import Any

Rules = dict[str, Any]  # the rules file as JSON (checker_rules.rules_json()): what checker.js receives too

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_NEGATIVE = re.compile(r"^-\s*\d+(\.\d+)?$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
CPD_STRENGTH = ["hours", "cycle", "no-hours"]  # the first kind named wins; "none" when nothing is named


def plain(text: Any) -> str:
    """Typed text as a reader sees it: compatibility forms folded (NFKC, so "ＰＨＹＳＩＯ" is "PHYSIO") and
    invisible or direction-control characters (Unicode format characters) removed."""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").strip()


def fill(text: str | None, values: dict[str, Any]) -> str | None:
    return None if text is None else _PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), text)


def choices(rules: Rules) -> dict[str, list[str]]:
    """Input id -> its allowed values, in form order."""
    return {i["id"]: [c["value"] for c in i["choices"]] for i in rules["inputs"] if i["kind"] == "choice"}


def choice(rules: Rules, field: str, value: Any) -> dict:
    """The data of one chosen answer (label, name, links, cpd), or {} for an unknown field or value."""
    for i in rules["inputs"]:
        if i["id"] == field:
            return next((c for c in i.get("choices") or [] if c["value"] == value), {})
    return {}


def defaults(rules: Rules) -> dict[str, str]:
    return {i["id"]: i.get("default", "") for i in rules["inputs"]}


def validate(rules: Rules, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean inputs and one message per bad field (shown next to that field)."""
    data = {**defaults(rules), **{k: v for k, v in raw.items() if v is not None}}
    clean: dict[str, Any] = dict(data)
    errors: dict[str, str] = {}
    for spec in rules["inputs"]:
        field, kind = spec["id"], spec["kind"]
        if kind == "choice":
            allowed = [c["value"] for c in spec["choices"]]
            if data[field] not in allowed:
                errors[field] = fill(rules["messages"]["choose"], {"choices": ", ".join(allowed)}) or ""
        elif kind == "text":
            clean[field] = value = plain(data[field])
            when = spec.get("required_when")
            needed = when is None or all(data.get(k) == v for k, v in when.items())
            if needed and not value and spec.get("required"):
                errors[field] = spec["required"]
        else:  # hours
            text = plain(data[field]).lower()
            clean[field] = None
            if text in spec["blank"]:
                continue
            if _NEGATIVE.match(text):
                errors[field] = spec["negative"]
            elif not _NUMBER.match(text):
                errors[field] = spec["not_number"]
            elif float(text) > spec["max"]:
                errors[field] = fill(spec["too_big"], {"max": spec["max"]}) or ""
            else:
                clean[field] = float(text)
    return clean, errors


def _negations(rules: Rules) -> re.Pattern:
    words = "|".join(re.escape(n) for n in rules["negations"])
    return re.compile(rf"(?:^|[^a-z0-9])(?:{words})(?:\s+(?:a|an|the))?[\s-]*$")


def _phrase(word: str) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in word.lower().split())
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")


def protected_title(rules: Rules, title: str) -> tuple[dict, str] | None:
    """The protected title (and the words matched) that the given title uses as whole words, not negated
    ("massage therapist, not a physiotherapist" uses none)."""
    lower, negated = title.lower(), _negations(rules)
    for p in rules["protected_titles"]:
        for word in p["words"]:
            for m in _phrase(word).finditer(lower):
                if not negated.search(lower[: m.start()]):
                    return p, word
    return None


def _hours(h: float) -> str:
    return str(int(h)) if h == int(h) else str(h)


def cpd_rules(rules: Rules, clean: dict[str, Any]) -> list[dict]:
    """The CPD rules of the register and the body the therapist names (register first), once each."""
    keys = [choice(rules, f, clean.get(f)).get("cpd") for f in ("register", "body")]
    return [rules["cpd_rules"][k] for k in dict.fromkeys(k for k in keys if k)]


def _matches(cond: Any, value: Any) -> bool:
    if isinstance(cond, dict):  # a comparison: {"lt": n} and/or {"gte": n}
        if value is None:
            return False
        lt, gte = cond.get("lt"), cond.get("gte")
        return (lt is None or value < lt) and (gte is None or value >= gte)
    if isinstance(cond, list):
        return value in cond
    return value == cond


def _links(rules: Rules, wanted: list[str], clean: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for item in wanted:
        if item == "$required_register":
            out += choice(rules, "register", derived["protected"]).get("links", [])
        elif item == "$cpd":
            out += [link for r in derived["cpd_sources"] for link in r["links"]]
        elif item.startswith("$"):
            out += choice(rules, item[1:], clean.get(item[1:])).get("links", [])
        else:
            out.append(item)
    return list(dict.fromkeys(out))


def run_checker(rules: Rules, raw: dict[str, Any]) -> dict:
    """{"errors": {field: message}} for bad input, else {"lines": [...]}, one line per topic.

    ``rules`` is the rules file as JSON (checker_rules.rules_json()), as checker.js receives it."""
    clean, errors = validate(rules, raw)
    if errors:
        return {"errors": errors}
    found = protected_title(rules, clean["title"])
    protected = found[0]["requires"] if found else "none"
    sources = cpd_rules(rules, clean)
    kinds = {r["kind"] for r in sources}
    rule_kind = next((k for k in CPD_STRENGTH if k in kinds), "none")
    targets = [r["hours"] for r in sources if r["kind"] == "hours"]
    target = max(targets) if targets else None
    hours = clean["cpd_hours"]
    derived = {
        "protected": protected,
        "on_required": clean["register"] == protected,
        "cpd_known": hours is not None,
        "cpd_rule": rule_kind,
        "cpd_meets": hours is not None and target is not None and hours >= target,
        "cpd_sources": sources,
    }
    facts = {**clean, **derived}
    body = choice(rules, "body", clean["body"])
    values = {
        "title": clean["title"],
        "level": clean["level"],
        "body_name": clean["body_name"] if clean["body"] == "other" else body.get("name", ""),
        "cpd_hours": _hours(hours) if hours is not None else "",
        "cpd_target": _hours(target) if target is not None else "",
        "cpd_rules": " ".join(r["text"] for r in sources),
        "register_name": choice(rules, "register", clean["register"]).get("name", ""),
        "required_register_name": choice(rules, "register", protected).get("name", ""),
        "protected_title": found[1] if found else "",
        "profession": found[0]["profession"] if found else "",
    }
    lines, done = [], set()
    for rule in rules["rules"]:
        if rule["topic"] in done or not all(_matches(c, facts.get(k)) for k, c in rule["when"].items()):
            continue
        done.add(rule["topic"])
        section = rules["sections"][rule["section"]]
        lines.append(
            {
                "id": rule["id"],
                "topic": rule["topic"],
                "status": rule["status"],
                "says": fill(rule["says"], values),
                "ask": fill(rule.get("ask"), values),
                "not_proven": fill(rule.get("not_proven"), values),
                "section": {"doc": section["doc"], "anchor": section["anchor"], "label": section["label"]},
                "links": _links(rules, rule["links"], clean, derived),
                "fact": list(rule["fact"]),
            }
        )
    return {"lines": lines}


def checklist_text(rules: Rules, raw: dict[str, Any], result: dict, date: str, url: str = "") -> str:
    """The checklist as plain text a person keeps (print, copy, download): date, inputs, lines, links.
    checker.js's checklistText gives the same text."""
    ui = rules["ui"]
    clean = {**defaults(rules), **{k: v for k, v in raw.items() if v is not None}}
    out = [ui["heading"], fill(ui["made"], {"date": date}) or "", "", ui["inputs"]]
    for spec in rules["inputs"]:
        when = spec.get("required_when") or {}
        if any(clean.get(k) != v for k, v in when.items()):
            continue  # a field that applies only to another answer (the other body's name)
        value = clean.get(spec["id"])
        if spec["kind"] == "choice":
            value = choice(rules, spec["id"], value).get("label", value)
        sep = " " if spec["label"].endswith("?") else ": "
        out.append(f"- {spec['label']}{sep}{plain(value) if value not in (None, '') else '-'}")
    links = {link["id"]: link for link in rules["links"]}
    for line in result.get("lines", []):
        status = rules["statuses"][line["status"]]
        out += ["", f"[{status['mark']}] {status['word']}: {line['topic']}", line["says"]]
        if line.get("ask"):
            out.append(f"{ui['ask']} {line['ask']}")
        if line.get("not_proven"):
            out.append(f"{ui['not_proven']} {line['not_proven']}")
        for lid in line.get("links", []):
            link = links[lid]
            out.append(
                f"{ui['where']} {link['name']}: "
                + (f"https://{link['url']}" if link.get("url") else link["how"])
            )
    out += ["", ui["footer"]]
    if url:
        out.append(url)
    return "\n".join(out) + "\n"
