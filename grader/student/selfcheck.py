"""The self-check of the student distribution: the public cases as data, no reference code.

``grader/student/data/<assignment>.json`` (written by ``grader student-package``) holds, per
graded function, the public cases' inputs and expected outputs, the outputs of the catalogued
mistakes and accepted alternatives on them with the full grader's verdict and message on each,
the shipped notebook's START/END region and how many hidden cases the full grader adds. The
student's function is called through the grading kernel's own harness; its returns are compared
by the grader's own rules (grader.compare, grader.messages). A wrong value a catalogued mistake
also returns gets the full grader's message for it; any other gets the comparison's own.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grader import checkreport, messages, wire
from grader.checkreport import CheckReport
from grader.compare import compare
from grader.notebook import START_MARK, student_region
from grader.outcomes import CallOutcome, call_here
from grader.results import CaseResult, FunctionResult
from grader.spec import FunctionSpec, Tolerance

DATA = Path(__file__).resolve().parent / "data"
NOT_RUN = "not run after an earlier case timed out"


@functools.cache
def assignments() -> dict[str, dict[str, Any]]:
    """Every assignment this distribution can check, by name."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("*.json"))}


def function_spec(data: dict[str, Any]) -> FunctionSpec:
    """The comparison rules of a graded function (no cases, generators or oracles: those stay with the grader)."""
    def layout(value: Any) -> Any:
        return tuple(layout(v) for v in value) if isinstance(value, list) else value

    return FunctionSpec(
        name=data["name"], points=data["points"], returns=layout(data["returns"]),
        returns_also=tuple(layout(v) for v in data["returns_also"]), graded=tuple(data["graded"]),
        in_place=tuple(data["in_place"]), scale_free=tuple(data["scale_free"]),
        tolerance=Tolerance(**data["tolerance"]),
        key_tolerance={k: Tolerance(**v) for k, v in data["key_tolerance"].items()},
        uses={k: tuple(v) for k, v in data["uses"].items()}, call_timeout=data["call_timeout"], hint=data["hint"],
        editions=tuple(data["editions"]))


@functools.cache
def _pristine(assignment: str) -> dict[str, types.ModuleType]:
    """The course's helper modules as shipped (the distribution carries their text), loaded in order."""
    loaded: dict[str, types.ModuleType] = {}
    helpers: dict[str, str] = assignments()[assignment]["helpers"]
    saved = {name: sys.modules.get(name) for name in helpers}
    try:
        for name, source in helpers.items():
            module = types.ModuleType(name)
            sys.modules[name] = module
            exec(compile(source, f"<pristine {name}>", "exec"), module.__dict__)  # noqa: S102 - the course's
            loaded[name] = module
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return loaded


def call_case(student: Callable, assignment: str, spec: FunctionSpec, names: list[str], case: dict[str, Any],
              timeout: float | None) -> CallOutcome:
    """Calls the student's function on one public case's inputs, as the grading kernel would."""
    limit = timeout if timeout is not None else spec.call_timeout
    return call_here(spec.name, student, _pristine(assignment), {"args": case["args"],
                     "substitute": case.get("substitute")}, limit, {n: list(t) for n, t in spec.uses.items()},
                     tuple(names), spec.in_place)


def judge_case(spec: FunctionSpec, case: dict[str, Any], outcome: CallOutcome) -> tuple[CaseResult, str, bool]:
    """A public case's verdict, hint, and whether only its values differ (no catalogued value explains them): a
    catalogued value gets the full grader's words for it."""
    result = CaseResult(name=case["label"], status="passed")
    if outcome.kind != "ok":
        result.status, result.message, result.details = messages.outcome_problem(outcome)
        return result, "", False
    findings = compare(outcome.value, wire.decode(case["expected"]), spec)
    if not findings:
        return result, "", False
    for known in case["known"]:
        if not compare(outcome.value, wire.decode(known["value"]), spec):
            result.status, result.message = known["status"], known["message"]
            result.details = {"reason": known["reason"]}
            return result, known["hint"], False
    result.status, result.message = "failed", messages.summarise(findings)
    result.details = {"reason": messages.reason(findings[0])}
    return result, messages.hint(findings), all(f.kind == "values" for f in findings)


def judge(spec: FunctionSpec, cases: list[dict[str, Any]], outcomes: list[CallOutcome], unchanged: bool,
          note: str) -> FunctionResult:
    """The function's status, points and one-line message from its public cases (as grader.scoring words them)."""
    result = FunctionResult(name=spec.name, status="passed", score=0.0, max_score=spec.points, hint=spec.hint)
    judged = [judge_case(spec, case, outcome) for case, outcome in zip(cases, outcomes, strict=True)]
    result.cases = [case for case, _, _ in judged]
    failing = [(case, hint, by_values) for case, hint, by_values in judged if case.status != "passed"]
    if not failing:
        result.score = spec.points
        accepted = next((c.message for c in result.cases if c.message), "")
        count = len(result.cases)
        result.message = ("the public case passed" if count == 1 else f"all {count} public cases passed") + (
            f"; {accepted}" if accepted else "")
        return result
    first, hint, by_values = failing[0]
    result.status = "error" if any(c.status == "error" for c, _, _ in failing) else "failed"
    result.message = f"{first.name}: {first.message}"
    result.reason = str(first.details.get("reason", first.status))
    result.hint = hint or spec.hint
    if unchanged:
        result.message, result.reason = f"{messages.NOT_IMPLEMENTED} ({first.message})", "not implemented"
    elif by_values and note:
        result.message += f" ({note})"
    result.output = next((o.output for o in outcomes if o.output), "")[:4000]
    return result


def _unchanged(region: str | None, student: Callable) -> bool:
    """Whether the function's START/END region is still the one of the shipped notebook."""
    try:
        source = inspect.getsource(student)
    except (OSError, TypeError):
        return False
    return region is not None and START_MARK in source and student_region(source) == region


def check_function(assignment: str, name: str, student: Any,
                   timeout: float | None = None) -> tuple[FunctionResult, int]:
    """The public cases of one graded function, and how many hidden cases the full grader adds."""
    data = next(f for f in assignments()[assignment]["functions"] if f["spec"]["name"] == name)
    spec = function_spec(data["spec"])
    if not callable(student):
        result = FunctionResult(name=name, status="missing", score=0.0, max_score=spec.points, hint=spec.hint,
                                reason="not defined")
        result.message = (f"{name} is not defined: run its cell first" if student is None
                          else f"{name} is a {type(student).__name__}, not a function")
        return result, data["hidden"]
    outcomes: list[CallOutcome] = []
    for case in data["cases"]:
        outcome = call_case(student, assignment, spec, data["arguments"], case, timeout)
        outcomes.append(outcome)
        if outcome.kind == "timeout":
            outcomes.extend(CallOutcome("skipped", detail=NOT_RUN) for _ in data["cases"][len(outcomes):])
            break
    return judge(spec, data["cases"], outcomes, _unchanged(data["region"], student), data["note"]), data["hidden"]


def _defined(namespace: dict[str, Any], names: list[str]) -> set[str]:
    return {name for name in names if callable(namespace.get(name))}


def find_assignment(names: set[str], namespace: dict[str, Any], assignment: str | None = None) -> str:
    """The assignment grading ``names``: given, or the one whose graded functions ``namespace`` defines most."""
    known = {key: [f["spec"]["name"] for f in data["functions"]] for key, data in assignments().items()}
    if assignment:
        if assignment not in known:
            raise ValueError(f"unknown assignment {assignment!r} (known: {', '.join(sorted(known))})")
        unknown = sorted(names - set(known[assignment]))
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not graded in {assignment}")
        return assignment
    candidates = [key for key, functions in known.items() if names <= set(functions)]
    if not candidates:
        graded = sorted(n for functions in known.values() for n in functions)
        raise ValueError(f"{', '.join(sorted(names)) or 'nothing'}: not a graded function "
                         f"(graded functions: {', '.join(graded)})")
    best = max(candidates, key=lambda key: len(_defined(namespace, known[key]) | names))
    if not names and not _defined(namespace, known[best]):
        raise ValueError("no graded function is defined here yet: run the cells that define them first")
    return best


def run_check(function: Callable | str, namespace: dict[str, Any], assignment: str | None = None,
              timeout: float | None = None) -> CheckReport:
    name = function if isinstance(function, str) else getattr(function, "__name__", "")
    student = namespace.get(name) if isinstance(function, str) else function
    chosen = find_assignment({name}, namespace, assignment)
    result, hidden = check_function(chosen, name, student, timeout)
    return CheckReport(chosen, assignments()[chosen]["title"], [result], {name: hidden})


def run_check_all(namespace: dict[str, Any], assignment: str | None = None,
                  timeout: float | None = None) -> CheckReport:
    chosen = find_assignment(set(), namespace, assignment)
    data = assignments()[chosen]
    report = CheckReport(chosen, data["title"], [])
    for function in data["functions"]:
        name = function["spec"]["name"]
        result, report.hidden[name] = check_function(chosen, name, namespace.get(name), timeout)
        report.functions.append(result)
    return report


def check(function: Callable | str, *, assignment: str | None = None, timeout: float | None = None,
          show: bool = True, namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of one graded function here and shows the result."""
    return checkreport.shown(run_check(function, namespace if namespace is not None else
                                       checkreport.caller_globals(1), assignment, timeout), show)


def check_all(*, assignment: str | None = None, timeout: float | None = None, show: bool = True,
              namespace: dict[str, Any] | None = None) -> CheckReport:
    """Runs the public cases of every graded function of this notebook's assignment and shows the result."""
    return checkreport.shown(run_check_all(namespace if namespace is not None else checkreport.caller_globals(1),
                                           assignment, timeout), show)
