"""The credential checker's rules, one by one, its input validation, its links, the text a person keeps,
and its rules-file schema."""

import copy
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from stt_course.checker.engine import checklist_text, choices, run_checker
from stt_course.checker.rules import (
    LINKS_FILE,
    RULES_FILE,
    links,
    load_links,
    load_rules,
    rules,
    rules_json,
)
from stt_course.facts import fact_rows, facts_file
from stt_course.problems import DataError

BASE = {
    "reason": "routine",
    "title": "sports massage therapist",
    "level": "4",
    "qualification": "ofqual-found",
    "body": "sma",
    "body_name": "",
    "cpd_hours": "30",
    "insurance": "both",
    "register": "cnhc",
    "place": "england",
    "needling": "no",
    "licensed": "unknown",
}

# rule id -> the inputs (changed from BASE) that should produce it: every rule has a case.
CASES = {
    "safety-warning-signs": {"reason": "warning-signs"},
    "safety-new-injury": {"reason": "new-injury"},
    "safety-routine": {"reason": "routine"},
    "title-protected-listed": {"title": "Physiotherapist", "register": "hcpc"},
    "title-protected-unlisted": {"title": "sports physio", "register": "cnhc"},
    "title-unprotected": {"title": "soft tissue therapist"},
    "level-not-stated": {"level": "not-stated"},
    "level-3": {"level": "3"},
    "level-4-5": {"level": "5"},
    "level-6": {"level": "6"},
    "level-7": {"level": "7"},
    "regulated-found": {"qualification": "ofqual-found"},
    "regulated-not-found": {"qualification": "ofqual-not-found"},
    "regulated-degree": {"qualification": "degree", "level": "6"},
    "regulated-other-nation": {"qualification": "other-nation"},
    "regulated-unknown": {"qualification": "unknown"},
    "body-listed": {"body": "other", "body_name": "Society of Sports Therapists"},
    "body-none": {"body": "none"},
    "body-unknown": {"body": "unknown"},
    "cpd-hours-unknown": {"cpd_hours": ""},
    "cpd-meets": {"cpd_hours": "30"},
    "cpd-below": {"cpd_hours": "29.5"},
    "cpd-cycle": {"register": "gosc", "body": "none", "title": "osteopath"},
    "cpd-no-hours": {"register": "hcpc", "body": "none"},
    "cpd-no-rule": {"register": "none", "body": "fht"},
    "insurance-both": {"insurance": "both"},
    "insurance-indemnity": {"insurance": "indemnity"},
    "insurance-public-liability": {"insurance": "public-liability"},
    "insurance-none": {"insurance": "none"},
    "insurance-unknown": {"insurance": "unknown"},
    "register-statutory": {"register": "gosc"},
    "register-accredited": {"register": "basrat"},
    "register-none": {"register": "none"},
    "register-unknown": {"register": "unknown"},
    "premises-london-licensed": {"place": "london", "licensed": "yes"},
    "premises-london-unlicensed": {"place": "london", "licensed": "no"},
    "premises-london-unknown": {"place": "london", "licensed": "unknown"},
    "premises-local-act-licensed": {"place": "local-act", "licensed": "yes"},
    "premises-local-act-unlicensed": {"place": "local-act", "licensed": "no"},
    "premises-local-act-unknown": {"place": "local-act"},
    "premises-wales-needling-licensed": {"place": "wales", "needling": "yes", "licensed": "yes"},
    "premises-wales-needling-unlicensed": {"place": "wales", "needling": "yes", "licensed": "no"},
    "premises-wales-needling-unknown": {"place": "wales", "needling": "yes"},
    "premises-wales": {"place": "wales", "needling": "no", "licensed": "yes"},
    "premises-england": {"place": "england", "licensed": "yes"},
    "premises-scotland": {"place": "scotland"},
    "premises-northern-ireland": {"place": "northern-ireland"},
    "premises-mobile-needling": {"place": "mobile", "needling": "yes"},
    "premises-mobile": {"place": "mobile", "licensed": "no"},
    "premises-unknown": {"place": "unknown"},
}

# Titles: every HCPC-protected title, the osteopath family and "chiropractor" read as protected; negated
# and part-word uses do not.
HCPC_TITLES = [
    "art psychotherapist",
    "art therapist",
    "dramatherapist",
    "music therapist",
    "biomedical scientist",
    "chiropodist",
    "podiatrist",
    "clinical scientist",
    "dietitian",
    "dietician",
    "hearing aid dispenser",
    "occupational therapist",
    "operating department practitioner",
    "orthoptist",
    "paramedic",
    "physiotherapist",
    "physical therapist",
    "practitioner psychologist",
    "registered psychologist",
    "clinical psychologist",
    "counselling psychologist",
    "educational psychologist",
    "forensic psychologist",
    "health psychologist",
    "occupational psychologist",
    "sport and exercise psychologist",
    "prosthetist",
    "orthotist",
    "prosthetist and orthotist",
    "radiographer",
    "diagnostic radiographer",
    "therapeutic radiographer",
    "speech and language therapist",
    "speech therapist",
    "physio",
]
GOSC_TITLES = [
    "osteopath",
    "osteopathic practitioner",
    "osteopathic physician",
    "osteopathist",
    "osteotherapist",
]
GOSC_TITLES += ["equine osteopath", "Registered Osteopath"]
NOT_PROTECTED = [
    "massage therapist (not a physiotherapist)",
    "soft tissue therapist, not a physio",
    "non-physio massage",
    "sports therapist - no longer a paramedic",
    "exercise physiologist",
    "chiropractic assistant",
    "physiotherapy-trained masseur",
    "sports massage therapist",
]


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


def test_medical_help_comes_before_any_credential_line():
    result = run_checker(rules_json(), {**BASE, "reason": "warning-signs"})
    first = result["lines"][0]
    assert (first["id"], first["status"]) == ("safety-warning-signs", "urgent")
    assert "999" in first["says"] and "111" in first["ask"]
    assert all(line["status"] != "urgent" for line in result["lines"][1:])


@pytest.mark.parametrize("title", HCPC_TITLES)
def test_every_hcpc_title_needs_the_hcpc_register(title):
    line = lines_for(title=f"Sports {title}", register="none")["title-protected-unlisted"]
    assert "the HCPC register" in line["says"] and "hcpc" in line["links"]


@pytest.mark.parametrize("title", GOSC_TITLES)
def test_the_osteopath_family_needs_the_gosc_register(title):
    line = lines_for(title=title, register="none")["title-protected-unlisted"]
    assert "the GOsC register" in line["says"] and line["links"][0] == "gosc"


def test_a_listed_chiropractor_is_checked_against_the_gcc():
    line = lines_for(title="chiropractor", register="gcc")["title-protected-listed"]
    assert "the GCC register" in line["says"] and line["links"] == ["gcc"]


@pytest.mark.parametrize("title", NOT_PROTECTED)
def test_negated_or_part_word_titles_are_not_protected(title):
    assert "title-unprotected" in lines_for(title=title)


def test_physio_says_whose_statement_it_is():
    # "physio" is the CSP's reading of the HCPC's rules; the full titles are the HCPC's own.
    physio = lines_for(title="sports physio", register="none")["title-protected-unlisted"]
    full = lines_for(title="physiotherapist", register="none")["title-protected-unlisted"]
    assert "Chartered Society of Physiotherapy" in physio["says"] and "R14" in physio["fact"]
    assert "Chartered Society of Physiotherapy" not in full["says"]


def test_a_protected_title_after_a_negated_one_still_counts():
    assert "title-protected-unlisted" in lines_for(title="not a chiropractor but a physio", register="none")


def test_a_degree_or_another_nations_qualification_is_never_missing():
    # Each route says where it is checked: a degree never on Ofqual's register, another nation's
    # qualification with that nation's regulator (some are on Ofqual's register too).
    for route, where in (("degree", "Ofqual's register"), ("other-nation", "that nation's regulator")):
        line = next(
            v for v in lines_for(qualification=route).values() if v["topic"] == "Regulated qualification"
        )
        assert line["status"] == "ask" and where in line["says"]
    assert lines_for(qualification="degree", level="6")["regulated-degree"]["links"] == ["basrat", "scqf"]


@pytest.mark.parametrize(
    ("changes", "rule_id", "words"),
    [
        # SMA member and CNHC registrant: judged against the higher yearly figure they are held to.
        ({"body": "sma", "register": "cnhc", "cpd_hours": "20"}, "cpd-below", "below the 30 hours"),
        ({"body": "none", "register": "cnhc", "cpd_hours": "15"}, "cpd-meets", "at least 15 hours"),
        ({"body": "none", "register": "hcpc", "cpd_hours": "2"}, "cpd-no-hours", "sets no number of hours"),
        ({"body": "none", "register": "basrat", "cpd_hours": "0"}, "cpd-no-hours", "no minimum number"),
        ({"body": "none", "register": "gosc", "cpd_hours": "30"}, "cpd-cycle", "90 hours over a three-year"),
        ({"body": "none", "register": "none", "cpd_hours": "0"}, "cpd-no-rule", "nothing to judge"),
    ],
)
def test_cpd_is_judged_against_the_rule_of_the_body_or_register_named(changes, rule_id, words):
    line = lines_for(**changes)[rule_id]
    assert words in line["says"]


def test_a_body_named_is_a_claim_to_verify_not_a_check():
    line = lines_for(body="other", body_name="ISRM")["body-listed"]
    assert line["status"] == "ask" and "ISRM" in line["says"] and "their word" in line["says"]
    assert lines_for(body="sma")["body-listed"]["links"] == ["sma"]


def test_public_liability_alone_asks_about_professional_indemnity():
    line = lines_for(insurance="public-liability")["insurance-public-liability"]
    assert line["status"] == "missing" and "professional indemnity" in line["ask"]


@pytest.mark.parametrize(
    ("place", "words"),
    [
        ("local-act", "Nottinghamshire"),
        ("england", "does not cover massage"),
        ("wales", "dry needling"),
        ("scotland", "skin piercing"),
        ("northern-ireland", "district council"),
        ("mobile", "Thurrock"),
    ],
)
def test_each_place_says_what_its_licensing_covers(place, words):
    line = next(v for v in lines_for(place=place).values() if v["topic"] == "Premises")
    assert words in line["says"]


def test_a_mobile_therapist_who_needles_is_asked_about_the_welsh_licence():
    # Without this line a mobile therapist in Wales who does dry needling would hear only about massage.
    line = lines_for(place="mobile", needling="yes", licensed="unknown")["premises-mobile-needling"]
    assert line["status"] == "ask" and "special procedures licence" in line["says"]
    assert "wales-licences" in line["links"]
    assert "premises-mobile" in lines_for(place="mobile", needling="no")


def test_lines_say_what_the_evidence_does_not_prove():
    lines = lines_for(place="london", licensed="yes", register="none")
    assert "not a test of the therapist's skill" in lines["premises-london-licensed"]["not_proven"]
    assert "does not necessarily mean unqualified" in lines["register-none"]["not_proven"]
    assert "differ between bodies" in lines["body-listed"]["not_proven"]


def test_each_line_links_to_its_section_cites_facts_and_says_where_to_check():
    known = {link.id for link in links().links}
    for changes in CASES.values():
        for line in run_checker(rules_json(), {**BASE, **changes})["lines"]:
            assert line["section"]["doc"].startswith("0") and line["section"]["anchor"]
            assert set(line["fact"]) <= fact_rows()
            assert set(line["links"]) <= known
            # Where to check: every credential line; safety and insurance lines say what to do instead.
            if line["topic"] not in ("Before you book", "Insurance"):
                assert line["links"], line["id"]


def test_cpd_hours_are_shown_as_given():
    assert lines_for(cpd_hours="12.5")["cpd-below"]["says"].startswith("12.5 hours")
    assert lines_for(cpd_hours=" 40 ")["cpd-meets"]["says"].startswith("40 hours")


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
        ({"place": "Leeds"}, "place", "Choose one of: london, local-act, england"),
        ({"body": "other", "body_name": ""}, "body_name", "Enter the name of the body"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(changes, field, message):
    result = run_checker(rules_json(), {**BASE, **changes})
    assert list(result) == ["errors"]
    assert list(result["errors"]) == [field]
    assert message in result["errors"][field]


def test_the_form_comes_from_the_rules_data():
    data = rules_json()
    assert choices(data)["insurance"] == ["both", "indemnity", "public-liability", "none", "unknown"]
    assert [i["id"] for i in data["inputs"]][:2] == ["reason", "title"]
    # An empty form is valid but for the title: every other default is one of its own choices.
    assert list(run_checker(data, {})["errors"]) == ["title"]


# --- the text a person keeps ---------------------------------------------------------------------


def test_the_kept_text_has_the_date_the_inputs_every_line_and_its_links():
    inputs = {**BASE, "reason": "warning-signs", "place": "wales", "needling": "yes"}
    result = run_checker(rules_json(), inputs)
    text = checklist_text(rules_json(), inputs, result, "1 December 2026", "https://example.org/page.html")
    assert "Made on 1 December 2026" in text and "Nothing you typed was sent anywhere" in text
    assert "- Where the treatment happens: In Wales" in text
    assert "Name of the other body" not in text  # it applies only to "Another body"
    assert text.index("[!] Get medical help first: Before you book") < text.index("] Note: Title")
    for line in result["lines"]:
        assert line["says"] in text
    assert "https://en.powys.gov.uk/article/4269/Special-Procedures" in text
    assert text.endswith("https://example.org/page.html\n")


# --- the official links --------------------------------------------------------------------------


def test_every_link_url_is_written_as_the_fact_base_gives_it():
    facts = facts_file().read_text(encoding="utf-8")
    for link in links().links:
        assert link.fact and set(link.fact) <= fact_rows(), link.id
        if link.url:
            rows = [line for line in facts.splitlines() if link.url in line]
            assert rows, f"{link.id}: {link.url} is not in facts.md"
            assert any(re.match(rf"^\| ({'|'.join(link.fact)}) \|", row) for row in rows), link.id


def test_the_links_cover_each_register_and_look_up_the_public_can_use():
    ids = {link.id for link in links().links}
    assert {"cnhc", "psa", "hcpc", "gosc", "gcc", "sma", "fht", "basrat", "ofqual", "council"} <= ids


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda raw: raw["links"][0].pop("fact"), "FILE: link 'cnhc': field 'fact': is required but missing"),
        (
            lambda raw: raw["links"][0].update(url="https://cnhc.org.uk/x"),
            "FILE: link 'cnhc': field 'url': expected host and path as facts.md gives them, without https://",
        ),
        (
            lambda raw: raw["links"][0].update(how="Ask them."),
            "FILE: link 'cnhc': expected either url (with page) or how, not both",
        ),
    ],
)
def test_a_bad_links_file_names_link_and_field(tmp_path, mutate, expected):
    raw = yaml.safe_load(LINKS_FILE.read_text())
    mutate(raw)
    path = tmp_path / "links.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    with pytest.raises(DataError) as info:
        load_links(path)
    assert str(info.value).replace(str(path), "FILE").startswith(expected)


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
            "bodies, levels, regulated, registers, questions, limits, warning-signs, wait, insurance, "
            "got 'nowhere'",
        ),
        (
            lambda r: rule(r, "level-3").update(when={"colour": "blue"}),
            "FILE: rule 'level-3': field 'when.colour': expected one of the inputs reason, level, "
            "qualification, body, register, insurance, place, needling, licensed, protected, on_required, "
            "cpd_known, cpd_rule, cpd_meets, cpd_hours",
        ),
        (
            lambda r: rule(r, "level-3").update(when={"level": "8"}),
            "FILE: rule 'level-3': field 'when.level': expected one of ['3', '4', '5', '6', '7', "
            "'not-stated'], got '8'",
        ),
        (
            lambda r: rule(r, "level-3").update(says="Level {grade}"),
            "FILE: rule 'level-3': field 'says': expected placeholders among ['body_name', 'cpd_hours', "
            "'cpd_rules', 'cpd_target', 'level', 'profession', 'protected_title', 'register_name', "
            "'required_register_name', 'title'], got {grade}",
        ),
        (
            lambda r: rule(r, "level-3").update(status="fine"),
            "FILE: rule 'level-3': field 'status': expected 'urgent', 'checked', 'missing', 'ask' or 'note', "
            "got 'fine'",
        ),
        (
            lambda r: rule(r, "level-3").update(links=["nowhere", "$colour"]),
            "FILE: rule 'level-3': field 'links': expected ids of links.yaml or $<choice input>, got 'nowhere'",
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
        (
            lambda r: r["inputs"][0].update(default="sometimes"),
            "FILE: input 'reason': field 'default': expected one of its choices, got 'sometimes'",
        ),
        (
            lambda r: r["inputs"][4]["choices"][0].update(cpd="ymca"),
            "FILE: input 'body': field 'cpd': expected one of sma, cnhc, gosc, hcpc, basrat",
        ),
    ],
)
def test_bad_rules_file_names_rule_field_and_expectation(tmp_path, mutate, expected):
    found = problems(tmp_path, mutate)
    assert found[0].startswith(expected), found


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
    assert next(line for line in lines if line["topic"] == "CPD")["id"] == "cpd-meets"
