"""``grader override OUT SUBMISSION [FUNCTION] --points X --comment TEXT``: an instructor's points.

Recorded in OUT's gradebook with who, when and why (every override is kept; ``--clear`` records
that the automatic points apply again); every output of OUT is then written again. A regrade
keeps overrides and says when the automatic verdict under one has changed (docs/workflow.md).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from grader.results import points


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("override", help="set a submission's or a function's points by hand",
                                 description="Override the automatic points of a graded submission (or of one of "
                                             "its functions) in a batch's gradebook, and rewrite its outputs.")
    parser.add_argument("out", type=Path, metavar="OUT", help="the --out folder of grader grade")
    parser.add_argument("submission", metavar="SUBMISSION", help="the submission's id (its report's file name)")
    parser.add_argument("function", nargs="?", default="", metavar="FUNCTION",
                        help="a graded function (default: the whole submission)")
    parser.add_argument("--points", type=float, metavar="X", help="the points it gets instead of the automatic ones")
    parser.add_argument("--comment", default="", metavar="TEXT", help="why (shown in every output)")
    parser.add_argument("--by", default="", metavar="NAME", help="who (default: the user running the command)")
    parser.add_argument("--clear", action="store_true", help="remove the override: the automatic points apply")
    parser.set_defaults(run=run)


def _user() -> str:
    try:
        return os.environ.get("GRADER_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _problem(args: argparse.Namespace) -> str:
    if args.clear and args.points is not None:
        return "--clear and --points exclude each other"
    if not args.clear and args.points is None:
        return "give --points X (or --clear)"
    if not args.clear and not args.comment.strip():
        return "give --comment: every override says why"
    if args.points is not None and not args.points >= 0:
        return f"--points must be 0 or more, not {args.points:g}"
    if not (args.out / "gradebook.sqlite").is_file():
        return f"{args.out} has no gradebook.sqlite: give the --out folder of grader grade"
    return ""


def run(args: argparse.Namespace) -> int:
    from grader.adjust import Override
    from grader.batch import rewrite_outputs
    from grader.gradebook import Gradebook

    problem = _problem(args)
    if problem:
        print(f"grader override: {problem}", file=sys.stderr)
        return 2
    gradebook = Gradebook(args.out / "gradebook.sqlite")
    try:
        current = {r.submission: r for r in gradebook.current()}
        result = current.get(args.submission)
        if result is None:
            known = ", ".join(sorted(current)[:8]) + (" …" if len(current) > 8 else "")
            print(f"grader override: no submission {args.submission!r} in {args.out} (there: {known})",
                  file=sys.stderr)
            return 2
        functions = {f.name: f for f in result.functions}
        if args.function and args.function not in functions:
            print(f"grader override: {args.submission} has no graded function {args.function!r} "
                  f"({', '.join(functions) or 'it was not graded'})", file=sys.stderr)
            return 2
        target = functions.get(args.function)
        worth = target.max_score if target is not None else result.max_score
        if args.points is not None and worth and args.points > worth:
            print(f"grader override: --points {args.points:g} is more than it is worth ({points(worth)})",
                  file=sys.stderr)
            return 2
        gradebook.add_override(Override(
            args.submission, args.function, None if args.clear else args.points, args.comment.strip(),
            args.by.strip() or _user(), time.time(), target.score if target is not None else result.score,
            target.status if target is not None else ""))
    finally:
        gradebook.close()
    index = rewrite_outputs(args.out)
    what = f"{args.submission} {args.function}".strip()
    done = "cleared" if args.clear else f"set to {points(args.points)}"
    print(f"override of {what} {done}; outputs rewritten: {index}")
    return 0
