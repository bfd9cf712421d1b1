"""Self-checks of the Gradient Checking exercise (course module name ``public_tests``).

Each ``<function>_test(target)`` runs ``target`` on the course's canonical case(s) from
``testCases``, prints a green "All tests passed." when it behaves like the course's solution and
raises ``AssertionError`` with a specific message otherwise.
"""

import numpy as np

from gc_utils import backward_propagation_n, forward_propagation_n
from testCases import (
    backward_propagation_test_case,
    forward_propagation_test_case,
    gradient_check_n_test_case,
    gradient_check_test_case,
    gradient_check_test_case_2,
)

PASSED = "\033[92m All tests passed.\033[0m"
# The differences printed by the course for the N-dimensional case: with the exercise's buggy
# backward_propagation_n (dW2 doubled, db1 quadrupled) and with the corrected one.
DIFFERENCE_BUGGY = 0.2850931567761623
DIFFERENCE_FIXED = 1.1890913024229996e-07
# The corrected difference is mostly rounding noise: its digits vary with NumPy and BLAS (1.186e-07
# under NumPy 1.26, 1.189e-07 under NumPy 2), so it is compared within the grader's 2e-8.
NOISE = 2e-8


def _check_scalar(name, value):
    assert not isinstance(value, np.ndarray) or value.ndim == 0, (
        f"{name} must be a number, got an array of shape {np.shape(value)}"
        + (" (use np.linalg.norm for the numerator and the denominator)" if name == "difference" else ""))
    assert np.isreal(value) and np.isfinite(value), f"{name} must be a finite real number, got {value!r}"


def forward_propagation_test(target):
    for (x, theta), expected in ((forward_propagation_test_case(), 8), (gradient_check_test_case_2(), 12)):
        J = target(x, theta)
        _check_scalar("J", J)
        assert np.isclose(J, expected), f"Wrong J for x = {x}, theta = {theta}: expected {expected}, got {J}"
    print(PASSED)


def backward_propagation_test(target):
    for (x, theta), expected in ((backward_propagation_test_case(), 2), (gradient_check_test_case_2(), 3)):
        dtheta = target(x, theta)
        _check_scalar("dtheta", dtheta)
        assert np.isclose(dtheta, expected), (
            f"Wrong dtheta for x = {x}, theta = {theta}: expected {expected}, got {dtheta}")
    print(PASSED)


def gradient_check_test(target):
    # The course's values (2.9e-10 and 7.8e-11) are rounding noise: only their size matters.
    for x, theta in (gradient_check_test_case(), gradient_check_test_case_2()):
        difference = target(x, theta)
        _check_scalar("difference", difference)
        assert 0 <= difference < 1e-8, (
            f"Wrong difference for x = {x}, theta = {theta}: expected about 1e-10 (rounding noise), got {difference}")
    print(PASSED)


def gradient_check_n_test(target, parameters=None, gradients=None, X=None, Y=None):
    """With arguments (as in the course's notebook), checks that ``target(parameters, gradients, X, Y)``
    gives one of the two differences the course expects; without, checks both itself on the
    canonical case, with the exercise's buggy backward pass and with the corrected one."""
    if parameters is not None:
        difference = target(parameters, gradients, X, Y)
        _check_scalar("difference", difference)
        assert np.any(np.isclose(difference, [DIFFERENCE_BUGGY, DIFFERENCE_FIXED], rtol=1e-6, atol=NOISE)), (
            f"Wrong difference: expected {DIFFERENCE_BUGGY} (buggy backward pass) or {DIFFERENCE_FIXED} "
            f"(corrected backward pass), got {difference}")
        print(PASSED)
        return
    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    for bugs, expected in ((True, DIFFERENCE_BUGGY), (False, DIFFERENCE_FIXED)):
        gradients = backward_propagation_n(X, Y, cache, bugs=bugs)
        difference = target(parameters, gradients, X, Y)
        _check_scalar("difference", difference)
        kind = "the buggy" if bugs else "the corrected"
        assert np.isclose(difference, expected, rtol=1e-6, atol=NOISE), (
            f"Wrong difference with {kind} backward_propagation_n: expected {expected}, got {difference}")
    print(PASSED)
