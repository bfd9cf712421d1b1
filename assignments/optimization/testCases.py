"""Canonical inputs of the Optimization methods exercise's checks (course module name ``testCases``).

The course draws every case from ``np.random.seed(1)`` followed by ``randn`` calls in a fixed
order (W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1), then dW1, db1, dW2, db2 of the same shapes);
here the same stream comes from a private ``np.random.RandomState(1)``, so that calling a test
case leaves numpy's global random state alone. Adam's case is the 2021 edition's: it also
returns t = 2, learning_rate = 0.02, beta1 = 0.8, beta2 = 0.888 and epsilon = 1e-2.
"""

import numpy as np

SHAPES = (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 3)), ("b2", (3, 1)))


def _parameters_and_grads():
    rng = np.random.RandomState(1)
    parameters = {name: rng.randn(*shape) for name, shape in SHAPES}
    grads = {"d" + name: rng.randn(*shape) for name, shape in SHAPES}
    return parameters, grads


def _zeros():
    return {"d" + name: np.zeros(shape) for name, shape in (SHAPES[0], SHAPES[2], SHAPES[1], SHAPES[3])}


def update_parameters_with_gd_test_case():
    """parameters, grads and learning_rate = 0.01."""
    parameters, grads = _parameters_and_grads()
    return parameters, grads, 0.01


def random_mini_batches_test_case():
    """X (12288, 148), Y (1, 148) of booleans and mini_batch_size = 64."""
    rng = np.random.RandomState(1)
    X = rng.randn(12288, 148)
    Y = rng.randn(1, 148) < 0.5
    return X, Y, 64


def initialize_velocity_test_case():
    """The parameters W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)."""
    return _parameters_and_grads()[0]


def update_parameters_with_momentum_test_case():
    """parameters, grads and a zero velocity v."""
    parameters, grads = _parameters_and_grads()
    return parameters, grads, _zeros()


def initialize_adam_test_case():
    """The parameters W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)."""
    return _parameters_and_grads()[0]


def update_parameters_with_adam_test_case():
    """parameters, grads, zero v and s, t = 2, learning_rate = 0.02, beta1 = 0.8, beta2 = 0.888, epsilon = 1e-2."""
    parameters, grads = _parameters_and_grads()
    return parameters, grads, _zeros(), _zeros(), 2, 0.02, 0.8, 0.888, 1e-2

