"""Solved notebooks laid out like the original course's editions grade with full marks unchanged.

The cells below follow the course's structure (first cells of imports and magics, the
``# GRADED FUNCTION:`` cells with their marker comments, test cells that call testCases /
public_tests, training cells that are not run by default) in its three editions: v1 (no
public_tests, ``### START CODE HERE ###``), v2a (same markers, boolean dropout masks) and 2021
(``# YOUR CODE STARTS HERE``, ``print_msg`` arguments, ``public_tests`` imports, autoreload).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.pipeline import Options, grade_notebook

pytestmark = [pytest.mark.kernel]

HEADER_2021 = {
    "initialization": """import numpy as np
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

train_X, train_Y, test_X, test_Y = load_dataset()""",
    "regularization": """import numpy as np
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
%autoreload 2""",
    "gradient_checking": """import numpy as np
from testCases import *
from public_tests import *
from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector

%load_ext autoreload
%autoreload 2""",
}

INIT_BODY = """def {name}(layers_dims):
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

REGULARIZATION = {
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

GRADIENT_CHECKING = {
    "forward_propagation": "def forward_propagation(x, theta):\n    {start}\n    J = theta * x\n    {end}\n    return J\n",
    "backward_propagation": "def backward_propagation(x, theta):\n    {start}\n    dtheta = x\n    {end}\n    return dtheta\n",
    "gradient_check": """def gradient_check(x, theta, epsilon=1e-7{print_arg}):
    {start}
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    {end}
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    {report}
    return difference
""",
    "gradient_check_n": """def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7{print_arg}):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        {start}
        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus))
        thetaminus = np.copy(parameters_values)
        thetaminus[i][0] = thetaminus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
        {end}
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    {report}
    return difference
""",
}

NON_GRADED_GC = '''def forward_propagation_n(X, Y, parameters):
    m = X.shape[1]
    W1 = parameters["W1"]; b1 = parameters["b1"]; W2 = parameters["W2"]
    b2 = parameters["b2"]; W3 = parameters["W3"]; b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    log_probs = np.multiply(-np.log(A3),Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(log_probs)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return cost, cache'''

EDITIONS = {
    "v1": {"start": "### START CODE HERE ### (≈ 2 lines of code)", "end": "### END CODE HERE ###",
           "mask1": "D1 < keep_prob", "mask2": "D2 < keep_prob", "print_arg": "",
           "report": 'if difference < 1e-7:\n        print("The gradient is correct!")\n    else:\n'
                     '        print("The gradient is wrong!")'},
    "v2a": {"start": "### START CODE HERE ###", "end": "### END CODE HERE ###",
            "mask1": "(D1 < keep_prob).astype(int)", "mask2": "(D2 < keep_prob).astype(int)", "print_arg": "",
            "report": 'if difference > 2e-7:\n        print("There is a mistake!")'},
    "2021": {"start": "# YOUR CODE STARTS HERE", "end": "# YOUR CODE ENDS HERE",
             "mask1": "(D1 < keep_prob).astype(int)", "mask2": "(D2 < keep_prob).astype(int)",
             "print_arg": ", print_msg=False",
             "report": 'if print_msg:\n        if difference > 2e-7:\n            print("\\033[93m mistake \\033[0m")\n'
                       '        else:\n            print("\\033[92m fine \\033[0m")'},
}


def course_notebook(assignment: str, edition: str, training: bool = True) -> nbformat.NotebookNode:
    marks = EDITIONS[edition]
    header = HEADER_2021[assignment]
    if edition != "2021":
        header = "\n".join(line for line in header.splitlines() if "public_tests" not in line and "autoreload" not in line)
    cells = [nbformat.v4.new_markdown_cell("# The course's notebook"), nbformat.v4.new_code_cell(header)]
    if assignment == "initialization":
        functions = {name: INIT_BODY.format(name=name, seed=seed, draw=draw, **marks)
                     for name, (seed, draw) in INIT_DRAWS.items()}
    elif assignment == "regularization":
        cells.append(nbformat.v4.new_code_cell("train_X, train_Y, test_X, test_Y = load_2D_dataset()"))
        functions = {name: body.format(**marks) for name, body in REGULARIZATION.items()}
    else:
        functions = {name: body.format(**marks) for name, body in GRADIENT_CHECKING.items()}
    for name, body in functions.items():
        if name == "gradient_check_n":
            cells.append(nbformat.v4.new_code_cell(NON_GRADED_GC))
        cells.append(nbformat.v4.new_code_cell(f"# GRADED FUNCTION: {name} \n\n{body}"))
        if edition == "2021":
            cells.append(nbformat.v4.new_code_cell(f"{name}_test({name})"))
    if training:
        cells.append(nbformat.v4.new_code_cell("parameters = model(train_X, train_Y)  # training: not run by default"))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("assignment", ["initialization", "regularization", "gradient_checking"])
def test_course_edition_grades_with_full_marks(assignment: str, edition: str, tmp_path: Path) -> None:
    path = tmp_path / f"{assignment}_{edition}.ipynb"
    nbformat.write(course_notebook(assignment, edition), path)
    result = grade_notebook(path, Options())
    assert result.assignment == assignment
    assert result.score == result.max_score, result.to_json()
    assert result.errors == [], result.errors


def test_course_2021_public_tests_run_in_full_mode(tmp_path: Path) -> None:
    """With --full the course's own test cells (public_tests) run too, against our helpers."""
    path = tmp_path / "gradient_checking_2021.ipynb"
    nbformat.write(course_notebook("gradient_checking", "2021", training=False), path)
    result = grade_notebook(path, Options(full=True))
    assert result.score == result.max_score, result.to_json()
    assert result.errors == [], result.errors
