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


def test_a_resubmission_has_one_current_row_and_the_replaced_result_in_history(tmp_path: Path):
    path = tmp_path / "gradebook.sqlite"
    book = Gradebook(path)
    try:
        book.record(_result("ann", 1), "first", "opts", "o")
        book.record(_result("bo", 2), "b", "opts", "o")
        book.record(_result("ann", 3), "second", "opts", "o")  # resubmitted: new content
        assert book.has("ann", "second", "opts") and not book.has("ann", "first", "opts")
        assert book.latest_key("ann", "second") == "opts" and book.latest_key("ann", "first") is None
        assert [(h, s) for h, s, _ in book.history("ann")] == [("first", 1.0)] and book.history("bo") == []
    finally:
        book.close()
    with sqlite3.connect(path) as db:
        current = db.execute("SELECT submission, content_hash, score FROM results ORDER BY submission").fetchall()
        replaced = db.execute("SELECT submission, content_hash, score FROM history").fetchall()
    db.close()
    assert current == [("ann", "second", 3.0), ("bo", "b", 2.0)] and replaced == [("ann", "first", 1.0)]


OLD_SCHEMA = """CREATE TABLE results (submission TEXT NOT NULL, content_hash TEXT NOT NULL, options TEXT NOT NULL,
    assignment TEXT, score REAL NOT NULL, max_score REAL NOT NULL, origin TEXT NOT NULL, graded_at REAL NOT NULL,
    result_json TEXT NOT NULL, PRIMARY KEY (submission, content_hash, options));"""


def test_a_gradebook_of_the_earlier_layout_is_migrated_without_losing_a_result(tmp_path: Path):
    path = tmp_path / "gradebook.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        for sid, content, score, at in (("ann", "h1", 1, 10.0), ("ann", "h2", 3, 20.0), ("bo", "b", 2, 15.0)):
            db.execute("INSERT INTO results VALUES (?, ?, 'opts', 'initialization', ?, 3, 'o', ?, ?)",
                       (sid, content, score, at, _result(sid, score).to_json()))
    db.close()
    book = Gradebook(path)
    try:
        assert book.has("ann", "h2", "opts") and book.has("bo", "b", "opts") and not book.has("ann", "h1", "opts")
        assert [(h, s) for h, s, _ in book.history("ann")] == [("h1", 1.0)]
        assert book.result("ann", "h2", "opts").score == 3
    finally:
        book.close()
    reopened = Gradebook(path)  # a second open changes nothing
    try:
        assert [(h, s) for h, s, _ in reopened.history("ann")] == [("h1", 1.0)]
    finally:
        reopened.close()


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
                       "total", "max_score", "errors", "automatic_total", "late_days", "late_penalty", "overrides"]
    assert rows[1] == ["ann", "initialization", "1", "2", "3", "3", "", "3", "", "", ""]
    assert rows[2] == ["bo", "initialization", "1", "0.5", "1.5", "3", "", "1.5", "", "", ""]
    assert rows[3] == ["cy", "", "", "", "0", "3", "x.ipynb is empty", "0", "", "", ""]
    assert not list(tmp_path.glob("*.tmp"))


def test_scores_read_as_people_read_them_and_the_mean_is_of_exact_scores():
    from grader.dashboard import ClassEntry, class_view
    from grader.results import percent_text, points

    assert [points(v) for v in (2.8333333, 3.0, 0.5, 0.0, 1 / 3, -0.0)] == ["2.83", "3", "0.5", "0", "0.33", "0"]
    assert [percent_text(v) for v in (83.3333, 100.0, 62.5, 0.0)] == ["83.3", "100", "62.5", "0"]
    entries = [ClassEntry(SubmissionResult(sid, "initialization", score, 3.0), f"{sid}.html")
               for sid, score in (("a", 2), ("b", 2), ("c", 3), ("d", 3))]
    view = class_view(entries)
    assert (view["mean"], view["median"]) == ("83.3", "83.3")  # from 2/3, 2/3, 3/3, 3/3 — not 84 from 67, 67, …
    assert [row["score"] for row in class_view([ClassEntry(SubmissionResult("e", "x", 17 / 6, 7.0), "e.html")])[
        "sections"][0]["rows"]] == ["2.83"]


def test_lms_identities_without_a_roster():
    from grader.lms import canvas_identity, moodle_identity

    assert moodle_identity("ana@uni.example_311_assignsubmission_file___hw") == ("Email address", "ana@uni.example")
    assert moodle_identity("alima_311_assignsubmission_file___hw") == ("Username", "alima")
    assert "give --roster" in moodle_identity("Ana Lima_311_assignsubmission_file___hw")
    assert moodle_identity("section-a__jdoe") == ("Username", "jdoe")
    assert moodle_identity("uploads__kim@uni.example") == ("Email address", "kim@uni.example")
    assert canvas_identity("doejane_late_4567_900001_hw") == ["doejane", "4567", "", "", ""]
    assert canvas_identity("section-a__jdoe") == ["", "", "", "jdoe", ""]
    assert "give --roster" in canvas_identity("Ana Lima_311_assignsubmission_file___hw")


def test_a_column_name_per_assignment():
    from grader.lms import Grade, canvas_export

    grades = [Grade("jdoe", "initialization", 3, 3), Grade("jdoe", "regularization", 2, 4), Grade("kim", "", 0, 0)]
    titles = {"initialization": "Initialization", "regularization": "Regularization"}
    export = canvas_export(grades, titles, None, ["initialization=Init (101)", "regularization=Reg (102)"])
    assert export.header[-2:] == ["Init (101)", "Reg (102)"]
    assert export.rows[1] == ["", "", "", "jdoe", "", "3", "2"]
    assert canvas_export(grades, titles, None, ["regularization=Reg (102)"]).header[-2:] == ["Initialization",
                                                                                            "Reg (102)"]
    for wrong, says in ((["Week 1"], "give --column ASSIGNMENT=NAME for each"),
                        (["optimization=Opt"], "the grades hold no assignment 'optimization'"),
                        (["initialization=Same", "regularization=Same"], "two assignments would share a column")):
        with pytest.raises(ValueError, match=says):
            canvas_export(grades, titles, None, wrong)
