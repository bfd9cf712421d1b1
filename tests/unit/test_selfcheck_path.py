"""The self-check calls a student's function through the grading kernel's harness and reads the result the same way."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import numpy as np

from grader import selfcheck
from grader.cases import build_cases
from grader.spec import all_specs


def test_importing_the_self_check_loads_nothing_of_jupyter() -> None:
    code = ("import sys, grader.selfcheck; "
            "print([m for m in ('nbclient', 'jupyter_client', 'zmq', 'ipykernel') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def _case(assignment: str, function: str):
    spec = all_specs()[assignment]
    return spec, spec.function(function), build_cases(spec, spec.function(function), seed=0)[0]


def test_a_function_that_changes_its_input_in_place_is_caught_as_the_grader_catches_it() -> None:
    spec, function, case = _case("regularization", "compute_cost_with_regularization")

    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        parameters["W1"] *= 0  # in place: the caller's parameters change
        return 1.0

    outcome = selfcheck.call_case(compute_cost_with_regularization, spec, function, case)
    assert outcome.kind == "mutated" and "parameters['W1']" in outcome.detail


def test_arguments_named_in_place_may_change_and_no_other() -> None:
    spec, function, case = _case("regularization", "compute_cost_with_regularization")
    allowed = replace(function, in_place=("parameters",))

    def compute_cost_with_regularization(A3, Y, parameters, lambd):
        parameters["W1"] = parameters["W1"] * 0  # rebinds an entry, as the course's update functions do
        return 1.0

    assert selfcheck.call_case(compute_cost_with_regularization, spec, allowed, case).kind == "ok"

    def changes_A3(A3, Y, parameters, lambd):
        A3 *= 0
        return 1.0

    changes_A3.__name__ = function.name
    outcome = selfcheck.call_case(changes_A3, spec, allowed, case)
    assert outcome.kind == "mutated" and "A3" in outcome.detail


def test_values_come_back_through_the_wire_format_and_exceptions_with_the_students_frames() -> None:
    spec, function, case = _case("initialization", "initialize_parameters_zeros")

    def initialize_parameters_zeros(layers_dims):
        return {"W1": np.zeros((2, 3), dtype=np.float32), "b1": [0.0]}

    outcome = selfcheck.call_case(initialize_parameters_zeros, spec, function, case)
    assert outcome.kind == "ok" and outcome.value["W1"].dtype == np.float32 and outcome.value["b1"] == [0.0]

    def broken(layers_dims):
        return layers_dims[99]

    broken.__name__ = "initialize_parameters_zeros"
    outcome = selfcheck.call_case(broken, spec, function, case)
    assert outcome.kind == "raised" and outcome.error["type"] == "IndexError"
    assert outcome.error["frames"][-1]["code"] == "return layers_dims[99]"


def test_the_hidden_case_note_reads_for_one_case_and_for_several() -> None:
    from grader.checkreport import CheckReport

    one = CheckReport("toy", "Toy", [], hidden={"relu": 1}).hidden_note()
    several = CheckReport("toy", "Toy", [], hidden={"relu": 2, "gelu": 1}).hidden_note()
    assert one.startswith("1 hidden case on new inputs is run only by the full grader:")
    assert several.startswith("3 hidden cases on new inputs are run only by the full grader:")
