"""The view of one graded function in a student's report: its problems, its cases and its code.

Display-ready values only (text, table cells, highlighted code); the verdicts, the entries that
differ and the lines to mark were all decided before (grader.scoring, grader.compare,
grader.locate).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from grader.adjust import override_text
from grader.results import CaseResult, FunctionResult, points

STATUS_LABELS = {
    "passed": ("Passed", "✓"),
    "failed": ("Failed", "✗"),
    "error": ("Error", "⚠"),
    "missing": ("Missing", "–"),
}


def cell_text(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _rows(values: Any) -> list[list[Any]]:
    if not isinstance(values, list):
        return [[values]]
    if values and isinstance(values[0], list):
        return values
    return [values]


def grid(values: Any, wrong: Any = None) -> list[list[dict[str, Any]]]:
    """Table rows of a small array; ``wrong`` (the comparison's mask, same shape) marks the entries that differ."""
    marks = _rows(wrong) if wrong is not None else None
    return [[{"text": cell_text(v), "wrong": bool(marks[i][j]) if marks and i < len(marks) and j < len(marks[i])
              and not isinstance(marks[i][j], list) else False}
             for j, v in enumerate(row)] for i, row in enumerate(_rows(values))]


def _comparisons(details: dict[str, Any]) -> list[dict[str, Any]]:
    comparisons = []
    for key, sample in (details.get("values") or {}).items():
        if "expected" in sample:
            wrong = sample.get("wrong")
            comparisons.append({"key": key, "expected": grid(sample["expected"], wrong),
                                "got": grid(sample["got"], wrong),
                                "wrong": sum(c["wrong"] for row in grid(sample["got"], wrong) for c in row)})
        elif "worst" in sample:
            comparisons.append({"key": key, "mean_abs_error": f"{sample.get('mean_abs_error', 0):.3g}",
                                "worst": [{"index": str(w["index"]), "expected": cell_text(w["expected"]),
                                           "got": cell_text(w["got"])} for w in sample["worst"]]})
    return comparisons


def case_view(case: CaseResult) -> dict[str, Any]:
    details = case.details or {}
    label, symbol = STATUS_LABELS.get(case.status, (case.status, "?"))
    return {"name": case.name, "status": case.status, "label": label, "symbol": symbol, "hidden": case.hidden,
            "message": case.message if not case.hidden else details.get("reason", case.message),
            "comparisons": _comparisons(details), "traceback": details.get("traceback", []) if not case.hidden else []}


def case_list(names: list[str]) -> str:
    """``canonical case, hidden cases 1, 2 and 4`` — the cases a sentence is true of."""
    hidden = [n.removeprefix("hidden case ") for n in names if n.startswith("hidden case ")]
    others = [n for n in names if not n.startswith("hidden case ")]
    if len(hidden) == 1:
        others.append(f"hidden case {hidden[0]}")
    elif hidden:
        others.append(f"hidden cases {', '.join(hidden[:-1])} and {hidden[-1]}")
    return "; ".join(others)


def problems(cases: list[CaseResult]) -> list[dict[str, Any]]:
    """One sentence per distinct problem, with the cases it is true of, in the order the cases come."""
    grouped: dict[str, list[str]] = {}
    for case in cases:
        if case.status != "passed":
            message = case.message if not case.hidden else (case.details or {}).get("reason", case.message)
            grouped.setdefault(message or case.status, []).append(case.name)
    return [{"message": message, "cases": case_list(names), "count": len(names)} for message, names in grouped.items()]


def code_html(source: str, marks: list[dict[str, Any]]) -> Markup:
    """The cell, highlighted by Pygments with inline styles (no stylesheet to ship), marked lines highlighted."""
    lines = sorted({m["line"] for m in marks if isinstance(m.get("line"), int)})
    formatter = HtmlFormatter(noclasses=True, linenos="inline", hl_lines=lines, wrapcode=True, nobackground=True,
                              style="default")
    return Markup(highlight(source, PythonLexer(), formatter))  # Pygments escapes the source it formats


def function_view(function: FunctionResult) -> dict[str, Any]:
    label, symbol = STATUS_LABELS[function.status]
    cases = [case_view(c) for c in function.cases]
    first_open = next((i for i, c in enumerate(cases) if c["status"] != "passed" and (c["comparisons"] or
                                                                                       c["traceback"])), None)
    for i, case in enumerate(cases):
        case["open"] = i == first_open
        if case["traceback"] == function.traceback:  # shown once, under "Your code raised"
            case["traceback"] = []
    earned = function.override["points"] if function.override else function.score
    return {"name": function.name, "status": function.status, "label": label, "symbol": symbol,
            "points": f"{points(earned)} / {points(function.max_score)}", "message": function.message,
            "override": override_text(function.override, function.max_score) if function.override else "",
            "override_changed": bool(function.override.get("changed")),
            "hint": function.hint if function.status != "passed" else "", "traceback": function.traceback,
            "output": function.output, "cases": cases, "problems": problems(function.cases),
            "failing_cases": [c for c in cases if c["status"] != "passed"],
            "passing_cases": [c for c in cases if c["status"] == "passed"],
            "passed_cases": sum(c.status == "passed" for c in function.cases), "total_cases": len(function.cases),
            "code": code_html(function.source, function.marks) if function.source else "",
            "marks": [{"line": m["line"], "why": m["why"]} for m in function.marks]}
