"""grader.scoring: from call outcomes to statuses, points and one-line messages (no kernel)."""

from __future__ import annotations

import numpy as np

from grader.cases import Case
from grader.outcomes import CallOutcome, CellProblem
from grader.scoring import NOT_IMPLEMENTED, judge_function
from grader.spec import FunctionSpec

SPEC = FunctionSpec("initialize_parameters_zeros", points=1.0, returns="dict", hint="use np.zeros")
EXPECTED = {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1))}


def _cases(n: int = 3) -> list[Case]:
    return [Case(SPEC.name, f"case {i + 1}", hidden=i > 0, args=([3, 2],), expected=EXPECTED) for i in range(n)]


def _ok(value) -> CallOutcome:
    return CallOutcome("ok", value=value)


def test_all_cases_pass_full_points():
    result = judge_function(SPEC, _cases(), [_ok(EXPECTED)] * 3, None, True, False)
    assert (result.status, result.score, result.message) == ("passed", 1.0, "all 3 cases passed")


def test_a_wrong_value_fails_with_the_first_failing_case_and_no_points():
    wrong = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    result = judge_function(SPEC, _cases(), [_ok(EXPECTED), _ok(wrong), _ok(wrong)], None, True, False)
    assert result.status == "failed" and result.score == 0.0
    assert result.message.startswith("case 2: W1: wrong values")  # hidden case: no numbers
    assert [c.status for c in result.cases] == ["passed", "failed", "failed"]


def test_partial_credit_counts_passed_cases():
    spec = FunctionSpec(SPEC.name, points=3.0, partial_credit=True, returns="dict")
    wrong = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    result = judge_function(spec, _cases(), [_ok(EXPECTED), _ok(EXPECTED), _ok(wrong)], None, True, False)
    assert result.score == 2.0


def test_missing_function_messages_depend_on_where_it_should_be():
    missing = [CallOutcome("missing")]
    result = judge_function(SPEC, _cases(1), missing, None, True, False)
    assert result.status == "missing" and "not defined after running its cell" in result.message
    result = judge_function(SPEC, _cases(1), missing, None, False, False)
    assert "no definition of initialize_parameters_zeros" in result.message
    problem = CellProblem(3, SPEC.name, "error", "NameError: name 'np' is not defined")
    result = judge_function(SPEC, _cases(1), missing, problem, True, False)
    assert result.status == "error" and "its cell did not run: NameError" in result.message


def test_raised_and_timeouts_are_errors_with_their_reason():
    raised = CallOutcome("raised", error={"type": "ZeroDivisionError", "message": "division by zero",
                                          "frames": [{"name": "f", "line": 2, "code": "1/0"}]})
    result = judge_function(SPEC, _cases(2), [raised, CallOutcome("skipped", detail="skipped")], None, True, False)
    assert result.status == "error" and "raised ZeroDivisionError" in result.message
    assert result.traceback[-1] == "ZeroDivisionError: division by zero"
    timeout = CallOutcome("timeout", detail="did not return within 3 s")
    result = judge_function(SPEC, _cases(1), [timeout], None, True, False)
    assert result.status == "error" and result.reason == "time limit"


def test_in_place_mutation_fails_the_case():
    mutated = CallOutcome("mutated", value=EXPECTED, detail="changed its input layers_dims in place; work on copies")
    result = judge_function(SPEC, _cases(1), [mutated], None, True, False)
    assert result.status == "failed" and "in place" in result.message


def test_an_unchanged_start_end_region_is_called_not_implemented():
    result = judge_function(SPEC, _cases(1), [_ok(None)], None, True, True)
    assert result.message.startswith(NOT_IMPLEMENTED) and result.reason == "not implemented"


def test_the_isolation_warning_is_only_for_code_that_ran_without_a_sandbox():
    from grader.results import SubmissionResult

    def result(**kernel):
        return SubmissionResult(submission="s", assignment="a", score=0, max_score=1, environment={"kernel": kernel})

    assert result(sandbox="none", isolated=False, starts=1).isolation_warning.startswith("NOT ISOLATED")
    assert result(sandbox="none", isolated=False, starts=0).isolation_warning == ""  # stopped before any kernel
    assert result(sandbox="bwrap", isolated=True, starts=1).isolation_warning == ""
