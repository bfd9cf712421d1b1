"""HTML reports: view models built here, rendered by the Jinja2 templates in grader/templates.

The view models hold display-ready text and numbers; templates only lay them out (they
compute no points and format no findings). Output is self-contained: inline CSS, no
external assets, and the student report needs no JavaScript.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from grader.adjust import adjustment_lines
from grader.cards import function_view
from grader.dashboard import ClassEntry, class_view, title_of
from grader.files import write_atomically
from grader.results import SubmissionResult, percent_text, points

_env = Environment(loader=PackageLoader("grader", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _points(value: float) -> str:
    return points(value)


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
        "assignment": title_of(result.assignment) if result.assignment else "not graded",
        "graded": result.assignment is not None,
        "score": _points(result.final), "max_score": _points(result.max_score),
        "percent": percent_text(100 * result.final / result.max_score) if result.max_score else "0",
        "automatic_score": _points(result.score) if result.adjusted else "",
        "adjustments": [line for line in adjustment_lines(result) if not line.startswith(
            tuple(f"{f.name}: " for f in result.functions if f.override))],
        "passed": sum(f.status == "passed" for f in result.functions), "total": len(result.functions),
        "functions": [function_view(f) for f in result.functions],
        "errors": result.errors, "environment": _environment_view(result.environment), "index_href": index_href,
        "isolation_warning": result.isolation_warning,
    }


def render_student(result: SubmissionResult, index_href: str | None = None) -> str:
    return render("report.html", **student_view(result, index_href))


def write_report(result: SubmissionResult, path: Path, index_href: str | None = None) -> None:
    write_atomically(path, render_student(result, index_href))


def write_index(entries: list[ClassEntry], path: Path, title: str = "Class summary",
                similar: int | None = None) -> None:
    """The class summary (``similar``: how many pairs the similarity page next to it lists)."""
    write_atomically(path, render("index.html", **class_view(entries, title), similar=similar))


def write_similarity(entries: list[ClassEntry], path: Path, title: str = "Class summary") -> int:
    """The similarity page of a batch; returns how many pairs it lists."""
    from grader import similarity

    found = similarity.view(similarity.pairs([(e.result, e.href) for e in entries]))
    write_atomically(path, render("similarity.html", title=title, pairs=found, floor=round(100 * similarity.FLOOR),
                                  detailed=similarity.DETAILED))
    listed = [{key: pair[key] for key in ("rank", "assignment", "percent", "shared", "functions")}
              | {"first": pair["first"]["submission"], "second": pair["second"]["submission"]} for pair in found]
    write_atomically(path.with_suffix(".json"), json.dumps(listed, indent=2) + "\n")
    return len(found)
