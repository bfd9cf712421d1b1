"""``grader check NOTEBOOK``: grade one notebook and print a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.ci import exit_status, github_outputs, parse_min_score
from grader.pipeline import Options, grade_notebook
from grader.results import STATUS_WORDS, SubmissionResult
from grader.text import inert_line


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check", help="grade one notebook", description="Grade one notebook.")
    parser.add_argument("notebook", type=Path, help="the .ipynb file to grade")
    add_grading_options(parser)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the result JSON here")
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the HTML report here")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here (a testcase per function)")
    parser.add_argument("--min-score", type=parse_min_score, metavar="X",
                        help="exit 0 when the score is at least X points (or X%% of the maximum), else 1")
    parser.set_defaults(run=run)


def add_grading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assignment", metavar="NAME", help="grade as this assignment instead of detecting it")
    parser.add_argument("--full", action="store_true", help="run every cell as written (default: definitions only)")
    parser.add_argument("--seed", type=int, help="seed of the hidden cases (default: a new one per run)")
    parser.add_argument("--cell-timeout", type=float, default=60.0, metavar="S", help="time limit per cell (60)")
    parser.add_argument("--call-timeout", type=float, metavar="S",
                        help="time limit per call of a graded function (default: per function in the spec, 30)")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                        help="confine student kernels with bubblewrap (auto: when it works here)")
    parser.add_argument("--timeout", type=float, default=900.0, metavar="S", help="time limit per submission (900)")


def options_from(args: argparse.Namespace) -> Options:
    return Options(assignment=args.assignment, full=args.full, seed=args.seed,
                   cell_timeout=args.cell_timeout, call_timeout=args.call_timeout, sandbox=args.sandbox,
                   submission_timeout=args.timeout)


def summary(result: SubmissionResult) -> str:
    """What ``grader check`` prints: one line per function, student text made inert."""
    lines = [f"{inert_line(result.submission)}: {result.assignment or 'not graded'}"]
    if result.isolation_warning:
        lines.append(f"  !! {result.isolation_warning}")
    width = max((len(f.name) for f in result.functions), default=0)
    for function in result.functions:
        lines.append(f"  {STATUS_WORDS[function.status]:<7} {function.name:<{width}}  "
                     f"{function.score:g}/{function.max_score:g}  {inert_line(function.message)}")
    for error in result.errors:
        lines.append(f"  ! {inert_line(error)}")
    lines.append(f"Total: {result.score:g}/{result.max_score:g}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if not args.notebook.exists():
        print(f"grader check: {args.notebook}: no such file", file=sys.stderr)
        return 2
    result = grade_notebook(args.notebook, options_from(args))
    print(summary(result))
    if args.json:
        result.write_json(args.json)
    if args.html:
        from grader.report import write_report

        write_report(result, args.html)
    if args.junit:
        from grader.junit import write_junit

        write_junit(result, args.junit)
    github_outputs(result, args.notebook)
    return exit_status(result, args.min_score)
