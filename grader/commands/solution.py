"""``grader solution ASSIGNMENT -o FILE``: the student notebook with every graded cell solved by the reference."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from grader.authoring import solution_notebook
from grader.spec import all_specs


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("solution", help="write the reference-filled notebook of an assignment",
                                 description="Write the assignment's notebook with its graded cells solved by the "
                                             "reference implementations.")
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment (the name in its spec.toml)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    specs = all_specs()
    if args.assignment not in specs:
        print(f"grader solution: unknown assignment {args.assignment!r} (known: {', '.join(sorted(specs))})",
              file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(solution_notebook(args.assignment), args.output)
    print(f"wrote {args.output}")
    return 0
