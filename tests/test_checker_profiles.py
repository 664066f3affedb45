"""The practice profiles of the credential-checker chapter: the checklist each one must give.

The notebook shows these therapists with ``show_checker(profile=...)``; the expected statuses live here,
not in the notebook, so a student never reads them there.
"""

import pytest

from stt_course.checker.profiles import load_profiles, profile, profiles
from stt_course.checker.widget import CheckerWidget, show_checker
from stt_course.problems import DataError

# Topic -> status for a checklist; a list of fields for a profile whose input the checker refuses.
TOPICS = ["Before you book", "Title", "Qualification", "Regulated qualification", "Professional body", "CPD"]
TOPICS += ["Insurance", "Register", "Premises"]


def statuses(*marks: str) -> dict[str, str]:
    short = {"!": "urgent", "✓": "checked", "✗": "missing", "?": "ask", "i": "note"}
    return dict(zip(TOPICS, (short[m] for m in marks), strict=True))


EXPECTED: dict[str, dict[str, str] | list[str]] = {
    #                                safe title level route body  cpd  ins  reg  prem
    "robin-ashdown": statuses("i", "✓", "?", "?", "?", "?", "✓", "✓", "i"),
    "sam-thornbury": statuses("i", "✗", "i", "?", "i", "?", "?", "i", "i"),
    # An SMA member is held to the SMA's 30 hours; public liability alone leaves treatment uncovered.
    "jo-fernleigh": statuses("i", "i", "i", "✓", "?", "✗", "✗", "?", "i"),
    "alex-marlowe": statuses("i", "i", "i", "✓", "?", "✓", "✓", "✓", "✗"),
    "morgan-ellery": statuses("i", "i", "i", "✓", "i", "?", "✓", "i", "i"),
    "casey-wren": statuses("i", "i", "?", "?", "?", "?", "?", "?", "i"),
    # No body or register named: no CPD rule to judge zero hours against, so the line asks.
    "jamie-holloway": statuses("i", "i", "i", "✗", "i", "?", "✗", "i", "i"),
    # Taylor's CPD was typed as "ongoing": the lesson is the message next to the CPD box.
    "taylor-brookfield": ["cpd_hours"],
    # A graduate sports therapist: the degree is checked in its own place, never called missing.
    "riley-ashcombe": statuses("i", "i", "i", "?", "?", "?", "✓", "?", "i"),
    # A Nottinghamshire clinic: the local Act's licence, which also registers the practitioner.
    "priya-whitlow": statuses("i", "i", "i", "✓", "?", "✓", "✗", "?", "i"),
    # A mobile therapist, booked for a calf with warning signs: medical help comes first.
    "lee-carrow": statuses("!", "i", "i", "✓", "i", "?", "?", "✓", "i"),
    # A therapist in Wales who does dry needling: the special procedures licence is the question.
    "bryn-tallis": statuses("i", "i", "i", "?", "?", "?", "✓", "✓", "?"),
}

# The rules the new profiles turn on, line by line.
EXPECTED_RULES = {
    "riley-ashcombe": {
        "safety-new-injury",
        "regulated-degree",
        "body-listed",
        "cpd-no-rule",
        "premises-england",
    },
    "priya-whitlow": {"cpd-meets", "insurance-public-liability", "premises-local-act-licensed"},
    "lee-carrow": {"safety-warning-signs", "title-unprotected", "register-accredited", "premises-mobile"},
    "bryn-tallis": {"regulated-other-nation", "cpd-no-rule", "premises-wales-needling-unknown"},
}

# Bad input gives a message next to the field, never a checklist.
INPUT_ERRORS = [
    (
        {"title": "sports therapist", "body": "other", "body_name": "ISRM", "cpd_hours": "ongoing"},
        ["cpd_hours"],
    ),
    ({"title": "sports therapist", "body": "other", "body_name": "ISRM", "cpd_hours": "-12"}, ["cpd_hours"]),
    ({"title": "", "body": "other", "body_name": " ", "place": "Leeds"}, ["body_name", "place", "title"]),
]


def run(inputs: dict) -> dict:
    w = CheckerWidget(inputs)
    w._on_message(w, {"action": "check"}, [])
    return w.result


def test_every_profile_has_an_expected_checklist():
    assert sorted(profiles()) == sorted(EXPECTED)


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_profile_gives_its_checklist(pid):
    result = run(profile(pid)["inputs"])
    if isinstance(EXPECTED[pid], list):
        assert "lines" not in result and sorted(result["errors"]) == EXPECTED[pid]
        return
    assert "errors" not in result, result["errors"]
    assert {line["topic"]: line["status"] for line in result["lines"]} == EXPECTED[pid]
    for line in result["lines"]:
        assert line["says"] and line["section"]["anchor"] and line["fact"], line


@pytest.mark.parametrize("pid", sorted(EXPECTED_RULES))
def test_new_profile_turns_on_its_rules(pid):
    ids = {line["id"] for line in run(profile(pid)["inputs"])["lines"]}
    assert EXPECTED_RULES[pid] <= ids


def test_each_profile_checker_has_its_own_accessible_name():
    names = [profile(pid)["name"] for pid in profiles()]
    assert len(set(names)) == len(names) and all("(fictional)" in n for n in names)
    w = show_checker(profile="lee-carrow")
    assert '"label":"Lee Carrow (fictional)"' in w.static_html()
    # The page publishes the rules once; a checker's own block carries only its inputs and name.
    assert '"rules"' not in w.static_html() and len(w.static_html()) < 1000


@pytest.mark.parametrize(("inputs", "fields"), INPUT_ERRORS)
def test_bad_input_gives_a_message_next_to_the_field(inputs, fields):
    result = run(inputs)
    assert "lines" not in result
    assert sorted(result["errors"]) == sorted(fields)


def test_a_profile_that_is_not_text_is_named(tmp_path):
    bad = tmp_path / "profiles.yaml"
    bad.write_text("kim:\n  name: Kim\n  inputs:\n    title: physio\n    cpd_hours: 12\nlou:\n  title: x\n")
    with pytest.raises(DataError) as err:
        load_profiles(bad)
    assert str(err.value).splitlines() == [
        f"{bad}: profile 'kim': field 'inputs.cpd_hours': expected text in quotes",
        f"{bad}: profile 'lou': expected a mapping with name and inputs",
    ]


def test_a_changed_profile_makes_its_stored_checker_stale():
    from tools.stale import _stale_checker

    now = {"kim": {"name": "Kim (fictional)", "inputs": {"title": "physio", "cpd_hours": "12"}}}
    stored = {"inputs": {"title": "physio", "cpd_hours": "12"}, "label": "Kim (fictional)", "profile": "kim"}
    assert not _stale_checker(stored, now)
    assert _stale_checker({**stored, "inputs": {"title": "physio", "cpd_hours": "20"}}, now)
    assert _stale_checker({**stored, "label": "Kim"}, now)
    # A block from before the rules moved to the page carries the rules itself: re-run the notebook.
    assert _stale_checker({"rules": {}, "inputs": {}}, now)
    assert not _stale_checker({"inputs": {}, "label": "", "profile": ""}, now)
