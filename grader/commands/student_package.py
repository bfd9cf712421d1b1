"""``grader student-package [ASSIGNMENT...] -o DIR``: the student distribution's wheel (docs/student.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("student-package", help="build the student distribution (no solutions)",
                                 description="Write the wheel of dl-grader-student into DIR: the self-check and "
                                             "grader check on public cases of the given assignments (default: all), "
                                             "with no reference code.")
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="the exercises it checks (default: all)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="where the wheel goes")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from grader.commands import validate
    from grader.spec import SpecError, all_specs
    from grader.student_package import PackageError, build

    try:
        specs = all_specs()
    except SpecError as error:
        print(f"grader student-package: {error}", file=sys.stderr)
        return 2
    unknown = [name for name in args.assignments if name not in specs]
    problem = validate.output_folder("-o", args.output) or (
        f"unknown assignment {unknown[0]!r} (known: {', '.join(sorted(specs))})" if unknown else "")
    if problem:
        print(f"grader student-package: {problem}", file=sys.stderr)
        return 2
    chosen = [specs[name] for name in args.assignments] if args.assignments else list(specs.values())
    try:
        wheel = build(chosen, args.output)
    except PackageError as error:
        print(f"grader student-package: {error}", file=sys.stderr)
        return 1
    print(f"wrote {wheel} ({', '.join(s.name for s in chosen)}; public cases only, no reference code)")
    return 0
