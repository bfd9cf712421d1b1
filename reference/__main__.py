"""``python -m grader.reference``: trains the exercises' reference models and prints their results.

Every exercise with a ``results`` module takes part (:mod:`grader.reference.results`): the
accuracies of the models the course trains, the differences of its gradient checks, … ``--json``
prints only the published numbers, as JSON, on stdout; ``--exercise NAME`` (repeatable) limits
the run. Training progress goes to stderr: one updating line on a terminal, a plain line now and
then otherwise.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from typing import TextIO

from grader.reference import results as published
from grader.reference.results import Run, Section

TTY_EVERY = 250  # iterations between redraws of the progress line on a terminal
PLAIN_EVERY = 10000  # iterations between plain progress lines otherwise


class StderrProgress:
    """Shows which model is training, how far it is and its current cost."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.run: Run | None = None
        self.prefix = ""
        self.started = 0.0
        self.width = 0

    def begin(self, run: Run, position: int, count: int) -> None:
        self.run = run
        self.prefix = f"[{position}/{count}] {run.exercise}: {run.label}"
        self.started = time.monotonic()
        if not self.tty:
            self._line(f"{self.prefix}: training, {run.iterations} iterations")

    def step(self, iteration: int, cost: float) -> None:
        done = iteration + 1
        total = self.run.iterations if self.run is not None else done
        if self.tty and (done % TTY_EVERY == 0 or done == total):
            self._redraw(f"{self.prefix}  {done:>5}/{total} ({100 * done // total:>3} %)  cost {cost:.6f}")
        elif not self.tty and done % PLAIN_EVERY == 0 and done < total:
            self._line(f"{self.prefix}: {done}/{total} iterations, cost {cost:.6f}")

    def end(self, run: Run, summary: str) -> None:
        seconds = time.monotonic() - self.started
        message = f"{self.prefix}: done in {seconds:.1f} s ({summary})"
        if self.tty:
            self._redraw(message)
            self.stream.write("\n")
            self.width = 0
            self.stream.flush()
        else:
            self._line(message)

    def _redraw(self, text: str) -> None:
        text = text[:shutil.get_terminal_size().columns - 1]  # a wrapped line could not be redrawn
        self.stream.write("\r" + text.ljust(self.width))
        self.width = len(text)
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


LABEL_WIDTH = 44
COLUMN_WIDTH = 14


def format_table(sections: list[Section]) -> str:
    """The human-readable results table: each exercise's title, its column headers, its rows."""
    lines: list[str] = []
    for section in sections:
        lines.append(section.title)
        lines.append(" " * LABEL_WIDTH + "".join(f"{c.header:>{COLUMN_WIDTH}}" for c in section.columns))
        for row in section.rows:
            cells = "".join(f"{c.text(row.values.get(c.key)):>{COLUMN_WIDTH}}" for c in section.columns)
            lines.append(f"  {row.label:<{LABEL_WIDTH - 2}}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grader.reference",
        description="Train the reference models of the exercises and print the results the course publishes.")
    parser.add_argument("--json", action="store_true", help="print only the published numbers as JSON on stdout")
    names = list(published.modules())
    parser.add_argument("--exercise", action="append", choices=names, default=[], metavar="NAME",
                        help=f"only this exercise (repeatable; one of {', '.join(names)})")
    published.add_arguments(parser)
    settings = parser.parse_args(argv)
    published.read_arguments(settings, parser.error)
    progress = StderrProgress()
    try:
        sections = published.compute(settings, progress, only=settings.exercise)
    except KeyboardInterrupt:
        print("\ninterrupted" if progress.tty else "interrupted", file=sys.stderr)
        return 130
    if settings.json:
        print(json.dumps({section.exercise: section.as_json() for section in sections}, indent=2))
    else:
        print(format_table(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
