"""Self-checks of the Initialization exercise (course module name ``public_tests``).

Each ``<function>_test(target)`` runs ``target`` on the course's canonical layer sizes from
``testCases``, prints a green "All tests passed." when it behaves like the course's solution and
raises ``AssertionError`` with a specific message otherwise. The expected weights are the ones
printed by the course's notebook (8 decimals).
"""

import numpy as np

from testCases import (
    initialize_parameters_he_test_case,
    initialize_parameters_he_test_case_2,
    initialize_parameters_random_test_case,
    initialize_parameters_zeros_test_case,
)

PASSED = "\033[92m All tests passed.\033[0m"


def _check_parameters(parameters, layers_dims, expected, hint):
    assert isinstance(parameters, dict), f"Return a dict of parameters, got {type(parameters).__name__}"
    L = len(layers_dims)
    keys = [p + str(l) for l in range(1, L) for p in ("W", "b")]
    missing = [key for key in keys if key not in parameters]
    assert not missing, f"Missing parameters for layers_dims = {layers_dims}: {', '.join(missing)}"
    assert len(parameters) == len(keys), (
        f"Expected exactly the keys {keys} for layers_dims = {layers_dims}, got {sorted(parameters)}")
    for l in range(1, L):
        for key, shape in (("W" + str(l), (layers_dims[l], layers_dims[l - 1])), ("b" + str(l), (layers_dims[l], 1))):
            value = parameters[key]
            assert isinstance(value, np.ndarray), f"{key} must be a numpy array, got {type(value).__name__}"
            assert value.shape == shape, (
                f"Wrong shape for {key} with layers_dims = {layers_dims}: expected {shape}, got {value.shape}")
            assert np.issubdtype(value.dtype, np.floating), f"{key} must hold floats, got dtype {value.dtype}"
            if key.startswith("b"):
                assert np.all(value == 0), f"{key} must be initialized with zeros"
    for key, value in expected.items():
        assert np.allclose(parameters[key], value, rtol=0, atol=1e-7), (
            f"Wrong values for {key} with layers_dims = {layers_dims}.\n"
            f"Expected:\n{np.asarray(value)}\nGot:\n{parameters[key]}\n{hint}")


def initialize_parameters_zeros_test(target):
    layers_dims = initialize_parameters_zeros_test_case()
    expected = {"W1": np.zeros((2, 3)), "W2": np.zeros((1, 2))}
    _check_parameters(target(layers_dims), layers_dims, expected, "Every weight must be 0 (use np.zeros).")
    print(PASSED)


def initialize_parameters_random_test(target):
    layers_dims = initialize_parameters_random_test_case()
    expected = {
        "W1": [[17.88628473, 4.36509851, 0.96497468],
               [-18.63492703, -2.77388203, -3.54758979]],
        "W2": [[-0.82741481, -6.27000677]],
    }
    hint = "Call np.random.seed(3) first, then np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10."
    _check_parameters(target(layers_dims), layers_dims, expected, hint)
    print(PASSED)


def initialize_parameters_he_test(target):
    hint = "Call np.random.seed(3) first, then np.random.randn(...) * np.sqrt(2 / layers_dims[l - 1])."
    layers_dims = initialize_parameters_he_test_case()
    expected = {
        "W1": [[1.78862847, 0.43650985],
               [0.09649747, -1.8634927],
               [-0.2773882, -0.35475898],
               [-0.08274148, -0.62700068]],
        "W2": [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]],
    }
    _check_parameters(target(layers_dims), layers_dims, expected, hint)
    layers_dims = initialize_parameters_he_test_case_2()
    expected = {
        "W1": [[1.46040903, 0.3564088, 0.07878985]],
        "W2": [[-2.63537665], [-0.39228616]],
    }
    _check_parameters(target(layers_dims), layers_dims, expected, hint)
    print(PASSED)
