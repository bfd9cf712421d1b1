"""The course's own notebooks of the Initialization exercise, edition by edition, laid out as the course lays them
out (its headers, markers and test cells; written here, not copied): tests/test_course_editions.py grades each
with full marks."""

from __future__ import annotations

from grader.notebook_text import EDITION_MARKERS, course_edition

EDITIONS = ("v1", "v2a", "2021")
HEADER = """import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
from public_tests import *
from init_utils import sigmoid, relu, compute_loss, forward_propagation, backward_propagation
from init_utils import update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0) # set default size of plots
plt.rcParams['image.interpolation'] = 'nearest'

%load_ext autoreload
%autoreload 2

train_X, train_Y, test_X, test_Y = load_dataset()"""

BODY = """def {name}(layers_dims):
    {seed}parameters = {{}}
    L = len(layers_dims)            # number of layers in the network

    for l in range(1, L):
        {start}
        parameters['W' + str(l)] = {draw}
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        {end}
    return parameters
"""
INIT_DRAWS = {
    "initialize_parameters_zeros": ("", "np.zeros((layers_dims[l], layers_dims[l-1]))"),
    "initialize_parameters_random": ("np.random.seed(3)\n    ", "np.random.randn(layers_dims[l], layers_dims[l-1]) * 10"),
    "initialize_parameters_he": ("np.random.seed(3)\n    ",
                                 "np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2./layers_dims[l-1])"),
}



def cells(edition: str) -> list[str]:
    start, end = EDITION_MARKERS[edition]
    functions = {name: BODY.format(name=name, seed=seed, draw=draw, start=start, end=end)
                 for name, (seed, draw) in INIT_DRAWS.items()}
    return course_edition(HEADER, functions, with_tests=edition == "2021")
