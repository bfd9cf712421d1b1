"""``grader check NOTEBOOK`` of the student distribution: the public cases of every graded function, for an
assignment repository's CI (JUnit, JSON, GitHub annotations, ``--min-score`` as the full grader's).

The notebook's cells run as the full grader runs them by default (definitions only, planned by
grader.notebook) in a separate Python process, an IPython shell of the repository's own
environment; the self-check then judges the public cases there (grader.student.selfcheck). The
student's own code in their own CI: no sandbox. Hidden cases stay with the instructor's grader.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from grader import __version__
from grader import notebook as nbtools
from grader.ci import exit_status, github_outputs, parse_min_score, summary
from grader.results import CaseResult, FunctionResult, SubmissionResult
from grader.text import inert_line

MARKER = "@@dlgrader-student-result@@ "
SCOPE = "public cases only: the instructor's grader also runs hidden cases"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description="dl-grader for students: the public cases only.")
    parser.add_argument("--version", action="version",
                        version=f"grader {__version__} (student distribution: public cases only)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser("check", help="run the public cases of a notebook's graded functions")
    check.add_argument("notebook", type=Path)
    check.add_argument("--assignment", metavar="NAME", help="check as this assignment instead of detecting it")
    check.add_argument("--json", type=Path, metavar="FILE", help="write the result JSON here")
    check.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML here (a testcase per function)")
    check.add_argument("--min-score", type=parse_min_score, metavar="X",
                       help="exit 0 when the public cases give at least X points (or X%% of the maximum), else 1")
    check.add_argument("--skip-unrelated", action="store_true",
                       help="exit 0 without checking a notebook that defines no graded function")
    check.add_argument("--timeout", type=float, default=600.0, metavar="S", help="time limit for the notebook (600)")
    return parser


def _run(cells: list[nbtools.PlannedCell], folder: Path, assignment: str | None, timeout: float) -> dict:
    """The planned cells and the self-check, in a Python process of their own, in the notebook's folder."""
    request = json.dumps({"cells": [[c.index, c.source] for c in cells], "assignment": assignment})
    env = {**os.environ, "MPLBACKEND": "Agg"}
    try:
        done = subprocess.run([sys.executable, "-m", "grader.student.run"], input=request, capture_output=True,
                              text=True, cwd=folder, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"errors": [f"the notebook did not finish within {timeout:g} s"]}
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"errors": [f"the notebook's process stopped before the self-check (exit {done.returncode}): {tail}"]}
    return json.loads(lines[-1][len(MARKER):])


def _result(name: str, data: dict) -> SubmissionResult:
    functions = [FunctionResult(**{**f, "cases": [CaseResult(**c) for c in f.get("cases", [])]})
                 for f in data.get("functions", [])]
    return SubmissionResult(name, data.get("assignment"), sum(f.score for f in functions),
                            sum(f.max_score for f in functions), functions, list(data.get("errors", [])),
                            {"scope": SCOPE, "grader": __version__})


def check(args: argparse.Namespace) -> int:
    from grader.student.selfcheck import assignments

    if not args.notebook.is_file():
        print(f"grader check: {args.notebook}: no such file", file=sys.stderr)
        return 2
    if args.assignment and args.assignment not in assignments():
        print(f"grader check: unknown assignment {args.assignment!r} (known: {', '.join(assignments())})",
              file=sys.stderr)
        return 2
    graded = {f["spec"]["name"] for data in assignments().values() for f in data["functions"]}
    try:
        nb = nbtools.read_notebook(args.notebook)
    except nbtools.NotebookError as error:
        data: dict = {"errors": [str(error)]}
    else:
        if args.skip_unrelated and not args.assignment and not nbtools.is_assignment_notebook(nb, graded):
            print(f"{inert_line(args.notebook.name)}: skipped, not an assignment notebook (no graded function)")
            return 0
        cells = nbtools.plan(nb, functions=frozenset(graded))
        data = _run(cells, args.notebook.resolve().parent, args.assignment, args.timeout)
    result = _result(args.notebook.stem, data)
    print(summary(result))
    print(f"({SCOPE})")
    if args.json:
        args.json.write_text(result.to_json() + "\n", encoding="utf-8")
    if args.junit:
        from grader.junit import write_junit

        write_junit(result, args.junit)
    github_outputs(result, args.notebook)
    return exit_status(result, args.min_score)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return check(args)


def report_payload(report: object, errors: list[str]) -> str:
    """The line ``grader.student.run`` prints for :func:`_run` to read."""
    functions = [asdict(f) for f in getattr(report, "functions", [])]
    return MARKER + json.dumps({"assignment": getattr(report, "assignment", None), "functions": functions,
                                "errors": errors})


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
