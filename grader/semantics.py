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

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader import stats
from grader.cases import Case
from grader.compare import Finding, close, diagnosed
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


def _array(value: Any, shape: tuple[int, ...]) -> np.ndarray | None:
    """``value`` as a float array when it is a finite numeric array of ``shape`` (else None: compare reports it)."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf" or value.shape != shape:
        return None
    array = value.astype(float)
    return array if np.all(np.isfinite(array)) else None


# ---------------------------------------------------------------- initialisation

def _weights_check(sigma: Callable[[list[int], int], float],
                   alternatives: Callable[[list[int], int], list[tuple[str, float]]]) -> Callable:
    def check(case: Case, parts: dict[str, Any]) -> list[Finding]:
        dims = [int(n) for n in case.args[0]]
        findings: list[Finding] = []
        weights: dict[int, np.ndarray] = {}
        for l in range(1, len(dims)):
            b = _array(parts.get(f"b{l}"), (dims[l], 1))
            if b is not None and np.any(b != 0):
                findings.append(diagnosed("bias_nonzero", f"b{l}"))
            W = _array(parts.get(f"W{l}"), (dims[l], dims[l - 1]))
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


NOTE_STREAM = ("your values differ from the course's seeded ones ({seeded}), as they do when the numbers come "
               "from another generator or in another order; accepted because ")

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


# ---------------------------------------------------------------- dropout

def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _hidden_layer(got: np.ndarray, activation: np.ndarray, mask: np.ndarray, keep_prob: float,
                  path: str, mask_name: str) -> Finding | None:
    """Whether ``got`` is activation·mask/keep_prob; if not, which part is missing."""
    if close(got, activation * mask / keep_prob, CONSISTENCY):
        return None
    variants = (("dropout_not_scaled", activation * mask), ("dropout_scaled_wrong_way", activation * mask * keep_prob),
                ("dropout_mask_not_applied", activation / keep_prob), ("dropout_not_applied", activation))
    for diagnosis, variant in variants:
        if close(got, variant, CONSISTENCY):
            return diagnosed(diagnosis, path, subject=mask_name)
    return diagnosed("dropout_inconsistent", path, subject=mask_name)


def _mask_statistics(mask: np.ndarray, keep_prob: float, name: str) -> Finding | None:
    count = stats.bernoulli_count(mask, keep_prob)
    if not count.passed:
        return diagnosed("kept_fraction", name, got=count.statistic, expected=keep_prob)
    if mask.ndim != 2:
        return None
    if not stats.bernoulli_margins(mask, keep_prob).passed:
        return diagnosed("mask_pattern", name)
    for axis, neighbours in ((1, "examples"), (0, "units")):
        if not stats.bernoulli_pairs(mask, keep_prob, axis).passed:
            return diagnosed("mask_not_random", name, subject=neighbours)
    return None


def _dropout_forward(case: Case, parts: dict[str, Any]) -> list[Finding]:
    X, parameters = case.args[0], case.args[1]
    keep_prob = float(case.args[2]) if len(case.args) > 2 else 0.5
    W1, b1, W2, b2, W3, b3 = (np.asarray(parameters[k], dtype=float) for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    m = X.shape[1]
    shapes = {"D1": (W1.shape[0], m), "A1": (W1.shape[0], m), "D2": (W2.shape[0], m), "A2": (W2.shape[0], m),
              "A3": (W3.shape[0], m)}
    got = {key: _array(parts.get(key), shape) for key, shape in shapes.items()}
    findings: list[Finding] = []
    for name in ("D1", "D2"):
        mask = got[name]
        if mask is not None and not np.all((mask == 0) | (mask == 1)):
            findings.append(diagnosed("mask_not_binary", name))
            got[name] = None
    if case.semantic:
        for name in ("D1", "D2"):
            mask = got[name]
            problem = _mask_statistics(mask, keep_prob, name) if mask is not None else None
            if problem is not None:
                findings.append(problem)
        if not findings and got["D1"] is not None and got["D2"] is not None:
            outcome = stats.bernoulli_independent(got["D2"], got["D1"], keep_prob)
            if not outcome.passed:
                findings.append(diagnosed("masks_dependent", "D2", subject="D1", got=outcome.statistic,
                                          expected=keep_prob))
    D1, A1, D2, A2, A3 = (got[k] for k in ("D1", "A1", "D2", "A2", "A3"))
    if D1 is not None and A1 is not None:
        problem = _hidden_layer(A1, _relu(W1 @ X + b1), D1, keep_prob, "A1", "D1")
        findings.extend([problem] if problem else [])
    if A1 is not None and D2 is not None and A2 is not None:
        problem = _hidden_layer(A2, _relu(W2 @ A1 + b2), D2, keep_prob, "A2", "D2")
        findings.extend([problem] if problem else [])
    if A2 is not None and A3 is not None:
        output = _sigmoid(W3 @ A2 + b3)
        if not close(A3, output, CONSISTENCY):
            dropped = np.any((A3 == 0) & (output > 0)) or np.any(A3 > 1)
            findings.append(diagnosed("output_dropped" if dropped else "output_inconsistent", "A3"))
    return findings


DROPOUT_FORWARD = Checker(
    "dropout_forward", lambda key: key in ("A3", "D1", "A1", "D2", "A2"), _dropout_forward,
    NOTE_STREAM.format(seeded="np.random.seed(1), then np.random.rand for D1 and D2")
    + "your masks are 0/1, keep a fraction keep_prob of the units independently for every unit and example "
      "(and of each other), "
      "and A1, A2, A3 follow from them (relu(Z)·D / keep_prob on the hidden layers, no dropout on the output)",
    drawn=lambda key: key in ("D1", "D2"))

CHECKERS: dict[str, Checker] = {checker.name: checker for checker in (RANDOM, HE, DROPOUT_FORWARD)}


def checker(name: str) -> Checker:
    try:
        return CHECKERS[name]
    except KeyError:
        raise KeyError(f"no semantic check {name!r} (known: {', '.join(sorted(CHECKERS))})") from None


def eligible(findings: list[Finding], checker: Checker) -> bool:
    """Whether exact findings are only differences of values where the random stream shows, and the draws
    themselves differ (same draws as the seeded reference: what follows from them must be the same too)."""
    return (bool(findings) and all(f.kind == "values" and checker.random_keys(f.path) for f in findings)
            and any(checker.drawn(f.path) for f in findings))
