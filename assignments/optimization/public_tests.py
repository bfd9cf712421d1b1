"""Self-checks of the Optimization methods exercise (course module name ``public_tests``).

Each ``<function>_test(target)`` runs ``target`` on the course's canonical case(s) from
``testCases`` (on copies: the update functions change the dictionaries they are given), prints a
green "All tests passed." when it behaves like the course's solution and raises
``AssertionError`` with a specific message otherwise. The expected values are the ones the
course prints (8 decimals).
"""

from copy import deepcopy

import numpy as np

from testCases import (
    initialize_adam_test_case,
    initialize_velocity_test_case,
    update_parameters_with_adam_test_case,
    update_parameters_with_gd_test_case,
    update_parameters_with_momentum_test_case,
)

PASSED = "\033[92m All tests passed.\033[0m"

GD = {
    "W1": [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]],
    "b1": [[1.74604067], [-0.75184921]],
    "W2": [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023],
           [1.1404819, -1.09976462, -0.1612551]],
    "b2": [[-0.88020257], [0.02561572], [0.57539477]],
}
MOMENTUM = {
    "W1": [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]],
    "b1": [[1.74493465], [-0.76027113]],
    "W2": [[0.31930698, -0.24990073, 1.4627996], [-2.05974396, -0.32173003, -0.38320915],
           [1.13444069, -1.0998786, -0.1713109]],
    "b2": [[-0.87809283], [0.04055394], [0.58207317]],
}
VELOCITY = {
    "dW1": [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]],
    "db1": [[-0.01228902], [-0.09357694]],
    "dW2": [[-0.02678881, 0.05303555, -0.06916608], [-0.03967535, -0.06871727, -0.08452056],
            [-0.06712461, -0.00126646, -0.11173103]],
    "db2": [[0.02344157], [0.16598022], [0.07420442]],
}
ADAM = {
    "W1": [[1.63942428, -0.6268425, -0.54320974], [-1.08782943, 0.85036983, -2.2865723]],
    "b1": [[1.75854357], [-0.74616067]],
    "W2": [[0.33356139, -0.26425199, 1.47707772], [-2.04538458, -0.30744933, -0.36903141],
           [1.14873036, -1.09256871, -0.15734651]],
    "b2": [[-0.89228024], [0.02707193], [0.56782561]],
}
ADAM_V_ROW0 = {"dW1": [-0.22012384, 0.22894474, 0.18031814], "dW2": [-0.05357762, 0.10607109, -0.13833215],
               "db1": [-0.02457805], "db2": [0.04688314]}
ADAM_S_ROW0 = {"dW1": [0.13567261, 0.14676395, 0.09104097], "dW2": [8.03757060e-03, 3.15030152e-02, 5.35801947e-02],
               "db1": [0.00169142], "db2": [0.00615448]}
MINI_BATCHES = [
    ([[1.74481176, -0.52817175], [-0.38405435, -0.24937038], [-1.10061918, -0.17242821],
      [-0.93576943, 0.50249434], [-0.67124613, -0.69166075]], [[True, True]]),
    ([[-0.61175641, -1.07296862], [0.3190391, 1.46210794], [-1.09989127, -0.87785842],
      [0.90159072, 0.90085595], [0.53035547, -0.39675353]], [[True, False]]),
    ([[1.62434536, -2.3015387], [-0.7612069, -0.3224172], [1.13376944, 0.58281521],
      [1.14472371, -0.12289023], [-0.26788808, -0.84520564]], [[True, True]]),
    ([[0.86540763], [-2.06014071], [0.04221375], [-0.68372786], [-0.6871727]], [[False]]),
]


def _check_dict(name, got, expected, shapes=None, atol=1e-7):
    assert isinstance(got, dict), f"{name} must be a dict, got {type(got).__name__}"
    keys = list(shapes or expected)
    missing = [key for key in keys if key not in got]
    assert not missing, f"{name} has no entry {', '.join(missing)}"
    assert len(got) == len(keys), f"{name} must have exactly the keys {keys}, got {sorted(got)}"
    for key in keys:
        value = got[key]
        assert isinstance(value, np.ndarray), f"{name}['{key}'] must be a numpy array, got {type(value).__name__}"
        shape = shapes[key] if shapes else np.shape(expected[key])
        assert value.shape == shape, f"Wrong shape for {name}['{key}']: expected {shape}, got {value.shape}"
        if key in expected:
            assert np.allclose(value, expected[key], rtol=0, atol=atol), (
                f"Wrong values for {name}['{key}'].\nExpected:\n{np.asarray(expected[key])}\nGot:\n{value}")


def _shapes(parameters):
    return {"d" + key: value.shape for key, value in parameters.items()}


def update_parameters_with_gd_test(target):
    parameters, grads, learning_rate = update_parameters_with_gd_test_case()
    _check_dict("parameters", target(deepcopy(parameters), grads, learning_rate), GD)
    print(PASSED)


def random_mini_batches_test(target):
    draws = np.random.RandomState(1)
    X = draws.randn(5, 7)
    Y = draws.randn(1, 7) < 0.5
    mini_batches = target(X, Y, 2)
    assert isinstance(mini_batches, list), f"Return a list of mini-batches, got {type(mini_batches).__name__}"
    assert len(mini_batches) == len(MINI_BATCHES), (
        f"7 examples in mini-batches of 2 make {len(MINI_BATCHES)} mini-batches (the last holds the one left "
        f"over), got {len(mini_batches)}")
    for index, (batch, (expected_X, expected_Y)) in enumerate(zip(mini_batches, MINI_BATCHES, strict=True)):
        assert isinstance(batch, tuple) and len(batch) == 2, f"Mini-batch {index} must be a tuple (X, Y)"
        batch_X, batch_Y = batch
        assert batch_X.shape == np.shape(expected_X), (
            f"Wrong shape for mini-batch {index}'s X: expected {np.shape(expected_X)}, got {batch_X.shape}")
        assert batch_Y.shape == np.shape(expected_Y), (
            f"Wrong shape for mini-batch {index}'s Y: expected {np.shape(expected_Y)}, got {batch_Y.shape}")
        assert np.allclose(batch_X, expected_X, rtol=0, atol=1e-7), (
            f"Wrong examples in mini-batch {index}: shuffle with np.random.seed(seed) then "
            f"np.random.permutation(m), and cut consecutive slices of mini_batch_size")
        assert np.array_equal(batch_Y, expected_Y), f"Wrong labels in mini-batch {index}: shuffle Y like X"
    print(PASSED)


def initialize_velocity_test(target):
    parameters = initialize_velocity_test_case()
    shapes = _shapes(parameters)
    _check_dict("v", target(parameters), {key: np.zeros(shape) for key, shape in shapes.items()}, shapes)
    print(PASSED)


def update_parameters_with_momentum_test(target):
    parameters, grads, v = update_parameters_with_momentum_test_case()
    result = target(deepcopy(parameters), grads, deepcopy(v), 0.9, 0.01)
    assert isinstance(result, tuple) and len(result) == 2, "Return parameters, v"
    _check_dict("v", result[1], VELOCITY)
    _check_dict("parameters", result[0], MOMENTUM)
    print(PASSED)


def initialize_adam_test(target):
    parameters = initialize_adam_test_case()
    shapes = _shapes(parameters)
    result = target(parameters)
    assert isinstance(result, tuple) and len(result) == 2, "Return v, s"
    zeros = {key: np.zeros(shape) for key, shape in shapes.items()}
    _check_dict("v", result[0], zeros, shapes)
    _check_dict("s", result[1], zeros, shapes)
    assert result[0] is not result[1], "v and s must be two different dictionaries"
    print(PASSED)


def update_parameters_with_adam_test(target):
    parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon = update_parameters_with_adam_test_case()
    result = target(deepcopy(parameters), grads, deepcopy(v), deepcopy(s), t, learning_rate, beta1, beta2, epsilon)
    assert isinstance(result, tuple) and len(result) == 5, "Return parameters, v, s, v_corrected, s_corrected"
    new_parameters, new_v, new_s, v_corrected, s_corrected = result
    shapes = _shapes(parameters)
    for name, got, row0, factor in (("v", new_v, ADAM_V_ROW0, 1), ("s", new_s, ADAM_S_ROW0, 1),
                                    ("v_corrected", v_corrected, ADAM_V_ROW0, 1 / (1 - beta1 ** t)),
                                    ("s_corrected", s_corrected, ADAM_S_ROW0, 1 / (1 - beta2 ** t))):
        _check_dict(name, got, {}, shapes)
        for key, expected in row0.items():
            assert np.allclose(got[key][0], np.asarray(expected) * factor, rtol=0, atol=1e-7), (
                f"Wrong values for {name}['{key}'] (first row): expected {np.asarray(expected) * factor}, "
                f"got {got[key][0]}")
    _check_dict("parameters", new_parameters, ADAM)
    print(PASSED)


def update_lr_test(target):
    learning_rate = target(0.5, 2, 1)
    assert np.isclose(learning_rate, 0.16666666666666666), (
        f"update_lr(0.5, 2, 1): expected 0.16666666666666666, got {learning_rate}")
    print(PASSED)


def schedule_lr_decay_test(target):
    for args, expected in (((0.5, 100, 1, 100), 0.25), ((0.5, 10, 1, 100), 0.5),
                           ((0.3, 1000, 0.25, 100), 0.085714285), ((0.3, 100, 0.25, 100), 0.24)):
        learning_rate = target(*args)
        assert np.isclose(learning_rate, expected), (
            f"schedule_lr_decay{args}: expected {expected}, got {learning_rate}")
    print(PASSED)
