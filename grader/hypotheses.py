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
from grader.reference import gradient_checking as gc
from grader.reference import regularization as reg
from grader.spec import FunctionSpec, Tolerance

DEFAULT_EPSILON = 1e-7
ZERO = 1e-8  # a difference this small is rounding noise: grad and gradapprox agree

Variant = tuple[tuple[str, ...], Callable[[], Any], str]  # diagnoses, value, subject of the diagnoses
Tiers = list[list[Variant]]
Named = tuple[tuple[str, ...], str]  # the diagnoses of a variant and their subject


@dataclass(frozen=True)
class ScalarOracle:
    key: str  # the returned value explained
    tiers: Callable[[Case, str | None], Tiers]  # the variants of one case, with one of its substitutes


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
    oracle = SCALAR_ORACLES[oracle_name]
    tolerance = function.tolerance
    rows = []
    for case, parts in observed:
        got = _scalar(parts, oracle.key)
        if got is None:
            continue
        substitutes = [case.substitute, *(a.substitute for a in case.alternatives)]
        rows.append((got, float(case.expected), [_evaluate(oracle.tiers(case, s)) for s in substitutes]))
    if all(_matches(got, expected, tolerance) for got, expected, _ in rows):
        return None
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
        passed = _matches(got, expected, tolerance)
        matched = {named for named, value in tier.items()
                   if _matches(got, value, tolerance) and (passed or not _matches(expected, value, tolerance))}
        if passed:  # a variant that does not apply here predicts the expected value
            matched |= universe - set(tier)
        left &= matched
    return left


def apply(oracle_name: str, named: Named | None, case: Case, parts: dict[str, Any],
          findings: list[Finding]) -> list[Finding]:
    """One case's findings with the function's diagnosis (or the facts a difference of 1 states)."""
    key = SCALAR_ORACLES[oracle_name].key
    if not any(f.path == key and f.kind == "values" for f in findings):
        return findings
    rest = [f for f in findings if f.path != key]
    if named is not None:
        names, subject = named
        return rest + [diagnosed(name, key, subject=subject) for name in names]
    got, expected = _scalar(parts, key), float(case.expected)
    if key == "difference" and got is not None and abs(got - 1) <= 1e-9 and abs(expected - 1) > 1e-6:
        return rest + [diagnosed("gc_difference_one", key)]
    if key == "difference" and got is not None and abs(got) <= ZERO and expected > 1e3 * ZERO:
        return rest + [diagnosed("gc_difference_zero", key)]
    return findings


# ---------------------------------------------------------------- compute_cost_with_regularization

def _l2_cost(case: Case, substitute: str | None) -> Tiers:
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
        (("cost_times_m",), lambda: ce + lambd / 2 * m * squares, ""),
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
    return [variants]


# ---------------------------------------------------------------- gradient checks

DIFFERENCES = ("right", "gc_no_denominator", "gc_denominator_grad", "gc_denominator_approx",
               "gc_denominator_norm_of_sum")
WRONG_DEFAULTS = (1e-2, 1e-3, 1e-4, 1e-5, 1e-6)


def _approximations(J: Callable[[float], float], theta: float, epsilon: float) -> dict[str, Callable[[], Any]]:
    return {
        "right": lambda: (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon),
        "gc_no_two": lambda: (J(theta + epsilon) - J(theta - epsilon)) / epsilon,
        "gc_one_sided": lambda: (J(theta + epsilon) - J(theta)) / epsilon,
        "gc_minus_at_theta": lambda: (J(theta + epsilon) - J(theta)) / (2 * epsilon),
        "gc_sign": lambda: (J(theta - epsilon) - J(theta + epsilon)) / (2 * epsilon),
        "gc_minus_at_plus": lambda: 0.0 * J(theta + epsilon),
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
    if kind == "gc_denominator_norm_of_sum":
        return numerator / float(np.linalg.norm(grad + approx))
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


def _wrong_defaults(approximations: Callable[[float], Callable[[], Any]], grad: np.ndarray) -> list[Variant]:
    """For a call that leaves epsilon to its default: the right formula with another default epsilon."""
    def value(e: float) -> float:
        return _difference("right", grad, np.asarray(approximations(e)(), dtype=float))

    return [(("gc_wrong_default",), lambda e=e: value(e), f"{e:g}") for e in WRONG_DEFAULTS]


def _gradient_check(case: Case, substitute: str | None) -> Tiers:
    x, theta = float(case.args[0]), float(case.args[1])
    default = len(case.args) <= 2
    epsilon = DEFAULT_EPSILON if default else float(case.args[2])
    scope: dict[str, Any] = {"np": np}
    exec(compile(substitute or gc.LINEAR, "<substitute>", "exec"), scope)  # trusted: reference
    forward, backward = scope["forward_propagation"], scope["backward_propagation"]
    grad = np.asarray(backward(x, theta), dtype=float)

    def J(t: float) -> float:
        return float(forward(x, t))

    approximations = _approximations(J, theta, epsilon)

    def right(g: Any) -> float:
        return _difference("right", np.asarray(g, dtype=float), np.asarray(approximations["right"](), dtype=float))

    def signed() -> float:
        approx = float(approximations["right"]())
        return float((grad - approx) / (np.linalg.norm(grad) + abs(approx)))

    extra: list[Variant] = [(("gc_always_zero",), lambda: 0.0, ""),  # never named alone: see diagnoses.py
                            (("gc_signed",), signed, ""),
                            (("gc_returns_approx",), lambda: float(approximations["right"]()), ""),
                            (("gc_returns_grad",), lambda: float(grad), ""),
                            (("gc_grad_not_from_backward",), lambda: right(x), ""),
                            (("gc_backward_arguments_swapped",), lambda: right(backward(theta, x)), "")]
    if default:
        extra += _wrong_defaults(lambda e: _approximations(J, theta, e)["right"], grad)
    return _gradient_check_variants(grad, approximations, epsilon, extra)


def _gradient_check_n(case: Case, substitute: str | None) -> Tiers:
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

    def drifting(direction: float, minus_at_base: bool) -> np.ndarray:
        """theta_plus or theta_minus not a copy: the parameters drift by epsilon per entry already visited."""
        values, base = np.zeros((n, 1)), theta.copy()
        for i in range(n):
            plus, minus = base.copy(), base.copy()
            plus[i] += e
            minus[i] -= e
            values[i] = (J(plus) - (J(base) if minus_at_base else J(minus))) / (2 * e)
            base[i] += direction * e
        return values

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
        "gc_minus_at_plus": lambda: np.zeros((n, 1)),
        "gc_plus_not_copied": lambda: drifting(+1.0, True),
        "gc_minus_not_copied": lambda: drifting(-1.0, False),
    }
    extra: list[Variant] = []
    if len(case.args) <= 4:
        extra = _wrong_defaults(lambda step: lambda: (each(step) - each(-step)) / (2 * step), grad)
    return _gradient_check_variants(grad, approximations, epsilon, extra)


SCALAR_ORACLES: dict[str, ScalarOracle] = {
    "l2_cost": ScalarOracle("cost", _l2_cost),
    "gradient_check": ScalarOracle("difference", _gradient_check),
    "gradient_check_n": ScalarOracle("difference", _gradient_check_n),
}
