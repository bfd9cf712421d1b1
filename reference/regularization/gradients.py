"""The Regularization exercise's gradient oracle (offered to the engine by judging.ARRAY_ORACLES).

For the backward passes the reference gives the expected gradients; the oracle adds central
differences of the reference cost (cross-entropy plus the L2 term; the dropout cost with the
cache's masks fixed), which confirm the expected dW/db whenever the case's cache is a forward
pass, and a characterisation of each wrong gradient: a missing, doubled, halved, subtracted or
un-averaged L2 term, a regularized bias, a missing dropout mask or 1/keep_prob scale, a missing
1/m, and otherwise its disagreement with the numerical gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding, close, diagnosed
from grader.reference import regularization as reference
from grader.spec import FunctionSpec, Tolerance

PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")
GRADIENTS = tuple("d" + name for name in PARAMETERS)
L2_CACHE = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
EPSILON = 1e-6
CONFIRM = Tolerance(rtol=1e-4, atol=1e-7)

def _unpack(case: Case, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], float]:
    X, Y, cache, constant = case.args[:4]
    return (np.asarray(X, dtype=float), np.asarray(Y, dtype=float),
            {name: np.asarray(value, dtype=float) for name, value in zip(names, cache, strict=True)}, float(constant))


def _forward(X: np.ndarray, parameters: dict[str, np.ndarray], masks: dict[str, np.ndarray] | None,
             keep_prob: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A1, A2, Z3 of the three-layer network (with the given fixed dropout masks)."""
    A1 = np.maximum(0.0, parameters["W1"] @ X + parameters["b1"])
    if masks is not None:
        A1 = A1 * masks["D1"] / keep_prob
    A2 = np.maximum(0.0, parameters["W2"] @ A1 + parameters["b2"])
    if masks is not None:
        A2 = A2 * masks["D2"] / keep_prob
    return A1, A2, parameters["W3"] @ A2 + parameters["b3"]


def _cost(Z3: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy of sigmoid(Z3), computed as softplus so that a saturated output keeps its precision."""
    return float(np.sum(Y * np.logaddexp(0.0, -Z3) + (1 - Y) * np.logaddexp(0.0, Z3)) / Y.shape[1])


def numerical_gradients(oracle: str, case: Case) -> dict[str, np.ndarray] | None:
    """dW1 … db3 by central differences of the reference cost; None when the cache is not a forward pass."""
    dropout = oracle == "dropout_backward"
    X, Y, cache, constant = _unpack(case, DROPOUT_CACHE if dropout else L2_CACHE)
    parameters = {name: cache[name].copy() for name in PARAMETERS}
    masks = {"D1": cache["D1"], "D2": cache["D2"]} if dropout else None
    keep_prob, lambd = (constant, 0.0) if dropout else (1.0, constant)
    A1, A2, Z3 = _forward(X, parameters, masks, keep_prob)
    with np.errstate(over="ignore"):
        A3 = 1.0 / (1.0 + np.exp(-Z3))
    if not all(close(cache[k], v, CONFIRM) for k, v in (("A1", A1), ("A2", A2), ("A3", A3))):
        return None
    m = X.shape[1]

    def cost() -> float:
        penalty = sum(float(np.sum(parameters[w] ** 2)) for w in ("W1", "W2", "W3"))
        return _cost(_forward(X, parameters, masks, keep_prob)[2], Y) + lambd / (2 * m) * penalty

    gradients = {}
    for name in PARAMETERS:
        values = parameters[name]
        gradient = np.zeros_like(values)
        for index in np.ndindex(values.shape):
            saved = values[index]
            values[index] = saved + EPSILON
            plus = cost()
            values[index] = saved - EPSILON
            minus = cost()
            values[index] = saved
            gradient[index] = (plus - minus) / (2 * EPSILON)
        gradients["d" + name] = gradient
    return gradients


def _float(value: Any) -> np.ndarray | None:
    return np.asarray(value, dtype=float) if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" else None


def _by_factor(finding: Finding, m: int, keep_prob: float | None) -> Finding | None:
    """Named constant factors: 1/m missing or doubled, 1/keep_prob missing, squared or doubled."""
    factor = finding.factor
    if factor is None or finding.kind != "values":
        return None
    named: list[tuple[str, float]] = []
    if m > 1:
        named += [("gradient_no_mean", m), ("gradient_mean_twice", 1 / m)]
    if keep_prob is not None and keep_prob != 1:
        named += [("grad_not_scaled", keep_prob), ("grad_scale_squared", keep_prob**2),
                  ("grad_scaled_twice", 1 / keep_prob)]
    for diagnosis, value in named:
        if np.isclose(factor, value, rtol=1e-6):
            return diagnosed(diagnosis, finding.path)
    return None


def _numerically(finding: Finding, got: np.ndarray | None, numeric: dict[str, np.ndarray] | None,
                 expected: np.ndarray) -> Finding:
    """An unexplained wrong gradient: its disagreement with the numerical gradient, when that confirms the reference."""
    if numeric is None or got is None or finding.path not in numeric or finding.transposed or finding.factor:
        return finding
    truth = numeric[finding.path]
    if got.shape != truth.shape or not close(expected, truth, CONFIRM):
        return finding
    error = float(np.linalg.norm(got - truth) / max(np.linalg.norm(truth), 1e-12))
    return diagnosed("gradient_wrong", finding.path, error=error)


def _l2_backward(case: Case, parts: dict[str, Any], findings: list[Finding], function: FunctionSpec) -> list[Finding]:
    X, Y, cache, lambd = _unpack(case, L2_CACHE)
    m = X.shape[1]
    expected = case.expected
    plain = reference.backward_propagation_with_regularization(*case.args[:3], 0.0)
    numeric = numerical_gradients("l2_backward", case) if any(f.path in GRADIENTS for f in findings) else None
    tolerance = function.tolerance
    result = []
    for finding in findings:
        got = _float(parts.get(finding.path))
        if finding.kind != "values" or finding.path not in GRADIENTS or got is None:
            result.append(finding)
            continue
        name = finding.path[1:]
        term = lambd / m * cache[name]
        base = np.asarray(plain[finding.path], dtype=float)
        if name.startswith("W"):
            candidates = [("l2_missing", 1, 0), ("l2_doubled", 1, 2), ("l2_half", 1, 0.5), ("l2_subtracted", 1, -1),
                          ("l2_without_m", 1, m), ("gradient_no_mean", m, 1)]
        else:
            candidates = [("bias_regularized", 1, 1), ("bias_regularized", 1, 2), ("bias_regularized", 1, m)]
        wanted = np.asarray(expected[finding.path], dtype=float)
        match = None
        for diagnosis, a, b in candidates if lambd != 0 else []:
            variant = a * base + b * term
            if close(got, variant, tolerance) and not close(variant, wanted, tolerance):
                match = diagnosis
                break
        if match is not None:
            result.append(diagnosed(match, finding.path, subject=name))
            continue
        result.append(_by_factor(finding, m, None) or _numerically(finding, got, numeric, wanted))
    return result


def _dropout_backward(case: Case, parts: dict[str, Any], findings: list[Finding],
                      function: FunctionSpec) -> list[Finding]:
    X, Y, cache, keep_prob = _unpack(case, DROPOUT_CACHE)
    m = X.shape[1]
    numeric = numerical_gradients("dropout_backward", case) if any(f.path in GRADIENTS for f in findings) else None
    result = []
    for finding in findings:
        got = _float(parts.get(finding.path))
        if finding.kind != "values" or got is None:
            result.append(finding)
            continue
        if finding.path in ("dA1", "dA2"):
            mask_name = "D" + finding.path[-1]
            unmasked = list(case.args[2])
            unmasked[DROPOUT_CACHE.index(mask_name)] = np.ones_like(cache[mask_name])
            full = np.asarray(reference.backward_propagation_with_dropout(
                case.args[0], case.args[1], tuple(unmasked), keep_prob)[finding.path], dtype=float)
            dropped = (cache[mask_name] == 0) & (np.abs(full) > 1e-12)
            if got.shape == full.shape and np.any(np.abs(got[dropped]) > 1e-9 * max(1.0, float(np.max(np.abs(full))))):
                result.append(diagnosed("grad_mask_missing", finding.path, subject=mask_name))
                continue
        expected = np.asarray(case.expected[finding.path], dtype=float)
        result.append(_by_factor(finding, m, keep_prob) or _numerically(finding, got, numeric, expected))
    return result


BACKWARD_ORDER = ("dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1")




def _in_backward_order(findings: list[Finding]) -> list[Finding]:
    """Gradients in backward order, so that the first one named is where the error starts."""
    return sorted(findings, key=lambda f: BACKWARD_ORDER.index(f.path) if f.path in BACKWARD_ORDER else -1)


ARRAY_ORACLES = {
    "l2_backward": lambda *a: _in_backward_order(_l2_backward(*a)),
    "dropout_backward": lambda *a: _in_backward_order(_dropout_backward(*a)),
}
