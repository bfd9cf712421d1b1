"""The class summary's view model: one section per assignment (its own columns, statistics, histogram,
pass rates and frequent problems), the submissions that could not be graded apart.

Numbers are computed here once, from the exact scores (the template only lays them out).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from grader.cards import STATUS_LABELS
from grader.exports import function_columns
from grader.results import SubmissionResult, percent_text, points
from grader.spec import all_specs

HISTOGRAM_BINS = 10
MAX_PROBLEMS = 8
MAX_LINKS = 12


@dataclass(frozen=True)
class ClassEntry:
    result: SubmissionResult
    href: str


def title_of(assignment: str) -> str:
    """The exercise's title from its spec ('Regularization'), else its name."""
    spec = all_specs().get(assignment)
    return spec.title if spec else assignment


def exact_percent(result: SubmissionResult) -> float:
    """The final score (after overrides and late penalties) as a percentage of the maximum."""
    return 100 * result.final / result.max_score if result.max_score else 0.0


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def histogram(percents: list[float]) -> dict[str, Any]:
    """An SVG bar chart of score bands with both axes labelled (coordinates in the viewBox's units)."""
    counts = [0] * HISTOGRAM_BINS
    for percent in percents:
        counts[min(HISTOGRAM_BINS - 1, max(0, int(percent * HISTOGRAM_BINS // 100)))] += 1
    top = max(counts) or 1
    left, bottom, plot_w, plot_h = 34, 150, 360, 120
    band = plot_w / HISTOGRAM_BINS
    bars = []
    for i, count in enumerate(counts):
        h = plot_h * count / top
        low = i * 100 // HISTOGRAM_BINS
        bars.append({"x": round(left + i * band + 2, 1), "y": round(bottom - h, 1), "width": round(band - 4, 1),
                     "height": round(h, 1), "count": count, "text_y": round(bottom - h - 4, 1),
                     "label": f"{low}–{low + 100 // HISTOGRAM_BINS}%"})
    step = max(1, -(-top // 4))
    y_ticks = [{"value": v, "y": round(bottom - plot_h * v / top, 1)} for v in range(0, top + 1, step)]
    x_ticks = [{"value": f"{p}%", "x": round(left + plot_w * p / 100, 1)} for p in range(0, 101, 20)]
    return {"left": left, "bottom": bottom, "right": left + plot_w, "top": bottom - plot_h, "bars": bars,
            "y_ticks": y_ticks, "x_ticks": x_ticks, "width": left + plot_w + 22, "height": bottom + 40}


def _row(entry: ClassEntry, columns: list[str]) -> dict[str, Any]:
    result = entry.result
    by_name = {f.name: f for f in result.functions}
    cells = []
    for number, name in enumerate(columns, 1):
        function = by_name.get(name)
        label, symbol = STATUS_LABELS[function.status] if function else ("n/a", "–")
        overridden = bool(function and function.override)
        cells.append({"status": function.status if function else "none", "label": label, "symbol": symbol,
                      "number": number, "name": name, "sort": function.score if function else -1,
                      "overridden": overridden,
                      "title": (f"{name}: {function.message}" + ("; overridden" if overridden else ""))
                      if function else f"{name}: not graded"})
    notes = [f"automatic {points(result.score)}"] if result.adjusted else []
    if result.late:
        notes.append(f"late {result.late['days']} d")
    return {"submission": result.submission, "href": entry.href, "score": points(result.final),
            "max_score": points(result.max_score), "sort": round(exact_percent(result), 4), "cells": cells,
            "errors": len(result.errors), "notes": ", ".join(notes),
            "overridden": any(f.override for f in result.functions) or bool(result.override)}


def _function_stats(entries: list[ClassEntry], columns: list[str]) -> list[dict[str, Any]]:
    stats = []
    for number, name in enumerate(columns, 1):
        results = [f for e in entries for f in e.result.functions if f.name == name]
        passed = sum(f.status == "passed" for f in results)
        stats.append({"number": number, "name": name, "passed": passed, "total": len(results),
                      "percent": _percent(passed, len(results))})
    return stats


def _problems(entries: list[ClassEntry]) -> list[dict[str, Any]]:
    """The most frequent (function, reason) pairs, with links to the students who have them."""
    who: dict[tuple[str, str], list[ClassEntry]] = {}
    for entry in entries:
        for function in entry.result.functions:
            if function.status != "passed":
                who.setdefault((function.name, function.reason or function.status), []).append(entry)
    ranked = sorted(who.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_PROBLEMS]
    return [{"function": name, "reason": reason, "count": len(students),
             "students": [{"submission": e.result.submission, "href": f"{e.href}#{name}"}
                          for e in students[:MAX_LINKS]], "more": max(0, len(students) - MAX_LINKS)}
            for (name, reason), students in ranked]


def _section(assignment: str, entries: list[ClassEntry]) -> dict[str, Any]:
    results = [e.result for e in entries]
    columns = function_columns(results)
    exact = [exact_percent(r) for r in results]
    # The mean and median of the exact fractions, rounded once (2/3, 2/3, 1, 1: 83.3%, not 84% of rounded percents).
    return {"name": assignment, "title": title_of(assignment), "id": f"a-{assignment}", "count": len(entries),
            "max_score": points(results[0].max_score), "mean": percent_text(statistics.fmean(exact)),
            "median": percent_text(statistics.median(exact)), "full": sum(r.score >= r.max_score for r in results),
            "histogram": histogram(exact), "functions": _function_stats(entries, columns),
            "problems": _problems(entries), "rows": [_row(e, columns) for e in entries], "columns": columns}


def class_view(entries: list[ClassEntry], title: str = "Class summary") -> dict[str, Any]:
    by_assignment: dict[str, list[ClassEntry]] = {}
    for entry in entries:
        if entry.result.assignment is not None:
            by_assignment.setdefault(entry.result.assignment, []).append(entry)
    sections = [_section(name, by_assignment[name]) for name in sorted(by_assignment)]
    not_graded = [{"submission": e.result.submission, "href": e.href,
                   "reason": e.result.errors[0] if e.result.errors else "not graded",
                   "score": points(e.result.final) if e.result.adjusted else ""}
                  for e in entries if e.result.assignment is None]
    graded = [e.result for e in entries if e.result.assignment is not None]
    exact = [exact_percent(r) for r in graded]
    return {"title": title, "count": len(entries), "graded": len(graded), "sections": sections,
            "not_graded": not_graded, "mean": percent_text(statistics.fmean(exact)) if exact else "–",
            "median": percent_text(statistics.median(exact)) if exact else "–"}
