"""Oracles for functions that return one number: which known formula the student computed.

The regularized cost and the two gradient checks return a scalar, so a wrong value cannot be
located; instead the grader evaluates, from the case's inputs, the value of each well-defined
variant of the formula (the L2 term without its 1/2, a one-sided difference, no denominator, …)
and names the variant the returned value equals. A variant that gives the expected value on a
case cannot explain a failure there and is skipped. Everything runs in the grader process with
the reference helpers (and the case's trusted substitutes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding, diagnosed
from grader.reference import gradient_checking as gc
from grader.reference import regularization as reg
from grader.spec import FunctionSpec, Tolerance

DEFAULT_EPSILON = 1e-7


def _matches(got: float, value: float, tolerance: Tolerance) -> bool:
    if not np.isfinite(value):
        return False
    return abs(got - value) <= tolerance.atol * max(1.0, abs(value)) + tolerance.rtol * abs(value)


def _scalar(parts: dict[str, Any], key: str) -> float | None:
    value = parts.get(key)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(array.reshape(())) if array.size == 1 else None


Variant = tuple[tuple[str, ...], Callable[[], Any], str]  # diagnoses, value, subject of the diagnoses


def _explain(findings: list[Finding], key: str, got: float | None, expected: float, tolerance: Tolerance,
             tiers: list[list[Variant]]) -> list[Finding]:
    """Replaces the finding on ``key`` by the diagnoses of the variant whose value is ``got``.

    Tiers are tried in order (single mistakes before combinations); within a tier, variants that
    give ``got`` with different diagnoses make the case ambiguous, and it stays unexplained.
    """
    if got is None or not any(f.path == key and f.kind == "values" for f in findings):
        return findings
    for tier in tiers:
        matching: dict[tuple[str, ...], str] = {}
        for names, value, subject in tier:
            try:
                with np.errstate(all="ignore"):
                    computed = float(value())
            except (ArithmeticError, ValueError, TypeError):
                continue
            if _matches(got, computed, tolerance) and not _matches(expected, computed, tolerance):
                matching.setdefault(names, subject)
        if len(matching) > 1:
            return findings
        if matching:
            (names, subject), = matching.items()
            return [f for f in findings if f.path != key] + [diagnosed(name, key, subject=subject) for name in names]
    return findings


# ---------------------------------------------------------------- compute_cost_with_regularization

def l2_cost(case: Case, parts: dict[str, Any], findings: list[Finding], function: FunctionSpec) -> list[Finding]:
    A3, Y, parameters, lambd = case.args[:4]
    m = np.asarray(Y).shape[1]
    ce = float(reg.compute_cost(A3, Y))
    weights = [np.asarray(parameters[f"W{l}"], dtype=float) for l in (1, 2, 3)]
    biases = [np.asarray(parameters[f"b{l}"], dtype=float) for l in (1, 2, 3)]
    squares = sum(float(np.sum(W**2)) for W in weights)
    k = lambd / (2 * m)

    def total(term: Callable[[np.ndarray], float], arrays: list[np.ndarray] = weights) -> float:
        return sum(term(array) for array in arrays)

    variants: list[Variant] = [
        (("cost_l2_missing",), lambda: ce, ""),
        (("cost_half_missing",), lambda: ce + 2 * k * squares, ""),
        (("cost_no_m",), lambda: ce + lambd / 2 * squares, ""),
        (("cost_not_squared",), lambda: ce + k * total(lambda W: float(np.sum(W))), ""),
        (("cost_abs",), lambda: ce + k * total(lambda W: float(np.sum(np.abs(W)))), ""),
        (("cost_norm_not_squared",), lambda: ce + k * total(lambda W: float(np.linalg.norm(W))), ""),
        (("cost_mean_squares",), lambda: ce + k * total(lambda W: float(np.mean(W**2))), ""),
        (("cost_biases_included",), lambda: ce + k * (squares + total(lambda b: float(np.sum(b**2)), biases)), ""),
        (("cost_l2_subtracted",), lambda: ce - k * squares, ""),
        (("cost_ce_missing",), lambda: k * squares, ""),
    ]
    for l, W in enumerate(weights, start=1):
        left = squares - float(np.sum(W**2))
        variants.append((("cost_layer_missing",), lambda left=left: ce + k * left, f"W{l}"))
    return _explain(findings, "cost", _scalar(parts, "cost"), float(case.expected), function.tolerance, [variants])


# ---------------------------------------------------------------- gradient checks

DIFFERENCES = ("right", "gc_no_denominator", "gc_denominator_grad", "gc_denominator_approx")


def _approximations(J: Callable[[float], float], theta: float, epsilon: float) -> dict[str, Callable[[], Any]]:
    return {
        "right": lambda: (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon),
        "gc_no_two": lambda: (J(theta + epsilon) - J(theta - epsilon)) / epsilon,
        "gc_one_sided": lambda: (J(theta + epsilon) - J(theta)) / epsilon,
        "gc_minus_at_theta": lambda: (J(theta + epsilon) - J(theta)) / (2 * epsilon),
        "gc_sign": lambda: (J(theta - epsilon) - J(theta + epsilon)) / (2 * epsilon),
        "gc_default_epsilon": lambda: (J(theta + DEFAULT_EPSILON) - J(theta - DEFAULT_EPSILON)) / (2 * DEFAULT_EPSILON),
    }


def _difference(kind: str, grad: np.ndarray, approx: np.ndarray) -> float:
    numerator = float(np.linalg.norm(grad - approx))
    if kind == "gc_no_denominator":
        return numerator
    if kind == "gc_denominator_grad":
        return numerator / float(np.linalg.norm(grad))
    if kind == "gc_denominator_approx":
        return numerator / float(np.linalg.norm(approx))
    return numerator / (float(np.linalg.norm(grad)) + float(np.linalg.norm(approx)))


def _gradient_check_variants(grad: np.ndarray, approximations: dict[str, Callable[[], Any]], epsilon: float,
                             extra: list[Variant]) -> list[list[Variant]]:
    """Two tiers: single mistakes (one approximation or one difference formula wrong, and ``extra``), then pairs."""
    cache: dict[str, np.ndarray] = {}

    def approx(kind: str) -> np.ndarray:
        if kind not in cache:
            cache[kind] = np.asarray(approximations[kind](), dtype=float)
        return cache[kind]

    kinds = [a for a in approximations
             if a != "right" and not (a == "gc_default_epsilon" and np.isclose(epsilon, DEFAULT_EPSILON))]
    singles = [(a, "right") for a in kinds] + [("right", d) for d in DIFFERENCES[1:]]
    pairs = [(a, d) for a in kinds for d in DIFFERENCES[1:]]

    def variant(a: str, d: str) -> Variant:
        return (tuple(n for n in (a, d) if n != "right"), lambda: _difference(d, grad, approx(a)), "")

    return [[variant(a, d) for a, d in singles] + extra, [variant(a, d) for a, d in pairs]]


def gradient_check(case: Case, parts: dict[str, Any], findings: list[Finding], function: FunctionSpec,
                   ) -> list[Finding]:
    x, theta = float(case.args[0]), float(case.args[1])
    epsilon = float(case.args[2]) if len(case.args) > 2 else DEFAULT_EPSILON
    scope: dict[str, Any] = {"np": np}
    exec(compile(case.substitute or gc_linear_source(), "<substitute>", "exec"), scope)  # trusted: reference
    forward, backward = scope["forward_propagation"], scope["backward_propagation"]
    grad = np.asarray(backward(x, theta), dtype=float)
    approximations = _approximations(lambda t: float(forward(x, t)), theta, epsilon)

    def signed() -> float:
        approx = float(approximations["right"]())
        return float((grad - approx) / (np.linalg.norm(grad) + abs(approx)))

    extra: list[Variant] = [(("gc_signed",), signed, ""),
                            (("gc_returns_approx",), lambda: float(approximations["right"]()), ""),
                            (("gc_returns_grad",), lambda: float(grad), "")]
    variants = _gradient_check_variants(grad, approximations, epsilon, extra)
    return _explain(findings, "difference", _scalar(parts, "difference"), float(case.expected), function.tolerance,
                    variants)


def gc_linear_source() -> str:
    return gc.LINEAR


def gradient_check_n(case: Case, parts: dict[str, Any], findings: list[Finding], function: FunctionSpec,
                     ) -> list[Finding]:
    parameters, gradients, X, Y = case.args[:4]
    epsilon = float(case.args[4]) if len(case.args) > 4 else DEFAULT_EPSILON
    theta, _ = gc.dictionary_to_vector(parameters)
    grad = gc.gradients_to_vector(gradients)
    n = theta.shape[0]

    def J(vector: np.ndarray) -> float:
        return float(gc.forward_propagation_n(X, Y, gc.vector_to_dictionary(vector))[0])

    def each(step: float, cumulative: bool = False) -> np.ndarray:
        values = np.zeros((n, 1))
        moved = np.zeros_like(theta)
        for i in range(n):
            moved = moved if cumulative else np.zeros_like(theta)
            moved[i] = step
            values[i] = J(theta + moved)
        return values

    J0 = J(theta)
    memo: dict[tuple[float, bool], np.ndarray] = {}

    def costs(step: float, cumulative: bool = False) -> np.ndarray:
        if (step, cumulative) not in memo:
            memo[(step, cumulative)] = each(step, cumulative)
        return memo[(step, cumulative)]

    e, d = epsilon, DEFAULT_EPSILON
    approximations: dict[str, Callable[[], Any]] = {
        "right": lambda: (costs(e) - costs(-e)) / (2 * e),
        "gc_no_two": lambda: (costs(e) - costs(-e)) / e,
        "gc_one_sided": lambda: (costs(e) - J0) / e,
        "gc_minus_at_theta": lambda: (costs(e) - J0) / (2 * e),
        "gc_sign": lambda: (costs(-e) - costs(e)) / (2 * e),
        "gc_default_epsilon": lambda: (costs(d) - costs(-d)) / (2 * d),
        "gc_all_at_once": lambda: np.full((n, 1), (J(theta + e) - J(theta - e)) / (2 * e)),
        "gc_not_reset": lambda: (costs(e, True) - costs(-e, True)) / (2 * e),
    }
    variants = _gradient_check_variants(grad, approximations, epsilon, [])
    return _explain(findings, "difference", _scalar(parts, "difference"), float(case.expected), function.tolerance,
                    variants)
