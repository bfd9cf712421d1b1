"""From call outcomes to verdicts and points (no execution, no formatting of reports).

A case passes when its value agrees with the reference's (the fast path). Otherwise:

- a function with an oracle (spec ``oracle``) gets its findings explained — which gradient is
  wrong and how, which formula variant a number comes from (:mod:`grader.oracle`);
- a function with semantic checks (spec ``semantic``) is judged on meaning when its values
  differ only where they depend on the random stream: each such case must pass the checker's
  case checks, and the large-input cases its statistical tests (:mod:`grader.semantics`). When
  every case is either exact or accepted this way the function passes, with a note that says
  why its values differ from the seeded reference's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from grader import hypotheses, messages, oracle, semantics
from grader.cases import Case
from grader.compare import Finding, compare, parts_of
from grader.exercises import registry
from grader.outcomes import CallOutcome, CellProblem
from grader.results import CaseResult, FunctionResult
from grader.spec import FunctionSpec

NOT_IMPLEMENTED = messages.NOT_IMPLEMENTED
ACCEPTED = "values differ from the seeded reference; accepted by the semantic checks"


@dataclass
class _Judged:
    """One case: its exact findings (explained by the oracle), its semantic findings, and whether
    it differs from the reference only by random values that mean the right thing."""

    result: CaseResult
    findings: list[Finding] = field(default_factory=list)
    semantic: list[Finding] = field(default_factory=list)
    acceptable: bool = False
    alternative: str = ""  # the note of the case's alternative value the returned value equals

    @property
    def shown(self) -> list[Finding]:
        """What to tell: structural problems, then the semantic ones, else the differences of values."""
        structural = [f for f in self.findings if f.kind not in ("values", "diagnosed")]
        rest = [f for f in self.findings if f.kind in ("values", "diagnosed")]
        return structural + (self.semantic or rest)


Named = tuple[tuple[str, ...], str] | None


def _explained(function: FunctionSpec, case: Case, value: object, findings: list[Finding],
               named: Named = None) -> list[Finding]:
    """Findings explained by the function's oracle: per case for arrays, by ``named`` (decided on all cases
    together, :func:`_scalar_diagnosis`) for a scalar."""
    if function.oracle is None or not findings:
        return findings
    try:
        parts, _ = parts_of(value, function)
        if hypotheses.is_scalar(function.oracle):
            explained = hypotheses.apply(function.oracle, named, case, parts, findings)
        else:
            explained = oracle.diagnose(function.oracle, case, parts, findings, function)
    except Exception:  # noqa: BLE001 - an unexplained finding is still a finding
        return findings
    # A diagnosis keeps the values it explains, for the report's expected-vs-yours table.
    samples = {f.path: f.sample for f in findings if f.sample}
    return [replace(f, sample=samples[f.path]) if not f.sample and f.path in samples else f for f in explained]


def _scalar_diagnosis(function: FunctionSpec, pairs: list[tuple[Case, CallOutcome]]) -> Named:
    """The variant of a scalar formula that explains every readable case (grader.hypotheses), or None."""
    if not hypotheses.is_scalar(function.oracle):
        return None
    observed = []
    for case, outcome in pairs:
        if outcome.kind == "ok":
            parts, problems = parts_of(outcome.value, function)
            if not problems:
                observed.append((case, parts))
    try:
        return hypotheses.explain(function.oracle, observed, function)
    except Exception:  # noqa: BLE001 - no diagnosis is better than a grader crash
        return None


def _semantic(checker: semantics.Checker, case: Case, value: object, function: FunctionSpec) -> list[Finding]:
    try:
        parts, problems = parts_of(value, function)
        return [] if problems else checker.check(case, parts)
    except Exception:  # noqa: BLE001 - values the checks cannot read fail on their exact findings
        return []


def _judge(function: FunctionSpec, checker: semantics.Checker | None, case: Case, outcome: CallOutcome,
           named: Named = None) -> _Judged:
    if outcome.kind != "ok":
        return _Judged(judge_case(function, case, outcome))
    findings = compare(outcome.value, case.expected, function)
    judged = _Judged(CaseResult(name=case.label, status="passed", hidden=case.hidden))
    if not findings:
        return judged
    judged.alternative = next((a.note for a in case.alternatives if not compare(outcome.value, a.expected, function)),
                              "")
    judged.findings = _explained(function, case, outcome.value, findings, named)
    if checker is not None:
        judged.semantic = _semantic(checker, case, outcome.value, function)
        judged.acceptable = semantics.eligible(findings, checker) and not judged.semantic
    _fail(judged, case, judged.shown)
    return judged


def _fail(judged: _Judged, case: Case, findings: list[Finding]) -> None:
    result = judged.result
    result.status = "failed"
    result.message = messages.summarise_hidden(findings) if case.hidden else messages.summarise(findings)
    result.details = {"reason": messages.reason(findings[0]), "paths": list(dict.fromkeys(f.path for f in findings))}
    if not case.hidden and not case.semantic:
        samples = {f.path: f.sample for f in findings if f.sample}
        if samples:
            result.details["values"] = samples


def judge_case(function: FunctionSpec, case: Case, outcome: CallOutcome) -> CaseResult:
    """One case's verdict on its own (exact comparison, explained by the oracle; no semantic acceptance)."""
    result = CaseResult(name=case.label, status="passed", hidden=case.hidden)
    if outcome.kind == "ok":
        findings = compare(outcome.value, case.expected, function)
        findings = _explained(function, case, outcome.value, findings, _scalar_diagnosis(function, [(case, outcome)]))
        if findings:
            judged = _Judged(result, findings)
            _fail(judged, case, findings)
        return result
    result.status, result.message, result.details = messages.outcome_problem(outcome)
    return result


def _accepted_by_semantics(judged: list[_Judged], cases: list[Case]) -> bool:
    """Every case exact or acceptable, at least one acceptable, and a large-input case among the verified ones."""
    verified = [j.result.status == "passed" or j.acceptable for j in judged]
    return (all(verified) and any(j.acceptable for j in judged)
            and any(case.semantic for case in cases))


def _accepted_alternative(judged: list[_Judged]) -> str:
    """The note of an accepted alternative: every case exact or equal to one alternative of the same kind."""
    notes = {j.alternative for j in judged if j.result.status != "passed"}
    if len(notes) != 1 or "" in notes:
        return ""
    return notes.pop()


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
            result.message = f"no definition of {function.name} in the notebook (no cell defines it)"
            if function.editions:
                result.message += (f"; only the {', '.join(function.editions)} edition of the notebook has it "
                                   "(--edition grades an older one on the functions it has)")
        return result
    checker = semantics.checker(function.semantic.check) if function.semantic else None
    pairs = list(zip(cases, outcomes, strict=True))
    named = _scalar_diagnosis(function, pairs)
    judged = [_judge(function, checker, case, outcome, named) for case, outcome in pairs]
    if checker is not None and _accepted_by_semantics(judged, [case for case, _ in pairs]):
        for item in judged:
            if item.acceptable:
                item.result.status, item.result.message, item.result.details = "passed", ACCEPTED, {}
    note = _accepted_alternative(judged)
    if note:
        for item in judged:
            if item.alternative:
                item.result.status, item.result.message, item.result.details = "passed", registry().notes[note].case, {}
    result.cases = [item.result for item in judged]
    passed = sum(c.status == "passed" for c in result.cases)
    if passed == len(result.cases):
        result.score = function.points
        result.message = f"all {len(result.cases)} cases passed"
        if any(c.message == ACCEPTED for c in result.cases) and checker is not None:
            result.message += f"; {checker.note}"
        if note:
            result.message += f"; {registry().notes[note].function}"
        return result
    result.status = "error" if any(c.status == "error" for c in result.cases) else "failed"
    if function.partial_credit:
        result.score = round(function.points * passed / len(result.cases), 4)
    failing = [item for item in judged if item.result.status != "passed"]
    # The headline: the first decisive failure in the report's order (public cases first, so that it does not
    # depend on the seed); a case that semantic checks or an alternative would accept is not decisive.
    first = next((item for item in failing if not item.acceptable and not item.alternative), failing[0])
    result.message = f"{first.result.name}: {first.result.message}"
    result.reason = str(first.result.details.get("reason", first.result.status))
    result.hint = messages.hint(first.shown) or function.hint
    if unchanged:
        result.message = f"{NOT_IMPLEMENTED} ({first.result.message})"
        result.reason = "not implemented"
    trace = first.result.details.get("traceback")
    if trace:
        result.traceback = list(trace)
    result.output = next((o.output for o in outcomes if o.output), "")[:4000]
    return result
