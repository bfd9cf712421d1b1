"""Reference solution of the Regularization exercise, its training loop and hidden cases."""

from __future__ import annotations

import numpy as np

from grader.reference.course import load

reg_utils = load("regularization", "reg_utils")
relu, sigmoid, compute_cost = reg_utils.relu, reg_utils.sigmoid, reg_utils.compute_cost

CACHE = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")


# GRADED FUNCTION: compute_cost_with_regularization
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy cost plus lambd / (2m) times the squared Frobenius norms of W1, W2, W3."""
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    return cross_entropy_cost + L2_regularization_cost


# GRADED FUNCTION: backward_propagation_with_regularization
def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Backward pass of the L2-regularized cost: the baseline gradients plus lambd / m * W on dW1..dW3."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# GRADED FUNCTION: forward_propagation_with_dropout
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass with inverted dropout on both hidden layers (seed 1 at every call, D1 then D2)."""
    np.random.seed(1)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = (np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob).astype(int)
    A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = (np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob).astype(int)
    A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


# GRADED FUNCTION: backward_propagation_with_dropout
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Backward pass through inverted dropout: dA2 and dA1 masked by D2 / D1 and divided by keep_prob."""
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3) * D2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2) * D1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1,
          on_iteration=None):
    """The exercise's network [n_x, 20, 3, 1] with at most one regularizer (L2 or dropout).

    Weights start as reg_utils.initialize_parameters (seed 3, randn / sqrt(n_prev)). Prints the
    cost every 10000 iterations when ``print_cost``. Returns (parameters, costs every 1000).
    """
    if lambd != 0 and keep_prob < 1:
        raise ValueError("use L2 regularization or dropout, not both")
    costs = []
    parameters = reg_utils.initialize_parameters([X.shape[0], 20, 3, 1])
    for i in range(num_iterations):
        if keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        else:
            a3, cache = reg_utils.forward_propagation(X, parameters)
        cost = compute_cost_with_regularization(a3, Y, parameters, lambd) if lambd else compute_cost(a3, Y)
        if lambd:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        else:
            grads = reg_utils.backward_propagation(X, Y, cache)
        parameters = reg_utils.update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
        if print_cost and i % 10000 == 0:
            print(f"Cost after iteration {i}: {cost}")
        if on_iteration is not None:
            on_iteration(i, cost)
    return parameters, costs


# ---------------------------------------------------------------- hidden cases
def _network(rng: np.random.Generator, n_x: int, hidden: tuple[int, int]) -> dict:
    dims = [n_x, *hidden, 1]
    return {f"{p}{l}": rng.standard_normal((dims[l], dims[l - 1]) if p == "W" else (dims[l], 1))
            for l in range(1, 4) for p in ("W", "b")}


def _problem(rng: np.random.Generator, m: int, narrow: bool = False) -> tuple[np.ndarray, np.ndarray, dict]:
    """A network and m examples; ``narrow``: hidden layers of one unit each."""
    n_x = int(rng.integers(2, 6))
    hidden = (1, 1) if narrow else (int(rng.integers(2, 8)), int(rng.integers(2, 6)))
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(int)
    return X, Y, _network(rng, n_x, hidden)


def _sizes(rng: np.random.Generator) -> list[int]:
    """Example counts: a single example, a few (with one-unit hidden layers: ``_problem(…, narrow)``), many."""
    return [1, int(rng.integers(3, 9)), int(rng.integers(40, 90))]


NARROW = 1  # the index of the case of each generator whose hidden layers have one unit


def cost_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for index, (m, lambd) in enumerate(zip(_sizes(rng), (0.3, 0.0, 1.7), strict=True)):
        X, Y, parameters = _problem(rng, m, narrow=index == NARROW)
        A3, _ = reg_utils.forward_propagation(X, parameters)
        A3 = np.clip(A3, 1e-6, 1 - 1e-6)
        cases.append({"args": [A3, Y, parameters, lambd]})
    return cases


def backward_regularization_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for index, (m, lambd) in enumerate(zip(_sizes(rng), (0.45, 2.5, 0.05), strict=True)):
        X, Y, parameters = _problem(rng, m, narrow=index == NARROW)
        _, cache = reg_utils.forward_propagation(X, parameters)
        cases.append({"args": [X, Y, cache, lambd]})
    return cases


def dropout_forward_cases(rng: np.random.Generator) -> list[dict]:
    """Other networks and keep_probs, and one call with the default keep_prob (0.5)."""
    cases = []
    for index, (m, keep_prob) in enumerate(zip(_sizes(rng), (0.9, 0.55, 0.8), strict=True)):
        X, _, parameters = _problem(rng, m, narrow=index == NARROW)
        cases.append({"args": [X, parameters, keep_prob]})
    cases.append({"args": list(_default_keep_prob_case(rng))})
    return cases


DEFAULT_CASE_ACTIVE = 60  # positive units per hidden layer in the default-keep_prob case


def _default_keep_prob_case(rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Inputs for the call that leaves keep_prob at its default: with at least DEFAULT_CASE_ACTIVE positive units in
    each hidden layer, so that a wrong default shows in the scale of the kept activations (a mask that keeps none of
    60 active units happens with probability 0.3**60 for keep_prob 0.7); with few active units a wrong default would
    pass on some seeds (its masks alone cannot tell 0.7 from 0.5 on a few dozen entries)."""
    for _ in range(100):
        X, _, parameters = _problem(rng, int(rng.integers(40, 90)))
        A1 = relu(parameters["W1"] @ X + parameters["b1"])
        A2 = relu(parameters["W2"] @ A1 + parameters["b2"])
        if min(np.count_nonzero(A1), np.count_nonzero(A2)) >= DEFAULT_CASE_ACTIVE:
            return X, parameters
    raise RuntimeError("no network with enough active units in 100 draws")


def dropout_cache(rng: np.random.Generator, X: np.ndarray, parameters: dict, keep_prob: float,
                  boolean: bool = False) -> tuple:
    """The cache of a dropout forward pass whose masks the grader draws from ``rng`` (not numpy's global stream)."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    D1 = rng.random(Z1.shape) < keep_prob
    A1 = relu(Z1) * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    D2 = rng.random(Z2.shape) < keep_prob
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    if not boolean:
        D1, D2 = D1.astype(int), D2.astype(int)
    return (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def dropout_backward_cases(rng: np.random.Generator) -> list[dict]:
    """Caches of forward passes with masks drawn by the grader (0/1 integers, then booleans, then integers)."""
    cases = []
    for index, (m, keep_prob) in enumerate(zip(_sizes(rng), (0.75, 0.6, 0.95), strict=True)):
        X, Y, parameters = _problem(rng, m, narrow=index == NARROW)
        cache = dropout_cache(rng, X, parameters, keep_prob, boolean=index == 1)
        cases.append({"args": [X, Y, cache, keep_prob]})
    return cases


# The semantic checks' large input (grader/semantics.py): a (100, 2000) first and a (50, 2000)
# second activation, so that each mask has 100,000 or more entries. keep_prob is fixed (not
# secret, and far from 0.5, where keeping the units above keep_prob would go unnoticed).
SEMANTIC_KEEP_PROB = 0.7
SEMANTIC_DIMS = (10, 100, 50, 1)
SEMANTIC_EXAMPLES = 2000


def dropout_semantic_cases(rng: np.random.Generator) -> list[dict]:
    """One large forward pass for the statistical tests of the dropout masks."""
    dims = SEMANTIC_DIMS
    X = rng.standard_normal((dims[0], SEMANTIC_EXAMPLES))
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = 0.1 * rng.standard_normal((dims[l], 1))
    return [{"args": [X, parameters, SEMANTIC_KEEP_PROB]}]
