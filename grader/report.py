"""HTML reports: view models built here, rendered by the Jinja2 templates in grader/templates.

The view models hold display-ready text and numbers; templates only lay them out (they
compute no points and format no findings). Output is self-contained: inline CSS, no
external assets, and the student report needs no JavaScript.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from grader.cards import STATUS_LABELS, function_view
from grader.files import write_atomically
from grader.results import SubmissionResult, percent_text, points

HISTOGRAM_BINS = 10

_env = Environment(loader=PackageLoader("grader", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _points(value: float) -> str:
    return points(value)


def _percent(score: float, max_score: float) -> int:
    return round(100 * score / max_score) if max_score else 0


def _environment_view(environment: dict[str, Any]) -> list[tuple[str, str]]:
    kernel = environment.get("kernel", {})
    # The versions the student's code ran with: the kernel environment's (the grader's own where none is recorded).
    packages = kernel.get("environment", {}).get("packages", {})
    return [("grader", str(environment.get("grader", ""))), ("Python", str(environment.get("python", ""))),
            ("numpy", str(packages.get("numpy") or environment.get("numpy", ""))),
            ("seed", str(environment.get("seed", ""))),
            ("kernel", f"{kernel.get('name', '')}, {kernel.get('mode', '')} mode, sandbox {kernel.get('sandbox', '')}"),
            ("time", f"{environment.get('seconds', 0):.1f} s")]


def render(template: str, **context: Any) -> str:
    """A template of grader/templates, rendered with autoescaping."""
    return _env.get_template(template).render(**context)


def student_view(result: SubmissionResult, index_href: str | None = None) -> dict[str, Any]:
    return {
        "submission": result.submission,
        "assignment": result.assignment or "not graded",
        "graded": result.assignment is not None,
        "score": _points(result.score), "max_score": _points(result.max_score),
        "percent": _percent(result.score, result.max_score),
        "passed": sum(f.status == "passed" for f in result.functions), "total": len(result.functions),
        "functions": [function_view(f) for f in result.functions],
        "errors": result.errors, "environment": _environment_view(result.environment), "index_href": index_href,
        "isolation_warning": result.isolation_warning,
    }


def render_student(result: SubmissionResult, index_href: str | None = None) -> str:
    return render("report.html", **student_view(result, index_href))


def write_report(result: SubmissionResult, path: Path, index_href: str | None = None) -> None:
    write_atomically(path, render_student(result, index_href))


@dataclass(frozen=True)
class ClassEntry:
    result: SubmissionResult
    href: str


def class_view(entries: list[ClassEntry], title: str = "Class summary") -> dict[str, Any]:
    columns: list[str] = []
    for entry in entries:
        for function in entry.result.functions:
            if function.name not in columns:
                columns.append(function.name)
    rows = []
    for entry in entries:
        by_name = {f.name: f for f in entry.result.functions}
        cells = []
        for name in columns:
            function = by_name.get(name)
            label, symbol = STATUS_LABELS[function.status] if function else ("n/a", "")
            cells.append({"status": function.status if function else "none", "label": label, "symbol": symbol,
                          "title": function.message if function else "not part of this assignment",
                          "sort": function.score if function else -1})
        rows.append({"submission": entry.result.submission, "href": entry.href,
                     "assignment": entry.result.assignment or "not graded",
                     "score": _points(entry.result.score), "max_score": _points(entry.result.max_score),
                     "percent": _percent(entry.result.score, entry.result.max_score), "cells": cells,
                     "errors": len(entry.result.errors)})
    percents = [row["percent"] for row in rows]
    # The mean and median of the exact fractions, rounded once (2/3, 2/3, 1, 1: 83.3%, not 84% of rounded percents).
    exact = [100 * e.result.score / e.result.max_score if e.result.max_score else 0.0 for e in entries]
    return {"title": title, "columns": columns, "rows": rows, "count": len(rows),
            "mean": percent_text(statistics.fmean(exact)) if exact else "–",
            "median": percent_text(statistics.median(exact)) if exact else "–",
            "histogram": _histogram(percents), "functions": _function_stats(entries, columns)}


def _histogram(percents: list[int]) -> dict[str, Any]:
    counts = [0] * HISTOGRAM_BINS
    for percent in percents:
        counts[min(HISTOGRAM_BINS - 1, percent * HISTOGRAM_BINS // 100)] += 1
    top = max(counts) or 1
    width, height, bar = 400, 120, 400 // HISTOGRAM_BINS
    bars = []
    for i, count in enumerate(counts):
        h = round(height * count / top)
        low = i * 100 // HISTOGRAM_BINS
        bars.append({"x": i * bar + 2, "y": height - h, "width": bar - 4, "height": h, "count": count,
                     "label": f"{low}–{low + 100 // HISTOGRAM_BINS}%", "text_y": height - h - 3})
    return {"width": width, "height": height, "bars": bars}


def _function_stats(entries: list[ClassEntry], columns: list[str]) -> list[dict[str, Any]]:
    stats = []
    for name in columns:
        results = [f for e in entries for f in e.result.functions if f.name == name]
        passed = sum(f.status == "passed" for f in results)
        reasons = Counter(f.reason or f.status for f in results if f.status != "passed")
        stats.append({"name": name, "passed": passed, "total": len(results),
                      "percent": _percent(passed, len(results)),
                      "failures": [{"reason": r, "count": c} for r, c in reasons.most_common(5)]})
    return stats


def write_index(entries: list[ClassEntry], path: Path, title: str = "Class summary") -> None:
    write_atomically(path, render("index.html", **class_view(entries, title)))
