"""A batch: what to grade, the gradebook committed result by result, and every output file."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import grader
from grader.collect import Submission
from grader.executors import grade_many
from grader.exports import write_csv
from grader.gradebook import Gradebook
from grader.pipeline import Options
from grader.report import ClassEntry, write_index, write_report
from grader.results import SubmissionResult


@dataclass
class BatchSummary:
    total: int
    graded: int
    skipped: int
    not_graded: int
    index: Path


def options_key(options: Options) -> str:
    """What, besides the content, makes a stored result reusable."""
    return json.dumps({"assignment": options.assignment, "full": options.full, "grader": grader.__version__},
                      sort_keys=True)


def write_outputs(out: Path, entries: list[tuple[Submission, SubmissionResult]], title: str) -> Path:
    """Per-submission JSON and HTML, the class summary, grades.csv; returns the index path."""
    for submission, result in entries:
        result.write_json(out / f"{submission.id}.json")
        write_report(result, out / f"{submission.id}.html", index_href="index.html")
    write_csv([result for _, result in entries], out / "grades.csv")
    index = out / "index.html"
    write_index([ClassEntry(result, f"{submission.id}.html") for submission, result in entries], index, title)
    return index


def run_batch(submissions: list[Submission], out: Path, options: Options, workers: int, force: bool,
              on_result: Callable[[Submission, SubmissionResult], None] | None = None,
              executor: str = "local", scheduler: str | None = None) -> BatchSummary:
    """Grades what has no stored result yet (all with ``force``), committing each one as it arrives."""
    if options.seed is None:
        options = replace(options, seed=secrets.randbits(32))
    options = replace(options, warm_kernels=True)
    out.mkdir(parents=True, exist_ok=True)
    gradebook = Gradebook(out / "gradebook.sqlite")
    key = options_key(options)
    try:
        todo = [s for s in submissions if force or not gradebook.has(s.id, s.content_hash, key)]
        for submission, result in grade_many(todo, options, workers, executor, scheduler):
            gradebook.record(result, submission.content_hash, key, submission.origin)
            result.write_json(out / f"{submission.id}.json")
            if on_result is not None:
                on_result(submission, result)
        entries = [(s, gradebook.result(s.id, s.content_hash, key)) for s in submissions]
    finally:
        gradebook.close()
    index = write_outputs(out, entries, f"Class summary ({len(entries)} submissions)")
    not_graded = sum(result.assignment is None for _, result in entries)
    return BatchSummary(total=len(submissions), graded=len(todo), skipped=len(submissions) - len(todo),
                        not_graded=not_graded, index=index)
