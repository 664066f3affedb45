"""The fact list is found in the course folder, however the package was installed."""

import os

from stt_course.book import notebook_index
from stt_course.facts import fact_rows, facts_file


def test_rows_come_from_the_course_folder_in_use(tmp_path, monkeypatch):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "facts.md").write_text("| id | fact |\n|---|---|\n| Z1 | a fact |\n| Z2 | b |\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    assert fact_rows() != {"Z1", "Z2"}  # the course's own, read first
    monkeypatch.chdir(tmp_path)  # as `stt-course check` run inside a tutor's copy of the course
    assert fact_rows() == {"Z1", "Z2"}
    facts = tmp_path / "sources" / "facts.md"
    changed = facts.stat().st_mtime_ns + 10**9
    facts.write_text(facts.read_text() + "| Z3 | c |\n")
    os.utime(facts, ns=(changed, changed))  # a later edit, whatever the file system's clock step
    assert fact_rows() == {"Z1", "Z2", "Z3"}


def test_without_a_course_folder_there_is_nothing_to_check_against(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(notebook_index, "_PACKAGE_ROOT", tmp_path)
    assert facts_file() is None
    assert fact_rows(tmp_path) == frozenset()
