"""What a test-wise guesser could exploit in the course's quizzes: python -m tools.quiz_stats [BANK ...]

For single-choice questions, how often the right option is the strictly longest and where it sits; for
true/false, how many statements are true; for "select all", how often the right options come first.
tests/test_question_quality.py holds the course to bounds on the same figures.
"""

import sys
from collections import Counter
from pathlib import Path

from stt_course.quiz.course import BANKS_DIR, build_course
from stt_course.quiz.schema import MultipleChoice, SingleChoice, TrueFalse


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    course = build_course([Path(a) for a in args] or sorted(BANKS_DIR.glob("*.yaml")))
    qs = list(course.questions.values())
    single = [q for q in qs if isinstance(q, SingleChoice)]
    keys = [next(i for i, o in enumerate(q.options) if o.correct) for q in single]
    longest = sum(
        len(q.options[k].text) > max(len(o.text) for i, o in enumerate(q.options) if i != k)
        for q, k in zip(single, keys, strict=True)
    )
    positions = Counter("abcdef"[k] for k in keys)
    tf = [q for q in qs if isinstance(q, TrueFalse)]
    multi = [q for q in qs if isinstance(q, MultipleChoice)]
    leading = sum(
        [o.correct for o in q.options] == sorted((o.correct for o in q.options), reverse=True) for q in multi
    )
    types = Counter(q.type for q in qs)
    print(f"{len(qs)} questions: " + ", ".join(f"{n} {t}" for t, n in sorted(types.items())))
    share = f"{longest / len(single):.0%}"
    print(f"single choice: key strictly the longest option in {longest} of {len(single)} ({share})")
    print(
        "single choice: key positions "
        + ", ".join(f"{p} {n}" for p, n in sorted(positions.items()))
        + f" (most common {max(positions.values()) / len(single):.0%})"
    )
    true = sum(q.answer for q in tf)
    print(f"true/false: {true} of {len(tf)} statements true ({true / len(tf):.0%})")
    print(f"select all: right options are the first ones in {leading} of {len(multi)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
