"""The Gradient Checking exercise's published results: the 1-D check at x = 2, theta = 4, and the
N-dimensional check on the course's canonical case with the exercise's buggy backward pass and with the
corrected one (nothing is trained)."""

from __future__ import annotations

import argparse

from grader.reference import gradient_checking
from grader.reference.course import load
from grader.reference.results import Column, Progress, Row, Run, Section

RUNS: tuple[Run, ...] = ()
COLUMNS = (Column("difference", "difference", ".6e"),)


def differences() -> dict[str, float]:
    X, Y, parameters = load("gradient_checking", "testCases").gradient_check_n_test_case()
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    buggy = gradient_checking.backward_propagation_n(X, Y, cache)
    fixed = gradient_checking.backward_propagation_n_fixed(X, Y, cache)
    return {
        "difference_1d": float(gradient_checking.gradient_check(2, 4)),
        "difference_nd_buggy": float(gradient_checking.gradient_check_n(parameters, buggy, X, Y)),
        "difference_nd_fixed": float(gradient_checking.gradient_check_n(parameters, fixed, X, Y)),
    }


LABELS = {"difference_1d": "1-D, x = 2, theta = 4", "difference_nd_buggy": "N-D, buggy backward_propagation_n",
          "difference_nd_fixed": "N-D, fixed backward_propagation_n"}


def compute(settings: argparse.Namespace, progress: Progress | None = None) -> Section:
    found = differences()
    return Section("gradient_checking", "Gradient checking (difference between backprop and numerical gradient)",
                   COLUMNS, tuple(Row(key, LABELS[key], {"difference": value}) for key, value in found.items()))
