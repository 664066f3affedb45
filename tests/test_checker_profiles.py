"""The practice profiles of the credential-checker chapter: the checklist each one must give.

The notebook shows these therapists with ``show_checker(profile=...)``; the expected statuses live here,
not in the notebook, so a student never reads them there.
"""

import pytest

from stt_course.checker_profiles import load_profiles, profile, profiles
from stt_course.checker_widget import CheckerWidget
from stt_course.problems import DataError

# Topic -> status for a checklist; a list of fields for a profile whose input the checker refuses.
EXPECTED: dict[str, dict[str, str] | list[str]] = {
    "robin-ashdown": {
        "Title": "checked",
        "Qualification": "ask",
        "Regulated qualification": "ask",
        "Professional body": "ask",
        "CPD": "ask",
        "Insurance": "checked",
        "Register": "checked",
        "Premises": "note",
    },
    "sam-thornbury": {
        "Title": "missing",
        "Qualification": "note",
        "Regulated qualification": "ask",
        "Professional body": "note",
        "CPD": "ask",
        "Insurance": "ask",
        "Register": "note",
        "Premises": "note",
    },
    "jo-fernleigh": {
        "Title": "note",
        "Qualification": "note",
        "Regulated qualification": "checked",
        "Professional body": "checked",
        "CPD": "note",
        "Insurance": "checked",
        "Register": "ask",
        "Premises": "note",
    },
    "alex-marlowe": {
        "Title": "note",
        "Qualification": "note",
        "Regulated qualification": "checked",
        "Professional body": "checked",
        "CPD": "checked",
        "Insurance": "checked",
        "Register": "checked",
        "Premises": "missing",
    },
    "morgan-ellery": {
        "Title": "note",
        "Qualification": "note",
        "Regulated qualification": "checked",
        "Professional body": "note",
        "CPD": "ask",
        "Insurance": "checked",
        "Register": "note",
        "Premises": "note",
    },
    "casey-wren": {
        "Title": "note",
        "Qualification": "ask",
        "Regulated qualification": "ask",
        "Professional body": "ask",
        "CPD": "ask",
        "Insurance": "ask",
        "Register": "ask",
        "Premises": "note",
    },
    "jamie-holloway": {
        "Title": "note",
        "Qualification": "note",
        "Regulated qualification": "missing",
        "Professional body": "note",
        "CPD": "missing",
        "Insurance": "missing",
        "Register": "note",
        "Premises": "note",
    },
    # Taylor's CPD was typed as "ongoing": the lesson is the message next to the CPD box.
    "taylor-brookfield": ["cpd_hours"],
}

# Bad input gives a message next to the field, never a checklist.
INPUT_ERRORS = [
    (
        {
            "title": "sports therapist",
            "level": "5",
            "ofqual": "yes",
            "body": "named",
            "body_name": "ISRM",
            "cpd_hours": "ongoing",
            "insurance": "yes",
            "register": "psa-other",
            "london": "no",
            "licensed": "unknown",
        },
        ["cpd_hours"],
    ),
    (
        {
            "title": "sports therapist",
            "level": "5",
            "ofqual": "yes",
            "body": "named",
            "body_name": "ISRM",
            "cpd_hours": "-12",
            "insurance": "yes",
            "register": "psa-other",
            "london": "no",
            "licensed": "unknown",
        },
        ["cpd_hours"],
    ),
]


def run(inputs: dict) -> dict:
    w = CheckerWidget(inputs)
    w._on_message(w, {"action": "check"}, [])
    return w.result


def test_every_profile_has_an_expected_checklist():
    assert sorted(profiles()) == sorted(EXPECTED)


@pytest.mark.parametrize("pid", sorted(EXPECTED))
def test_profile_gives_its_checklist(pid):
    result = run(profile(pid))
    if isinstance(EXPECTED[pid], list):
        assert "lines" not in result and sorted(result["errors"]) == EXPECTED[pid]
        return
    assert "errors" not in result, result["errors"]
    assert {line["topic"]: line["status"] for line in result["lines"]} == EXPECTED[pid]
    for line in result["lines"]:
        assert line["says"] and line["section"]["anchor"] and line["fact"], line


@pytest.mark.parametrize(("inputs", "fields"), INPUT_ERRORS)
def test_bad_input_gives_a_message_next_to_the_field(inputs, fields):
    result = run(inputs)
    assert "lines" not in result
    assert sorted(result["errors"]) == sorted(fields)


def test_a_profile_that_is_not_text_is_named(tmp_path):
    bad = tmp_path / "profiles.yaml"
    bad.write_text("kim:\n  title: physio\n  cpd_hours: 12\n")
    with pytest.raises(DataError) as err:
        load_profiles(bad)
    assert str(err.value) == f"{bad}: profile 'kim': field 'cpd_hours': expected text in quotes"
