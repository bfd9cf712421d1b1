"""Tabular exports of a batch: grades.csv (one row per submission, a column per graded function).

``total`` and the function columns are the final points (after overrides and the late penalty;
the LMS exports read them), ``automatic_total`` the grader's own (docs/workflow.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

from grader.adjust import adjustment_lines
from grader.results import SubmissionResult

FIXED_BEFORE = ["submission", "assignment"]
FIXED_AFTER = ["total", "max_score", "errors", "automatic_total", "late_days", "late_penalty", "overrides"]


def function_columns(results: list[SubmissionResult]) -> list[str]:
    columns: list[str] = []
    for result in results:
        for function in result.functions:
            if function.name not in columns:
                columns.append(function.name)
    return columns


def write_csv(results: list[SubmissionResult], path: Path) -> None:
    columns = function_columns(results)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIXED_BEFORE + columns + FIXED_AFTER)
        for result in results:
            scores = {f.name: f"{f.override['points'] if f.override else f.score:g}" for f in result.functions}
            late = result.late
            writer.writerow([result.submission, result.assignment or ""] + [scores.get(c, "") for c in columns]
                            + [f"{result.final:g}", f"{result.max_score:g}", " | ".join(result.errors),
                               f"{result.score:g}", str(late.get("days", "")) if late else "",
                               f"{late.get('penalty', 0):g}" if late else "",
                               " | ".join(line for line in adjustment_lines(result) if not line.startswith("late:"))])
    temporary.replace(path)
