"""The reference reproduces the original course: its canonical test cases, and its published results.

The course's facts live in ``../shared/fixtures`` beside the checkout (never copied into the
project); the tests that need them skip when they are absent. The results table is computed once
per module, by running ``python -m grader.reference --json`` in two subprocesses at the same time:
on the bundled 2-D dataset and, when the fixture is present, on the course's ``data.mat``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.reference import gradient_checking, initialization, regularization
from grader.reference import results as published
from grader.reference.__main__ import format_table
from grader.reference.course import load
from grader.reference.initialization import results as init_results
from grader.reference.regularization import results as reg_results

pytestmark = [pytest.mark.slow]

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
CASES_JSON = FIXTURES / "course-test-cases.json"
DATA_MAT = FIXTURES / "course-2d-dataset" / "data.mat"
PUBLISHED = {  # what the course prints, (train, test): checked against the fixture's copy below
    "initialization": {name: (v["train"], v["test"]) for name, v in init_results.PUBLISHED.items()},
    "regularization": {name: (v["train"], v["test"]) for name, v in reg_results.PUBLISHED_WITH_DATA_MAT.items()},
}
MARGIN = 0.015  # regularization must beat no regularization on the bundled test set by this much


# ------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def course() -> dict[str, Any]:
    if not CASES_JSON.is_file():
        pytest.skip(f"course fixtures not found at {CASES_JSON} (shared/ must sit beside the checkout)")
    return json.loads(CASES_JSON.read_text())


def decode(value: Any) -> Any:
    """Arrays of the fixture file ({"array", "dtype"}) as numpy arrays, recursively."""
    if isinstance(value, dict) and set(value) == {"array", "dtype"}:
        return np.array(value["array"], dtype=value["dtype"])
    if isinstance(value, dict):
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def args_of(course: dict[str, Any], function: str) -> dict[str, Any]:
    args = decode(course[function]["args"])
    if "cache" in args:
        args["cache"] = tuple(args["cache"])
    return args


def assert_identical(actual: Any, expected: Any, where: str = "") -> None:
    """Same structure, same dtypes and shapes, bit-for-bit the same numbers."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and list(actual) == list(expected), f"{where}: keys {list(actual)}"
        for key in expected:
            assert_identical(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list | tuple):
        assert isinstance(actual, list | tuple) and len(actual) == len(expected), f"{where}: length"
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_identical(a, e, f"{where}[{index}]")
    else:
        assert isinstance(actual, np.ndarray), f"{where}: {type(actual).__name__}, not an array"
        assert (actual.dtype, actual.shape) == (expected.dtype, expected.shape), f"{where}: dtype/shape"
        assert np.array_equal(actual, expected), f"{where}: values differ"


def assert_close(actual: Any, expected: Any, name: str) -> None:
    expected = np.asarray(expected)
    assert np.shape(actual) == expected.shape, f"{name}: shape {np.shape(actual)} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-7, err_msg=name)


# ------------------------------------------------------------------------- testCases
@pytest.mark.parametrize(("function", "returns"), [
    ("compute_cost_with_regularization", ("A3", "Y", "parameters")),
    ("backward_propagation_with_regularization", ("X", "Y", "cache")),
    ("forward_propagation_with_dropout", ("X", "parameters")),
    ("backward_propagation_with_dropout", ("X", "Y", "cache")),
    ("gradient_check_n", ("X", "Y", "parameters")),
])
def test_test_cases_return_the_canonical_inputs(course, function, returns):
    assignment = "gradient_checking" if function == "gradient_check_n" else "regularization"
    made = getattr(load(assignment, "testCases"), function + "_test_case")()
    args = args_of(course, function)
    assert_identical(made, tuple(args[name] for name in returns), function)


def test_test_cases_leave_the_global_random_state_alone():
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    for assignment, module in (("regularization", load("regularization", "testCases")),
                               ("gradient_checking", load("gradient_checking", "testCases"))):
        for name in dir(module):
            if name.endswith("_test_case"):
                getattr(module, name)()
        assert np.array_equal(np.random.rand(3), expected), assignment
        np.random.seed(123)


def test_scalar_and_layer_test_cases(course):
    gc_cases = load("gradient_checking", "testCases")
    one_d = [(case["x"], case["theta"]) for case in course["gradient_check"]["cases"]]
    assert [gc_cases.gradient_check_test_case(), gc_cases.gradient_check_test_case_2()] == one_d
    assert gc_cases.forward_propagation_test_case() == gc_cases.backward_propagation_test_case() == one_d[0]
    init_cases = load("initialization", "testCases")
    made = {
        f"initialize_parameters_zeros({init_cases.initialize_parameters_zeros_test_case()})",
        f"initialize_parameters_random({init_cases.initialize_parameters_random_test_case()})",
        f"initialize_parameters_he({init_cases.initialize_parameters_he_test_case()})",
        f"initialize_parameters_he({init_cases.initialize_parameters_he_test_case_2()})",
    }
    assert made == set(course["initialization"])


# ------------------------------------------------------------------------- graded functions
def test_initializers(course):
    for call, expected in course["initialization"].items():
        name, dims = call.split("(", 1)
        parameters = getattr(initialization, name)(json.loads(dims.rstrip(")")))
        assert list(parameters) == list(expected), call
        for key, value in expected.items():
            assert_close(parameters[key], value, f"{call} {key}")


def test_compute_cost_with_regularization(course):
    args = args_of(course, "compute_cost_with_regularization")
    cost = regularization.compute_cost_with_regularization(args["A3"], args["Y"], args["parameters"], args["lambd"])
    assert np.ndim(cost) == 0
    assert abs(cost - course["compute_cost_with_regularization"]["expected"]["cost"]) < 1e-7


@pytest.mark.parametrize(("function", "extra"), [
    ("backward_propagation_with_regularization", "lambd"),
    ("backward_propagation_with_dropout", "keep_prob"),
])
def test_backward_propagations(course, function, extra):
    args = args_of(course, function)
    grads = getattr(regularization, function)(args["X"], args["Y"], args["cache"], args[extra])
    for key, value in course[function]["expected"].items():
        assert_close(grads[key], value, f"{function} {key}")


def test_forward_propagation_with_dropout(course):
    args = args_of(course, "forward_propagation_with_dropout")
    A3, cache = regularization.forward_propagation_with_dropout(args["X"], args["parameters"], args["keep_prob"])
    expected = course["forward_propagation_with_dropout"]["expected"]
    assert_close(A3, expected["A3"], "A3")
    assert np.array_equal(cache[1], expected["D1"]) and np.array_equal(cache[6], expected["D2"])


def test_gradient_check_n(course):
    args = args_of(course, "gradient_check_n")
    X, Y, parameters = args["X"], args["Y"], args["parameters"]
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    expected = course["gradient_check_n"]["expected"]
    for backward, key in ((gradient_checking.backward_propagation_n, "difference_with_buggy_backprop"),
                          (gradient_checking.backward_propagation_n_fixed, "difference_with_fixed_backprop")):
        difference = gradient_checking.gradient_check_n(parameters, backward(X, Y, cache), X, Y)
        assert difference == pytest.approx(expected[key], rel=1e-6), key


def test_one_dimensional_gradient_check(course):
    for case in course["gradient_check"]["cases"]:
        x, theta = case["x"], case["theta"]
        assert gradient_checking.forward_propagation(x, theta) == case["J"]
        assert gradient_checking.backward_propagation(x, theta) == case["dtheta"]
        difference = gradient_checking.gradient_check(x, theta)
        assert 0 < difference and abs(math.log10(difference) - math.log10(case["difference"])) < 1, (x, theta)


def test_published_results_are_the_ones_checked_here(course):
    published = course["training_results"]
    sections = {key.split(" ")[0]: value for key, value in published.items()}
    for section, models in PUBLISHED.items():
        for name, (train_accuracy, test_accuracy) in models.items():
            entry = next(value for key, value in sections[section].items() if key.split(" ")[0] == name)
            assert (entry["train"], entry["test"]) == (train_accuracy, test_accuracy), (section, name)


# ------------------------------------------------------------------------- results table
def _run_cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    # -W error: a numpy RuntimeWarning while training would make the run fail.
    return subprocess.Popen([sys.executable, "-W", "error::RuntimeWarning", "-m", "grader.reference", *args],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[int, str, str]]]:
    """(returncode, stdout, stderr) of ``--json`` on the bundled data and, if present, on data.mat."""
    cwd = tmp_path_factory.mktemp("reference-run")  # no datasets/data.mat here: the bundled data is used
    runs = {"bundled": _run_cli("--json", cwd=cwd)}
    if DATA_MAT.is_file():
        runs["course"] = _run_cli("--json", "--data-mat", str(DATA_MAT), cwd=cwd)
    results = {}
    try:
        for name, process in runs.items():
            stdout, stderr = process.communicate(timeout=900)
            results[name] = (process.returncode, stdout, stderr)
        yield results
    finally:
        for process in runs.values():  # on every path: no process and no pipe left open
            if process.poll() is None:
                process.kill()
            process.communicate()


def _json_of(run: tuple[int, str, str]) -> dict[str, Any]:
    returncode, stdout, stderr = run
    assert returncode == 0, stderr
    assert "Warning" not in stderr, stderr
    runs = sum(len(module.RUNS) for module in published.modules().values())
    assert f"[{runs}/{runs}]" in stderr, "no progress on stderr"
    data = json.loads(stdout)  # nothing but the JSON document on stdout
    assert list(data) == list(published.modules())
    for exercise, module in published.modules().items():  # the rows and columns are the exercise's own
        keys = [c.key for c in module.COLUMNS if c.published]
        if module.RUNS:
            assert list(data[exercise]) == [run.name for run in module.RUNS]
        if len(keys) > 1:
            assert all(list(row) == keys for row in data[exercise].values()), exercise
    assert list(data["gradient_checking"]) == ["difference_1d", "difference_nd_buggy", "difference_nd_fixed"]
    return data


@pytest.mark.parametrize("exercise", [name for name, module in published.modules().items()
                                      if hasattr(module, "PUBLISHED")])
def test_every_exercise_reproduces_what_the_course_publishes(cli_results, exercise):
    """Each exercise's PUBLISHED numbers, reproduced by a run with the default settings."""
    data = _json_of(cli_results["bundled"])
    for row, columns in published.modules()[exercise].PUBLISHED.items():
        for column, value in columns.items():  # accuracies are counts / m: equal up to the last digit of a float
            measured = data[exercise][row] if not isinstance(data[exercise][row], dict) else data[exercise][row][column]
            assert measured == pytest.approx(value, rel=1e-9), (exercise, row, column)


def test_published_accuracies_with_course_data(cli_results, course):
    if "course" not in cli_results:
        pytest.skip(f"the course's 2-D dataset is not at {DATA_MAT}")
    data = _json_of(cli_results["course"])
    for section, models in PUBLISHED.items():
        for name, (train_accuracy, test_accuracy) in models.items():
            measured = data[section][name]  # accuracies are counts / m: equal up to the last digit of a float
            assert (measured["train"], measured["test"]) == pytest.approx((train_accuracy, test_accuracy),
                                                                          rel=1e-9), (section, name)
    differences = data["gradient_checking"]
    expected = course["gradient_check_n"]["expected"]
    assert differences["difference_nd_buggy"] == pytest.approx(expected["difference_with_buggy_backprop"], rel=1e-6)
    assert differences["difference_nd_fixed"] == pytest.approx(expected["difference_with_fixed_backprop"], rel=1e-6)
    assert 1e-11 < differences["difference_1d"] < 1e-8


def test_regularization_helps_on_bundled_data(cli_results):
    data = _json_of(cli_results["bundled"])
    reg = data["regularization"]
    assert reg["none"]["train"] > reg["none"]["test"], "no overfitting without regularization"
    for name in ("l2", "dropout"):
        assert reg[name]["test"] >= reg["none"]["test"] + MARGIN, (name, reg)
        assert reg[name]["train"] < reg["none"]["train"], (name, reg)
    assert data["initialization"]["he"]["test"] > data["initialization"]["random"]["test"] > 0.5


def test_missing_data_mat_is_a_usage_error(tmp_path):
    missing = tmp_path / "missing.mat"
    done = subprocess.run([sys.executable, "-m", "grader.reference", "--json", "--data-mat", str(missing)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no such file" in done.stderr and str(missing) in done.stderr


def test_unreadable_data_mat_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.mat"
    bad.write_bytes(b"not a MATLAB file")
    done = subprocess.run([sys.executable, "-m", "grader.reference", "--data-mat", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert "cannot read" in done.stderr


def test_table_format():
    columns = init_results.COLUMNS
    sections = [
        published.Section("initialization", "Initialization (circles dataset)", columns,
                          (published.Row("random", "large random initialization",
                                         {"train": 0.83, "test": 0.86, "cost_at_0": math.inf}),)),
        published.Section("regularization", "Regularization (2-D dataset: test data)", columns,
                          (published.Row("l2", "L2", {"train": 0.93838862, "test": 0.93,
                                                      "cost_at_0": 0.69744845}),)),
        published.Section("gradient_checking", "Gradient checking", (published.Column("difference", "difference",
                                                                                      ".6e"),),
                          (published.Row("difference_nd_buggy", "N-D", {"difference": 0.285}),)),
    ]
    table = format_table(sections)
    lines = table.splitlines()
    assert lines[1].split() == ["train", "test", "cost", "at", "0"]
    assert "large random initialization" in table and "inf" in table and "test data" in table
    assert any(line.split()[-3:] == ["0.9384", "0.9300", "0.697448"] for line in lines)
    assert "2.850000e-01" in table
    assert sections[2].as_json() == {"difference_nd_buggy": 0.285}
    assert sections[0].as_json() == {"random": {"train": 0.83, "test": 0.86}}


def test_published_costs_at_iteration_0(course):
    """The cost column of the table: one iteration of each model is enough to see it."""
    printed = {key.split(" ")[0]: value for key, value in course["training_results"].items()}
    for module, data in ((init_results, None), (reg_results, DATA_MAT)):
        if data is not None and not data.is_file():
            continue
        dataset = (initialization.init_utils.load_dataset(plot=False) if data is None
                   else reg_results.load_2d_dataset(str(data))[0])
        for run in module.RUNS:
            entry = next(value for key, value in printed[run.exercise].items() if key.split(" ")[0] == run.name)
            expected = float(entry.get("cost_at_0", math.log(2)))  # zeros: log 2 "throughout"
            cost = module.train(replace(run, iterations=1), dataset)[0]["cost_at_0"]
            assert cost == pytest.approx(expected, rel=1e-12), run.name
