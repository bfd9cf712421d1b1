"""``python -m grader.mutants``: mutation testing of the grader (see grader/mutants/__init__.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grader.exercises import MUTATION_RECORD, exercise_folder
from grader.mutants.run import GRADING_SEED, markdown, run
from grader.spec import all_specs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.mutants", description=(
        "Generate first-order mutants of every reference function, label them equivalent or different against "
        "the reference, grade them through the real pipeline, and report survivors (false passes) and false "
        "fails. Exit status 1 when there is either."))
    parser.add_argument("--assignment", action="append", metavar="NAME", help="only this assignment (repeatable)")
    parser.add_argument("--function", action="append", metavar="NAME", help="only this function (repeatable)")
    parser.add_argument("--sample", type=int, metavar="N", help="a seeded sample of N mutants per function")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (0)")
    parser.add_argument("--workers", type=int, default=2, help="kernels in parallel (2)")
    parser.add_argument("--grading-seeds", type=int, default=1, metavar="N",
                        help="grade every mutant with N seeds of hidden cases; its worst verdict counts (1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every verdict here")
    parser.add_argument("--record", action="store_true",
                        help="write each exercise's record of this full run, reference/<name>/mutation.json (its "
                             "catalog.md is rendered from it: python tests/catalog.py)")
    args = parser.parse_args(argv)
    if args.record and (args.sample is not None or args.function):
        parser.error("--record keeps the result of a full run: it cannot be combined with --sample or --function")
    grading_seeds = tuple(GRADING_SEED + k for k in range(max(1, args.grading_seeds)))
    summary = run(args.assignment, args.sample, args.seed, args.workers, set(args.function or ()) or None,
                  grading_seeds=grading_seeds)
    print(markdown(summary.by_function()))
    for verdict in summary.problems:
        print(f"{verdict.outcome}: {verdict.function} #{verdict.number} ({verdict.description}): "
              f"{verdict.status}: {verdict.message}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary.to_dict(), indent=1) + "\n")
    if args.record:
        specs = all_specs()
        for name in args.assignment or sorted(specs):
            record = summary.record(specs[name].function_names)
            (exercise_folder(specs[name].reference) / MUTATION_RECORD).write_text(json.dumps(record, indent=1) + "\n")
    return 1 if summary.problems else 0


if __name__ == "__main__":
    sys.exit(main())
