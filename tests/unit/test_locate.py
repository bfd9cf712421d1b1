"""Which lines of a student's cell a report marks, and how a function's card shows its cases (no kernel)."""

from __future__ import annotations

import pytest

from grader import cards, locate
from grader.outcomes import CallOutcome
from grader.results import CaseResult, FunctionResult

CELL = """# GRADED FUNCTION: backward_propagation_with_dropout
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    ### START CODE HERE ### (approx. 2 lines)
    dA2 = dA2 * D2              # dW2 = not this comment
    dW2 = 1./m * np.dot(dZ2, A1.T)
    gradients["db2"] = np.sum(dZ2, axis=1, keepdims=True) / m
    parameters['W' + str(l)] = np.zeros((3, 1))
    if dW2 == 0:
        f(dW2=3)
    ### END CODE HERE ###
    dW2 = dW2
    return gradients
"""


def failed(*paths: str, status: str = "failed") -> FunctionResult:
    case = CaseResult("canonical case", "failed", "wrong", details={"reason": "wrong", "paths": list(paths)})
    return FunctionResult("f", status, 0.0, 1.0, cases=[case])


@pytest.mark.parametrize(("path", "name"), [("dW2", "dW2"), ("v['dW1']", "dW1"), ("mini_batches[2][0]", "mini_batches"),
                                            ("parameters['W1']", "W1"), ("return value", "")])
def test_the_name_a_finding_is_about(path: str, name: str) -> None:
    assert locate.value_name(path) == name


def test_assignments_of_the_value_inside_the_student_region_are_marked() -> None:
    assert [m["line"] for m in locate.marks(failed("dW2"), CELL, [])] == [6]  # not the comparison, call, comment
    assert [m["line"] for m in locate.marks(failed("db2"), CELL, [])] == [7]
    assert [m["line"] for m in locate.marks(failed("W1", "W2"), CELL, [])] == [8]
    assert locate.marks(failed("W1", "W2"), CELL, [])[0]["why"] == "computes W1, W2, which the problem is about"
    assert locate.marks(failed("dZ9"), CELL, []) == []  # nothing to point at: nothing is marked


def test_a_value_returned_as_an_expression_marks_the_return() -> None:
    cell = "def f(a):\n    b = a + 1\n    return b * 2 + a\n"
    assert locate.marks(failed("cost"), cell, []) == [{"line": 3, "why": "computes cost, which the problem is about"}]
    assert locate.marks(failed("return value"), cell, [])[0]["why"].startswith("computes the returned value")


def test_an_exception_marks_the_frames_that_are_lines_of_the_cell() -> None:
    frames = [{"name": "f", "line": 6, "code": "dW2 = 1./m * np.dot(dZ2, A1.T)"},
              {"name": "g", "line": 3, "code": "something else"},  # another cell's line 3: not this one
              {"name": "h", "line": 5, "code": "dA2 = dA2 * D2              # dW2 = not this comment"}]
    raised = CallOutcome("raised", error={"type": "NameError", "message": "x", "frames": frames})
    assert locate.marks(failed("dW2", status="error"), CELL, [raised]) == [
        {"line": 5, "why": "the exception was raised here"}, {"line": 6, "why": "the call that led to it"}]


def test_a_passed_function_has_no_marks() -> None:
    assert locate.marks(FunctionResult("f", "passed", 1.0, 1.0), CELL, []) == []


def test_one_sentence_per_distinct_problem_with_the_cases_it_is_true_of() -> None:
    def case(name: str, message: str, status: str = "failed") -> CaseResult:
        return CaseResult(name, status, message, hidden=name.startswith("hidden"), details={"reason": message})

    grouped = cards.problems([case("canonical case", "dW2: wrong"), case("hidden case 1", "dW2: wrong"),
                              case("hidden case 2", "", "passed"), case("hidden case 3", "dW2: wrong"),
                              case("hidden case 4", "db2: wrong")])
    assert grouped == [{"message": "dW2: wrong", "cases": "canonical case; hidden cases 1 and 3", "count": 3},
                       {"message": "db2: wrong", "cases": "hidden case 4", "count": 1}]
    assert cards.case_list(["hidden case 1", "hidden case 2", "hidden case 5"]) == "hidden cases 1, 2 and 5"


def test_the_entries_that_differ_are_marked_in_the_table() -> None:
    rows = cards.grid([[1.0, 2.0], [3.0, 4.5]], [[False, False], [False, True]])
    assert [[c["wrong"] for c in row] for row in rows] == [[False, False], [False, True]]
    assert rows[1][1]["text"] == "4.5"
    assert cards.grid(0.25, None) == [[{"text": "0.25", "wrong": False}]]


def test_the_code_is_highlighted_escaped_and_its_marked_lines_stand_out() -> None:
    html = str(cards.code_html("x = '<b>'\ny = 1\n", [{"line": 2, "why": "here"}]))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "background-color" in html  # Pygments' highlighted line, inline style
    view = cards.function_view(FunctionResult("f", "failed", 0.0, 1.0, source="y = 1\n",
                                              marks=[{"line": 1, "why": "here"}]))
    assert view["marks"] == [{"line": 1, "why": "here"}] and "<pre" in str(view["code"])
