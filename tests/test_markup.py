from stt_course.markup import to_html


def test_bold_italic_code():
    assert to_html("A **bold** and *italic* `x*y*z`") == (
        "A <strong>bold</strong> and <em>italic</em> <code>x*y*z</code>"
    )


def test_html_in_bank_text_is_shown_as_text_never_run():
    out = to_html('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script" not in out and "<img" not in out
    assert out.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")


def test_lone_asterisks_are_left_alone():
    assert to_html("5 * 3 = 15 and 2 * 2") == "5 * 3 = 15 and 2 * 2"
