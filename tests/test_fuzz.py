"""Property-based tests: whatever a bank file or the checker's form holds, the answer is either accepted
or a clear message, never a traceback, a hang, or a question silently lost from an accepted bank."""

import copy
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from stt_course.authoring.cli import main
from stt_course.checker.engine import choices, run_checker
from stt_course.checker.rules import rules_json
from stt_course.quiz.schema import QUESTION_TYPES

GOOD = yaml.safe_load((Path(__file__).parent / "data" / "good.yaml").read_text())
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: tests stay deterministic
    database=None,
    # No shrinking: a failure shows its example at once, and a run stays within seconds either way.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Values a mistaken or hostile bank might hold anywhere.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from([*QUESTION_TYPES, "tst-one", "", "  "]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def paths(node, here=()):
    """Every place in the document that can be replaced or deleted."""
    yield here
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*here, i))


PLACES = [p for p in paths(GOOD) if p]


@st.composite
def mutated_banks(draw):
    doc = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        place = draw(st.sampled_from(PLACES))
        parent = doc
        try:
            for key in place[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                parent[place[-1]] = draw(values)
            elif isinstance(parent, dict):
                del parent[place[-1]]
            else:
                parent.pop(place[-1])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    return doc


def count_questions(doc) -> int:
    return sum(len(q["questions"]) for q in doc["quizzes"])


@SETTINGS
@given(doc=mutated_banks())
def test_any_bank_is_accepted_whole_or_refused_with_messages(doc, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path("bank.yaml")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1), (code, out, err)
    lines = out.splitlines()
    if code == 1:
        problems = [line for line in lines if line.startswith("bank.yaml: ")]
        assert problems, out
        assert all(len(line) < 400 for line in problems)
    else:
        # Accepted: every question of the file is in the course it checked (none silently lost).
        from stt_course.quiz.course import read_bank

        bank = read_bank(path).bank
        assert bank is not None and sum(len(q.questions) for q in bank.quizzes) == count_questions(doc)


@SETTINGS
@given(text=st.binary(max_size=300))
def test_any_bytes_are_refused_or_read_without_a_traceback(text, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bank.yaml").write_bytes(text)
    code = main(["check", "bank.yaml"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err


typed = st.one_of(st.text(max_size=60), st.integers(), st.none(), st.floats(allow_nan=True))
checker_inputs = st.fixed_dictionaries(
    {"title": typed, "body_name": typed, "cpd_hours": typed},
    optional={
        field: st.one_of(st.sampled_from(allowed), typed) for field, allowed in choices(rules_json()).items()
    },
)


@SETTINGS
@given(inputs=checker_inputs)
def test_any_checker_input_gives_a_checklist_or_field_messages(inputs):
    result = run_checker(rules_json(), inputs)
    assert set(result) in ({"lines"}, {"errors"})
    if "errors" in result:
        assert all(isinstance(m, str) and m for m in result["errors"].values())
    else:
        for line in result["lines"]:
            assert line["says"] and not re.search(r"\{\w+\}", line["says"]), line
