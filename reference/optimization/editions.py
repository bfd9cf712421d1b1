"""The course's own notebooks of the Optimization methods exercise, edition by edition, laid out as the course
lays them out (its headers, markers and test cells; written here, not copied): tests/test_course_editions.py
grades each with full marks.

The 2017 and 2019 ("v1b") editions loop over ``range(L)`` with ``str(l + 1)`` keys, mark the student's code with
``### START CODE HERE ###``, have no public tests and no learning-rate decay, and their Adam returns
``parameters, v, s``; the 2017 one imports its helpers as ``opt_utils``. The 2021 edition has all eight functions.
"""

from __future__ import annotations

from grader.notebook_text import EDITION_MARKERS, course_edition

EDITIONS = ("2017", "v1b", "2021")
GRADED_AS = {"2017": "2017", "v1b": "2019", "2021": "2021"}  # the spec's editions (--edition)
HEADER = """import numpy as np
import matplotlib.pyplot as plt
import scipy.io
import math
import sklearn
import sklearn.datasets

from opt_utils_v1a import load_params_and_grads, initialize_parameters, forward_propagation, backward_propagation
from opt_utils_v1a import compute_cost, predict, predict_dec, plot_decision_boundary, load_dataset
from copy import deepcopy
from testCases import *
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0) # set default size of plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'

%load_ext autoreload
%autoreload 2"""

OLD = {  # 2017 and v1b: range(L), str(l+1)
    "update_parameters_with_gd": """def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2 # number of layers in the neural networks

    # Update rule for each parameter
    for l in range(L):
        {start}
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads['dW' + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads['db' + str(l+1)]
        {end}

    return parameters
""",
    "random_mini_batches": """def random_mini_batches(X, Y, mini_batch_size = 64, seed = 0):
    np.random.seed(seed)            # To make your "random" minibatches the same as ours
    m = X.shape[1]                  # number of training examples
    mini_batches = []

    # Step 1: Shuffle (X, Y)
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1,m))

    # Step 2: Partition (shuffled_X, shuffled_Y). Minus the end case.
    num_complete_minibatches = math.floor(m/mini_batch_size) # number of mini batches of size mini_batch_size in your partitionning
    for k in range(0, num_complete_minibatches):
        {start}
        mini_batch_X = shuffled_X[:, k * mini_batch_size : (k+1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size : (k+1) * mini_batch_size]
        {end}
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    # Handling the end case (last mini-batch < mini_batch_size)
    if m % mini_batch_size != 0:
        {start}
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size : m]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size : m]
        {end}
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    return mini_batches
""",
    "initialize_velocity": """def initialize_velocity(parameters):
    L = len(parameters) // 2 # number of layers in the neural networks
    v = {{}}

    # Initialize velocity
    for l in range(L):
        {start}
        v["dW" + str(l+1)] = np.zeros(parameters["W" + str(l+1)].shape)
        v["db" + str(l+1)] = np.zeros(parameters["b" + str(l+1)].shape)
        {end}

    return v
""",
    "update_parameters_with_momentum": """def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2 # number of layers in the neural networks

    # Momentum update for each parameter
    for l in range(L):
        {start}
        # compute velocities
        v["dW" + str(l+1)] = beta * v["dW" + str(l+1)] + (1 - beta) * grads['dW' + str(l+1)]
        v["db" + str(l+1)] = beta * v["db" + str(l+1)] + (1 - beta) * grads['db' + str(l+1)]
        # update parameters
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * v["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * v["db" + str(l+1)]
        {end}

    return parameters, v
""",
    "initialize_adam": """def initialize_adam(parameters) :
    L = len(parameters) // 2 # number of layers in the neural networks
    v = {{}}
    s = {{}}

    # Initialize v, s. Input: "parameters". Outputs: "v, s".
    for l in range(L):
        {start}
        v["dW" + str(l+1)] = np.zeros(parameters["W" + str(l+1)].shape)
        v["db" + str(l+1)] = np.zeros(parameters["b" + str(l+1)].shape)
        s["dW" + str(l+1)] = np.zeros(parameters["W" + str(l+1)].shape)
        s["db" + str(l+1)] = np.zeros(parameters["b" + str(l+1)].shape)
        {end}

    return v, s
""",
    "update_parameters_with_adam": """def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate = 0.01,
                                beta1 = 0.9, beta2 = 0.999,  epsilon = 1e-8):
    L = len(parameters) // 2                 # number of layers in the neural networks
    v_corrected = {{}}                         # Initializing first moment estimate, python dictionary
    s_corrected = {{}}                         # Initializing second moment estimate, python dictionary

    # Perform Adam update on all parameters
    for l in range(L):
        # Moving average of the gradients. Inputs: "v, grads, beta1". Output: "v".
        {start}
        v["dW" + str(l+1)] = beta1 * v["dW" + str(l+1)] + (1 - beta1) * grads['dW' + str(l+1)]
        v["db" + str(l+1)] = beta1 * v["db" + str(l+1)] + (1 - beta1) * grads['db' + str(l+1)]
        {end}

        # Compute bias-corrected first moment estimate. Inputs: "v, beta1, t". Output: "v_corrected".
        {start}
        v_corrected["dW" + str(l+1)] = v["dW" + str(l+1)] / (1 - np.power(beta1, t))
        v_corrected["db" + str(l+1)] = v["db" + str(l+1)] / (1 - np.power(beta1, t))
        {end}

        # Moving average of the squared gradients. Inputs: "s, grads, beta2". Output: "s".
        {start}
        s["dW" + str(l+1)] = beta2 * s["dW" + str(l+1)] + (1 - beta2) * np.power(grads['dW' + str(l+1)], 2)
        s["db" + str(l+1)] = beta2 * s["db" + str(l+1)] + (1 - beta2) * np.power(grads['db' + str(l+1)], 2)
        {end}

        # Compute bias-corrected second raw moment estimate. Inputs: "s, beta2, t". Output: "s_corrected".
        {start}
        s_corrected["dW" + str(l+1)] = s["dW" + str(l+1)] / (1 - np.power(beta2, t))
        s_corrected["db" + str(l+1)] = s["db" + str(l+1)] / (1 - np.power(beta2, t))
        {end}

        # Update parameters. Inputs: "parameters, learning_rate, v_corrected, s_corrected, epsilon". Output: "parameters".
        {start}
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * v_corrected["dW" + str(l+1)] / (np.sqrt(s_corrected["dW" + str(l+1)]) + epsilon)
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * v_corrected["db" + str(l+1)] / (np.sqrt(s_corrected["db" + str(l+1)]) + epsilon)
        {end}

    return parameters, v, s{returned}
""",
}

DECAY = {  # 2021 only
    "update_lr": """def update_lr(learning_rate0, epoch_num, decay_rate):
    #(approx. 1 line)
    # learning_rate =
    {start}
    learning_rate = (1 / (1 + decay_rate * epoch_num)) * learning_rate0
    {end}
    return learning_rate
""",
    "schedule_lr_decay": """def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    # (approx. 1 lines)
    # learning_rate = ...
    {start}
    learning_rate = (1 / (1 + decay_rate * np.floor(epoch_num / time_interval))) * learning_rate0
    {end}
    return learning_rate
""",
}


def _loops_2021(body: str) -> str:
    """The 2021 edition's loops: range(1, L + 1) and str(l)."""
    return body.replace("for l in range(L):", "for l in range(1, L + 1):").replace("str(l+1)", "str(l)")


def cells(edition: str) -> list[str]:
    start, end = EDITION_MARKERS["2021" if edition == "2021" else "v2a"]
    returned = ", v_corrected, s_corrected" if edition == "2021" else ""
    functions = {name: body.format(start=start, end=end, returned=returned) for name, body in OLD.items()}
    header = HEADER
    if edition == "2021":
        functions = {name: _loops_2021(body) for name, body in functions.items()}
        functions.update({name: body.format(start=start, end=end) for name, body in DECAY.items()})
    elif edition == "2017":
        header = HEADER.replace("opt_utils_v1a", "opt_utils")
    return course_edition(header, functions, with_tests=edition == "2021", setup=("train_X, train_Y = load_dataset()",),
                          training='parameters = model(train_X, train_Y, [train_X.shape[0], 5, 2, 1], optimizer="gd")')
