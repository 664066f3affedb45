"""The credential checker's rules, one by one, its input validation, and its rules-file schema."""

import copy
import unicodedata
from pathlib import Path

import pytest
import yaml

from stt_course.checker import run_checker
from stt_course.checker_rules import RULES_FILE, known_facts, load_rules, rules, rules_json
from stt_course.problems import DataError

BASE = {
    "title": "sports massage therapist",
    "level": "4",
    "ofqual": "yes",
    "body": "named",
    "body_name": "SMA",
    "cpd_hours": "30",
    "insurance": "yes",
    "register": "cnhc",
    "london": "no",
    "licensed": "unknown",
}

# rule id -> the inputs (changed from BASE) that should produce it
CASES = {
    "title-protected-listed": {"title": "Physiotherapist", "register": "hcpc"},
    "title-protected-unlisted": {"title": "sports physio", "register": "cnhc"},
    "title-unprotected": {"title": "soft tissue therapist"},
    "level-not-stated": {"level": "not-stated"},
    "level-3": {"level": "3"},
    "level-4-5": {"level": "5"},
    "level-6-7": {"level": "7"},
    "regulated-level-missing": {"level": "not-stated", "ofqual": "yes"},
    "regulated-yes": {"ofqual": "yes"},
    "regulated-no": {"ofqual": "no"},
    "regulated-unknown": {"ofqual": "unknown"},
    "body-named": {"body": "named"},
    "body-none": {"body": "none"},
    "body-unknown": {"body": "unknown"},
    "cpd-unknown": {"cpd_hours": ""},
    "cpd-at-least-30": {"cpd_hours": "30"},
    "cpd-15-to-30": {"cpd_hours": "15"},
    "cpd-below-15": {"cpd_hours": "14.5"},
    "insurance-yes": {"insurance": "yes"},
    "insurance-no": {"insurance": "no"},
    "insurance-unknown": {"insurance": "unknown"},
    "register-statutory": {"register": "gosc"},
    "register-cnhc": {"register": "cnhc"},
    "register-psa-other": {"register": "psa-other"},
    "register-none": {"register": "none"},
    "register-unknown": {"register": "unknown"},
    "premises-licensed": {"london": "yes", "licensed": "yes"},
    "premises-unlicensed": {"london": "yes", "licensed": "no"},
    "premises-unknown": {"london": "yes", "licensed": "unknown"},
    "premises-outside-london": {"london": "no", "licensed": "yes"},
}


def lines_for(**changes) -> dict[str, dict]:
    result = run_checker(rules_json(), {**BASE, **changes})
    assert "errors" not in result, result
    return {line["id"]: line for line in result["lines"]}


def test_every_rule_has_a_case():
    assert {r.id for r in rules().rules} == set(CASES)


@pytest.mark.parametrize("rule_id", CASES)
def test_rule_fires(rule_id):
    lines = lines_for(**CASES[rule_id])
    assert rule_id in lines
    # One line per topic, every topic present: a checklist, never a verdict.
    assert len(lines) == len({r.topic for r in rules().rules})


def test_protected_title_names_the_register_that_must_list_them():
    line = lines_for(title="Registered Osteopath", register="none")["title-protected-unlisted"]
    assert line["status"] == "missing"
    assert "osteopath" in line["says"] and "the GOsC register" in line["says"]
    assert "the GOsC register" in line["ask"]
    chiro = lines_for(title="chiropractor", register="gcc")["title-protected-listed"]
    assert "the GCC register" in chiro["says"]


@pytest.mark.parametrize("title", ["exercise physiologist", "osteopathic massage", "chiropractic assistant"])
def test_only_whole_protected_words_count(title):
    assert "title-unprotected" in lines_for(title=title)


def test_lines_say_what_the_evidence_does_not_prove():
    lines = lines_for(london="yes", licensed="yes", register="none")
    assert "not a test of the therapist's skill" in lines["premises-licensed"]["not_proven"]
    assert "does not mean unqualified" in lines["register-none"]["not_proven"]
    assert "differ between bodies" in lines["body-named"]["not_proven"]


def test_each_line_links_to_its_section_and_cites_facts():
    for line in run_checker(rules_json(), BASE)["lines"]:
        assert line["section"]["doc"].startswith("0") and line["section"]["anchor"]
        assert set(line["fact"]) <= known_facts()


def test_cpd_hours_are_shown_as_given():
    assert lines_for(cpd_hours="12.5")["cpd-below-15"]["says"].startswith("12.5 hours")
    assert lines_for(cpd_hours=" 40 ")["cpd-at-least-30"]["says"].startswith("40 hours")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cpd_hours": "-4"}, "cpd_hours", "CPD hours cannot be negative"),
        ({"cpd_hours": "lots"}, "cpd_hours", "Enter a number of hours"),
        ({"cpd_hours": "1e3"}, "cpd_hours", "Enter a number of hours"),
        ({"cpd_hours": "5000"}, "cpd_hours", "from 0 to 1000"),
        ({"title": "   "}, "title", "Enter the title the therapist uses"),
        ({"level": "9"}, "level", "Choose one of: 3, 4, 5, 6, 7, not-stated."),
        ({"register": "HCPC!"}, "register", "Choose one of"),
        ({"body": "named", "body_name": ""}, "body_name", "Enter the name of the body"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(changes, field, message):
    result = run_checker(rules_json(), {**BASE, **changes})
    assert list(result) == ["errors"]
    assert list(result["errors"]) == [field]
    assert message in result["errors"][field]


# --- the rules file itself ------------------------------------------------------------------------

RAW = yaml.safe_load(RULES_FILE.read_text())


def problems(tmp_path: Path, mutate) -> list[str]:
    raw = copy.deepcopy(RAW)
    mutate(raw)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    with pytest.raises(DataError) as info:
        load_rules(path)
    return [line.replace(str(path), "FILE") for line in str(info.value).splitlines()]


def rule(raw, rule_id):
    return next(r for r in raw["rules"] if r["id"] == rule_id)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda r: rule(r, "level-3").update(fact=["Z99"]),
            "FILE: rule 'level-3': field 'fact': expected a row id of facts.md, got 'Z99'",
        ),
        (
            lambda r: rule(r, "level-3").update(section="nowhere"),
            "FILE: rule 'level-3': field 'section': expected one of no-law, protected, voluntary, premises, "
            "bodies, levels, regulated, registers, questions, limits, got 'nowhere'",
        ),
        (
            lambda r: rule(r, "level-3").update(when={"colour": "blue"}),
            "FILE: rule 'level-3': field 'when.colour': expected one of the inputs level, ofqual, body, "
            "insurance, register, london, licensed, protected, on_required, cpd_known, cpd_hours",
        ),
        (
            lambda r: rule(r, "level-3").update(when={"level": "8"}),
            "FILE: rule 'level-3': field 'when.level': expected one of ['3', '4', '5', '6', '7', "
            "'not-stated'], got '8'",
        ),
        (
            lambda r: rule(r, "level-3").update(says="Level {grade}"),
            "FILE: rule 'level-3': field 'says': expected placeholders among ['body_name', 'cpd_hours', "
            "'level', 'protected_title', 'register_name', 'required_register_name', 'title'], got {grade}",
        ),
        (
            lambda r: rule(r, "level-3").update(status="fine"),
            "FILE: rule 'level-3': field 'status': expected 'checked', 'missing', 'ask' or 'note', got 'fine'",
        ),
        (
            lambda r: rule(r, "level-3").pop("fact"),
            "FILE: rule 'level-3': field 'fact': is required but missing",
        ),
        (
            lambda r: rule(r, "insurance-unknown").update(when={"insurance": "unknown"}),
            "FILE: rule 'insurance-unknown': field 'when': expected the last rule of topic 'Insurance' to have "
            "an empty when (a fallback), so every topic gives a line",
        ),
    ],
)
def test_bad_rules_file_names_rule_field_and_expectation(tmp_path, mutate, expected):
    assert problems(tmp_path, mutate) == [expected]


# Typed or pasted text that looks like a protected title is read as one: full-width letters, a zero-width
# space inside the word, a right-to-left override.
UNICODE_TITLES = [
    "\uff30\uff28\uff39\uff33\uff29\uff2f",  # ＰＨＹＳＩＯ
    "physi\u200bo",
    "\u202eosteopath",
    "sports\u00a0physio",
]


@pytest.mark.parametrize("title", UNICODE_TITLES)
def test_unicode_look_alikes_are_read_as_the_plain_title(title):
    lines = run_checker(rules_json(), {**BASE, "title": title, "register": "none"})["lines"]
    line = next(line for line in lines if line["topic"] == "Title")
    assert line["id"] == "title-protected-unlisted", line
    # What is shown back is plain text without the invisible characters.
    assert not any(unicodedata.category(ch) == "Cf" for ch in line["says"])


def test_full_width_digits_are_a_number_of_hours():
    lines = run_checker(rules_json(), {**BASE, "cpd_hours": "\uff13\uff10"})["lines"]
    assert next(line for line in lines if line["topic"] == "CPD")["id"] == "cpd-at-least-30"
