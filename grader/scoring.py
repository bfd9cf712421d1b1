"""From call outcomes to verdicts and points (no execution, no formatting of reports)."""

from __future__ import annotations

from grader import messages
from grader.cases import Case
from grader.compare import compare
from grader.execute import CallOutcome, CellProblem
from grader.results import CaseResult, FunctionResult
from grader.spec import FunctionSpec

NOT_IMPLEMENTED = "not implemented yet: the code between START CODE HERE and END CODE HERE is unchanged"


def judge_case(function: FunctionSpec, case: Case, outcome: CallOutcome) -> CaseResult:
    """One case's verdict."""
    result = CaseResult(name=case.label, status="passed", hidden=case.hidden)
    if outcome.kind == "ok":
        findings = compare(outcome.value, case.expected, function)
        if findings:
            result.status = "failed"
            result.message = messages.summarise_hidden(findings) if case.hidden else messages.summarise(findings)
            result.details = {"reason": messages.reason(findings[0])}
            if not case.hidden:
                samples = {f.path: f.sample for f in findings if f.sample}
                if samples:
                    result.details["values"] = samples
        return result
    result.status = "error"
    if outcome.kind == "raised":
        result.message = messages.raised(outcome.error)
        result.details = {"traceback": messages.traceback_lines(outcome.error),
                          "reason": f"raised {outcome.error.get('type', 'an exception')}"}
    elif outcome.kind == "unreadable":
        result.message = f"the grader could not read the returned value: {outcome.detail}"
        result.details = {"reason": "unreadable return value"}
    else:
        result.message = outcome.detail
        reasons = {"timeout": "time limit", "dead": "killed the kernel", "skipped": outcome.detail}
        result.details = {"reason": reasons.get(outcome.kind, outcome.kind)}
    return result


def judge_function(function: FunctionSpec, cases: list[Case], outcomes: list[CallOutcome],
                   cell_problem: CellProblem | None, has_cell: bool, unchanged: bool) -> FunctionResult:
    """A function's status, points and one-line message from its cases."""
    result = FunctionResult(name=function.name, status="passed", score=0.0, max_score=function.points,
                            hint=function.hint)
    if any(o.kind == "missing" for o in outcomes) or not outcomes:
        result.reason = "not defined"
        if cell_problem is not None:
            result.status = "error"
            result.message = f"its cell did not run: {cell_problem.message}"
            result.reason = f"cell {cell_problem.status}: {cell_problem.message.split(':')[0]}"
        elif has_cell:
            result.status = "missing"
            result.message = f"{function.name} is not defined after running its cell"
        else:
            result.status = "missing"
            result.message = f"no cell '# GRADED FUNCTION: {function.name}' and no definition of {function.name}"
        return result
    result.cases = [judge_case(function, case, outcome) for case, outcome in zip(cases, outcomes, strict=True)]
    passed = sum(c.status == "passed" for c in result.cases)
    if passed == len(result.cases):
        result.score = function.points
        result.message = f"all {len(result.cases)} cases passed"
        return result
    result.status = "error" if any(c.status == "error" for c in result.cases) else "failed"
    if function.partial_credit:
        result.score = round(function.points * passed / len(result.cases), 4)
    first = next(c for c in result.cases if c.status != "passed")
    result.message = f"{first.name}: {first.message}"
    result.reason = str(first.details.get("reason", first.status))
    if unchanged:
        result.message = f"{NOT_IMPLEMENTED} ({first.message})"
        result.reason = "not implemented"
    trace = first.details.get("traceback")
    if trace:
        result.traceback = list(trace)
    result.output = next((o.output for o in outcomes if o.output), "")[:4000]
    return result
