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
# Stand-ins for forward_propagation / backward_propagation that gradient_check is run
# against: non-linear, so that a one-sided difference or a missing factor shows.
LINEAR = """
def forward_propagation(x, theta):
    return np.dot(theta, x)

def backward_propagation(x, theta):
    return x
"""
CUBIC = """
def forward_propagation(x, theta):
    return theta ** 3 * x

def backward_propagation(x, theta):
    return 3 * theta ** 2 * x
"""
# A wrong derivative (4 theta^2 x instead of 3 theta^2 x): its factor 4/3 keeps the values of the
# known mistakes of a gradient check apart (grader/hypotheses.py), which 2/3 would not.
CUBIC_WRONG = """
def forward_propagation(x, theta):
    return theta ** 3 * x

def backward_propagation(x, theta):
    return 4 * theta ** 2 * x
"""
SINE = """
import math

def forward_propagation(x, theta):
    return math.sin(theta * x)

def backward_propagation(x, theta):
    return x * math.cos(theta * x)
"""


def _scalars(rng: np.random.Generator, n: int) -> list[float]:
    return [float(v) for v in np.round(rng.uniform(-4, 4, size=n), 3)]


def scalar_cases(rng: np.random.Generator) -> list[dict]:
    """Other (x, theta) pairs, negative and fractional ones among them."""
    x1, x2, x3, t1, t2, t3 = _scalars(rng, 6)
    return [{"args": [x1, t1]}, {"args": [x2, t2]}, {"args": [-abs(x3), t3]}]


def gradient_check_cases(rng: np.random.Generator) -> list[dict]:
    """Non-linear stand-ins, a non-default epsilon, and a wrong backward pass."""
    x, theta = (float(v) for v in np.round(rng.uniform(0.5, 1.5, size=2), 3))
    x2 = float(np.round(rng.uniform(-2, 2), 3))
    return [
        {"args": [x, theta, 1e-2], "substitute": CUBIC},
        {"args": [x2, theta, 1e-3], "substitute": SINE},
        {"args": [x, -theta, 1e-4], "substitute": CUBIC_WRONG},
        {"args": [x2, theta * 2, 1e-7], "substitute": LINEAR},
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


def gradient_check_n_cases(rng: np.random.Generator) -> list[dict]:
    """Correct, buggy and perturbed gradients on other networks and example counts, and an epsilon large
    enough (1e-3) for its truncation error to show, so that ignoring the epsilon argument does."""
    cases = []
    for m, kind, epsilon in ((1, "fixed", 1e-7), (7, "buggy", 1e-7), (12, "fixed", 1e-6), (5, "perturbed", 1e-7),
                             (9, "fixed", 1e-3)):
        X, Y, parameters = _network_problem(rng, m)
        _, cache = forward_propagation_n(X, Y, parameters)
        gradients = backward_propagation_n(X, Y, cache, bugs=(kind == "buggy"))
        if kind == "perturbed":
            key = ("dW1", "db2", "dW3")[int(rng.integers(0, 3))]
            gradients[key] = gradients[key] + 1e-3 * rng.standard_normal(gradients[key].shape)
        cases.append({"args": [parameters, gradients, X, Y, epsilon]})
    return cases
