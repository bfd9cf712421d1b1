"""Grading many submissions: worker processes, the gradebook, and every output file of a batch."""

from __future__ import annotations

import json
import multiprocessing
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

import grader
from grader.collect import Submission
from grader.exports import write_csv
from grader.gradebook import Gradebook
from grader.kernel.pool import POOL
from grader.pipeline import Options, grade_bytes
from grader.report import ClassEntry, write_index, write_report
from grader.results import SubmissionResult

MAX_POOL_RESTARTS = 3


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


def _grade(submission: Submission, options: Options) -> dict:
    result = grade_bytes(submission.raw, submission.name, options, submission.id, submission.problem)
    return result.to_dict()


def _crashed(submission: Submission, options: Options, why: str) -> SubmissionResult:
    return grade_bytes(b"", submission.name, options, submission.id, f"the grading worker failed: {why}")


def grade_many(submissions: list[Submission], options: Options,
               workers: int) -> Iterator[tuple[Submission, SubmissionResult]]:
    """Yields each submission's result as soon as it is known (in completion order)."""
    if workers <= 1:
        try:
            for submission in submissions:
                yield submission, SubmissionResult.from_dict(_grade(submission, options))
        finally:
            POOL.close()  # the kernel warmed for a next submission that will not come
        return
    pending = list(submissions)
    restarts = 0
    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: dict[Future, Submission] = {pool.submit(_grade, s, options): s for s in pending}
            pending = []
            broken = False
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    submission = futures.pop(future)
                    try:
                        yield submission, SubmissionResult.from_dict(future.result())
                    except BrokenProcessPool:
                        broken = True
                        pending.append(submission)
                    except Exception as error:  # noqa: BLE001 - a worker bug must not stop the batch
                        yield submission, _crashed(submission, options, f"{type(error).__name__}: {error}")
            if broken:
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    for submission in pending:
                        yield submission, _crashed(submission, options, "worker processes kept dying")
                    return


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
              on_result: Callable[[Submission, SubmissionResult], None] | None = None) -> BatchSummary:
    """Grades what has no stored result yet (all with ``force``), committing each one as it arrives."""
    if options.seed is None:
        options = replace(options, seed=secrets.randbits(32))
    options = replace(options, warm_kernels=True)
    out.mkdir(parents=True, exist_ok=True)
    gradebook = Gradebook(out / "gradebook.sqlite")
    key = options_key(options)
    try:
        todo = [s for s in submissions if force or not gradebook.has(s.id, s.content_hash, key)]
        for submission, result in grade_many(todo, options, workers):
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
