"""How the Regularization exercise is judged beyond exact agreement: the dropout forward pass by meaning, the
backward passes and the cost by oracles that name the mistake (grader/semantics.py, grader/oracle.py and
grader/hypotheses.py explain when)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader import stats
from grader.cases import Case
from grader.compare import Finding, close, diagnosed
from grader.diagnoses import Diagnosis
from grader.hypotheses import ScalarOracle, Tiers, Variant
from grader.semantics import CONSISTENCY, NOTE_STREAM, Checker, array_of


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
    got = {key: array_of(parts.get(key), shape) for key, shape in shapes.items()}
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

CHECKERS: dict[str, Checker] = {DROPOUT_FORWARD.name: DROPOUT_FORWARD}


from grader.reference import regularization as reference  # noqa: E402
from grader.reference.regularization.gradients import ARRAY_ORACLES  # noqa: E402,F401 - offered to the engine

# ---------------------------------------------------------------- the cost's oracle (grader/hypotheses.py)

def _l2_cost(case: Case, substitute: str | None) -> Tiers:
    A3, Y, parameters, lambd = case.args[:4]
    m = np.asarray(Y).shape[1]
    ce = float(reference.compute_cost(A3, Y))
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


SCALAR_ORACLES = {"l2_cost": ScalarOracle("cost", _l2_cost)}


# ---------------------------------------------------------------- words (grader.diagnoses)
KEEP = "Keep a unit when its uniform draw in [0, 1) is below keep_prob, so that it survives with probability keep_prob."
DIVIDE_GRAD = "After masking dA2 and dA1, divide each by keep_prob, as the forward pass divided A2 and A1."
L2_GRAD = "The L2 cost lambd / (2m) times the sum of W_l squared adds lambd / m times W_l to dW_l, once."
COST = "The L2 term is lambd / (2m) times the sum of the squared entries of W1, W2 and W3."

DIAGNOSES: dict[str, Diagnosis] = {
    "mask_not_binary": Diagnosis("{path}: not a mask of 0s and 1s",
                                 hint="Keep the 0/1 mask in the cache (the draws compared with keep_prob), not the "
                                      "uniform draws themselves."),
    "kept_fraction": Diagnosis("{path}: keeps {got:.1%} of the units where keep_prob is {expected:.0%}",
                               "{path}: wrong fraction of kept units", KEEP),
    "mask_pattern": Diagnosis("{path}: whole rows or columns are kept or dropped together",
                              hint="Draw one independent number per unit and per example: the mask has the shape of "
                                   "the activation."),
    "mask_not_random": Diagnosis("{path}: neighbouring {subject} are kept or dropped together more or less often "
                                 "than independent draws would be: the mask follows a pattern", hint=KEEP),
    "masks_dependent": Diagnosis("{path}: drawn from the same random numbers as {subject}: where {subject} keeps a "
                                 "unit, {path} keeps {got:.0%} of them, not {expected:.0%}",
                                 "{path}: drawn from the same random numbers as {subject}",
                                 "Seed once at the top of the function and draw D1, then D2, from the same "
                                 "generator: reseeding before D2 repeats the draws of D1."),
    "dropout_not_scaled": Diagnosis("{path}: not divided by keep_prob (inverted dropout)",
                                    hint="After applying the mask, divide the activation by keep_prob so that its "
                                         "expected value does not change."),
    "dropout_scaled_wrong_way": Diagnosis("{path}: multiplied by keep_prob instead of divided by it",
                                          hint="Inverted dropout divides the masked activation by keep_prob."),
    "dropout_mask_not_applied": Diagnosis("{path}: not multiplied by its mask {subject}",
                                          hint="Multiply each hidden activation by its own mask before dividing by "
                                               "keep_prob."),
    "dropout_not_applied": Diagnosis("{path}: no dropout, neither masked by {subject} nor divided by keep_prob",
                                     hint="Shut units of each hidden activation down with its mask, then divide it "
                                          "by keep_prob."),
    "dropout_inconsistent": Diagnosis("{path}: not relu(Z)·{subject} / keep_prob of your own mask {subject}"),
    "output_dropped": Diagnosis("{path}: dropout applied to the output layer; only the hidden layers are masked",
                                hint="Compute A3 = sigmoid(Z3) with no mask: dropout applies to the hidden layers "
                                     "only."),
    "output_inconsistent": Diagnosis("{path}: not sigmoid(W3·A2 + b3) of your own A2"),
    "l2_missing": Diagnosis("{path}: the L2 term lambd/m·{subject} is missing", hint=L2_GRAD),
    "l2_doubled": Diagnosis("{path}: the L2 term lambd/m·{subject} is added twice", hint=L2_GRAD),
    "l2_half": Diagnosis("{path}: the L2 term is lambd/(2m)·{subject}, half of lambd/m·{subject}",
                         hint="The derivative of the squared weights brings a factor 2: the term in dW_l is lambd / m "
                              "times W_l."),
    "l2_subtracted": Diagnosis("{path}: the L2 term lambd/m·{subject} is subtracted instead of added", hint=L2_GRAD),
    "l2_without_m": Diagnosis("{path}: the L2 term is lambd·{subject}, not lambd/m·{subject}",
                              hint="Divide the L2 term by m like the rest of the gradient: lambd / m times W_l."),
    "bias_regularized": Diagnosis("{path}: the bias gradient includes an L2 term in {subject}; biases are not "
                                  "regularized",
                                  hint="Leave the bias gradients db_l as without regularization: only the weights are "
                                       "in the L2 cost."),
    "gradient_no_mean": Diagnosis("{path}: the 1/m average over the examples is missing",
                                  hint="Average the gradient over the m examples: the sum over examples times 1/m."),
    "gradient_mean_twice": Diagnosis("{path}: 1/m× the expected values; divided by m twice",
                                     hint="Divide by m once: dZ3 = A3 - Y is not averaged, dW_l and db_l are."),
    "grad_mask_missing": Diagnosis("{path}: not zero where {subject} is 0; the forward pass's mask is not applied",
                                   hint="Multiply dA1 and dA2 by the same masks D1 and D2 as the forward pass, then "
                                        "divide by keep_prob."),
    "grad_not_scaled": Diagnosis("{path}: keep_prob× the expected values; a division by keep_prob is missing",
                                 hint=DIVIDE_GRAD),
    "grad_scale_squared": Diagnosis("{path}: keep_prob²× the expected values; multiplied by keep_prob instead of "
                                    "divided, or the division is missing twice", hint=DIVIDE_GRAD),
    "grad_scaled_twice": Diagnosis("{path}: 1/keep_prob× the expected values; divided by keep_prob once too often",
                                   hint="Divide dA2 and dA1 by keep_prob once each."),
    "gradient_wrong": Diagnosis("{path}: disagrees with the numerical gradient of the cost (relative error "
                                "{error:.2g})", "{path}: disagrees with the numerical gradient of the cost",
                                "Check the backward pass step by step from dZ3 down: the first wrong gradient named "
                                "(in backward order) is where the error starts."),
    "cost_l2_missing": Diagnosis("{path}: the L2 term is missing (the cost is the cross-entropy alone)", hint=COST),
    "cost_half_missing": Diagnosis("{path}: the L2 term is lambd/m times the sum of squares, twice lambd/(2m) times it",
                                   hint="The L2 term's factor is lambd / (2m): the 1/2 is missing."),
    "cost_times_m": Diagnosis("{path}: the L2 term is multiplied by m instead of divided by it (lambd / 2 * m is "
                              "(lambd / 2) * m)", hint="Divide by 2m as a whole: lambd / (2 * m)."),
    "cost_no_m": Diagnosis("{path}: the L2 term is not divided by m",
                           hint="Divide the L2 term by m as well: its factor is lambd / (2m)."),
    "cost_layer_missing": Diagnosis("{path}: the L2 term leaves out {subject}",
                                    hint="Sum the squared entries of all three weight matrices W1, W2 and W3."),
    "cost_not_squared": Diagnosis("{path}: the L2 term sums the weights, not their squares",
                                  hint="Square the entries of each W_l before summing them (the squared Frobenius "
                                       "norm)."),
    "cost_abs": Diagnosis("{path}: the L2 term sums absolute values (an L1 term), not squares",
                          hint="Square the entries of each W_l before summing them (the squared Frobenius norm)."),
    "cost_norm_not_squared": Diagnosis("{path}: the L2 term adds the norms of the W_l, not their squares",
                                       hint="Square each Frobenius norm: the term sums the squared entries."),
    "cost_mean_squares": Diagnosis("{path}: the L2 term averages the squared weights instead of summing them",
                                   hint="Sum the squared entries of each W_l; the only division is by 2m."),
    "cost_biases_included": Diagnosis("{path}: the L2 term includes the biases",
                                      hint="Regularize the weights only: leave b1, b2 and b3 out of the L2 term."),
    "cost_l2_subtracted": Diagnosis("{path}: the L2 term is subtracted from the cross-entropy",
                                    hint="Add the L2 term to the cross-entropy cost."),
    "cost_ce_missing": Diagnosis("{path}: the cross-entropy part is missing (the cost is the L2 term alone)",
                                 hint="The cost is the cross-entropy (compute_cost) plus the L2 term."),
}
