"""The course's fact list (``sources/facts.md``): the row ids that pages, rules and links may cite.

Read from the course folder (the working folder, or the one the package was installed from), so the
check works the same from a clone, an editable install or an installed wheel run inside the course.
"""

import re
from functools import cache
from pathlib import Path

FACTS_FILE = Path("sources") / "facts.md"
FACT_ROW = re.compile(r"^\| ([A-Z]\d+) \|", re.M)


def facts_file(root: Path | None = None) -> Path | None:
    """The fact list of the course in ``root`` (default: the course folder), if there is one."""
    if root is None:
        from stt_course.book.notebook_index import course_root  # here: notebook_index imports this module

        root = course_root()
    path = root / FACTS_FILE if root else None
    return path if path and path.is_file() else None


def fact_rows(root: Path | None = None) -> frozenset[str]:
    """Row ids of the fact list; empty where there is no course folder (the browser notebooks)."""
    path = facts_file(root)
    return _rows_in(path.resolve(), path.stat().st_mtime_ns) if path else frozenset()


# By file and its last change, not by root: with no root given, the course folder is the working folder
# of the moment, and a tutor's check may follow an edit of the list in the same process.
@cache
def _rows_in(path: Path, _changed: int) -> frozenset[str]:
    return frozenset(FACT_ROW.findall(path.read_text(encoding="utf-8")))
