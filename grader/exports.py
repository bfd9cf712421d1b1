"""Tabular exports of a batch: grades.csv (one row per submission, a column per graded function)."""

from __future__ import annotations

import csv
from pathlib import Path

from grader.results import SubmissionResult

FIXED_BEFORE = ["submission", "assignment"]
FIXED_AFTER = ["total", "max_score", "errors"]


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
            scores = {f.name: f"{f.score:g}" for f in result.functions}
            writer.writerow([result.submission, result.assignment or ""] + [scores.get(c, "") for c in columns]
                            + [f"{result.score:g}", f"{result.max_score:g}", " | ".join(result.errors)])
    temporary.replace(path)
