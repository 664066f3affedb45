"""Detect long runs of words copied from the source article, without keeping the article itself.

The article's 12-word runs are stored as hashes (tests/data/article-12grams.txt); a page passes when
none of its 12-word runs hashes to one of them.
"""

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

RUN = 12


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped, so quoting or re-punctuating does not hide a copy."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def run_hashes(text: str, n: int = RUN) -> Iterator[tuple[str, str]]:
    w = words(text)
    for i in range(len(w) - n + 1):
        run = " ".join(w[i : i + n])
        yield hashlib.sha256(run.encode()).hexdigest()[:16], run


def copied_runs(text: str, article_hashes: set[str]) -> list[str]:
    return [run for h, run in run_hashes(text) if h in article_hashes]


def main() -> None:
    """Print the hashes of an article's runs: python -m stt_course.authoring.originality ARTICLE > FILE."""
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    print("\n".join(sorted({h for h, _ in run_hashes(text)})))


if __name__ == "__main__":
    main()
