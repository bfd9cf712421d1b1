"""Oracles of returned arrays: why returned values are wrong, decided in the grader process.

An exercise's judging module (``reference/<name>/judging.py``) offers ``ARRAY_ORACLES``: each
maps the comparison's findings of one case to findings of kind ``diagnosed`` where it can
explain them (:mod:`grader.messages` words them, from the exercise's ``DIAGNOSES``) and keeps
the others, in the order to report them. Oracles of a single number, which explain a function's
values across all its cases together, are :mod:`grader.hypotheses`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grader.cases import Case
from grader.compare import Finding
from grader.spec import FunctionSpec

Diagnose = Callable[[Case, dict[str, Any], list[Finding], FunctionSpec], list[Finding]]


def diagnose(name: str, case: Case, parts: dict[str, Any], findings: list[Finding],
             function: FunctionSpec) -> list[Finding]:
    """The findings of one case, explained where the oracle ``name`` can."""
    from grader import exercises

    return exercises.array_oracle(name)(case, parts, findings, function)
