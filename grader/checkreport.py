"""What a self-check shows in the student's notebook: compact HTML in Jupyter, text elsewhere.

Shared by the full grader's self-check (grader.selfcheck) and the student distribution's
(grader.student.selfcheck); imports nothing of either.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from grader.results import STATUS_WORDS, FunctionResult

COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#9a6700", "missing": "#57606a"}
FULL_GRADER = "run only by the full grader"

_env = Environment(loader=PackageLoader("grader", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


@dataclass
class CheckReport:
    """The self-check of one or more graded functions of an assignment."""

    assignment: str
    title: str
    functions: list[FunctionResult]
    hidden: dict[str, int] = field(default_factory=dict)
    shown_in: int | None = field(default=None, repr=False)
    scope: str = "public cases only"

    @property
    def passed(self) -> bool:
        return bool(self.functions) and all(f.status == "passed" for f in self.functions)

    def text(self) -> str:
        lines = [f"Self-check of {self.title}: {self.scope}"]
        width = max((len(f.name) for f in self.functions), default=0)
        for function in self.functions:
            lines.append(f"  {STATUS_WORDS[function.status]:<7} {function.name:<{width}}  {function.message}")
            if function.status != "passed":
                lines.extend(f"          {line}" for line in details(function))
        lines.append(self.hidden_note())
        return "\n".join(lines)

    def hidden_note(self) -> str:
        count = sum(self.hidden.values())
        if not count:
            return "The full grader runs these cases again when it grades your notebook."
        cases = f"{count} hidden case{'s' if count != 1 else ''} on new inputs {'is' if count == 1 else 'are'}"
        return f"{cases} {FULL_GRADER}: passing here does not guarantee full marks."

    def html(self) -> str:
        rows = [{"colour": COLOURS[f.status], "word": STATUS_WORDS[f.status], "name": f.name, "message": f.message,
                 "details": details(f) if f.status != "passed" else []} for f in self.functions]
        return _env.get_template("selfcheck.html").render(title=self.title, rows=rows, note=self.hidden_note(),
                                                           scope=self.scope)

    def __repr__(self) -> str:
        passed = sum(f.status == "passed" for f in self.functions)
        return f"<CheckReport {self.assignment}: {passed}/{len(self.functions)} passed the public cases>"

    def _repr_html_(self) -> str:
        return self.html()

    def _ipython_display_(self) -> None:
        """Shown again when asked for, except as the value of the cell that has just shown it."""
        if self.shown_in is not None and self.shown_in == execution_count():
            return
        show(self)


def details(function: FunctionResult) -> list[str]:
    lines = [f"{case.name}: {case.message}" for case in function.cases if case.status != "passed"][1:]
    if function.output:
        lines.append("printed: " + function.output.strip().replace("\n", " | ")[:300])
    if function.hint:
        lines.append(f"Hint: {function.hint}")
    return lines


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def in_kernel() -> bool:
    shell = _shell()
    return shell is not None and getattr(shell, "kernel", None) is not None


def execution_count() -> int | None:
    shell = _shell()
    return getattr(shell, "execution_count", None) if shell is not None else None


def show(report: CheckReport) -> None:
    if in_kernel():
        from IPython.display import HTML, display

        display(HTML(report.html()))
    else:
        print(report.text())


def shown(report: CheckReport, visible: bool) -> CheckReport:
    """``report``, shown now when ``visible`` (and then not again as the cell's value)."""
    if visible:
        show(report)
        report.shown_in = execution_count()
    return report


def caller_globals(depth: int) -> dict[str, Any]:
    return sys._getframe(depth + 1).f_globals
