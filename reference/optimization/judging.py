"""How the Optimization methods exercise is judged beyond exact agreement.

What each function is judged on:

- ``update_parameters_with_gd``, ``update_parameters_with_momentum``, ``update_parameters_with_adam``:
  every returned array (parameters, v, s and, in the 2021 edition, v_corrected and s_corrected;
  the 2017/2019 edition's ``parameters, v, s`` is read by its length), on networks of one to five
  layers, moments that are not zero (so that beta and 1 - beta, and the bias correction, show),
  t from 1 to 7 and epsilons large enough to show where epsilon is added; the update functions
  may rebind the entries of the dictionaries they are given, as the course's do. A wrong array is
  explained by the ``update_rule`` oracle when one known mistake alone predicts it: the step added
  instead of subtracted, the learning rate left out, a layer left as given, beta and 1 - beta
  swapped, the gradient instead of the velocity in the step, the bias correction missing (for v,
  for s, or in the update), applied with (1 - beta)^t, with the other beta, without t, or
  multiplied; epsilon inside the square root; no square root; s of the gradients, not their squares.
- ``random_mini_batches``: exact seeded values (``np.random.seed(seed)`` then
  ``np.random.permutation(m)``) or, for code that shuffles another way, its meaning (the
  ``mini_batches`` check below); the number and sizes of the mini-batches always, with m of 148
  (20 left over), a multiple of the size, fewer examples than one mini-batch, mini-batches of one
  example, and the defaults. The ``mini_batches`` oracle names a missing, empty, duplicated or
  overlapping last mini-batch, X not shuffled, and Y not shuffled with X.
- ``initialize_velocity``, ``initialize_adam``: zeros of each parameter's shape, exactly the keys
  dW1, db1, …, for networks of one to five layers.
- ``update_lr``, ``schedule_lr_decay``: the value; the scalar oracles name a known formula when it
  alone explains every case (grader/hypotheses.py): no 1 +, multiplied, decay_rate or epoch unused,
  no floor, ceil or round instead of floor, time_interval ignored or fixed at 1000.

The ``mini_batches`` semantic check: the mini-batches, joined, are the columns of X in some order,
each example once, Y shuffled with the same permutation; on the large input (2000 distinct
examples) the order is random: at most 11 fixed points (a permutation of m has at least k fixed
points with probability at most 1/k!, so 1/12! < 2.1e-9) and at most 15 neighbouring positions
holding examples next to each other in X (probability at most (2^k / k!) (m / (m - 2k))^k < 4.1e-9
for k = 16, m = 2000, by Markov's inequality on the number of k-sets): a false fail below 1e-8.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader.cases import Case
from grader.compare import Finding, diagnosed
from grader.diagnoses import Diagnosis
from grader.hypotheses import ScalarOracle, Tiers, Variant
from grader.reference.optimization.updates import update_rule
from grader.semantics import NOTE_STREAM, Checker
from grader.spec import FunctionSpec

MAX_FIXED_POINTS = 11
MAX_NEIGHBOURS = 15


# ---------------------------------------------------------------- mini-batches: meaning and structure
def _inputs(case: Case) -> tuple[np.ndarray, np.ndarray, int]:
    X, Y = np.asarray(case.args[0]), np.asarray(case.args[1])
    return X, Y, int(case.args[2]) if len(case.args) > 2 else 64


def _batches(parts: dict[str, Any], rows: int) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """The returned mini-batches when they are a list of (X, Y) array pairs with the right rows, else None."""
    value = parts.get("mini_batches")
    if not isinstance(value, list | tuple):
        return None
    batches = []
    for item in value:
        if not (isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(a, np.ndarray) for a in item)):
            return None
        if item[0].ndim != 2 or item[1].ndim != 2 or item[0].shape[0] != rows or item[0].shape[1] != item[1].shape[1]:
            return None
        batches.append((item[0], item[1]))
    return batches


def _order(X: np.ndarray, joined: np.ndarray) -> list[int | None]:
    """For each column of ``joined``, the column of X it is (None: not a column of X)."""
    where = {np.ascontiguousarray(X[:, j]).tobytes(): j for j in range(X.shape[1])}
    return [where.get(np.ascontiguousarray(joined[:, i]).tobytes()) for i in range(joined.shape[1])]


def _permutation(case: Case, parts: dict[str, Any]) -> np.ndarray | None:
    X, _, _ = _inputs(case)
    batches = _batches(parts, X.shape[0])
    if not batches:
        return None
    order = _order(X, np.concatenate([b[0] for b in batches], axis=1))
    return None if None in order else np.array(order)


def _mini_batch_meaning(case: Case, parts: dict[str, Any]) -> list[Finding]:
    X, Y, size = _inputs(case)
    batches = _batches(parts, X.shape[0])
    m = X.shape[1]
    sizes = [size] * (m // size) + ([m % size] if m % size else [])
    if batches is None or [b[0].shape[1] for b in batches] != sizes:
        return []  # the comparison reports the structure
    order = _order(X, np.concatenate([b[0] for b in batches], axis=1))
    if None in order:
        return [diagnosed("mb_not_from_x", "mini_batches")]
    if len(set(order)) != m:
        return [diagnosed("mb_repeated", "mini_batches")]
    joined_Y = np.concatenate([b[1] for b in batches], axis=1).astype(float)
    if joined_Y.shape != (1, m) or not np.array_equal(joined_Y, Y.reshape(1, m)[:, order].astype(float)):
        if order == list(range(m)):
            return [diagnosed("mb_x_not_shuffled", "mini_batches")]
        if np.array_equal(joined_Y, Y.reshape(1, m).astype(float)):
            return [diagnosed("mb_y_not_shuffled", "mini_batches")]
        return [diagnosed("mb_y_not_with_x", "mini_batches")]
    if case.semantic:
        permutation = np.array(order)
        fixed = int(np.sum(permutation == np.arange(m)))
        neighbours = int(np.sum(np.abs(np.diff(permutation)) == 1))
        if fixed > MAX_FIXED_POINTS or neighbours > MAX_NEIGHBOURS:
            return [diagnosed("mb_not_shuffled", "mini_batches", got=max(fixed, neighbours))]
    return []


def _mini_batch_draws(case: Case, parts: dict[str, Any]) -> dict[str, np.ndarray]:
    """What characterises a shuffle: how far each example moves, and the gaps between neighbours."""
    permutation = _permutation(case, parts)
    if permutation is None:
        raise ValueError("not a permutation of the examples")
    m = len(permutation)
    return {"displacement": np.abs(permutation - np.arange(m)) / m, "gaps": np.abs(np.diff(permutation)) / m}


MINI_BATCHES = Checker(
    "mini_batches", lambda key: key.startswith("mini_batches"), _mini_batch_meaning,
    NOTE_STREAM.format(seeded="np.random.seed(seed), then np.random.permutation(m)")
    + "your mini-batches hold every example once, in a random order, with its label, in mini-batches of "
      "mini_batch_size and one of the examples left over",
    draws=_mini_batch_draws)

CHECKERS: dict[str, Checker] = {MINI_BATCHES.name: MINI_BATCHES}


def _mini_batch_structure(case: Case, parts: dict[str, Any], findings: list[Finding],
                          function: FunctionSpec) -> list[Finding]:
    """Names what is wrong with the number or the sizes of the mini-batches, or with the shuffle."""
    X, Y, size = _inputs(case)
    m = X.shape[1]
    full, left = divmod(m, size)
    batches = _batches(parts, X.shape[0])
    if batches is None:
        return findings
    diagnosis = ""
    if any(f.kind == "length" and f.path == "mini_batches" for f in findings):
        if left and len(batches) == full:
            diagnosis = "mb_last_missing"
        elif len(batches) == full + bool(left) + 1 and batches[-1][0].shape[1] == 0:
            diagnosis = "mb_empty_last"
        elif len(batches) == full + bool(left) + 1 and len(batches) > 1 and np.array_equal(batches[-1][0],
                                                                                           batches[-2][0]):
            diagnosis = "mb_last_duplicated"
    elif left and full and len(batches) == full + 1 and batches[-1][0].shape[1] == size + left and np.array_equal(
            batches[-1][0][:, :size], batches[-2][0]):
        diagnosis = "mb_last_overlaps"
    elif left and full and len(batches) == full + 1 and np.array_equal(batches[-1][0], batches[-2][0]):
        diagnosis = "mb_last_duplicated"
    elif all(f.kind == "values" for f in findings) and [b[0].shape[1] for b in batches] == (
            [size] * full + ([left] if left else [])):
        joined = np.concatenate([b[0] for b in batches], axis=1)
        joined_Y = np.concatenate([b[1] for b in batches], axis=1).astype(float)
        if np.array_equal(joined, X):
            diagnosis = "mb_not_shuffled"
        elif _permutation(case, parts) is not None and np.array_equal(joined_Y, Y.reshape(1, m).astype(float)):
            diagnosis = "mb_y_not_shuffled"
    if not diagnosis:
        return findings
    return [diagnosed(diagnosis, "mini_batches", got=float(left), expected=float(size))]


ARRAY_ORACLES = {"update_rule": update_rule, "mini_batches": _mini_batch_structure}


# ---------------------------------------------------------------- learning-rate decay (grader/hypotheses.py)
def _lr_decay(case: Case, substitute: str | None) -> Tiers:
    lr0, epoch, rate = (float(a) for a in case.args[:3])
    variants: list[Variant] = [
        (("decay_no_one",), lambda: lr0 / (rate * epoch), ""),
        (("decay_multiplied",), lambda: lr0 * (1 + rate * epoch), ""),
        (("decay_rate_unused",), lambda: lr0 / (1 + epoch), ""),
        (("decay_epoch_unused",), lambda: lr0 / (1 + rate), ""),
        (("decay_exponential",), lambda: lr0 * math.exp(-rate * epoch), ""),
        (("decay_power",), lambda: lr0 * rate ** epoch, ""),
    ]
    return [variants]


def _lr_schedule(case: Case, substitute: str | None) -> Tiers:
    lr0, epoch, rate = (float(a) for a in case.args[:3])
    interval = float(case.args[3]) if len(case.args) > 3 else 1000.0
    variants: list[Variant] = [
        (("schedule_no_floor",), lambda: lr0 / (1 + rate * epoch / interval), ""),
        (("schedule_ceil",), lambda: lr0 / (1 + rate * math.ceil(epoch / interval)), ""),
        (("schedule_round",), lambda: lr0 / (1 + rate * round(epoch / interval)), ""),
        (("schedule_interval_ignored",), lambda: lr0 / (1 + rate * epoch), ""),
        (("schedule_fixed_interval",), lambda: lr0 / (1 + rate * math.floor(epoch / 1000)), ""),
        (("schedule_interval_multiplied",), lambda: lr0 / (1 + rate * math.floor(epoch * interval)), ""),
        (("decay_multiplied",), lambda: lr0 * (1 + rate * math.floor(epoch / interval)), ""),
        (("decay_no_one",), lambda: lr0 / (rate * math.floor(epoch / interval)), ""),
    ]
    return [variants]


SCALAR_ORACLES = {"lr_decay": ScalarOracle("learning_rate", _lr_decay),
                  "lr_schedule": ScalarOracle("learning_rate", _lr_schedule)}


# ---------------------------------------------------------------- words (grader.diagnoses)
ADAM_HINT = ("v_corrected = v / (1 - beta1**t) and s_corrected = s / (1 - beta2**t); the step is "
             "learning_rate * v_corrected / (sqrt(s_corrected) + epsilon).")
MINI_HINT = ("After the floor(m / mini_batch_size) full mini-batches, add one more with the examples left over "
             "(shuffled_X[:, num_complete_minibatches * mini_batch_size:]), and only when m % mini_batch_size != 0.")
DECAY = "learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)."
SCHEDULE = "learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))."

DIAGNOSES: dict[str, Diagnosis] = {
    "update_added": Diagnosis("{path}: the step is added; gradient descent subtracts it",
                              hint="Move against the gradient: W = W - learning_rate * (the step)."),
    "update_no_rate": Diagnosis("{path}: the step is not multiplied by learning_rate",
                                hint="Scale every step by learning_rate."),
    "not_updated": Diagnosis("{path}: not updated (it is the value given)",
                             hint="Store every new value back in its dictionary, for every layer l = 1 … L "
                                  "(L = len(parameters) // 2)."),
    "beta_swapped": Diagnosis("{path}: {subject} and 1 - {subject} are swapped",
                              hint="A moving average keeps beta times its old value and adds (1 - beta) times the "
                                   "new one."),
    "momentum_no_one_minus": Diagnosis("{path}: the gradient is added to beta · v without the factor 1 - beta",
                                       hint="v = beta * v + (1 - beta) * grad."),
    "momentum_step_grad": Diagnosis("{path}: the step uses the gradient, not the velocity v",
                                    hint="Update v first, then step by learning_rate * v."),
    "momentum_step_old": Diagnosis("{path}: the step uses the velocity from before this update",
                                   hint="Update v first, then step by learning_rate times the new v."),
    "adam_uncorrected": Diagnosis("{path}: the bias correction of {subject} is missing", hint=ADAM_HINT),
    "adam_step_uncorrected": Diagnosis("{path}: the step uses {subject} without the bias correction, not the "
                                       "corrected moments", hint=ADAM_HINT),
    "adam_correction_power": Diagnosis("{path}: the bias correction of {subject} divides by (1 - beta)^t, not by "
                                       "1 - beta^t", hint=ADAM_HINT),
    "adam_correction_betas_crossed": Diagnosis("{path}: the bias corrections use the other beta (v needs beta1, "
                                               "s needs beta2)", hint=ADAM_HINT),
    "adam_t_unused": Diagnosis("{path}: the bias correction of {subject} does not use t (1 - beta instead of "
                               "1 - beta^t)", hint=ADAM_HINT),
    "adam_correction_multiplied": Diagnosis("{path}: the bias correction of {subject} multiplies by 1 - beta^t "
                                            "instead of dividing by it", hint=ADAM_HINT),
    "adam_eps_inside_sqrt": Diagnosis("{path}: epsilon is inside the square root; it is added to sqrt(s_corrected)",
                                      hint="The denominator is np.sqrt(s_corrected) + epsilon."),
    "adam_no_sqrt": Diagnosis("{path}: the step divides by s_corrected + epsilon, without the square root",
                              hint="The denominator is np.sqrt(s_corrected) + epsilon."),
    "adam_s_not_squared": Diagnosis("{path}: s averages the gradients, not their squares",
                                    hint="s = beta2 * s + (1 - beta2) * np.square(grad)."),
    "mb_last_missing": Diagnosis("{path}: the last, partial mini-batch is missing (m % mini_batch_size = {got:.0f}: "
                                 "those examples are in no mini-batch)", "{path}: the last, partial mini-batch is "
                                 "missing", MINI_HINT),
    "mb_empty_last": Diagnosis("{path}: an empty mini-batch is added when m is a multiple of mini_batch_size",
                               hint=MINI_HINT),
    "mb_last_duplicated": Diagnosis("{path}: the last mini-batch is a copy of the one before", hint=MINI_HINT),
    "mb_last_overlaps": Diagnosis("{path}: the last mini-batch also holds the examples of the last full one",
                                  hint=MINI_HINT),
    "mb_not_shuffled": Diagnosis("{path}: the examples are not shuffled (they keep the order of X)",
                                 hint="Shuffle the columns first: permutation = list(np.random.permutation(m)), then "
                                      "X[:, permutation] and Y[:, permutation]."),
    "mb_y_not_shuffled": Diagnosis("{path}: the labels are in Y's original order, not in X's shuffled order",
                                   hint="Shuffle Y with the same permutation as X."),
    "mb_x_not_shuffled": Diagnosis("{path}: the examples are in X's original order while the labels are not",
                                   hint="Shuffle X with the same permutation as Y."),
    "mb_y_not_with_x": Diagnosis("{path}: the labels are not in X's shuffled order (Y is not shuffled with the "
                                 "same permutation as X)",
                                 hint="Shuffle Y with the same permutation as X."),
    "mb_not_from_x": Diagnosis("{path}: the mini-batches hold columns that are not examples of X",
                               hint="Cut the mini-batches from the shuffled columns of X, without changing them."),
    "mb_repeated": Diagnosis("{path}: some examples appear twice and others not at all",
                             hint="Each example belongs to exactly one mini-batch: cut consecutive, non-overlapping "
                                  "slices of the shuffled data."),
    "decay_no_one": Diagnosis("{path}: the denominator lacks the 1 +", hint=DECAY),
    "decay_multiplied": Diagnosis("{path}: learning_rate0 is multiplied by the decay factor instead of divided",
                                  hint=DECAY),
    "decay_rate_unused": Diagnosis("{path}: decay_rate is not used", hint=DECAY),
    "decay_epoch_unused": Diagnosis("{path}: epoch_num is not used", hint=DECAY),
    "decay_exponential": Diagnosis("{path}: exponential decay, not learning_rate0 / (1 + decay_rate · epoch_num)",
                                   hint=DECAY),
    "decay_power": Diagnosis("{path}: decay_rate^epoch_num decay, not learning_rate0 / (1 + decay_rate · epoch_num)",
                             hint=DECAY),
    "schedule_no_floor": Diagnosis("{path}: epoch_num / time_interval is not rounded down", hint=SCHEDULE),
    "schedule_ceil": Diagnosis("{path}: epoch_num / time_interval is rounded up, not down", hint=SCHEDULE),
    "schedule_round": Diagnosis("{path}: epoch_num / time_interval is rounded to the nearest integer, not down",
                                hint=SCHEDULE),
    "schedule_interval_ignored": Diagnosis("{path}: time_interval is not used (the rate decays every epoch)",
                                           hint=SCHEDULE),
    "schedule_fixed_interval": Diagnosis("{path}: the interval is always 1000, not the time_interval given",
                                         hint=SCHEDULE),
    "schedule_interval_multiplied": Diagnosis("{path}: epoch_num is multiplied by time_interval instead of divided",
                                              hint=SCHEDULE),
}
