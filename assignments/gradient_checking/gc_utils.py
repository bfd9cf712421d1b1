"""Helpers of the Gradient Checking exercise (course module name ``gc_utils``).

Parameters of the [4, 5, 3, 1] network are flattened in the order W1, b1, W2, b2, W3, b3.
"""

import numpy as np

from nn_utils import relu, sigmoid  # noqa: F401  (re-exported under the course's names)

SHAPES = (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1)))


def dictionary_to_vector(parameters):
    """Stacks W1, b1, W2, b2, W3, b3 into one column vector; also returns the key of each row."""
    keys = []
    pieces = []
    for key, _ in SHAPES:
        column = np.reshape(parameters[key], (-1, 1))
        keys = keys + [key] * column.shape[0]
        pieces.append(column)
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(theta):
    """Inverse of dictionary_to_vector for the [4, 5, 3, 1] network."""
    parameters = {}
    start = 0
    for key, shape in SHAPES:
        size = shape[0] * shape[1]
        parameters[key] = theta[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Stacks dW1, db1, dW2, db2, dW3, db3 into one column vector."""
    return np.concatenate([np.reshape(gradients["d" + key], (-1, 1)) for key, _ in SHAPES], axis=0)


def forward_propagation_n(X, Y, parameters):
    """Cost of the [4, 5, 3, 1] network and its cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).

    Not in the course's gc_utils (the notebook defines it); the grader uses this copy so
    that a graded gradient_check_n is judged on its own.
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1.0 / m * np.sum(logprobs)
    return cost, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_n(X, Y, cache, bugs=True):
    """Gradients of forward_propagation_n's cost.

    With ``bugs=True`` (the exercise's version) dW2 is multiplied by 2 and db1 by 4, which
    gradient checking is meant to reveal; ``bugs=False`` is the correct backward pass.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) * (2 if bugs else 1)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = (4.0 if bugs else 1.0) / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
