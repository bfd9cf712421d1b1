"""Reference solution of the Initialization exercise, its training loop and hidden cases."""

from __future__ import annotations

import numpy as np

from grader.reference.course import load

init_utils = load("initialization", "init_utils")


# GRADED FUNCTION: initialize_parameters_zeros
def initialize_parameters_zeros(layers_dims):
    """All weights and biases zero: W_l of shape (n_l, n_{l-1}), b_l of shape (n_l, 1)."""
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


# GRADED FUNCTION: initialize_parameters_random
def initialize_parameters_random(layers_dims):
    """Large random weights: seed 3, then randn(n_l, n_{l-1}) * 10 for W1, W2, ...; zero biases."""
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


# GRADED FUNCTION: initialize_parameters_he
def initialize_parameters_he(layers_dims):
    """He initialisation: seed 3, then randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}); zero biases."""
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1])
                                    * np.sqrt(2.0 / layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


INITIALIZERS = {
    "zeros": initialize_parameters_zeros,
    "random": initialize_parameters_random,
    "he": initialize_parameters_he,
}


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he",
          on_iteration=None):
    """The exercise's three-layer network [n_x, 10, 5, 1] trained by gradient descent.

    Prints the cost every 1000 iterations when ``print_cost``; ``on_iteration(i, cost)`` is
    called every iteration (progress displays). Returns (parameters, costs every 1000).
    """
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]
    parameters = INITIALIZERS[initialization](layers_dims)
    for i in range(num_iterations):
        a3, cache = init_utils.forward_propagation(X, parameters)
        cost = init_utils.compute_loss(a3, Y)
        grads = init_utils.backward_propagation(X, Y, cache)
        parameters = init_utils.update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost}")
        if on_iteration is not None:
            on_iteration(i, cost)
    return parameters, costs


# ---------------------------------------------------------------- hidden cases
def random_layers_dims(rng: np.random.Generator) -> list[dict]:
    """Other shapes: a one-unit network, a deep one, a wide one (one argument: layers_dims)."""
    deep = [int(n) for n in rng.integers(1, 6, size=int(rng.integers(5, 7)))]
    wide = [int(rng.integers(30, 60)), int(rng.integers(20, 40)), 1]
    return [{"args": [dims]} for dims in ([1, 1], deep, wide)]


# Large enough for the semantic checks' statistics (grader/semantics.py): every weight matrix
# has at least 12,000 entries, and the sizes of consecutive layers differ by a factor of 4 or
# more, so that sqrt(2 / n_{l-1}) and sqrt(2 / n_l) are far apart. Fixed, so that a message may
# quote the expected standard deviations without revealing a hidden input.
LARGE_LAYERS_DIMS = [500, 100, 400, 30]


def large_layers_dims(rng: np.random.Generator) -> list[dict]:
    """One large network for the statistical tests of random and He initialisation."""
    return [{"args": [list(LARGE_LAYERS_DIMS)]}]
