"""The course's own notebooks of the Regularization exercise, edition by edition, laid out as the course lays them
out (its headers, markers and test cells; written here, not copied): tests/test_course_editions.py grades each
with full marks."""

from __future__ import annotations

from grader.notebook_text import EDITION_MARKERS, course_edition

EDITIONS = ("v1", "v2a", "2021")
HEADER = """import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
import scipy.io
from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, load_2D_dataset, predict_dec
from reg_utils import compute_cost, predict, forward_propagation, backward_propagation, update_parameters
from testCases import *
from public_tests import *

%matplotlib inline
%load_ext autoreload
%autoreload 2"""
MASKS = {
    'v1': ('D1 < keep_prob', 'D2 < keep_prob'),
    'v2a': ('(D1 < keep_prob).astype(int)', '(D2 < keep_prob).astype(int)'),
    '2021': ('(D1 < keep_prob).astype(int)', '(D2 < keep_prob).astype(int)'),
}

FUNCTIONS = {
    "compute_cost_with_regularization": """def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y) # This gives you the cross-entropy part of the cost
    {start}
    L2_regularization_cost = (1/m)*(lambd/2)*(np.sum(np.square(W1))+np.sum(np.square(W2))+np.sum(np.square(W3)))
    {end}
    cost = cross_entropy_cost + L2_regularization_cost
    return cost
""",
    "backward_propagation_with_regularization": """def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    {start}
    dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd * W3) / m
    {end}
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1./m * np.dot(dZ2, A1.T) + (lambd * W2) / m
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1./m * np.dot(dZ1, X.T) + (lambd * W1) / m
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {{"dZ3": dZ3, "dW3": dW3, "db3": db3,"dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}}
    return gradients
""",
    "forward_propagation_with_dropout": """def forward_propagation_with_dropout(X, parameters, keep_prob = 0.5):
    np.random.seed(1)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    {start}
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = {mask1}
    A1 = A1 * D1
    A1 = A1 / keep_prob
    {end}
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = {mask2}
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
""",
    "backward_propagation_with_dropout": """def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1./m * np.dot(dZ3, A2.T)
    db3 = 1./m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    {start}
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    {end}
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1./m * np.dot(dZ2, A1.T)
    db2 = 1./m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1./m * np.dot(dZ1, X.T)
    db1 = 1./m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {{"dZ3": dZ3, "dW3": dW3, "db3": db3,"dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}}
    return gradients
""",
}



def cells(edition: str) -> list[str]:
    start, end = EDITION_MARKERS[edition]
    mask1, mask2 = MASKS[edition]
    functions = {name: body.format(start=start, end=end, mask1=mask1, mask2=mask2) for name, body in FUNCTIONS.items()}
    return course_edition(HEADER, functions, with_tests=edition == "2021",
                          setup=("train_X, train_Y, test_X, test_Y = load_2D_dataset()",))
