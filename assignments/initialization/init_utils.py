"""Helpers of the Initialization exercise (course module name ``init_utils``)."""

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
from nn_utils import cross_entropy as compute_loss  # noqa: F401


def load_dataset(plot=True):
    """The "circles" dataset: 300 training and 100 test points, X as (2, m), Y as (1, m)."""
    import sklearn.datasets

    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    train_X, test_X = train_X.T, test_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0]))
    test_Y = test_Y.reshape((1, test_Y.shape[0]))
    if plot:
        scatter(train_X, train_Y)
    return train_X, train_Y, test_X, test_Y
