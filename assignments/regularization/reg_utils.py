"""Helpers of the Regularization exercise (course module name ``reg_utils``)."""

import os

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
    update_parameters,
)
from nn_utils import cross_entropy as compute_cost  # noqa: F401
from two_d_dataset import generate_2d_dataset

DATA_MAT = os.path.join("datasets", "data.mat")


def initialize_parameters(layer_dims):
    """Weights randn / sqrt(n_prev) drawn after np.random.seed(3), biases zero."""
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def load_2D_dataset(path=None, plot=True):
    """The 2-D dataset: X as (2, m), Y as (1, m), 211 training and 200 test points.

    Reads ``datasets/data.mat`` (or ``path``) when it exists (keys X, y, Xval, yval);
    otherwise generates the project's own dataset of the same shapes, deterministically.
    """
    path = DATA_MAT if path is None else path
    if os.path.exists(path):
        import scipy.io

        data = scipy.io.loadmat(path)
        train_X, train_Y = data["X"].T, data["y"].T
        test_X, test_Y = data["Xval"].T, data["yval"].T
    else:
        train_X, train_Y, test_X, test_Y = generate_2d_dataset()
    if plot:
        scatter(train_X, train_Y)
    return train_X, train_Y, test_X, test_Y
