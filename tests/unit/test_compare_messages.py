"""grader.compare (findings, no text) and grader.messages (their words)."""

from __future__ import annotations

import numpy as np
import pytest

from grader import messages
from grader.compare import Finding, close, compare, compare_value, flatten, leaves
from grader.spec import FunctionSpec, Tolerance
from grader.wire import Opaque

TOL = Tolerance()
DICT = FunctionSpec("f", returns="dict")


def test_equal_within_tolerance_passes_and_last_digits_never_matter():
    expected = np.array([[0.1, -2.0], [3.0, 1e-9]])
    assert compare_value(expected * (1 + 1e-12), expected, "W1", TOL) == []
    assert close(expected + 1e-13, expected, TOL)
    assert not close(expected + 1e-3, expected, TOL)


def test_wrong_values_are_located_and_counted():
    expected = np.arange(6, dtype=float).reshape(2, 3)
    got = expected.copy()
    got[1, 2] += 0.5
    (finding,) = compare_value(got, expected, "W1", TOL)
    assert (finding.kind, finding.where, finding.wrong_count, finding.total) == ("values", (1, 2), 1, 6)
    assert finding.max_abs_error == pytest.approx(0.5)
    assert messages.describe(finding) == "W1: max abs error 0.5 at [1, 2] (1 of 6 values wrong)"
    assert messages.reason(finding) == "W1: wrong values"


def test_a_constant_factor_and_a_sign_are_diagnosed():
    expected = np.array([[1.0, 2.0, -3.0]])
    (half,) = compare_value(expected / 2, expected, "dW1", TOL)
    assert half.factor == pytest.approx(0.5) and "0.50× the expected ones" in messages.describe(half)
    (sign,) = compare_value(-expected, expected, "dW1", TOL)
    assert "wrong sign" in messages.describe(sign) and messages.hint([sign])


def test_shapes_types_and_transposes():
    expected = np.array([[1.0, 2.0, 3.0]])
    (shape,) = compare_value(expected.T, expected, "b1", TOL)
    assert shape.kind == "shape" and shape.transposed
    assert messages.describe(shape) == "b1 has shape (3, 1), expected (1, 3) (it is transposed)"
    (kind,) = compare_value([1.0, 2.0, 3.0], expected, "b1", TOL)
    assert kind.kind == "type" and "numpy array" in kind.expected
    (scalar,) = compare_value(np.ones(3), 1.5, "cost", TOL)
    assert scalar.kind == "type" and scalar.expected == "a number"
    assert compare_value(np.array([[1.5]]), 1.5, "cost", TOL) == []  # a 1x1 array is a number


def test_none_opaque_and_not_finite():
    assert compare_value(None, 1.0, "cost", TOL)[0].kind == "none"
    (opaque,) = compare_value(Opaque("the string 'x'"), 1.0, "cost", TOL)
    assert messages.describe(opaque) == "cost is the string 'x', expected numbers"
    (nan,) = compare_value(np.array([np.nan, 1.0]), np.array([1.0, 1.0]), "A", TOL)
    assert nan.kind == "not_finite" and messages.describe(nan) == "A: 1 of 2 values are NaN or infinite"
    assert compare_value(np.array([np.inf]), np.array([np.inf]), "A", TOL) == []


def test_dict_returns_missing_keys_and_none():
    expected = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    assert compare({"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}, expected, DICT) == []
    (missing,) = compare({"W1": np.ones((2, 2))}, expected, DICT)
    assert messages.describe(missing) == "missing key 'b1'"
    assert messages.describe(compare(None, expected, DICT)[0]) == "returned None"
    assert messages.describe(compare(3, expected, DICT)[0]) == "returned a int, expected a dict"


def test_tuple_layouts():
    layout = ["a", ["b", "c"]]
    parts, problems = flatten((1, (2, 3)), layout)
    assert parts == {"a": 1, "b": 2, "c": 3} and problems == []
    _, problems = flatten((1, 2, 3), layout)
    assert problems[0].kind == "length"
    _, problems = flatten((1, 5), layout)
    assert problems[0].kind == "type" and problems[0].path == "return value[1]"


def test_nested_dicts_and_lists_are_compared_part_by_part():
    zeros = {"dW1": np.zeros((2, 3)), "db1": np.zeros((2, 1))}
    function = FunctionSpec("update", returns=["parameters", "v"])
    expected = ({"W1": np.ones((2, 3))}, zeros)
    assert compare(({"W1": np.ones((2, 3))}, {k: v.copy() for k, v in zeros.items()}), expected, function) == []
    wrong = {"dW1": np.ones((2, 3)), "db": np.zeros((2, 1))}
    findings = compare(({"W1": np.ones((2, 3))}, wrong), expected, function)
    assert [(f.kind, f.path) for f in findings] == [("extra_key", "v['db']"), ("values", "v['dW1']"),
                                                   ("missing_key", "v['db1']")]
    assert messages.describe(findings[0]) == "unexpected key v['db'] (the keys are exactly dW1, db1)"
    assert messages.describe(findings[2]) == "v['db1'] is missing"
    batches = FunctionSpec("split", returns="mini_batches")
    expected_batches = [(np.ones((2, 2)), np.ones((1, 2))), (np.ones((2, 1)), np.ones((1, 1)))]
    (finding,) = compare(expected_batches[:1], expected_batches, batches)
    assert (finding.kind, finding.path) == ("length", "mini_batches")
    assert messages.describe(finding) == "mini_batches has 1 items, expected 2"
    (finding,) = compare([expected_batches[0], (np.ones((2, 2)), np.ones((1, 1)))], expected_batches, batches)
    assert (finding.kind, finding.path, finding.got) == ("shape", "mini_batches[1][0]", "(2, 2)")
    (finding,) = compare([expected_batches[0], np.ones(3)], expected_batches, batches)
    assert (finding.kind, finding.path) == ("type", "mini_batches[1]")


def test_leaves_are_named_as_findings_are():
    found = leaves({"v": {"dW1": 1.0}, "mini_batches": [(2.0, 3.0)], "cost": 4.0})
    assert found == {"v['dW1']": 1.0, "mini_batches[0][0]": 2.0, "mini_batches[0][1]": 3.0, "cost": 4.0}


def test_another_editions_layout_is_read_by_its_length():
    function = FunctionSpec("adam", returns=["parameters", "v", "s", "v_corrected", "s_corrected"],
                            returns_also=(["parameters", "v", "s"],))
    expected = (np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), np.ones(2))
    assert compare(expected[:3], expected, function) == []
    (finding,) = compare((np.ones(2), np.zeros(2), np.ones(2)), expected, function)
    assert (finding.kind, finding.path) == ("values", "s")
    (finding,) = compare(expected[:4], expected, function)
    assert finding.kind == "length" and "5 items" in finding.expected


def test_hidden_case_wording_has_no_numbers_or_positions():
    expected = np.arange(4, dtype=float)
    findings = compare_value(expected + np.array([0, 0, 0, 7.0]), expected, "A2", TOL)
    assert messages.summarise_hidden(findings) == "A2: wrong values"
    assert "7" not in messages.summarise_hidden(findings)


def test_summaries_are_capped():
    findings = [Finding("missing_key", f"k{i}") for i in range(5)]
    assert messages.summarise(findings).endswith("and 2 more")


def test_raised_errors_name_the_line():
    error = {"type": "ValueError", "message": "shapes (2,3) and (2,3) not aligned\nmore",
             "frames": [{"name": "f", "line": 4, "code": "np.dot(W, W)"}]}
    assert messages.raised(error) == "raised ValueError: shapes (2,3) and (2,3) not aligned in f, line 4: `np.dot(W, W)`"
    assert messages.traceback_lines(error)[0] == "line 4, in f: np.dot(W, W)"
    assert messages.raised({}) == "raised Exception"


def test_the_tolerance_is_exactly_the_documented_one():
    # |got - expected| <= atol * max(1, max|expected|) + rtol * |expected| (docs/spec.md)
    expected = np.array([[2.0, -4.0]])
    allowed = TOL.atol * 4.0 + TOL.rtol * np.abs(expected)
    assert compare_value(expected + 0.9 * allowed, expected, "W", TOL) == []
    (finding,) = compare_value(expected + 1.5 * allowed, expected, "W", TOL)
    assert finding.wrong_count == 2
    assert not close(expected + 1.5 * allowed, expected, TOL) and close(expected + 0.9 * allowed, expected, TOL)
