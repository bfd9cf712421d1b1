"""Reference solution of the Gradient Checking exercise and its hidden cases."""

from __future__ import annotations

import numpy as np

from grader.reference.course import load

gc_utils = load("gradient_checking", "gc_utils")
dictionary_to_vector = gc_utils.dictionary_to_vector
vector_to_dictionary = gc_utils.vector_to_dictionary
gradients_to_vector = gc_utils.gradients_to_vector
forward_propagation_n = gc_utils.forward_propagation_n
backward_propagation_n = gc_utils.backward_propagation_n


def backward_propagation_n_fixed(X, Y, cache):
    """backward_propagation_n with its two deliberate bugs removed."""
    return gc_utils.backward_propagation_n(X, Y, cache, bugs=False)


# GRADED FUNCTION: forward_propagation
def forward_propagation(x, theta):
    """The 1-D cost J(theta) = theta * x."""
    return np.dot(theta, x)


# GRADED FUNCTION: backward_propagation
def backward_propagation(x, theta):
    """dJ/dtheta of J(theta) = theta * x, which is x."""
    return x


# GRADED FUNCTION: gradient_check
def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """Two-sided numerical derivative of forward_propagation against backward_propagation."""
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print("The gradient is correct!" if difference < 1e-7 else "The gradient is wrong!")
    return difference


# GRADED FUNCTION: gradient_check_n
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """Two-sided numerical gradient of forward_propagation_n over every parameter of the network."""
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i][0] = theta_plus[i][0] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i][0] = theta_minus[i][0] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        if difference > 2e-7:
            print(f"There is a mistake in the backward propagation! difference = {difference}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {difference}")
    return difference


# ---------------------------------------------------------------- hidden cases
# gradient_check exists to check a backward_propagation against the exercise's cost J = theta * x
# (docs/spec.md, "What each function is judged on"). Its cases replace forward_propagation and
# backward_propagation by stand-ins: with the exercise's forward pass and a wrong backward pass
# (a check that never consults backward_propagation, or a formula blind to signs, shows there),
# and with non-linear forward passes that are not symmetric in theta (a one-sided difference,
# a missing factor or a wrong epsilon shows there). A student who computes J = theta * x inline
# instead of calling forward_propagation is right: for the non-linear cases the grader also
# accepts the value computed with the exercise's cost (``INLINE``) when every case with the
# exercise's own forward pass passes exactly.
EXERCISE_FORWARD = """
def forward_propagation(x, theta):
    return np.dot(theta, x)
"""
LINEAR = EXERCISE_FORWARD + """
def backward_propagation(x, theta):
    return x
"""
NEGATED = EXERCISE_FORWARD + """
def backward_propagation(x, theta):
    return -x
"""
SKEWED = EXERCISE_FORWARD + """
def backward_propagation(x, theta):
    return x * (2 + theta)
"""
CUBIC = """
def forward_propagation(x, theta):
    return theta ** 3 * x + theta ** 2

def backward_propagation(x, theta):
    return 3 * theta ** 2 * x + 2 * theta
"""
# A wrong derivative (4 theta^2 x instead of 3 theta^2 x): its factor keeps the values of the
# known mistakes of a gradient check apart (grader/hypotheses.py).
CUBIC_WRONG = """
def forward_propagation(x, theta):
    return theta ** 3 * x + theta ** 2

def backward_propagation(x, theta):
    return 4 * theta ** 2 * x + 2 * theta
"""
SINE = """
import math

def forward_propagation(x, theta):
    return math.sin(theta * x) + theta

def backward_propagation(x, theta):
    return x * math.cos(theta * x) + 1
"""
INLINE_NOTE = "inline_cost"


def inline(source: str) -> str:
    """A stand-in with the exercise's forward pass and the stand-in's backward pass (what an inline J computes)."""
    return source + EXERCISE_FORWARD


def _magnitudes(rng: np.random.Generator, n: int) -> list[float]:
    """Values in [0.5, 1.5]: away from 0, so that no case is degenerate. Each case sets its signs itself, so
    that which cases a given mistake fails (and so the first failing one) does not depend on the seed."""
    return [float(v) for v in np.round(rng.uniform(0.5, 1.5, size=n), 3)]


def _scalars(rng: np.random.Generator, n: int) -> list[float]:
    return [float(v) for v in np.round(rng.uniform(-4, 4, size=n), 3)]


def scalar_cases(rng: np.random.Generator) -> list[dict]:
    """Other (x, theta) pairs, negative and fractional ones among them."""
    x1, x2, x3, t1, t2, t3 = _scalars(rng, 6)
    return [{"args": [x1, t1]}, {"args": [x2, t2]}, {"args": [-abs(x3), t3]}]


def gradient_check_cases(rng: np.random.Generator) -> list[dict]:
    """Wrong backward passes against the exercise's cost, non-linear asymmetric stand-ins (with the
    inline cost accepted), non-default epsilons, and the default epsilon."""
    x, theta, x2, theta2 = _magnitudes(rng, 4)

    def nonlinear(args: list, source: str) -> dict:
        return {"args": args, "substitute": source,
                "alternatives": [{"substitute": inline(source), "note": INLINE_NOTE}]}

    return [
        {"args": [x, theta], "substitute": NEGATED},
        {"args": [-x2, theta2, 1e-5], "substitute": SKEWED},
        nonlinear([x, theta, 1e-2], CUBIC),
        nonlinear([-x2, theta, 1e-3], SINE),
        nonlinear([x, -theta, 1e-4], CUBIC_WRONG),
        nonlinear([x2, theta2], CUBIC),
        {"args": [-x2, theta * 2, 1e-7], "substitute": LINEAR},
    ]


def canonical_gradient_check_n_cases() -> list[dict]:
    """The course's case, with the exercise's buggy gradients and with the correct ones."""
    X, Y, parameters = load("gradient_checking", "testCases").gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    return [
        {"label": "canonical case, buggy backward_propagation_n",
         "args": [parameters, backward_propagation_n(X, Y, cache, bugs=True), X, Y]},
        {"label": "canonical case, correct gradients",
         "args": [parameters, backward_propagation_n(X, Y, cache, bugs=False), X, Y]},
    ]


def _network_problem(rng: np.random.Generator, m: int):
    """A network of the exercise's shape, drawn again while its output saturates (a cost of log 0)."""
    dims = (4, 5, 3, 1)
    while True:
        X = rng.standard_normal((4, m))
        Y = (rng.random((1, m)) < 0.5).astype(int)
        parameters = {}
        for l in range(1, 4):
            parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
            parameters[f"b{l}"] = rng.standard_normal((dims[l], 1))
        A = X
        for l in range(1, 3):
            A = np.maximum(0, parameters[f"W{l}"] @ A + parameters[f"b{l}"])
        if np.all(np.abs(parameters["W3"] @ A + parameters["b3"]) < 12):
            return X, Y, parameters


# An epsilon whose result must differ from the default's by this much (50 times the spec's atol), so that a
# check that ignores its epsilon argument fails on every seed, not on most.
EPSILON_SHOWS = 1e-6


def gradient_check_n_cases(rng: np.random.Generator) -> list[dict]:
    """Correct, buggy and perturbed gradients on other networks and example counts, and an epsilon large
    enough (1e-2) for its truncation error to show: that case's network is drawn again until its difference
    with epsilon 1e-2 is EPSILON_SHOWS away from the default epsilon's, so that ignoring the argument shows."""
    cases = []
    for m, kind, epsilon in ((1, "fixed", 1e-7), (7, "buggy", 1e-7), (9, "fixed", 1e-2), (5, "perturbed", 1e-7),
                             (12, "fixed", 1e-6)):
        while True:
            X, Y, parameters = _network_problem(rng, m)
            _, cache = forward_propagation_n(X, Y, parameters)
            gradients = backward_propagation_n(X, Y, cache, bugs=(kind == "buggy"))
            if epsilon < 1e-3 or abs(gradient_check_n(parameters, gradients, X, Y, epsilon)
                                     - gradient_check_n(parameters, gradients, X, Y)) > EPSILON_SHOWS:
                break
        if kind == "perturbed":
            key = ("dW1", "db2", "dW3")[int(rng.integers(0, 3))]
            gradients[key] = gradients[key] + 1e-3 * rng.standard_normal(gradients[key].shape)
        cases.append({"args": [parameters, gradients, X, Y, epsilon]})
    return cases
