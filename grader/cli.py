"""The ``grader`` command line (one module per command under grader.commands).

The command is read from the arguments before anything is imported for it: ``grader export …``
imports the export command's module only, not the grading pipeline; ``grader --help`` (or no
command) imports every command's module to list them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from grader import __version__

# command name -> its module under grader.commands, in the order --help lists them
COMMANDS = {"check": "check", "grade": "grade", "demo": "demo", "release": "release", "solution": "solution",
            "gradescope-autograder": "gradescope_autograder", "export": "export", "override": "override",
            "setup": "setup", "student-package": "student_package"}


def _command(argv: Sequence[str]) -> str | None:
    """The command the arguments name (the first argument that is not an option), if it is one."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command it names is registered (and imported)."""
    parser = argparse.ArgumentParser(
        prog="grader", description="Grade the programming exercises of Improving Deep Neural Networks.")
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    wanted = _command(argv) if argv is not None else None
    for name, module in COMMANDS.items():
        if wanted is None or name == wanted:
            importlib.import_module(f"grader.commands.{module}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--version"]:
        print(f"grader {__version__}")
        return 0
    parser = build_parser(arguments)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
