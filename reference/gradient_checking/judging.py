"""How the Gradient Checking exercise's checks are judged beyond exact agreement: which known formula a returned
difference comes from (grader/hypotheses.py explains the rule), and the facts a difference of 0 or 1 states."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.cases import Case
from grader.diagnoses import Diagnosis, Note
from grader.hypotheses import ScalarOracle, Tiers, Variant
from grader.reference import gradient_checking as gc

DEFAULT_EPSILON = 1e-7
ZERO = 1e-8  # a difference this small is rounding noise: grad and gradapprox agree

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


def _facts(got: float, expected: float) -> str | None:
    """What an unexplained difference says by itself."""
    if abs(got - 1) <= 1e-9 and abs(expected - 1) > 1e-6:
        return "gc_difference_one"
    if abs(got) <= ZERO and expected > 1e3 * ZERO:
        return "gc_difference_zero"
    return None


SCALAR_ORACLES = {
    "gradient_check": ScalarOracle("difference", _gradient_check, _facts),
    "gradient_check_n": ScalarOracle("difference", _gradient_check_n, _facts),
}


# ---------------------------------------------------------------- words (grader.diagnoses)
TWO_SIDED = "gradapprox is the two-sided difference (J(theta + epsilon) - J(theta - epsilon)) / (2 epsilon)."
RELATIVE = ("difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||): the norm of the difference over the sum "
            "of the norms.")
FRESH = "For parameter i, start theta_plus and theta_minus from fresh copies of the parameters and move only entry i."

DIAGNOSES: dict[str, Diagnosis] = {
    "gc_no_two": Diagnosis("{path}: gradapprox is not divided by 2·epsilon", hint=TWO_SIDED),
    "gc_one_sided": Diagnosis("{path}: gradapprox is the one-sided difference (J(theta + epsilon) - J(theta)) / "
                              "epsilon", hint=TWO_SIDED),
    "gc_minus_at_theta": Diagnosis("{path}: J_minus is computed at theta instead of theta - epsilon",
                                   hint="J_minus is the cost at theta - epsilon, moved down from the original "
                                        "parameters, not from theta_plus."),
    "gc_sign": Diagnosis("{path}: the value of a sign error: grad and gradapprox are compared with opposite signs "
                         "(J_minus - J_plus in gradapprox, or a sign flipped in grad or in the numerator)",
                         hint=TWO_SIDED),
    "gc_default_epsilon": Diagnosis("{path}: the epsilon argument is ignored (1e-7 is used instead)",
                                    hint="Use the epsilon passed to the function for both perturbations."),
    "gc_all_at_once": Diagnosis("{path}: every parameter is moved at once instead of one at a time", hint=FRESH),
    "gc_not_reset": Diagnosis("{path}: the perturbations add up from one parameter to the next", hint=FRESH),
    "gc_minus_at_plus": Diagnosis("{path}: 1 on every case, which is what a gradapprox of 0 gives (J_minus equal to "
                                  "J_plus, as when both are costs at theta + epsilon)",
                                  hint="J_minus is the cost at theta - epsilon, and gradapprox[i] holds the "
                                       "difference of the two costs."),
    "gc_plus_not_copied": Diagnosis("{path}: theta_plus is not a copy: each +epsilon stays in the parameters for the "
                                    "entries after it", hint=FRESH),
    "gc_minus_not_copied": Diagnosis("{path}: theta_minus is not a copy: each -epsilon stays in the parameters for "
                                     "the entries after it", hint=FRESH),
    "gc_wrong_default": Diagnosis("{path}: with epsilon left to its default the result is that of epsilon = "
                                  "{subject}: the default must be 1e-7",
                                  hint="Keep the signature's default epsilon=1e-7."),
    "gc_grad_not_from_backward": Diagnosis("{path}: grad is x, the exercise's derivative, whatever "
                                           "backward_propagation returns: the check does not consult "
                                           "backward_propagation",
                                           hint="Take grad from backward_propagation(x, theta): the check exists to "
                                                "test that function."),
    "gc_backward_arguments_swapped": Diagnosis("{path}: grad is backward_propagation(theta, x), with the arguments "
                                               "swapped", hint="Call backward_propagation(x, theta)."),
    "gc_always_zero": Diagnosis("{path}: 0 on every case, also where the gradients are wrong"),
    "gc_difference_zero": Diagnosis("{path}: 0 (to rounding error), as if grad equalled gradapprox, but the gradients "
                                    "in this case are wrong", hint="Compare grad (from the backward pass) with "
                                    "gradapprox (from the costs): difference = ||grad - gradapprox|| / (||grad|| + "
                                    "||gradapprox||)."),
    "gc_difference_one": Diagnosis("{path}: exactly 1, which happens only when grad and gradapprox have opposite "
                                   "signs or one of them is 0",
                                   hint="Check the signs: J_plus is the cost at theta + epsilon, J_minus at theta - "
                                        "epsilon, and grad comes from backward_propagation."),
    "gc_denominator_norm_of_sum": Diagnosis("{path}: the denominator is ||grad + gradapprox||, not ||grad|| + "
                                            "||gradapprox|| (they differ when the signs differ)", hint=RELATIVE),
    "gc_no_denominator": Diagnosis("{path}: ||grad - gradapprox|| is not divided by ||grad|| + ||gradapprox||",
                                   hint=RELATIVE),
    "gc_denominator_grad": Diagnosis("{path}: the denominator is ||grad|| alone, not ||grad|| + ||gradapprox||",
                                     hint=RELATIVE),
    "gc_denominator_approx": Diagnosis("{path}: the denominator is ||gradapprox|| alone, not ||grad|| + "
                                       "||gradapprox||", hint=RELATIVE),
    "gc_signed": Diagnosis("{path}: the numerator is grad - gradapprox, not its norm", hint=RELATIVE),
    "gc_returns_approx": Diagnosis("{path}: gradapprox is returned instead of the relative difference",
                                   hint=RELATIVE),
    "gc_returns_grad": Diagnosis("{path}: grad is returned instead of the relative difference", hint=RELATIVE),
}

NOTES: dict[str, Note] = {
    "inline_cost": Note(
        "accepted: J computed from the exercise's cost theta * x, not through forward_propagation",
        "J is computed from the exercise's cost theta * x directly instead of calling forward_propagation; "
        "accepted, since gradient_check checks backward_propagation against that cost (the cases that replace "
        "forward_propagation are judged with theta * x, and every case with the exercise's forward pass passed)"),
}
