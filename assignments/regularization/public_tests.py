"""Self-checks of the Regularization exercise (course module name ``public_tests``).

Each ``<function>_test(target)`` runs ``target`` on the course's canonical case from ``testCases``,
prints a green "All tests passed." when it behaves like the course's solution and raises
``AssertionError`` with a specific message otherwise. The expected numbers are the ones printed by
the course's notebook.
"""

import numpy as np

from testCases import (
    backward_propagation_with_dropout_test_case,
    backward_propagation_with_regularization_test_case,
    compute_cost_with_regularization_test_case,
    forward_propagation_with_dropout_test_case,
)

PASSED = "\033[92m All tests passed.\033[0m"
GRAD_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")


def _check_array(name, value, expected, atol=1e-7):
    expected = np.asarray(expected)
    assert isinstance(value, np.ndarray), f"{name} must be a numpy array, got {type(value).__name__}"
    assert value.shape == expected.shape, f"Wrong shape for {name}: expected {expected.shape}, got {value.shape}"
    assert np.allclose(value, expected, rtol=0, atol=atol), (
        f"Wrong values for {name}.\nExpected:\n{expected}\nGot:\n{value}")


def _check_gradients(grads, expected, shapes):
    assert isinstance(grads, dict), f"The gradients must be a dict, got {type(grads).__name__}"
    missing = [key for key in GRAD_KEYS if key not in grads]
    assert not missing, f"Missing gradients: {', '.join(missing)}"
    for key in GRAD_KEYS:
        shape = shapes[key[1:]]
        assert np.shape(grads[key]) == shape, (
            f"Wrong shape for {key}: expected {shape} (the shape of {key[1:]}), got {np.shape(grads[key])}")
    for key, value in expected.items():
        _check_array(key, grads[key], value)


def compute_cost_with_regularization_test(target):
    A3, Y, parameters = compute_cost_with_regularization_test_case()
    lambd = 0.1
    cost = target(A3, Y, parameters, lambd)
    assert np.ndim(cost) == 0, f"The cost must be a scalar, got an array of shape {np.shape(cost)}"
    assert np.issubdtype(np.asarray(cost).dtype, np.floating), f"The cost must be a float, got {type(cost).__name__}"
    expected = 1.7864859451590758
    assert np.isclose(cost, expected, rtol=1e-7, atol=0), f"Wrong cost: expected {expected}, got {cost}"
    unregularized = 1.0 / 5 * np.nansum(-np.log(A3) * Y - np.log(1 - A3) * (1 - Y))
    assert np.isclose(target(A3, Y, parameters, 0.0), unregularized, rtol=1e-7, atol=0), (
        "With lambd = 0 the cost must be the plain cross-entropy cost")
    print(PASSED)


def backward_propagation_with_regularization_test(target):
    X, Y, cache = backward_propagation_with_regularization_test_case()
    lambd = 0.7
    grads = target(X, Y, cache, lambd)
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    expected = {
        "dW1": [[-0.25604646, 0.12298827, -0.28297129],
                [-0.17706303, 0.34536094, -0.4410571]],
        "dW2": [[0.79276486, 0.85133918],
                [-0.0957219, -0.01720463],
                [-0.13100772, -0.03750433]],
        "dW3": [[-1.77691347, -0.11832879, -0.09397446]],
        "db1": [[0.11845855], [0.21236874]],
        "db2": [[0.26135226], [0.0], [0.0]],
        "db3": [[-0.38032981]],
    }
    _check_gradients(grads, expected, shapes)
    print(PASSED)


def forward_propagation_with_dropout_test(target):
    X, parameters = forward_propagation_with_dropout_test_case()
    keep_prob = 0.7
    result = target(X, parameters, keep_prob)
    assert isinstance(result, tuple) and len(result) == 2, "Return A3 and cache"
    A3, cache = result
    _check_array("A3", A3, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])
    assert len(cache) == 14, (
        f"The cache must be (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), got {len(cache)} items")
    Z1, D1, A1, Z2, D2, A2 = cache[0], cache[1], cache[2], cache[5], cache[6], cache[7]
    expected_D1 = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]])
    expected_D2 = np.array([[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]])
    for name, mask, expected in (("D1", D1, expected_D1), ("D2", D2, expected_D2)):
        mask = np.asarray(mask)
        assert mask.shape == expected.shape, f"Wrong shape for {name}: expected {expected.shape}, got {mask.shape}"
        assert set(np.unique(mask.astype(float))) <= {0.0, 1.0}, (
            f"{name} must contain only 0 and 1 (compare the random numbers with keep_prob)")
        assert np.array_equal(mask.astype(int), expected), (
            f"Wrong {name}: expected\n{expected}\ngot\n{mask.astype(int)}\n"
            "Draw D1 then D2 with np.random.rand of the shapes of A1 and A2, and keep the entries < keep_prob")
    for name, A, Z, D in (("A1", A1, Z1, D1), ("A2", A2, Z2, D2)):
        _check_array(name, A, np.maximum(0, Z) * np.asarray(D) / keep_prob)
    print(PASSED)


def backward_propagation_with_dropout_test(target):
    X, Y, cache = backward_propagation_with_dropout_test_case()
    keep_prob = 0.8
    grads = target(X, Y, cache, keep_prob)
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    expected = {"dW3": [[-0.06951191, 0.0, 0.0]], "db3": [[-0.2715031]]}
    _check_gradients(grads, expected, shapes)
    for key in ("dA1", "dA2"):
        assert key in grads, f"Missing {key} in the gradients"
    _check_array("dA2", grads["dA2"], [[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731],
                                       [0.0, 0.53159854, -0.0, 0.53159854, -0.34089673],
                                       [0.0, 0.0, -0.00292733, 0.0, -0.0]])
    _check_array("dA1", grads["dA1"], [[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748],
                                       [0.65515713, 0.0, -0.00337459, 0.0, -0.0]])
    print(PASSED)
