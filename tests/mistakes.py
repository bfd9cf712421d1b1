"""Realistic mistakes, as edits of the reference code, that the grader must fail.

Each entry: (function, description, edits). Used by the grading tests; every mistake must
make its function not pass while every other function keeps passing.
"""

from __future__ import annotations

MISTAKES: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {
    "initialization": [
        ("initialize_parameters_zeros", "biases of shape (n,)",
         [("np.zeros((layers_dims[l], 1))", "np.zeros((layers_dims[l],))")]),
        ("initialize_parameters_zeros", "weights transposed",
         [("np.zeros((layers_dims[l], layers_dims[l - 1]))", "np.zeros((layers_dims[l - 1], layers_dims[l]))")]),
        ("initialize_parameters_zeros", "last layer forgotten",
         [("range(1, len(layers_dims))", "range(1, len(layers_dims) - 1)")]),
        ("initialize_parameters_random", "scaled by 0.01 instead of 10", [("* 10", "* 0.01")]),
        ("initialize_parameters_random", "uniform instead of normal draws", [("np.random.randn(", "np.random.rand(")]),
        ("initialize_parameters_random", "biases random too",
         [('np.zeros((layers_dims[l], 1))', 'np.random.randn(layers_dims[l], 1)')]),
        ("initialize_parameters_he", "scaled by the current layer's size",
         [("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(2.0 / layers_dims[l])")]),
        ("initialize_parameters_he", "Xavier scale sqrt(1/n)", [("np.sqrt(2.0 /", "np.sqrt(1.0 /")]),
        ("initialize_parameters_he", "no square root", [("np.sqrt(2.0 / layers_dims[l - 1])", "(2.0 / layers_dims[l - 1])")]),
    ],
    "regularization": [
        ("compute_cost_with_regularization", "forgot the 1/2", [("lambd / (2 * m)", "lambd / m")]),
        ("compute_cost_with_regularization", "sum of weights, not squares",
         [("np.sum(np.square(W1))", "np.sum(W1)")]),
        ("compute_cost_with_regularization", "W3 left out", [(" + np.sum(np.square(W3))", "")]),
        ("backward_propagation_with_regularization", "term without 1/m",
         [("lambd / m * W2", "lambd * W2")]),
        ("backward_propagation_with_regularization", "bias regularized",
         [("db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)",
           "db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True) + lambd / m * b1")]),
        ("backward_propagation_with_regularization", "term doubled", [("lambd / m * W3", "2 * lambd / m * W3")]),
        ("forward_propagation_with_dropout", "no inverted scaling", [("A1 = A1 * D1 / keep_prob", "A1 = A1 * D1")]),
        ("forward_propagation_with_dropout", "mask kept where >= keep_prob",
         [("np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob", "np.random.rand(A1.shape[0], A1.shape[1]) >= keep_prob")]),
        ("forward_propagation_with_dropout", "second mask not applied", [("A2 = A2 * D2 / keep_prob", "A2 = A2 / keep_prob")]),
        ("backward_propagation_with_dropout", "no division by keep_prob", [("* D2 / keep_prob", "* D2")]),
        ("backward_propagation_with_dropout", "first mask forgotten", [("np.dot(W2.T, dZ2) * D1 / keep_prob",
                                                                         "np.dot(W2.T, dZ2) / keep_prob")]),
        ("backward_propagation_with_dropout", "multiplied by keep_prob", [("* D1 / keep_prob", "* D1 * keep_prob")]),
    ],
    "gradient_checking": [
        ("forward_propagation", "theta + x", [("np.dot(theta, x)", "theta + x")]),
        ("forward_propagation", "theta squared times x", [("np.dot(theta, x)", "theta ** 2 * x")]),
        ("forward_propagation", "returns x", [("np.dot(theta, x)", "x")]),
        ("backward_propagation", "returns theta", [("return x", "return theta")]),
        ("backward_propagation", "returns theta * x", [("return x", "return theta * x")]),
        ("backward_propagation", "returns 1", [("return x", "return 1")]),
        ("gradient_check", "one-sided difference",
         [("J_minus = forward_propagation(x, theta - epsilon)", "J_minus = forward_propagation(x, theta)"),
          ("/ (2 * epsilon)", "/ epsilon")]),
        ("gradient_check", "factor 2 missing", [("/ (2 * epsilon)", "/ epsilon")]),
        ("gradient_check", "no denominator", [("difference = numerator / denominator", "difference = numerator")]),
        ("gradient_check", "sign error", [("(J_plus - J_minus)", "(J_minus - J_plus)")]),
        ("gradient_check_n", "no denominator", [("difference = numerator / denominator", "difference = numerator")]),
        ("gradient_check_n", "factor 2 missing", [("/ (2 * epsilon)", "/ epsilon")]),
        ("gradient_check_n", "theta_minus not reset",
         [("theta_minus = np.copy(parameters_values)", "theta_minus = theta_plus")]),
        ("gradient_check_n", "denominator without gradapprox",
         [("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad)")]),
    ],
}
