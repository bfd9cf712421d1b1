"""The ``grader`` command line (one module per command under grader.commands)."""

from __future__ import annotations

import argparse
import sys

from grader import __version__
from grader.commands import (
    check,
    demo,
    export,
    grade,
    gradescope_autograder,
    override,
    release,
    setup,
    solution,
    student_package,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader", description="Grade the programming exercises of Improving Deep Neural Networks.")
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    check.register(commands)
    grade.register(commands)
    demo.register(commands)
    release.register(commands)
    solution.register(commands)
    gradescope_autograder.register(commands)
    export.register(commands)
    override.register(commands)
    setup.register(commands)
    student_package.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
