"""The credential checker's engine: validate the learner's inputs, then build the checklist.

web/stt/checker.js mirrors this module for the published book; a parity test compares them.
The result is a checklist, never a verdict: each line says what is checked, missing or worth asking,
and what the evidence does not prove.
"""

import re
import unicodedata
from typing import Any

Rules = dict[str, Any]  # the rules file as JSON (checker_rules.rules_json()): what checker.js receives too

# The learner's inputs and their allowed values (cpd_hours, title and body_name are free text).
CHOICES: dict[str, list[str]] = {
    "level": ["3", "4", "5", "6", "7", "not-stated"],
    "ofqual": ["yes", "no", "unknown"],
    "body": ["none", "named", "unknown"],
    "insurance": ["yes", "no", "unknown"],
    "register": ["cnhc", "psa-other", "hcpc", "gosc", "gcc", "none", "unknown"],
    "london": ["yes", "no"],
    "licensed": ["yes", "no", "unknown"],
}

DEFAULTS = {
    "title": "",
    "level": "not-stated",
    "ofqual": "unknown",
    "body": "unknown",
    "body_name": "",
    "cpd_hours": "",
    "insurance": "unknown",
    "register": "unknown",
    "london": "no",
    "licensed": "unknown",
}
MAX_CPD = 1000
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_NEGATIVE = re.compile(r"^-\s*\d+(\.\d+)?$")
_UNKNOWN = {"", "unknown", "don't know", "not known"}


def plain(text: Any) -> str:
    """Typed text as a reader sees it: compatibility forms folded (NFKC, so "ＰＨＹＳＩＯ" is "PHYSIO") and
    invisible or direction-control characters (Unicode format characters) removed."""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").strip()


def validate(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean inputs and one message per bad field (shown next to that field)."""
    data = {**DEFAULTS, **{k: v for k, v in raw.items() if v is not None}}
    errors: dict[str, str] = {}
    title = plain(data["title"])
    if not title:
        errors["title"] = 'Enter the title the therapist uses, for example "sports massage therapist".'
    for field, allowed in CHOICES.items():
        if data[field] not in allowed:
            errors[field] = f"Choose one of: {', '.join(allowed)}."
    body_name = plain(data["body_name"])
    if data["body"] == "named" and not body_name:
        errors["body_name"] = "Enter the name of the body, or choose “don't know”."
    hours_text = plain(data["cpd_hours"]).lower()
    hours: float | None = None
    if hours_text not in _UNKNOWN:
        if _NEGATIVE.match(hours_text):
            errors["cpd_hours"] = "CPD hours cannot be negative: enter 0 or more, or leave blank if unknown."
        elif not _NUMBER.match(hours_text):
            errors["cpd_hours"] = "Enter a number of hours, such as 30, or leave blank if unknown."
        else:
            hours = float(hours_text)
            if hours > MAX_CPD:
                errors["cpd_hours"] = f"Enter a number of hours from 0 to {MAX_CPD} (a year's CPD)."
    clean = {**data, "title": title, "body_name": body_name, "cpd_hours": hours}
    return clean, errors


def protected_title(rules: Rules, title: str) -> dict | None:
    """The protected title that the given title uses (one of its words, as whole words), if any."""
    lower = title.lower()
    for p in rules["protected_titles"]:
        if any(re.search(r"\b" + re.escape(w.lower()) + r"\b", lower) for w in p["words"]):
            return p
    return None


def _matches(cond: Any, value: Any) -> bool:
    if isinstance(cond, dict):  # a comparison: {"lt": n} and/or {"gte": n}
        if value is None:
            return False
        lt, gte = cond.get("lt"), cond.get("gte")
        return (lt is None or value < lt) and (gte is None or value >= gte)
    if isinstance(cond, list):
        return value in cond
    return value == cond


def _hours(h: float) -> str:
    return str(int(h)) if h == int(h) else str(h)


def run_checker(rules: Rules, raw: dict[str, Any]) -> dict:
    """{"errors": {field: message}} for bad input, else {"lines": [...]}, one line per topic.

    ``rules`` is the rules file as JSON (checker_rules.rules_json()), as checker.js receives it."""
    clean, errors = validate(raw)
    if errors:
        return {"errors": errors}
    match = protected_title(rules, clean["title"])
    protected = match["requires"] if match else "none"
    facts = {
        **clean,
        "protected": protected,
        "on_required": clean["register"] == protected,
        "cpd_known": clean["cpd_hours"] is not None,
    }
    values = {
        "title": clean["title"],
        "level": clean["level"],
        "body_name": clean["body_name"],
        "cpd_hours": _hours(clean["cpd_hours"]) if clean["cpd_hours"] is not None else "",
        "register_name": rules["registers"].get(clean["register"], ""),
        "required_register_name": rules["registers"].get(protected, ""),
        "protected_title": match["title"] if match else "",
    }

    def fill(text: str | None) -> str | None:
        return None if text is None else re.sub(r"\{(\w+)\}", lambda m: values[m[1]], text)

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
                "says": fill(rule["says"]),
                "ask": fill(rule.get("ask")),
                "not_proven": fill(rule.get("not_proven")),
                "section": {"doc": section["doc"], "anchor": section["anchor"], "label": section["label"]},
                "fact": list(rule["fact"]),
            }
        )
    return {"lines": lines}
