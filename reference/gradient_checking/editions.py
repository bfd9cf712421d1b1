"""The course's own notebooks of the Gradient Checking exercise, edition by edition, laid out as the course lays them
out (its headers, markers and test cells; written here, not copied): tests/test_course_editions.py grades each
with full marks."""

from __future__ import annotations

from grader.notebook_text import EDITION_MARKERS, course_edition

EDITIONS = ("v1", "v2a", "2021")
HEADER = """import numpy as np
from testCases import *
from public_tests import *
from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector

%load_ext autoreload
%autoreload 2"""
REPORTS = {
    'v1': ('', 'if difference < 1e-7:\n        print("The gradient is correct!")\n    else:\n        print("The gradient is wrong!")'),
    'v2a': ('', 'if difference > 2e-7:\n        print("There is a mistake!")'),
    '2021': (', print_msg=False', 'if print_msg:\n        if difference > 2e-7:\n            print("\\033[93m mistake \\033[0m")\n        else:\n            print("\\033[92m fine \\033[0m")'),
}

FUNCTIONS = {
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

GIVEN_N = '''def forward_propagation_n(X, Y, parameters):
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



def cells(edition: str, training: bool = True) -> list[str]:
    start, end = EDITION_MARKERS[edition]
    print_arg, report = REPORTS[edition]
    functions = {name: body.format(start=start, end=end, print_arg=print_arg, report=report)
                 for name, body in FUNCTIONS.items()}
    return course_edition(HEADER, functions, with_tests=edition == "2021", before={"gradient_check_n": GIVEN_N},
                          training=None if not training else "parameters = model(train_X, train_Y)  # not run")
