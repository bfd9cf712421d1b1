"""Self-check in the student's own notebook: the public cases, run in the student's kernel.

``from grader import check; check(initialize_parameters_he)`` (or ``check("initialize_parameters_he")``,
read from the caller's globals) calls the student's function on the public cases' inputs through
the grading kernel's own harness (the same calling code, wire format and reading of results,
:mod:`grader.outcomes`) and judges the returns with the grader's own rules (:mod:`grader.compare`,
:mod:`grader.messages` through :func:`grader.scoring.judge_function`), with the same helper
substitutions the grading kernel makes. Hidden cases are only counted: they are run by the
full grader alone. Inside a Jupyter kernel the result shows as compact HTML, elsewhere as text.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from grader import notebook as nbtools
from grader import wire
from grader.cases import Case, argument_names, build_cases
from grader.kernel import inside
from grader.kernel.inside import protocol
from grader.outcomes import CallOutcome, harness_request, outcome_of
from grader.reference.course import load
from grader.report import render
from grader.results import STATUS_WORDS, FunctionResult
from grader.scoring import judge_function
from grader.spec import AssignmentSpec, FunctionSpec, all_specs, detect

COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#9a6700", "missing": "#57606a"}
FULL_GRADER = "are run only by the full grader"


@dataclass
class CheckReport:
    """The self-check of one or more graded functions of an assignment."""

    assignment: str
    title: str
    functions: list[FunctionResult]
    hidden: dict[str, int] = field(default_factory=dict)
    shown_in: int | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return bool(self.functions) and all(f.status == "passed" for f in self.functions)

    def text(self) -> str:
        lines = [f"Self-check of {self.title}: public cases only"]
        width = max((len(f.name) for f in self.functions), default=0)
        for function in self.functions:
            lines.append(f"  {STATUS_WORDS[function.status]:<7} {function.name:<{width}}  {function.message}")
            if function.status != "passed":
                lines.extend(f"          {line}" for line in _details(function))
        lines.append(self.hidden_note())
        return "\n".join(lines)

    def hidden_note(self) -> str:
        count = sum(self.hidden.values())
        if not count:
            return "The full grader runs these cases again when it grades your notebook."
        cases = f"{count} hidden case{'s' if count != 1 else ''}"
        return f"{cases} on new inputs {FULL_GRADER}: passing here does not guarantee full marks."

    def html(self) -> str:
        rows = [{"colour": COLOURS[f.status], "word": STATUS_WORDS[f.status], "name": f.name, "message": f.message,
                 "details": _details(f) if f.status != "passed" else []} for f in self.functions]
        return render("selfcheck.html", title=self.title, rows=rows, note=self.hidden_note())

    def __repr__(self) -> str:
        passed = sum(f.status == "passed" for f in self.functions)
        return f"<CheckReport {self.assignment}: {passed}/{len(self.functions)} passed the public cases>"

    def _repr_html_(self) -> str:
        return self.html()

    def _ipython_display_(self) -> None:
        """Shown again when asked for, except as the value of the cell that has just shown it."""
        if self.shown_in is not None and self.shown_in == _execution_count():
            return
        _show(self)


def _details(function: FunctionResult) -> list[str]:
    lines = [f"{case.name}: {case.message}" for case in function.cases if case.status != "passed"][1:]
    if function.output:
        lines.append("printed: " + function.output.strip().replace("\n", " | ")[:300])
    if function.hint:
        lines.append(f"Hint: {function.hint}")
    return lines


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _in_kernel() -> bool:
    shell = _shell()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _execution_count() -> int | None:
    shell = _shell()
    return getattr(shell, "execution_count", None) if shell is not None else None


def _show(report: CheckReport) -> None:
    if _in_kernel():
        from IPython.display import HTML, display

        display(HTML(report.html()))
    else:
        print(report.text())


# ---------------------------------------------------------------- calling the student's function
# Through the grading kernel's own harness (grader/kernel/inside), run here in a namespace of its
# own: the same request, the same calling code (pristine helpers, substitutes, the per-call time
# limit, the in-place-change check, the student's frames), the same wire format and the same
# reading of its payloads (grader.outcomes) as when the notebook is graded.

_HARNESS: dict[str, Any] = {}


def _harness() -> dict[str, Any]:
    if not _HARNESS:
        exec(compile(inside.source(), "<dlgrader-harness>", "exec"), _HARNESS)  # noqa: S102 - our own code
    return _HARNESS


def call_case(student: Callable, spec: AssignmentSpec, function: FunctionSpec, case: Case,
              timeout: float | None = None) -> CallOutcome:
    """Calls the student's function on one case's inputs, as the grading kernel would."""
    harness = _harness()
    state = harness["_state"]
    sent: list[dict] = []
    state["ns"] = {function.name: student}
    state["pristine"] = {name: load(spec.name, name) for name in spec.helpers}
    state["publish"] = lambda data, metadata=None: sent.append(data[protocol.MIME])
    limit = timeout if timeout is not None else function.call_timeout
    call = {"args": [wire.encode(arg) for arg in case.args], "substitute": case.substitute}
    request, _ = harness_request(function.name, [call], limit, {n: list(t) for n, t in function.uses.items()},
                                 argument_names(spec, function.name))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        harness["call_many"](request)
    if len(sent) != 1:
        return CallOutcome("unreadable", detail="no result came back", output=output.getvalue())
    return outcome_of(sent[0], output.getvalue(), limit, function.in_place)


def _unchanged(spec: AssignmentSpec, name: str, student: Callable) -> bool:
    """Whether the function's START/END region is still the one of the shipped notebook."""
    try:
        source = inspect.getsource(student)
        shipped = nbtools.read_notebook(spec.folder / spec.notebook)
    except (OSError, TypeError, nbtools.NotebookError):
        return False
    index = nbtools.graded_cells(shipped).get(name)
    if index is None or nbtools.START_MARK not in source:
        return False
    return nbtools.student_region(source) == nbtools.student_region(str(shipped.cells[index].source))


def check_function(spec: AssignmentSpec, name: str, student: Any,
                   timeout: float | None = None) -> tuple[FunctionResult, int]:
    """The public cases of one graded function, judged as the full grader judges them, and how many
    hidden cases the full grader adds."""
    function = spec.function(name)
    cases = build_cases(spec, function, seed=0)
    public = [case for case in cases if not case.hidden]
    hidden = len(cases) - len(public)
    if not callable(student):
        result = judge_function(function, public, [CallOutcome("missing")], None, False, False)
        result.message = (f"{name} is not defined: run its cell first" if student is None
                          else f"{name} is a {type(student).__name__}, not a function")
        return result, hidden
    outcomes: list[CallOutcome] = []
    for case in public:
        outcome = call_case(student, spec, function, case, timeout)
        outcomes.append(outcome)
        if outcome.kind == "timeout":
            skipped = CallOutcome("skipped", detail="not run after an earlier case timed out")
            outcomes.extend(skipped for _ in public[len(outcomes):])
            break
    return judge_function(function, public, outcomes, None, True, _unchanged(spec, name, student)), hidden


# ---------------------------------------------------------------- finding the assignment

def _graded_names(namespace: dict[str, Any], specs: dict[str, AssignmentSpec]) -> set[str]:
    names = {name for spec in specs.values() for name in spec.function_names}
    return {name for name in names if callable(namespace.get(name))}


def find_spec(names: set[str], namespace: dict[str, Any], assignment: str | None = None) -> AssignmentSpec:
    """The assignment grading ``names``: given, or detected from the graded functions defined in ``namespace``."""
    specs = all_specs()
    if assignment:
        if assignment not in specs:
            raise ValueError(f"unknown assignment {assignment!r} (known: {', '.join(sorted(specs))})")
        spec = specs[assignment]
        unknown = sorted(names - set(spec.function_names))
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not graded in {assignment}")
        return spec
    candidates = {key: spec for key, spec in specs.items() if names <= set(spec.function_names)}
    if not candidates:
        graded = sorted(n for spec in specs.values() for n in spec.function_names)
        raise ValueError(f"{', '.join(sorted(names)) or 'nothing'}: not a graded function "
                         f"(graded functions: {', '.join(graded)})")
    found = detect(_graded_names(namespace, candidates) | names, candidates)
    return found if found is not None else next(iter(candidates.values()))


def _caller_globals(depth: int) -> dict[str, Any]:
    frame = sys._getframe(depth + 1)
    return frame.f_globals


def run_check(function: Callable | str, namespace: dict[str, Any], assignment: str | None = None,
              timeout: float | None = None) -> CheckReport:
    """The self-check of one function (by object or by name in ``namespace``), without showing it."""
    if isinstance(function, str):
        name, student = function, namespace.get(function)
    else:
        name = getattr(function, "__name__", "")
        student = function
    spec = find_spec({name}, namespace, assignment)
    result, hidden = check_function(spec, name, student, timeout)
    return CheckReport(spec.name, spec.title, [result], {name: hidden})


def run_check_all(namespace: dict[str, Any], assignment: str | None = None,
                  timeout: float | None = None) -> CheckReport:
    """The self-check of every graded function of the assignment the namespace's functions belong to."""
    specs = all_specs()
    if assignment:
        spec = find_spec(set(), namespace, assignment)
    else:
        found = detect(_graded_names(namespace, specs), specs)
        if found is None:
            raise ValueError("no graded function is defined here yet: run the cells that define them first")
        spec = found
    report = CheckReport(spec.name, spec.title, [])
    for name in spec.function_names:
        result, report.hidden[name] = check_function(spec, name, namespace.get(name), timeout)
        report.functions.append(result)
    return report


def _shown(report: CheckReport, show: bool) -> CheckReport:
    if show:
        _show(report)
        report.shown_in = _execution_count()
    return report


def check(function: Callable | str, *, assignment: str | None = None, timeout: float | None = None,
          show: bool = True, namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of one graded function here and shows the result.

    ``function`` is the function itself or its name (looked up in the caller's globals).
    """
    return _shown(run_check(function, namespace if namespace is not None else _caller_globals(1),
                            assignment, timeout), show)


def check_all(*, assignment: str | None = None, timeout: float | None = None, show: bool = True,
              namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of every graded function of this notebook's assignment and shows the result."""
    return _shown(run_check_all(namespace if namespace is not None else _caller_globals(1), assignment, timeout),
                  show)
