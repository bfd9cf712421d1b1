"""The helpers under the first (2017) edition's module name, ``opt_utils``: those of ``opt_utils_v1a``,
except that ``compute_cost`` returns the mean loss of the mini-batch, as that edition's model expects."""

import numpy as np
from opt_utils_v1a import (  # noqa: F401  (re-exported under the 2017 edition's module name)
    backward_propagation,
    forward_propagation,
    initialize_parameters,
    load_dataset,
    load_params_and_grads,
    plot_decision_boundary,
    predict,
    predict_dec,
    relu,
    sigmoid,
)


def compute_cost(a3, Y):
    """The mean cross-entropy loss of the mini-batch (the 2017 edition; opt_utils_v1a returns the sum)."""
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1.0 / m * np.sum(logprobs)
