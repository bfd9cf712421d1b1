"""What ``grader check`` adds for CI: a minimum score, GitHub Actions annotations and job summary.

In GitHub Actions (``GITHUB_ACTIONS=true``) every graded function that did not pass becomes an
``::error`` workflow command (shown on the run and, for a notebook in the repository, on the
file), notebook-level problems become ``::warning``, and the score a ``::notice``; when
``GITHUB_STEP_SUMMARY`` names a file, a Markdown table of the functions is appended to it.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from grader.results import STATUS_WORDS, SubmissionResult, points
from grader.text import inert, inert_line, markdown

SYMBOLS = {"passed": "✅", "failed": "❌", "error": "💥", "missing": "❔"}


@dataclass(frozen=True)
class MinScore:
    """``--min-score``: points (``2.5``) or a percentage of the maximum (``80%``)."""

    value: float
    percent: bool = False

    def threshold(self, max_score: float) -> float:
        return self.value / 100 * max_score if self.percent else self.value

    def __str__(self) -> str:
        return f"{self.value:g}%" if self.percent else f"{self.value:g}"


def parse_min_score(text: str) -> MinScore:
    try:
        score = MinScore(float(text[:-1]), percent=True) if text.endswith("%") else MinScore(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a score: {text!r} (points, or a percentage such as 80%)") from None
    if not score.value >= 0 or (score.percent and score.value > 100):
        raise argparse.ArgumentTypeError(f"not a minimum score: {text!r} (0 or more points, or 0% to 100%)")
    return score


def exit_status(result: SubmissionResult, min_score: MinScore | None, stream: TextIO | None = None) -> int:
    """0 when the notebook passes (every function, or the minimum score when one is given), else 1."""
    if result.assignment is None:
        return 1
    if min_score is None:
        return 0 if result.passed else 1
    threshold = min_score.threshold(result.max_score)
    if result.score + 1e-9 < threshold:
        print(f"score {points(result.score)}/{points(result.max_score)} is below the minimum {min_score}",
              file=stream or sys.stderr)
        return 1
    return 0


def _escape_data(text: str) -> str:
    text = inert(text)  # no escape sequence of a student's reaches the log
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str) -> str:
    """One GitHub Actions workflow command line, e.g. ``::error file=a.ipynb,title=x::message``."""
    props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items() if value)
    return f"::{kind}{' ' + props if props else ''}::{_escape_data(message)}"


def annotations(result: SubmissionResult, notebook: str) -> list[str]:
    lines = []
    if result.isolation_warning:
        lines.append(command("warning", result.isolation_warning, file=notebook, title="dl-grader sandbox"))
    for function in result.functions:
        if function.status != "passed":
            text = function.message + (f"\nHint: {function.hint}" if function.hint else "")
            title = f"{function.name}: {function.status} ({points(function.score)}/{points(function.max_score)})"
            lines.append(command("error", text, file=notebook, title=title))
    for error in result.errors:
        lines.append(command("warning", error, file=notebook, title="notebook"))
    lines.append(command("notice", f"{result.submission}: {points(result.score)}/{points(result.max_score)}",
                         file=notebook, title="dl-grader score"))
    return lines


def step_summary(result: SubmissionResult, notebook: str) -> str:
    lines = [f"### dl-grader: {markdown(notebook)} — {points(result.score)}/{points(result.max_score)}", "",
             "| | function | points | message |", "|---|---|---|---|"]
    if result.isolation_warning:
        lines.insert(1, f"\n> **{markdown(result.isolation_warning)}**")
    for function in result.functions:
        lines.append(f"| {SYMBOLS[function.status]} | `{function.name}` | "
                     f"{points(function.score)}/{points(function.max_score)} | {markdown(function.message)} |")
    lines.extend(f"\n> {markdown(error)}" for error in result.errors)
    return "\n".join(lines) + "\n\n"


def github_outputs(result: SubmissionResult, notebook: Path, stream: TextIO | None = None) -> None:
    """Annotations on ``stream`` and the job summary, when running in GitHub Actions."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    shown = notebook.as_posix()
    for line in annotations(result, shown):
        print(line, file=stream or sys.stdout)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(step_summary(result, shown))


def summary(result: SubmissionResult) -> str:
    """What ``grader check`` prints: one line per function, student text made inert."""
    lines = [f"{inert_line(result.submission)}: {result.assignment or 'not graded'}"]
    if result.isolation_warning:
        lines.append(f"  !! {result.isolation_warning}")
    width = max((len(f.name) for f in result.functions), default=0)
    for function in result.functions:
        lines.append(f"  {STATUS_WORDS[function.status]:<7} {function.name:<{width}}  "
                     f"{points(function.score)}/{points(function.max_score)}  {inert_line(function.message)}")
        if function.status != "passed" and function.hint:
            lines.append(f"  {'':<7} {'':<{width}}  hint: {inert_line(function.hint)}")
    for error in result.errors:
        lines.append(f"  ! {inert_line(error)}")
    lines.append(f"Total: {points(result.score)}/{points(result.max_score)}")
    return "\n".join(lines)
