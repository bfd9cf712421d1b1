"""``grader export GRADES --canvas|--moodle -o FILE``: grades.csv as a Canvas or Moodle gradebook import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.lms import canvas_export, moodle_export, read_grades, read_roster, write_export
from grader.spec import SpecError, all_specs


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="grades.csv as a Canvas or Moodle gradebook import",
                                 description="Write the grades of a batch in the CSV layout of a Canvas or Moodle "
                                             "gradebook import (docs/lms.md).")
    parser.add_argument("grades", type=Path, metavar="GRADES", help="a grades.csv, or the --out folder of grader grade")
    lms = parser.add_mutually_exclusive_group(required=True)
    lms.add_argument("--canvas", action="store_const", const="canvas", dest="lms", help="Canvas gradebook import")
    lms.add_argument("--moodle", action="store_const", const="moodle", dest="lms", help="Moodle CSV grade import")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="the LMS's own gradebook export: its identifier columns are written, matched to "
                             "submission ids")
    parser.add_argument("--column", action="append", metavar="[ASSIGNMENT=]NAME",
                        help="name of the grade column (default: the assignment's title, e.g. Initialization); "
                             "with several assignments, ASSIGNMENT=NAME for each (repeatable)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        grades = read_grades(args.grades)
        roster = read_roster(args.roster) if args.roster else None
    except (OSError, ValueError, KeyError) as error:
        print(f"grader export: {error}", file=sys.stderr)
        return 2
    try:
        titles = {name: spec.title for name, spec in all_specs().items()}
    except SpecError:
        titles = {}
    make = canvas_export if args.lms == "canvas" else moodle_export
    try:
        export = make(grades, titles, roster, args.column)
    except ValueError as error:
        print(f"grader export: {error}", file=sys.stderr)
        return 2
    for warning in export.warnings:
        print(f"grader export: {warning}", file=sys.stderr)
    write_export(export, args.output)
    students = len(export.rows) - (1 if args.lms == "canvas" else 0)
    print(f"wrote {args.output}: {students} students, columns {', '.join(export.header)}")
    return 0
