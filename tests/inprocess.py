"""Grading a function's source in the test process (no kernel): the cases, calls and verdicts of the pipeline.

For fast checks of judging only — comparison, oracles, semantic checks, scoring. The code run
here is trusted (edits of the reference from the catalog); student code only ever runs in a
kernel, and the catalog is also pushed through the real pipeline by tests/test_catalog.py.
"""

from __future__ import annotations

from grader.cases import build_cases, reference_module
from grader.mutants.label import _call
from grader.outcomes import CallOutcome
from grader.results import FunctionResult
from grader.scoring import judge_function
from grader.spec import all_specs


def grade_source(assignment: str, function: str, source: str, seed: int) -> FunctionResult:
    """``function`` defined by ``source`` (with the reference module's globals), judged on the seed's cases."""
    spec = all_specs()[assignment]
    graded = spec.function(function)
    namespace = dict(vars(reference_module(spec)))
    exec(compile(source, f"<{function}>", "exec"), namespace)  # trusted: catalog edits of the reference
    cases = build_cases(spec, graded, seed)
    outcomes = []
    for case in cases:
        try:
            outcomes.append(CallOutcome("ok", value=_call(namespace[function], case)))
        except Exception as error:  # noqa: BLE001 - judged as the harness reports it
            outcomes.append(CallOutcome("raised", error={"type": type(error).__name__, "message": str(error)}))
    return judge_function(graded, cases, outcomes, None, True, False)
