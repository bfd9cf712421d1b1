"""``grader release SOLUTION.ipynb -o STUDENT.ipynb``: the student notebook of a solution, verified.

Blanks every START..END CODE HERE region (:mod:`grader.release`), clears outputs, then grades
both notebooks: the release is written only when the solution gets full marks and the release 0
(``--no-verify`` skips the grading).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from grader import notebook as nbtools
from grader import options
from grader.release import ReleaseError, release_notebook, verify
from grader.results import points


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("release", help="blank a solution notebook into the student notebook",
                                 description="Blank the START..END CODE HERE regions of a solution notebook and "
                                             "verify that the solution scores full marks and the release 0.")
    parser.add_argument("solution", type=Path, metavar="SOLUTION.ipynb")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="STUDENT.ipynb")
    options.add_arguments(parser.add_argument, only=("assignment", "seed", "sandbox"))
    parser.add_argument("--no-verify", action="store_true", help="write the release without grading both notebooks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        solution = nbtools.read_notebook(args.solution)
        release, without = release_notebook(solution)
    except (nbtools.NotebookError, ReleaseError) as error:
        print(f"grader release: {args.solution}: {error}", file=sys.stderr)
        return 1
    if without:
        print(f"grader release: graded cells without a START/END CODE HERE region (nothing to blank): "
              f"{', '.join(without)}", file=sys.stderr)
    if not args.no_verify:
        check = verify(solution, release, options.from_namespace(args, only=("assignment", "seed", "sandbox")))
        print(f"solution: {points(check.solution.score)}/{points(check.solution.max_score)}   "
              f"release: {points(check.release.score)}/{points(check.release.max_score)}   "
              f"({check.solution.assignment or 'not graded'}, seed {check.solution.environment.get('seed')})")
        if not check.ok:
            for problem in check.problems:
                print(f"grader release: {problem}", file=sys.stderr)
            print(f"grader release: {args.output} not written", file=sys.stderr)
            return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(release, args.output)
    print(f"wrote {args.output}")
    return 0
