"""A batch: what to grade, the gradebook committed result by result, and every output file."""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import grader
import grader.reference
from grader.adjust import LatePolicy, apply, late_of
from grader.collect import Submission
from grader.dashboard import ClassEntry
from grader.executors import grade_many
from grader.exports import write_csv
from grader.files import write_atomically
from grader.gradebook import Gradebook
from grader.pipeline import Options
from grader.reference.course import assignments_root
from grader.report import render_student, write_index, write_similarity
from grader.results import SubmissionResult

POLICY = "late_policy"
LAST_BATCH = "last_batch"  # the submission ids of the last run, in order: what the outputs list


@dataclass
class BatchSummary:
    total: int
    graded: int
    skipped: int
    not_graded: int
    index: Path
    kept: int = 0  # results graded under other settings or code, kept (``keep``) instead of regraded
    not_graded_ids: tuple[str, ...] = ()  # the submissions counted in ``not_graded``, in batch order
    timings: dict[str, float] = field(default_factory=dict)  # median seconds per step over this run's gradings


def median_timings(timings: list[dict[str, float]]) -> dict[str, float]:
    """The median of each step of ``environment.timings`` over the gradings that ran it, in the steps' order."""
    from grader.timings import STEPS

    return {step: round(statistics.median(found), 4) for step in STEPS
            if (found := [t[step] for t in timings if step in t])}


@functools.cache
def verdict_fingerprint() -> str:
    """A hash of everything that can change a verdict besides the options: the grader's and the reference's
    code, and every assignment's spec, helper modules, test cases and notebook."""
    digest = hashlib.sha256(grader.__version__.encode())
    roots = [Path(grader.__file__).parent, Path(grader.reference.__file__).parent, assignments_root()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".toml", ".ipynb")
                           and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def options_key(options: Options) -> str:
    """What, besides the content, makes a stored result reusable: every option that can change a verdict
    (not the seed: a rerun may draw new hidden cases) and :func:`verdict_fingerprint`."""
    return json.dumps({"assignment": options.assignment, "edition": options.edition,
                       "full": options.full, "grader": grader.__version__,
                       "code": verdict_fingerprint(), "cell_timeout": options.cell_timeout,
                       "call_timeout": options.call_timeout, "submission_timeout": options.submission_timeout,
                       "sandbox": options.sandbox, "kernel": options.kernel_name}, sort_keys=True)


def write_outputs(out: Path, entries: list[tuple[str, SubmissionResult]], title: str) -> Path:
    """Per-submission JSON and HTML, the class summary, grades.csv (entries: submission id, adjusted result);
    returns the index path."""
    for sid, result in entries:
        started = time.perf_counter()
        html = render_student(result, index_href="index.html")
        result.environment.setdefault("timings", {})["render"] = round(time.perf_counter() - started, 4)
        result.write_json(out / f"{sid}.json")
        write_atomically(out / f"{sid}.html", html)
    write_csv([result for _, result in entries], out / "grades.csv")
    index = out / "index.html"
    classed = [ClassEntry(result, f"{sid}.html") for sid, result in entries]
    similar = write_similarity(classed, out / "similarity.html", title)
    write_index(classed, index, title, similar)
    return index


def _title(count: int) -> str:
    return f"Class summary ({count} submissions)"


def rewrite_outputs(out: Path) -> Path:
    """Every output of the last batch graded into ``out`` written again from its gradebook (after an override):
    the stored results, their overrides and stored lateness; nothing is regraded."""
    gradebook = Gradebook(out / "gradebook.sqlite")
    try:
        current = {r.submission: r for r in gradebook.current()}
        listed = json.loads(gradebook.setting(LAST_BATCH) or "[]") or sorted(current)
        entries = [(sid, apply(current[sid], gradebook.overrides(sid), gradebook.late(sid)))
                   for sid in listed if sid in current]
    finally:
        gradebook.close()
    index = write_outputs(out, entries, _title(len(entries)))
    gradescope = [sid for sid, _ in entries if (out / f"{sid}.gradescope.json").is_file()]
    if gradescope:
        from grader.gradescope import write_batch

        write_batch(gradescope, out)
    return index


def adjusted(gradebook: Gradebook, entries: list[tuple[Submission, SubmissionResult]],
             policy: LatePolicy | None) -> list[tuple[Submission, SubmissionResult]]:
    """The results with their overrides and late penalties; lateness is computed again under the policy (given, or
    stored in the gradebook by an earlier run) and stored."""
    if policy is not None:
        gradebook.set_setting(POLICY, json.dumps(policy.to_dict()))
    stored = gradebook.setting(POLICY)
    policy = LatePolicy.from_dict(json.loads(stored)) if stored else LatePolicy()
    for submission, result in entries:
        gradebook.set_late(submission.id, late_of(submission.submitted_at, submission.marked_late, result.assignment,
                                                  policy))
    return [(s, apply(r, gradebook.overrides(s.id), gradebook.late(s.id))) for s, r in entries]


def run_batch(submissions: list[Submission], out: Path, options: Options, workers: int, force: bool,
              on_result: Callable[[Submission, SubmissionResult], None] | None = None,
              executor: str = "local", scheduler: str | None = None, keep: bool = False,
              late_policy: LatePolicy | None = None) -> BatchSummary:
    """Grades what has no stored result for these options and code yet (all with ``force``), committing each
    one as it arrives. With ``keep``, a result stored under other options or code is kept, and counted.
    ``late_policy`` replaces the gradebook's (None: the one it has, if any)."""
    if options.seed is None:
        options = replace(options, seed=secrets.randbits(32))
    options = replace(options, warm_kernels=True)
    out.mkdir(parents=True, exist_ok=True)
    gradebook = Gradebook(out / "gradebook.sqlite")
    key = options_key(options)
    try:
        stored = {s.id: (key if gradebook.has(s.id, s.content_hash, key) else
                         gradebook.latest_key(s.id, s.content_hash) if keep else None) for s in submissions}
        todo = [s for s in submissions if force or stored[s.id] is None]
        timed: list[dict[str, float]] = []
        for submission, result in grade_many(todo, options, workers, executor, scheduler):
            timed.append(result.environment.get("timings", {}))
            gradebook.record(result, submission.content_hash, key, submission.origin)
            stored[submission.id] = key
            result.write_json(out / f"{submission.id}.json")
            if on_result is not None:
                on_result(submission, result)
        entries = [(s, gradebook.result(s.id, s.content_hash, stored[s.id] or key)) for s in submissions]
        entries = adjusted(gradebook, entries, late_policy)
        gradebook.set_setting(LAST_BATCH, json.dumps([s.id for s in submissions]))
    finally:
        gradebook.close()
    index = write_outputs(out, [(s.id, r) for s, r in entries], _title(len(entries)))
    not_graded = tuple(submission.id for submission, result in entries if result.assignment is None)
    kept = sum(stored[s.id] != key for s in submissions)
    return BatchSummary(total=len(submissions), graded=len(todo), skipped=len(submissions) - len(todo) - kept,
                        not_graded=len(not_graded), index=index, kept=kept, not_graded_ids=not_graded,
                        timings=median_timings(timed))
