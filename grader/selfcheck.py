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

import inspect
from collections.abc import Callable
from typing import Any

from grader import notebook as nbtools
from grader import wire
from grader.cases import Case, argument_names, build_cases
from grader.checkreport import CheckReport, caller_globals, shown
from grader.outcomes import CallOutcome, call_here
from grader.reference.course import load
from grader.results import FunctionResult
from grader.scoring import judge_function
from grader.spec import AssignmentSpec, FunctionSpec, all_specs, detect

# ---------------------------------------------------------------- calling the student's function
# Through the grading kernel's own harness (grader/kernel/inside), run here in a namespace of its
# own: the same request, the same calling code (pristine helpers, substitutes, the per-call time
# limit, the in-place-change check, the student's frames), the same wire format and the same
# reading of its payloads (grader.outcomes) as when the notebook is graded.

def call_case(student: Callable, spec: AssignmentSpec, function: FunctionSpec, case: Case,
              timeout: float | None = None) -> CallOutcome:
    """Calls the student's function on one case's inputs, as the grading kernel would."""
    limit = timeout if timeout is not None else function.call_timeout
    call = {"args": [wire.encode(arg) for arg in case.args], "substitute": case.substitute}
    return call_here(function.name, student, {name: load(spec.name, name) for name in spec.helpers}, call, limit,
                     {n: list(t) for n, t in function.uses.items()}, argument_names(spec, function.name),
                     function.in_place)


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


def check(function: Callable | str, *, assignment: str | None = None, timeout: float | None = None,
          show: bool = True, namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of one graded function here and shows the result.

    ``function`` is the function itself or its name (looked up in the caller's globals).
    """
    return shown(run_check(function, namespace if namespace is not None else caller_globals(1),
                           assignment, timeout), show)


def check_all(*, assignment: str | None = None, timeout: float | None = None, show: bool = True,
              namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of every graded function of this notebook's assignment and shows the result."""
    return shown(run_check_all(namespace if namespace is not None else caller_globals(1), assignment, timeout),
                 show)
