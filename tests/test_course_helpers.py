"""Code written against the original course finds every helper it imports, and the self-checks work.

A student's kernel runs with the assignment folder as its working directory, next to the shared
``nn_utils.py``. The import tests reproduce that in a temporary copy, in a subprocess without a
display (``MPLBACKEND=Agg``, no ``DISPLAY``). The ``public_tests`` checks are then run in-process
(loaded the way the kernel imports them) on the reference functions, which must pass, and on
obviously wrong ones, which must fail with an ``AssertionError``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.reference import gradient_checking, initialization, regularization
from grader.reference.course import assignment_dir, load, shared_dir

pytestmark = [pytest.mark.kernel]

COURSE_CODE = {
    "initialization": """
        from init_utils import sigmoid, relu, compute_loss, forward_propagation, backward_propagation
        from init_utils import update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec
        from testCases import *
        from public_tests import *

        train_X, train_Y, test_X, test_Y = load_dataset(plot=True)
        parameters = {"W1": np.random.randn(10, 2), "b1": np.zeros((10, 1)), "W2": np.random.randn(5, 10),
                      "b2": np.zeros((5, 1)), "W3": np.random.randn(1, 5), "b3": np.zeros((1, 1))}
        EXPECTED = ["initialize_parameters_zeros_test", "initialize_parameters_random_test",
                    "initialize_parameters_he_test", "initialize_parameters_zeros_test_case",
                    "initialize_parameters_random_test_case", "initialize_parameters_he_test_case"]
    """,
    "regularization": """
        from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, load_2D_dataset
        from reg_utils import predict_dec, compute_cost, predict, forward_propagation, backward_propagation
        from reg_utils import update_parameters
        from testCases import *
        from public_tests import *

        train_X, train_Y, test_X, test_Y = load_2D_dataset(plot=True)
        parameters = initialize_parameters([2, 20, 3, 1])
        a3, cache = forward_propagation(train_X, parameters)
        assert np.isfinite(compute_cost(a3, train_Y))
        grads = backward_propagation(train_X, train_Y, cache)
        parameters = update_parameters(parameters, grads, 0.3)
        EXPECTED = ["compute_cost_with_regularization_test", "backward_propagation_with_regularization_test",
                    "forward_propagation_with_dropout_test", "backward_propagation_with_dropout_test",
                    "compute_cost_with_regularization_test_case", "backward_propagation_with_regularization_test_case",
                    "forward_propagation_with_dropout_test_case", "backward_propagation_with_dropout_test_case"]
    """,
    "gradient_checking": """
        from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector
        from testCases import *
        from public_tests import *

        X, Y, parameters = gradient_check_n_test_case()
        theta, keys = dictionary_to_vector(parameters)
        assert theta.shape == (47, 1) and len(keys) == 47
        restored = vector_to_dictionary(theta)
        assert all(np.array_equal(restored[key], parameters[key]) for key in parameters)
        assert gradients_to_vector({"d" + key: value for key, value in parameters.items()}).shape == (47, 1)
        assert sigmoid(0.0) == 0.5 and relu(-1.0) == 0.0
        EXPECTED = ["forward_propagation_test", "backward_propagation_test", "gradient_check_test",
                    "gradient_check_n_test", "gradient_check_n_test_case", "gradient_check_test_case"]
    """,
}
PREAMBLE = """
    import sys
    import numpy as np
"""
EPILOGUE = """
    assert "h5py" not in sys.modules, "h5py was imported"
    missing = [name for name in EXPECTED if not callable(globals().get(name))]
    assert not missing, f"not found: {missing}"
    if "predict" in globals():  # np.int and friends are gone in numpy 2
        p = predict(train_X, train_Y, parameters)
        assert p.shape == train_Y.shape and p.dtype.kind == "i" and set(np.unique(p)) <= {0, 1}
        assert predict_dec(parameters, train_X).dtype == bool
        plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
    print("course code OK")
"""


def _working_copy(assignment: str, destination: Path) -> Path:
    """The student's working directory: the assignment's modules plus the shared ones."""
    for folder in (assignment_dir(assignment), shared_dir()):
        for module in folder.glob("*.py"):
            shutil.copy(module, destination / module.name)
    return destination


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("assignment", sorted(COURSE_CODE))
def test_course_code_finds_every_name(assignment, tmp_path):
    cwd = _working_copy(assignment, tmp_path)
    code = "\n".join(textwrap.dedent(part) for part in (PREAMBLE, COURSE_CODE[assignment], EPILOGUE))
    done = _run_python(code, cwd)
    assert done.returncode == 0, done.stderr
    assert "course code OK" in done.stdout
    if assignment != "gradient_checking":
        assert "Accuracy: " in done.stdout  # the course's predict prints the accuracy


@pytest.mark.parametrize("assignment", sorted(COURSE_CODE))
def test_helpers_import_without_matplotlib_or_h5py(assignment, tmp_path):
    cwd = _working_copy(assignment, tmp_path)
    utils = {"initialization": "init_utils", "regularization": "reg_utils", "gradient_checking": "gc_utils"}
    code = textwrap.dedent(f"""
        import sys
        import {utils[assignment]}, testCases, public_tests
        heavy = sorted({{"h5py", "matplotlib.pyplot", "tkinter"}} & set(sys.modules))
        assert not heavy, f"importing the helpers imported {{heavy}}"
    """)
    done = _run_python(code, cwd)
    assert done.returncode == 0, done.stderr


def test_bundled_dataset_leaves_the_global_random_state_alone():
    two_d_dataset = load("regularization", "two_d_dataset")
    np.random.seed(7)
    expected = np.random.rand(2)
    np.random.seed(7)
    first = two_d_dataset.generate_2d_dataset()
    assert np.array_equal(np.random.rand(2), expected)
    second = two_d_dataset.generate_2d_dataset()
    shapes = [(2, 211), (1, 211), (2, 200), (1, 200)]
    assert [array.shape for array in first] == shapes
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    train_X, train_Y, test_X, test_Y = first
    assert train_Y.dtype.kind == test_Y.dtype.kind == "i" and set(np.unique(train_Y)) == {0, 1}
    for X in (train_X, test_X):
        assert -0.75 <= X[0].min() and X[0].max() <= 0.4 and -0.75 <= X[1].min() and X[1].max() <= 0.65


# ------------------------------------------------------------------------- public_tests
def _ones(layers_dims):
    return {f"{p}{l}": np.ones((layers_dims[l], layers_dims[l - 1] if p == "W" else 1))
            for l in range(1, len(layers_dims)) for p in ("W", "b")}


def _transposed(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrong(layers_dims):
        return {key: value.T if key.startswith("W") else value for key, value in function(layers_dims).items()}
    return wrong


def _unseeded_small(layers_dims):
    return {f"{p}{l}": (np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01 if p == "W"
                        else np.zeros((layers_dims[l], 1)))
            for l in range(1, len(layers_dims)) for p in ("W", "b")}


def _he_wrong_fan(layers_dims):
    np.random.seed(3)
    return {f"{p}{l}": (np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l]) if p == "W"
                        else np.zeros((layers_dims[l], 1)))
            for l in range(1, len(layers_dims)) for p in ("W", "b")}


def _scaled_grads(function: Callable[..., dict], key: str, factor: float) -> Callable[..., dict]:
    def wrong(*args):
        grads = dict(function(*args))
        grads[key] = grads[key] * factor
        return grads
    return wrong


def _cost_without_half(A3, Y, parameters, lambd):
    m = Y.shape[1]
    squares = sum(np.sum(np.square(parameters[key])) for key in ("W1", "W2", "W3"))
    return regularization.compute_cost(A3, Y) + lambd / m * squares


def _dropout_without_scaling(X, parameters, keep_prob=0.5):
    A3, cache = regularization.forward_propagation_with_dropout(X, parameters, 1.0)
    return A3, cache


def _dropout_mask_inverted(X, parameters, keep_prob=0.5):
    return regularization.forward_propagation_with_dropout(X, parameters, 1 - keep_prob)


def _backward_dropout_unscaled(X, Y, cache, keep_prob):
    return regularization.backward_propagation_with_dropout(X, Y, cache, 1.0)


def _one_sided_gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    theta, _ = gradient_checking.dictionary_to_vector(parameters)
    grad = gradient_checking.gradients_to_vector(gradients)
    J, _ = gradient_checking.forward_propagation_n(X, Y, parameters)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus = np.copy(theta)
        plus[i] += epsilon
        approx[i] = (gradient_checking.forward_propagation_n(X, Y, gradient_checking.vector_to_dictionary(plus))[0]
                     - J) / epsilon
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


def _buggy_difference() -> float:
    """The canonical case's difference with the buggy gradients, always (right only for that one case)."""
    return load("gradient_checking", "public_tests").DIFFERENCE_BUGGY


CHECKS: dict[str, tuple[str, Callable[..., Any], list[Callable[..., Any]]]] = {
    "initialize_parameters_zeros_test": ("initialization", initialization.initialize_parameters_zeros,
                                         [_ones, _transposed(initialization.initialize_parameters_zeros)]),
    "initialize_parameters_random_test": ("initialization", initialization.initialize_parameters_random,
                                          [_unseeded_small, initialization.initialize_parameters_he]),
    "initialize_parameters_he_test": ("initialization", initialization.initialize_parameters_he,
                                      [_he_wrong_fan, initialization.initialize_parameters_random]),
    "compute_cost_with_regularization_test": ("regularization", regularization.compute_cost_with_regularization,
                                              [_cost_without_half, lambda A3, Y, parameters, lambd:
                                               regularization.compute_cost(A3, Y)]),
    "backward_propagation_with_regularization_test": (
        "regularization", regularization.backward_propagation_with_regularization,
        [lambda X, Y, cache, lambd: regularization.backward_propagation_with_regularization(X, Y, cache, 0.0),
         _scaled_grads(regularization.backward_propagation_with_regularization, "db1", 2.0)]),
    "forward_propagation_with_dropout_test": ("regularization", regularization.forward_propagation_with_dropout,
                                              [_dropout_without_scaling, _dropout_mask_inverted]),
    "backward_propagation_with_dropout_test": ("regularization", regularization.backward_propagation_with_dropout,
                                               [_backward_dropout_unscaled,
                                                _scaled_grads(regularization.backward_propagation_with_dropout,
                                                              "dA1", 0.5)]),
    "forward_propagation_test": ("gradient_checking", gradient_checking.forward_propagation,
                                 [lambda x, theta: theta + x, lambda x, theta: np.array([theta * x])]),
    "backward_propagation_test": ("gradient_checking", gradient_checking.backward_propagation,
                                  [lambda x, theta: theta, lambda x, theta: 2 * x]),
    "gradient_check_test": ("gradient_checking", gradient_checking.gradient_check,
                            [lambda x, theta, epsilon=1e-7, print_msg=False: 1.0,
                             lambda x, theta, epsilon=1e-7, print_msg=False: np.array([[1e-10]])]),
    "gradient_check_n_test": ("gradient_checking", gradient_checking.gradient_check_n,
                              [_one_sided_gradient_check_n,
                               lambda parameters, gradients, X, Y, epsilon=1e-7, print_msg=False: _buggy_difference()]),
}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_public_test_passes_on_the_reference(check, capsys):
    assignment, reference, _ = CHECKS[check]
    getattr(load(assignment, "public_tests"), check)(reference)
    assert "All tests passed." in capsys.readouterr().out


@pytest.mark.parametrize(("check", "index"), [(check, index) for check in sorted(CHECKS) for index in (0, 1)])
def test_public_test_fails_on_a_wrong_function(check, index, capsys):
    assignment, _, wrong = CHECKS[check]
    with pytest.raises(AssertionError) as failure:
        getattr(load(assignment, "public_tests"), check)(wrong[index])
    assert str(failure.value), "the failure must say what is wrong"
    assert "All tests passed." not in capsys.readouterr().out


def test_gradient_check_n_test_with_the_notebooks_arguments(capsys):
    public_tests = load("gradient_checking", "public_tests")
    X, Y, parameters = load("gradient_checking", "testCases").gradient_check_n_test_case()
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    for backward in (gradient_checking.backward_propagation_n, gradient_checking.backward_propagation_n_fixed):
        public_tests.gradient_check_n_test(gradient_checking.gradient_check_n, parameters, backward(X, Y, cache), X, Y)
        assert "All tests passed." in capsys.readouterr().out
    with pytest.raises(AssertionError):
        public_tests.gradient_check_n_test(lambda *args: 0.5, parameters, backward(X, Y, cache), X, Y)
