"""Canonical inputs of the Gradient Checking exercise's checks (course module name ``testCases``).

The course drew the N-dimensional case from ``np.random.seed(1)`` followed by ``randn`` calls in
a fixed order; here the same stream comes from a private ``np.random.RandomState(1)`` so that
calling a test case leaves numpy's global random state alone.
"""

import numpy as np


def forward_propagation_test_case():
    """x and theta of the 1-D cost J(theta) = theta * x."""
    return 2, 4


def backward_propagation_test_case():
    """x and theta at which dJ/dtheta is checked."""
    return 2, 4


def gradient_check_test_case():
    """x and theta of the 1-D gradient check."""
    return 2, 4


def gradient_check_test_case_2():
    """A second point for the 1-D gradient check."""
    return 3, 4


def gradient_check_n_test_case():
    """Returns X (4, 3), Y (3,) and the parameters of the [4, 5, 3, 1] network."""
    rng = np.random.RandomState(1)
    x = rng.randn(4, 3)
    y = np.array([1, 1, 0], dtype=np.int64)
    dims = [4, 5, 3, 1]
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W" + str(l)] = rng.randn(dims[l], dims[l - 1])
        parameters["b" + str(l)] = rng.randn(dims[l], 1)
    return x, y, parameters
