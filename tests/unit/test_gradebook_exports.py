"""grader.gradebook (SQLite, committed per submission) and grader.exports (grades.csv)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from grader.exports import write_csv
from grader.gradebook import Gradebook
from grader.results import FunctionResult, SubmissionResult


def _result(sid: str, score: float, assignment: str | None = "initialization") -> SubmissionResult:
    functions = [FunctionResult("initialize_parameters_zeros", "passed" if score else "failed", min(score, 1), 1),
                 FunctionResult("initialize_parameters_he", "passed" if score > 1 else "failed", max(score - 1, 0), 2)]
    return SubmissionResult(sid, assignment, score, 3.0, functions=functions if assignment else [],
                            errors=[] if assignment else ["x.ipynb is empty"])


def test_record_and_read_back(tmp_path: Path):
    book = Gradebook(tmp_path / "out" / "gradebook.sqlite")
    try:
        assert not book.has("ann", "h1", "opts")
        book.record(_result("ann", 3), "h1", "opts", "in/ann.ipynb")
        assert book.has("ann", "h1", "opts") and not book.has("ann", "h2", "opts") and not book.has("ann", "h1", "x")
        back = book.result("ann", "h1", "opts")
        assert back.score == 3 and [f.name for f in back.functions] == ["initialize_parameters_zeros",
                                                                          "initialize_parameters_he"]
        with pytest.raises(KeyError):
            book.result("bo", "h1", "opts")
    finally:
        book.close()


def test_the_same_content_and_options_is_stored_once(tmp_path: Path):
    path = tmp_path / "gradebook.sqlite"
    book = Gradebook(path)
    try:
        book.record(_result("ann", 1), "h1", "opts", "o")
        book.record(_result("ann", 3), "h1", "opts", "o")
    finally:
        book.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT submission, score FROM results").fetchall()
    db.close()
    assert rows == [("ann", 3.0)]


def test_a_second_connection_sees_committed_results(tmp_path: Path):
    path = tmp_path / "gradebook.sqlite"
    writer, reader = Gradebook(path), Gradebook(path)
    try:
        writer.record(_result("ann", 2), "h", "o", "o")
        assert reader.has("ann", "h", "o")
    finally:
        writer.close()
        reader.close()


def test_grades_csv_columns_and_rows(tmp_path: Path):
    path = tmp_path / "grades.csv"
    write_csv([_result("ann", 3), _result("bo", 1.5), _result("cy", 0, assignment=None)], path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["submission", "assignment", "initialize_parameters_zeros", "initialize_parameters_he",
                       "total", "max_score", "errors"]
    assert rows[1] == ["ann", "initialization", "1", "2", "3", "3", ""]
    assert rows[2] == ["bo", "initialization", "1", "0.5", "1.5", "3", ""]
    assert rows[3] == ["cy", "", "", "", "0", "3", "x.ipynb is empty"]
    assert not list(tmp_path.glob("*.tmp"))
