"""Overrides and late penalties on top of the automatic score (no kernel)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from grader import adjust
from grader.adjust import LatePolicy, Override
from grader.exports import write_csv
from grader.gradebook import Gradebook
from grader.results import FunctionResult, SubmissionResult

DUE = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)


def result(*scores: float) -> SubmissionResult:
    functions = [FunctionResult(f"f{i}", "passed" if s == 1 else "failed", s, 1.0) for i, s in enumerate(scores, 1)]
    return SubmissionResult("ann", "regularization", sum(scores), float(len(scores)), functions)


def override(function: str, points: float | None, at: float = 1.0, automatic: float = 0.0,
             status: str = "failed") -> Override:
    return Override("ann", function, points, "why", "tutor", at, automatic, status)


def test_a_function_override_replaces_its_points_and_keeps_the_automatic_score() -> None:
    adjusted = adjust.apply(result(1, 0, 0.5), [override("f2", 0.75)], {})
    assert adjusted.score == 1.5 and adjusted.final == 2.25
    assert adjusted.functions[1].override["points"] == 0.75 and not adjusted.functions[1].override["changed"]
    assert adjusted.functions[1].score == 0 and adjusted.functions[1].status == "failed"  # the verdict stays
    assert adjusted.adjusted and adjusted.to_dict()["final_score"] == 2.25


def test_the_newest_override_wins_and_a_cleared_one_restores_the_automatic_points() -> None:
    assert adjust.apply(result(1, 0), [override("f2", 0.5, at=1), override("f2", 1.0, at=2)], {}).final == 2
    cleared = adjust.apply(result(1, 0), [override("f2", 0.5, at=1), override("f2", None, at=2)], {})
    assert cleared.final == 1 and not cleared.functions[1].override and not cleared.adjusted


def test_an_override_says_when_the_automatic_verdict_under_it_changed() -> None:
    regraded = adjust.apply(result(1, 1), [override("f2", 0.5, automatic=0.0, status="failed")], {})
    shown = regraded.functions[1].override
    assert shown["changed"] and shown["automatic_then"] == 0 and shown["automatic_now"] == 1
    text = adjust.override_text(shown, 1.0)
    assert "the automatic verdict has changed since the override (it was 0 points then, 1 now)" in text
    assert "by tutor" in text and ": why" in text


def test_a_whole_submission_override() -> None:
    whole = adjust.apply(result(1, 0), [Override("ann", "", 1.5, "oral exam", "prof", 5.0, 1.0, "")], {})
    assert whole.final == 1.5 and whole.override["points"] == 1.5
    assert adjust.adjustment_lines(whole)[0].startswith("whole submission: overridden to 1.5 of 2 points")


@pytest.mark.parametrize(("late_by", "days"), [(timedelta(minutes=1), 1), (timedelta(hours=24), 1),
                                               (timedelta(hours=24, seconds=1), 2), (timedelta(days=9), 9)])
def test_every_started_day_late_costs_the_penalty_up_to_the_cap(late_by: timedelta, days: int) -> None:
    policy = LatePolicy({"": DUE}, per_day=10, cap=50)
    late = adjust.late_of((DUE + late_by).timestamp(), False, "regularization", policy)
    assert late["days"] == days and late["penalty_percent"] == min(50, 10 * days)
    adjusted = adjust.apply(result(1, 1, 0), [], late)
    assert adjusted.final == pytest.approx(2 * (1 - min(50, 10 * days) / 100), rel=1e-9)
    assert adjusted.late["penalty"] == pytest.approx(2 * min(50, 10 * days) / 100, rel=1e-9)


def test_on_time_grace_per_assignment_and_the_lms_mark() -> None:
    policy = LatePolicy({"": DUE, "optimization": DUE + timedelta(days=7)}, per_day=10, grace=30)
    assert adjust.late_of((DUE - timedelta(hours=1)).timestamp(), False, "regularization", policy) == {}
    assert adjust.late_of((DUE + timedelta(minutes=29)).timestamp(), False, "regularization", policy) == {}
    assert adjust.late_of((DUE + timedelta(days=3)).timestamp(), False, "optimization", policy) == {}
    # Canvas says late although the file's time is not: one day (Canvas knows extensions and the real time)
    marked = adjust.late_of((DUE - timedelta(hours=1)).timestamp(), True, "regularization", policy)
    assert marked["days"] == 1 and marked["marked_by_lms"] and marked["penalty_percent"] == 10
    assert adjust.late_of(None, True, "regularization", LatePolicy())["penalty_percent"] == 0
    assert adjust.late_of(None, False, "regularization", policy) == {}  # no time, no mark: nothing to say
    text = adjust.late_text(adjust.apply(result(1), [], marked).late)
    assert text.startswith("late: 1 day (submitted ") and "penalty 10% = −0.1 points" in text


def test_penalty_applies_after_the_override() -> None:
    late = {"days": 1, "penalty_percent": 50, "submitted": "", "due": "", "marked_by_lms": True}
    assert adjust.apply(result(0, 0), [override("f1", 1.0)], late).final == 0.5


@pytest.mark.parametrize(("text", "assignment", "expected"), [
    ("2026-12-01T23:59+00:00", "", DUE),
    ("regularization=2026-12-01T23:59+00:00", "regularization", DUE),
    ("2026-12-01T23:59:59+00:00", "", DUE + timedelta(seconds=59)),
])
def test_due_dates(text: str, assignment: str, expected: datetime) -> None:
    assert adjust.parse_due(text) == (assignment, expected)


def test_a_date_alone_is_due_at_the_end_of_the_day_in_local_time() -> None:
    _, moment = adjust.parse_due("2026-12-01")
    assert (moment.hour, moment.minute, moment.second) == (23, 59, 59) and moment.tzinfo is not None


def test_a_due_date_that_is_not_one() -> None:
    with pytest.raises(ValueError, match="--due 'tomorrow': not a date and time"):
        adjust.parse_due("tomorrow")


def test_overrides_and_lateness_survive_in_the_gradebook(tmp_path: Path) -> None:
    book = Gradebook(tmp_path / "gradebook.sqlite")
    book.add_override(override("f2", 0.5, at=1.0))
    book.add_override(override("f2", None, at=2.0))
    book.set_late("ann", {"days": 2})
    book.close()
    again = Gradebook(tmp_path / "gradebook.sqlite")
    assert [o.points for o in again.overrides("ann")] == [0.5, None] and again.overrides("bo") == []
    assert again.late("ann") == {"days": 2} and again.late("bo") == {}
    again.close()


def test_grades_csv_holds_final_and_automatic_points(tmp_path: Path) -> None:
    late = {"days": 2, "penalty_percent": 20, "submitted": "", "due": "", "marked_by_lms": False}
    adjusted = adjust.apply(result(1, 0), [override("f2", 1.0)], late)
    write_csv([adjusted, result(1, 1)], tmp_path / "grades.csv")
    with (tmp_path / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert (rows[0]["f2"], rows[0]["total"], rows[0]["automatic_total"]) == ("1", "1.6", "1")
    assert (rows[0]["late_days"], rows[0]["late_penalty"]) == ("2", "0.4")
    assert rows[0]["overrides"].startswith("f2: overridden to 1 of 1 point (automatic 0) by tutor")
    assert (rows[1]["total"], rows[1]["automatic_total"], rows[1]["late_days"], rows[1]["overrides"]) == (
        "2", "2", "", "")
