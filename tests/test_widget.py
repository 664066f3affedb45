"""The live widget: kernel-side grading through the same message the Check button sends."""

import json

import pytest

from stt_course.quiz.widget import QuizWidget


@pytest.fixture
def widget(test_course, monkeypatch):
    monkeypatch.setattr("stt_course.quiz.course.course", lambda: test_course)
    return QuizWidget("tst-quiz")


def test_check_button_message_grades_in_kernel(widget):
    widget.responses = {
        "tst-single": 1,
        "tst-multiple": [0, 2],
        "tst-tf": False,
        "tst-match": [0, 1],
        "tst-order": [0, 1, 2],
    }
    widget._on_message(widget, {"action": "check"}, [])
    assert widget.score == 5
    widget._on_message(widget, {"action": "reset"}, [])
    assert widget.result == {} and widget.responses == {}


def test_check_with_nothing_chosen_asks_and_scores_nothing(widget):
    widget._on_message(widget, {"action": "check"}, [])
    assert widget.result["status"] == "incomplete"
    assert widget.score is None


def test_repr_is_deterministic(widget):
    assert repr(widget) == "Quiz 'tst-quiz': Check: the test quiz (5 questions)"
    assert repr(widget) == repr(QuizWidget("tst-quiz"))


def test_static_html_carries_escaped_data_and_a_fallback(widget):
    bundle = widget._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    page = data["text/html"]
    assert data["text/plain"] == repr(widget)
    # Bank text with a script tag cannot close the JSON block or run.
    assert "<script>alert" not in page and page.count("</script>") == 1
    payload = page.split('class="stt-data">')[1].split("</script>")[0]
    assert json.loads(payload) == widget.data
    assert "turn JavaScript on" in page and "Run All Cells" in page


def test_unknown_quiz_id_names_the_known_ones(test_course, monkeypatch):
    monkeypatch.setattr("stt_course.quiz.course.course", lambda: test_course)
    with pytest.raises(KeyError, match="no quiz with id 'nope'; known quizzes: tst-quiz"):
        QuizWidget("nope")
