"""A rerun regrades after any change that can change a verdict, and keeps results only when told to (--keep)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from grader import batch
from grader.collect import collect
from grader.pipeline import Options
from grader.results import SubmissionResult

BASE = Options(seed=1)


@pytest.mark.parametrize("change", [
    {"assignment": "initialization"}, {"full": True}, {"cell_timeout": 5.0}, {"call_timeout": 3.0},
    {"submission_timeout": 10.0}, {"sandbox": "none"}, {"kernel_name": "other"},
])
def test_every_option_that_can_change_a_verdict_is_in_the_key(change: dict) -> None:
    assert batch.options_key(replace(BASE, **change)) != batch.options_key(BASE)


def test_options_that_cannot_change_a_verdict_are_not() -> None:
    same = replace(BASE, seed=2, hide=("/x",), warm_kernels=True)
    assert batch.options_key(same) == batch.options_key(BASE)


def test_the_code_fingerprint_covers_specs_reference_and_grader() -> None:
    from grader.reference.course import assignments_root

    assert (assignments_root() / "initialization" / "spec.toml").is_file()
    assert len(batch.verdict_fingerprint()) == 16


@pytest.fixture
def graded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """grade_many replaced by a stand-in that records which submissions it was asked to grade."""
    calls: list[str] = []

    def grade_many(todo, options, workers, executor, scheduler):
        for submission in todo:
            calls.append(submission.id)
            yield submission, SubmissionResult(submission=submission.id, assignment="initialization", score=1.0,
                                               max_score=3.0)

    monkeypatch.setattr(batch, "grade_many", grade_many)
    monkeypatch.setattr(batch, "write_outputs", lambda out, entries, title: out / "index.html")
    return calls


def _submissions(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    return collect([folder])[0]


def test_a_rerun_after_a_code_or_spec_change_regrades_unless_kept(tmp_path: Path, graded: list[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    submissions, out = _submissions(tmp_path), tmp_path / "out"
    first = batch.run_batch(submissions, out, BASE, 1, force=False)
    assert (first.graded, first.skipped, first.kept) == (2, 0, 0)
    again = batch.run_batch(submissions, out, BASE, 1, force=False)
    assert (again.graded, again.skipped, again.kept) == (0, 2, 0)
    monkeypatch.setattr(batch, "verdict_fingerprint", lambda: "a spec was edited")
    kept = batch.run_batch(submissions, out, BASE, 1, force=False, keep=True)
    assert (kept.graded, kept.skipped, kept.kept) == (0, 0, 2)
    regraded = batch.run_batch(submissions, out, BASE, 1, force=False)
    assert (regraded.graded, regraded.skipped, regraded.kept) == (2, 0, 0)
    assert graded == ["a", "b", "a", "b"]
    longer = batch.run_batch(submissions, out, replace(BASE, call_timeout=99.0), 1, force=False)
    assert longer.graded == 2
