"""Helpers of the Optimization methods exercise (course module name ``opt_utils_v1a``).

The network is the shared three-layer one (``nn_utils``); what differs from the other exercises'
helpers is the course's: ``compute_cost`` returns the *sum* of the losses over the mini-batch (the
model averages over the epoch), ``initialize_parameters`` is He initialization after
``np.random.seed(3)``, and ``load_dataset`` is scikit-learn's ``make_moons`` after
``np.random.seed(3)`` (300 points, noise 0.2, no test set).
"""

import numpy as np

from nn_utils import (  # noqa: F401  (re-exported under the course's names)
    backward_propagation,
    forward_propagation,
    plot_decision_boundary,
    predict,
    predict_dec,
    relu,
    scatter,
    sigmoid,
)


def load_params_and_grads(seed=1):
    """W1, b1, W2, b2 and their gradients dW1, db1, dW2, db2, drawn from N(0, 1) after np.random.seed(seed)."""
    np.random.seed(seed)
    W1 = np.random.randn(2, 3)
    b1 = np.random.randn(2, 1)
    W2 = np.random.randn(3, 3)
    b2 = np.random.randn(3, 1)
    dW1 = np.random.randn(2, 3)
    db1 = np.random.randn(2, 1)
    dW2 = np.random.randn(3, 3)
    db2 = np.random.randn(3, 1)
    return W1, b1, W2, b2, dW1, db1, dW2, db2


def initialize_parameters(layer_dims):
    """He initialization of a network of sizes ``layer_dims``: randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}), zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        assert parameters["W" + str(l)].shape == (layer_dims[l], layer_dims[l - 1])
        assert parameters["b" + str(l)].shape == (layer_dims[l], 1)
    return parameters


def compute_cost(a3, Y):
    """The cross-entropy losses of the mini-batch, summed (not averaged: the model divides by m per epoch)."""
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)


def load_dataset(plot=True):
    """The "moons" dataset: 300 points with noise 0.2 after np.random.seed(3); X as (2, m), Y as (1, m)."""
    import sklearn.datasets

    np.random.seed(3)
    train_X, train_Y = sklearn.datasets.make_moons(n_samples=300, noise=0.2)
    train_X = train_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0]))
    if plot:
        scatter(train_X, train_Y)
    return train_X, train_Y
