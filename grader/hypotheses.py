"""Oracles for functions that return one number: which known formula the student computed.

The regularized cost and the two gradient checks return a scalar, so a wrong value cannot be
located; instead the grader evaluates, from each case's inputs, the value of every
well-defined variant of the formula (the L2 term without its 1/2, a one-sided difference, no
denominator, …) and names a variant only when it alone explains the function's values:

- on every case with a readable value, the variant's prediction equals the returned value
  (a variant that does not apply to a case — a wrong default on a call that passes epsilon —
  predicts the expected value there);
- on every failing case its prediction is distinguishable from the expected value beyond the
  tolerance;
- no other variant of the same tier (single mistakes before pairs of them) does the same.

So the diagnosis is decided by all cases together: it does not depend on which hidden values a
seed drew, and it is never a variant that merely fits one case. When none qualifies, the case
keeps its observed facts (and a difference of exactly 1 says what that means). Everything runs
in the grader process with the reference helpers and the case's trusted substitutes (and its
alternatives': a student who computes J inline is explained with the exercise's cost).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding, diagnosed
from grader.spec import FunctionSpec, Tolerance

Variant = tuple[tuple[str, ...], Callable[[], Any], str]  # diagnoses, value, subject of the diagnoses
Tiers = list[list[Variant]]
Named = tuple[tuple[str, ...], str]  # the diagnoses of a variant and their subject


@dataclass(frozen=True)
class ScalarOracle:
    """An exercise's oracle of one returned number (its judging module's ``SCALAR_ORACLES``)."""

    key: str  # the returned value explained
    tiers: Callable[[Case, str | None], Tiers]  # the variants of one case, with one of its substitutes
    facts: Callable[[float, float], str | None] = lambda got, expected: None  # a true fact, when none explains


def matches(got: float, value: float, tolerance: Tolerance) -> bool:
    if not np.isfinite(value):
        return False
    return abs(got - value) <= tolerance.atol * max(1.0, abs(value)) + tolerance.rtol * abs(value)


def scalar(parts: dict[str, Any], key: str) -> float | None:
    value = parts.get(key)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(array.reshape(())) if array.size == 1 else None


def _evaluate(tiers: Tiers) -> list[dict[Named, float]]:
    values: list[dict[Named, float]] = []
    for tier in tiers:
        computed: dict[Named, float] = {}
        for names, value, subject in tier:
            try:
                with np.errstate(all="ignore"):
                    computed.setdefault((names, subject), float(value()))
            except (ArithmeticError, ValueError, TypeError, IndexError):
                continue
        values.append(computed)
    return values


def explain(oracle_name: str, observed: list[tuple[Case, dict[str, Any]]], function: FunctionSpec) -> Named | None:
    """The one variant that explains every case's returned value (the module's rule), or None."""
    oracle = _oracle(oracle_name)
    tolerance = function.tolerance
    readable = [(case, got) for case, parts in observed if (got := scalar(parts, oracle.key)) is not None]
    if all(matches(got, float(case.expected), tolerance) for case, got in readable):
        return None  # nothing to explain: the variants are not evaluated (every correct submission comes here)
    rows = [(got, float(case.expected), [_evaluate(oracle.tiers(case, s))
                                         for s in (case.substitute, *(a.substitute for a in case.alternatives))])
            for case, got in readable]
    # Two readings of the student's code: it calls forward_propagation (every case's own substitute), or it
    # computes the exercise's cost inline (each case's alternative substitute, where it has one).
    worlds = [[(got, expected, each[0]) for got, expected, each in rows],
              [(got, expected, each[-1]) for got, expected, each in rows]]
    for t in range(max((len(v) for _, _, each in rows for v in each), default=0)):
        left = set().union(*(_consistent(world, t, tolerance) for world in worlds))
        if len(left) == 1:
            return left.pop()
        if left:
            return None  # ambiguous: several variants explain every value
    return None


def _consistent(world: list[tuple[float, float, list[dict[Named, float]]]], t: int, tolerance: Tolerance) -> set[Named]:
    """The variants of tier ``t`` whose predictions are every case's returned value in one reading."""
    universe = {named for _, _, values in world if t < len(values) for named in values[t]}
    left = set(universe)
    for got, expected, values in world:
        tier = values[t] if t < len(values) else {}
        passed = matches(got, expected, tolerance)
        matched = {named for named, value in tier.items()
                   if matches(got, value, tolerance) and (passed or not matches(expected, value, tolerance))}
        if passed:  # a variant that does not apply here predicts the expected value
            matched |= universe - set(tier)
        left &= matched
    return left


def apply(oracle_name: str, named: Named | None, case: Case, parts: dict[str, Any],
          findings: list[Finding]) -> list[Finding]:
    """One case's findings with the function's diagnosis (or, without one, what the oracle's facts say)."""
    oracle = _oracle(oracle_name)
    key = oracle.key
    if not any(f.path == key and f.kind == "values" for f in findings):
        return findings
    rest = [f for f in findings if f.path != key]
    if named is not None:
        names, subject = named
        return rest + [diagnosed(name, key, subject=subject) for name in names]
    got = scalar(parts, key)
    fact = oracle.facts(got, float(case.expected)) if got is not None else None
    return rest + [diagnosed(fact, key)] if fact else findings


def is_scalar(oracle_name: str | None) -> bool:
    from grader import exercises

    return oracle_name is not None and oracle_name in exercises.registry().scalar_oracles


def _oracle(name: str) -> ScalarOracle:
    from grader import exercises

    return exercises.registry().scalar_oracles[name]
