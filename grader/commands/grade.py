"""``grader grade SUBMISSIONS... --out DIR``: grade a batch into reports, a gradebook and a CSV."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from grader.adjust import LatePolicy, parse_due
from grader.batch import run_batch
from grader.collect import collect
from grader.commands import validate
from grader.commands.check import add_grading_options, options_from
from grader.executors import EXECUTORS
from grader.options import OptionError, Options
from grader.progress import Progress
from grader.results import points
from grader.spec import all_specs


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("grade", help="grade a batch of submissions",
                                 description="Grade notebooks, folders (recursively) and .zip archives.")
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where reports and grades go")
    add_grading_options(parser)
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="submissions graded in parallel (default: the number of cores)")
    parser.add_argument("--force", action="store_true", help="regrade submissions that already have a result")
    parser.add_argument("--keep", action="store_true",
                        help="keep results graded with other options or another version of the grader, specs or "
                             "reference instead of regrading them (default: regrade them)")
    parser.add_argument("--executor", choices=EXECUTORS, default="local",
                        help="local: a process pool on this machine (default); dask: a Dask distributed cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: the scheduler (e.g. tcp://10.0.0.5:8786; default: a local cluster)")
    parser.add_argument("--gradescope", action="store_true",
                        help="also write DIR/<id>.gradescope.json (Gradescope's results.json format)")
    late = parser.add_argument_group("late submissions (kept in the gradebook: later runs reuse them)")
    late.add_argument("--due", action="append", default=[], metavar="[ASSIGNMENT=]WHEN",
                      help="due date, e.g. 2026-12-01T23:59 or regularization=2026-12-01T23:59 (repeatable; local "
                           "time unless it has an offset; a date alone: the end of that day)")
    late.add_argument("--late-penalty", type=float, metavar="PERCENT",
                      help="percent of the score lost per started day late (default 0)")
    late.add_argument("--late-cap", type=float, metavar="PERCENT", help="the most a late submission loses (100)")
    late.add_argument("--grace", type=float, metavar="MINUTES", help="minutes after the due date still on time (0)")
    parser.set_defaults(run=run)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    submissions, missing = collect(args.submissions)
    if missing:
        print(f"grader grade: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not submissions:
        print("grader grade: no notebooks found in the given paths", file=sys.stderr)
        return 2
    try:
        options = options_from(args)
    except OptionError as error:
        print(f"grader grade: {error}", file=sys.stderr)
        return 2
    problem = (validate.output_folder("--out", args.out) or validate.assignment(options.assignment, options.edition)
               or ("--scheduler needs --executor dask" if args.scheduler and args.executor != "dask" else ""))
    if problem:
        print(f"grader grade: {problem}", file=sys.stderr)
        return 2
    try:
        policy = late_policy(args)
    except ValueError as error:
        print(f"grader grade: {error}", file=sys.stderr)
        return 2
    batch = BatchRequest(workers=args.workers, force=args.force, keep=args.keep, executor=args.executor,
                         scheduler=args.scheduler, gradescope=args.gradescope, late_policy=policy)
    return grade_and_report(submissions, args.out, options, batch, sys.stderr, hide=tuple(args.submissions))


@dataclass(frozen=True)
class BatchRequest:
    """How a batch is run (not how each submission is graded: that is Options)."""

    workers: int = 1
    force: bool = False
    keep: bool = False
    executor: str = "local"
    scheduler: str | None = None
    gradescope: bool = False
    late_policy: LatePolicy | None = None


def late_policy(args: argparse.Namespace) -> LatePolicy | None:
    """The late policy the flags give (None: none given, the gradebook's applies)."""
    if not args.due and args.late_penalty is None and args.late_cap is None and args.grace is None:
        return None
    for flag, value in (("--late-penalty", args.late_penalty), ("--late-cap", args.late_cap)):
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"{flag} must be a percentage from 0 to 100, not {value:g}")
    if args.grace is not None and not args.grace >= 0:
        raise ValueError(f"--grace must be 0 or more minutes, not {args.grace:g}")
    due = dict(parse_due(text) for text in args.due)
    unknown = sorted(set(due) - {""} - set(all_specs()))
    if unknown:
        raise ValueError(f"--due names no known assignment: {', '.join(unknown)} (known: {', '.join(all_specs())})")
    return LatePolicy(due, args.late_penalty or 0.0, 100.0 if args.late_cap is None else args.late_cap,
                      args.grace or 0.0)


def sandbox_problem(mode: str) -> str:
    """Why student kernels cannot run here as asked ('' when they can)."""
    from grader.kernel.confine import confinement
    from grader.kernel.environment import KernelEnvironmentError
    from grader.kernel.sandbox import SandboxError

    try:
        confinement(mode)
    except (SandboxError, KernelEnvironmentError) as error:
        return str(error)
    return ""


def grade_and_report(submissions, out: Path, options: Options, batch: BatchRequest, stream,
                     hide: tuple[Path, ...] = ()) -> int:
    """Grades a batch; student kernels see neither the inputs (other students' work) nor ``out``."""
    progress: Progress | None = None

    def show(submission, result) -> None:
        nonlocal progress
        if progress is None:
            progress = Progress(total=len(submissions), stream=stream)
        progress.update(f"{submission.id} {points(result.score)}/{points(result.max_score)}")

    options = replace(options, hide=tuple(str(p.resolve()) for p in (*hide, out)))
    problem = sandbox_problem(options.sandbox)
    if problem:  # said once, before any submission is started, rather than in every report
        print(f"grader grade: {problem}", file=sys.stderr)
        return 2
    try:
        summary = run_batch(submissions, out, options, batch.workers, batch.force, on_result=show,
                            executor=batch.executor, scheduler=batch.scheduler, keep=batch.keep,
                            late_policy=batch.late_policy)
    except RuntimeError as error:
        print(f"grader grade: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        done = progress.done if progress is not None else 0
        print(f"\ngrader grade: interrupted; {done} of {len(submissions)} graded in this run are in the gradebook "
              f"({out / 'gradebook.sqlite'}); run the same command again to grade the rest", file=sys.stderr)
        return 130
    if batch.gradescope:
        from grader.gradescope import write_batch

        write_batch([s.id for s in submissions], out)
    kept = (f", {summary.kept} kept from an earlier grading with other options or code (--keep)"
            if summary.kept else "")
    names = summary.not_graded_ids
    failed = (f" ({', '.join(names[:5])}{f' and {len(names) - 5} more' if len(names) > 5 else ''})"
              if names else "")
    print(f"{summary.total} submissions: {summary.graded} graded, {summary.skipped} already graded{kept}, "
          f"{summary.not_graded} could not be graded{failed}; class summary: {summary.index}")
    if summary.timings:
        steps = ", ".join(f"{step} {seconds:.2f}" for step, seconds in summary.timings.items() if seconds >= 0.005)
        print(f"seconds per graded submission, median of each step: {steps}")
    return 0
