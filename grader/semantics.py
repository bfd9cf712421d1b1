"""Checks of meaning for functions that draw random numbers, run in the grader process.

Exact agreement with the seeded reference is the fast path. A function whose values differ
only where they depend on the random stream (another generator, another draw order) is judged
on what its values mean instead: every case is checked for what must hold whatever the stream
(zero biases, 0/1 masks, activations that follow from the function's own masks), and the
spec's large-input cases for the statistics of the draws, with the tests of
:mod:`grader.stats` (each with a false-fail probability of at most 1e-8).

A checker returns findings of kind ``diagnosed`` (empty: semantically right); it never looks at
the reference's random values, only at the inputs of the case and at what the student returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding
from grader.spec import Tolerance

CONSISTENCY = Tolerance(rtol=1e-6, atol=1e-9)


@dataclass(frozen=True)
class Checker:
    """What may differ from the reference (``random_keys``: the draws and what follows from them), which of
    those are the draws themselves (``drawn``), how to check a case, and the pass note."""

    name: str
    random_keys: Callable[[str], bool]
    check: Callable[[Case, dict[str, Any]], list[Finding]]
    note: str
    drawn: Callable[[str], bool] = lambda key: True
    # The numbers whose distribution characterises the draws, for the mutation tool's independent test
    # (python -m grader.mutants); None: the random parts themselves. A permutation's values have the same
    # distribution whatever the order, its displacements do not.
    draws: Callable[[Case, dict[str, Any]], dict[str, np.ndarray]] | None = None


def array_of(value: Any, shape: tuple[int, ...]) -> np.ndarray | None:
    """``value`` as a float array when it is a finite numeric array of ``shape`` (else None: compare reports it)."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf" or value.shape != shape:
        return None
    array = value.astype(float)
    return array if np.all(np.isfinite(array)) else None


NOTE_STREAM = ("your values differ from the course's seeded ones ({seeded}), as they do when the numbers come "
               "from another generator or in another order; accepted because ")


def checker(name: str) -> Checker:
    from grader import exercises

    return exercises.checker(name)


def eligible(findings: list[Finding], checker: Checker) -> bool:
    """Whether exact findings are only differences of values where the random stream shows, and the draws
    themselves differ (same draws as the seeded reference: what follows from them must be the same too)."""
    return (bool(findings) and all(f.kind == "values" and checker.random_keys(f.path) for f in findings)
            and any(checker.drawn(f.path) for f in findings))
