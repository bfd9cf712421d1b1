"""How the Initialization exercise's random functions are judged by meaning (grader/semantics.py explains when).

Weights: mean 0, the exercise's scale, normal, and the layers independent of each other; the
biases zero. Every statistical test is one of grader.stats, with its false-fail bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from grader import stats
from grader.cases import Case
from grader.compare import Finding, diagnosed
from grader.diagnoses import Diagnosis
from grader.semantics import NOTE_STREAM, Checker, array_of


def _weights_check(sigma: Callable[[list[int], int], float],
                   alternatives: Callable[[list[int], int], list[tuple[str, float]]]) -> Callable:
    def check(case: Case, parts: dict[str, Any]) -> list[Finding]:
        dims = [int(n) for n in case.args[0]]
        findings: list[Finding] = []
        weights: dict[int, np.ndarray] = {}
        for l in range(1, len(dims)):
            b = array_of(parts.get(f"b{l}"), (dims[l], 1))
            if b is not None and np.any(b != 0):
                findings.append(diagnosed("bias_nonzero", f"b{l}"))
            W = array_of(parts.get(f"W{l}"), (dims[l], dims[l - 1]))
            if case.semantic and W is not None:
                problem = _normal_weights(W, sigma(dims, l), alternatives(dims, l), f"W{l}")
                if problem is not None:
                    findings.append(problem)
                weights[l] = W
        if case.semantic and not findings:
            findings.extend(_dependent_layers(weights))
        return findings
    return check


def _dependent_layers(weights: dict[int, np.ndarray]) -> list[Finding]:
    """Each pair of weight matrices drawn independently (a generator reseeded per layer repeats its draws)."""
    for k in sorted(weights):
        for l in sorted(weights):
            if l < k:
                outcome = stats.normal_independent(weights[k], weights[l])
                if not outcome.passed:
                    return [diagnosed("draws_repeated", f"W{k}", subject=f"W{l}", got=outcome.statistic)]
    return []


def _normal_weights(W: np.ndarray, sigma: float, alternatives: list[tuple[str, float]], path: str) -> Finding | None:
    """Mean 0, standard deviation ``sigma``, normal: the first test that fails, diagnosed."""
    mean = stats.normal_mean(W, sigma)
    scale = stats.normal_scale(W, sigma)
    if not scale.passed:
        for diagnosis, other in alternatives:
            if other > 0 and stats.normal_scale(W, other).passed:
                return diagnosed(diagnosis, path, got=scale.statistic, expected=sigma)
        # Which one is wrong, the centre or the spread: the mean against the spread the weights have.
        if scale.statistic > 0 and not stats.normal_mean(W, scale.statistic).passed:
            return diagnosed("weights_mean", path, got=mean.statistic, expected=0.0)
        return diagnosed("weights_std", path, got=scale.statistic, expected=sigma)
    if not mean.passed:
        return diagnosed("weights_mean", path, got=mean.statistic, expected=0.0)
    if not stats.normal_shape(W, sigma).passed:
        return diagnosed("weights_not_normal", path)
    return None


def _he_alternatives(dims: list[int], l: int) -> list[tuple[str, float]]:
    return [("he_layer_size", math.sqrt(2 / dims[l])), ("he_xavier", math.sqrt(1 / dims[l - 1])),
            ("he_no_sqrt", 2 / dims[l - 1]), ("weights_unscaled", 1.0)]


def _random_alternatives(dims: list[int], l: int) -> list[tuple[str, float]]:
    return [("weights_unscaled", 1.0)]


RANDOM = Checker(
    "random_init", lambda key: key.startswith("W"),
    _weights_check(lambda dims, l: 10.0, _random_alternatives),
    NOTE_STREAM.format(seeded="np.random.seed(3), then np.random.randn layer by layer")
    + "on a large network every W_l is normal with mean 0 and standard deviation 10, and every b_l is zero")

HE = Checker(
    "he_init", lambda key: key.startswith("W"),
    _weights_check(lambda dims, l: math.sqrt(2 / dims[l - 1]), _he_alternatives),
    NOTE_STREAM.format(seeded="np.random.seed(3), then np.random.randn layer by layer")
    + "on a large network every W_l is normal with mean 0 and standard deviation sqrt(2 / n_{l-1}), "
      "and every b_l is zero")

CHECKERS: dict[str, Checker] = {checker.name: checker for checker in (RANDOM, HE)}


# ---------------------------------------------------------------- words (grader.diagnoses)
STREAM = "Draw the weights with a standard normal generator (np.random.randn, or a Generator's standard_normal)."
HE_SCALE = "He initialisation scales the standard normal draws of W_l by sqrt(2 / layers_dims[l-1])."

DIAGNOSES: dict[str, Diagnosis] = {
    "bias_nonzero": Diagnosis("{path}: the biases are not all zero",
                              hint="Initialise every b_l with zeros of shape (layers_dims[l], 1); only the weights "
                                   "are random."),
    "weights_mean": Diagnosis("{path}: the weights have mean {got:.2g}, not 0", "{path}: the weights are not centred "
                              "at 0", "Draw from a normal distribution centred at 0 (randn), not a uniform one on "
                              "[0, 1)."),
    "weights_std": Diagnosis("{path}: the weights have standard deviation {got:.2g}, expected {expected:.2g}",
                             "{path}: wrong scale of the weights"),
    "weights_unscaled": Diagnosis("{path}: the weights have standard deviation 1: the draws are not scaled"),
    "weights_not_normal": Diagnosis("{path}: the weights are not normally distributed", hint=STREAM),
    "draws_repeated": Diagnosis("{path}: its draws repeat those of {subject} (correlation {got:.2f} in drawing "
                                "order): the layers are not drawn independently",
                                "{path}: its draws repeat those of {subject}",
                                "Seed once, before the loop, and draw every W_l from the same generator in turn: "
                                "reseeding inside the loop starts every layer from the same numbers."),
    "he_layer_size": Diagnosis("{path}: the scale uses the layer's own size n_l; He initialisation uses n_{{l-1}}, "
                               "the size of the previous layer", hint=HE_SCALE),
    "he_xavier": Diagnosis("{path}: the scale is sqrt(1 / n_{{l-1}}) (Xavier initialisation), not sqrt(2 / n_{{l-1}})",
                           hint=HE_SCALE),
    "he_no_sqrt": Diagnosis("{path}: the scale is 2 / n_{{l-1}}, without the square root", hint=HE_SCALE),
}
