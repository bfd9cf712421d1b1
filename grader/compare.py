"""Comparing a student's returned value with the reference's, in the grader process.

Returns structured findings (dataclasses), never text: :mod:`grader.messages` words them.
Structure first (type, tuple length, keys, shapes), then values with tolerances scaled to
the expected values, then a diagnosis of the error (a constant factor, a sign, a transpose).
Deeper diagnoses (:mod:`grader.semantics`, :mod:`grader.oracle`, :mod:`grader.hypotheses`)
return findings of kind ``diagnosed`` whose ``diagnosis`` names an entry of
:data:`grader.messages.DIAGNOSES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.spec import FunctionSpec, Tolerance
from grader.wire import Opaque


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a returned value, at ``path`` (a key such as "dW2", or "return value")."""

    kind: str  # none | type | length | missing_key | extra_key | shape | not_finite | values | opaque | diagnosed
    path: str
    expected: str = ""
    got: str = ""
    max_abs_error: float = 0.0
    where: tuple[int, ...] = ()
    wrong_count: int = 0
    total: int = 0
    factor: float | None = None
    transposed: bool = False
    sample: dict[str, Any] = field(default_factory=dict)
    diagnosis: str = ""  # kind "diagnosed": a key of messages.DIAGNOSES
    subject: str = ""  # what the diagnosis is about besides ``path`` (a parameter "W2", a mask "D2")
    numbers: dict[str, float] = field(default_factory=dict)  # statistics for the wording, never inputs


def diagnosed(diagnosis: str, path: str, subject: str = "", **numbers: float) -> Finding:
    """A finding explained by a named diagnosis."""
    return Finding("diagnosed", path, diagnosis=diagnosis, subject=subject,
                   numbers={k: float(v) for k, v in numbers.items()})


def close(got: np.ndarray, expected: np.ndarray, tolerance: Tolerance) -> bool:
    """Whether two arrays of the same shape agree within the grader's tolerance (scaled like compare)."""
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return False
    finite = np.isfinite(expected)
    if not np.array_equal(np.isfinite(got), finite):
        return False
    if not np.any(finite):
        return bool(np.array_equal(got, expected))
    scale = max(1.0, float(np.max(np.abs(expected[finite]))))
    error = np.abs(got[finite] - expected[finite])
    return bool(np.all(error <= tolerance.atol * scale + tolerance.rtol * np.abs(expected[finite])))


def _type_name(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.description
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return f"a {type(value).__name__}"


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf"


def flatten(value: Any, returns: Any) -> tuple[dict[str, Any], list[Finding]]:
    """Named parts of a return value following the spec's ``returns`` (dict, a name, or a tuple layout)."""
    if value is None:
        return {}, [Finding("none", "return value")]
    if returns == "dict":
        if not isinstance(value, dict):
            return {}, [Finding("type", "return value", expected="a dict", got=_type_name(value))]
        return dict(value), []
    if isinstance(returns, str):
        return {returns: value}, []
    return _flatten_tuple(value, returns, "return value")


def _flatten_tuple(value: Any, layout: list, path: str) -> tuple[dict[str, Any], list[Finding]]:
    names = ", ".join(item if isinstance(item, str) else "(…)" for item in layout)
    if not isinstance(value, tuple | list):
        return {}, [Finding("type", path, expected=f"a tuple ({names})", got=_type_name(value))]
    if len(value) != len(layout):
        return {}, [Finding("length", path, expected=f"{len(layout)} items ({names})", got=str(len(value)))]
    parts: dict[str, Any] = {}
    findings: list[Finding] = []
    for index, (item, name) in enumerate(zip(value, layout, strict=True)):
        if isinstance(name, str):
            parts.setdefault(name, item)
        else:
            nested, problems = _flatten_tuple(item, name, f"{path}[{index}]")
            for key, nested_value in nested.items():
                parts.setdefault(key, nested_value)
            findings.extend(problems)
    return parts, findings


def parts_of(value: Any, function: FunctionSpec) -> tuple[dict[str, Any], list[Finding]]:
    """Named parts of a returned value, read with the layout of its length (``returns``, or ``returns_also``:
    what another edition of the course returns)."""
    return flatten(value, function.layout_for(value))


def compare(got: Any, expected: Any, function: FunctionSpec) -> list[Finding]:
    """Every finding for one case (empty: the case passes)."""
    got_parts, findings = parts_of(got, function)
    if findings:
        return findings
    expected_parts, _ = flatten(expected, function.returns)
    keys = [key for key in list(function.graded) or list(expected_parts)
            if key in _names(function.layout_for(got), expected_parts)]
    if function.returns == "dict":  # the key set is part of the contract (the course counts layers by keys)
        findings.extend(Finding("extra_key", _key_name(key), expected=", ".join(map(str, expected_parts)))
                        for key in got_parts if key not in expected_parts)
    for key in keys:
        if key not in got_parts:
            findings.append(Finding("missing_key", key, expected=key))
            continue
        findings.extend(compare_nested(got_parts[key], expected_parts[key], key,
                                       function.tolerance_for(key), key in function.scale_free))
    return findings


def _names(layout: Any, expected_parts: dict[str, Any]) -> set[str]:
    """The names a layout gives (a dict or a single name: every part of the expected value)."""
    if isinstance(layout, str):
        return set(expected_parts)
    names: set[str] = set()
    for item in layout:
        names |= {item} if isinstance(item, str) else _names(item, expected_parts)
    return names


def leaves(parts: dict[str, Any]) -> dict[str, Any]:
    """Every number or array inside named parts, by the path compare's findings use (``v['dW1']``, ``b[2][0]``)."""
    found: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}[{key!r}]")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        else:
            found[path] = value

    for name, value in parts.items():
        walk(value, name)
    return found


def compare_nested(got: Any, expected: Any, path: str, tolerance: Tolerance, scale_free: bool = False) -> list[Finding]:
    """Findings for a named value that may hold dicts and lists of values (``v["dW1"]``, ``mini_batches[2][0]``):
    the same structure as the expected one, exactly the same keys, then every number or array."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [Finding("none", path)] if got is None else [
                Finding("type", path, expected="a dict", got=_type_name(got))]
        findings = [Finding("extra_key", _key_name(f"{path}[{key!r}]"), expected=", ".join(map(str, expected)))
                    for key in got if key not in expected]
        for key, item in expected.items():
            where = f"{path}[{key!r}]"
            if key not in got:
                findings.append(Finding("missing_key", where, expected=str(key)))
            else:
                findings.extend(compare_nested(got[key], item, where, tolerance, scale_free))
        return findings
    if isinstance(expected, list | tuple):
        if not isinstance(got, list | tuple):
            return [Finding("none", path)] if got is None else [
                Finding("type", path, expected=f"a {type(expected).__name__} of {len(expected)}", got=_type_name(got))]
        if len(got) != len(expected):
            return [Finding("length", path, expected=str(len(expected)), got=str(len(got)))]
        return [finding for index, (a, e) in enumerate(zip(got, expected, strict=True))
                for finding in compare_nested(a, e, f"{path}[{index}]", tolerance, scale_free)]
    return compare_value(got, expected, path, tolerance, scale_free)


def _key_name(key: Any) -> str:
    text = key if isinstance(key, str) else repr(key)
    return text if len(text) <= 40 else text[:37] + "..."


def compare_value(got: Any, expected: Any, path: str, tolerance: Tolerance, scale_free: bool = False) -> list[Finding]:
    """Findings for one named value (a number or an array)."""
    if got is None:
        return [Finding("none", path)]
    if isinstance(got, Opaque):
        return [Finding("opaque", path, got=got.description)]
    expected_array = np.asarray(expected, dtype=float)
    if expected_array.ndim == 0 or not isinstance(expected, np.ndarray):
        if not _is_number(got):
            return [Finding("type", path, expected="a number", got=_type_name(got))]
        got_array = np.asarray(got, dtype=float).reshape(expected_array.shape)
    else:
        if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
            return [Finding("type", path, expected=f"a numpy array of shape {expected_array.shape}",
                            got=_type_name(got))]
        if got.shape != expected_array.shape:
            transposed = got.shape == expected_array.T.shape and bool(
                np.allclose(np.asarray(got, dtype=float), expected_array.T, equal_nan=True))
            return [Finding("shape", path, expected=str(expected_array.shape), got=str(got.shape),
                            transposed=transposed)]
        got_array = np.asarray(got, dtype=float)
    return _values(got_array, expected_array, path, tolerance, scale_free)


def _values(got: np.ndarray, expected: np.ndarray, path: str, tolerance: Tolerance,
            scale_free: bool) -> list[Finding]:
    finite = np.isfinite(expected)
    if not np.array_equal(np.isfinite(got), finite) and np.any(~np.isfinite(got) & finite):
        bad = int(np.sum(~np.isfinite(got) & finite))
        return [Finding("not_finite", path, wrong_count=bad, total=int(got.size))]
    factor = _least_squares_factor(got, expected)
    if scale_free and factor is not None and factor > 0:
        expected = expected * factor
    scale = max(1.0, float(np.max(np.abs(expected[finite])))) if np.any(finite) else 1.0
    with np.errstate(invalid="ignore"):
        error = np.where(finite, np.abs(got - expected), np.where(got == expected, 0.0, np.inf))
    allowed = tolerance.atol * scale + tolerance.rtol * np.abs(np.where(finite, expected, 0.0))
    wrong = error > allowed
    if not np.any(wrong):
        return []
    where = tuple(int(i) for i in np.unravel_index(int(np.argmax(np.where(wrong, error, -1.0))), error.shape))
    diagnosed = None
    if factor is not None and not np.isclose(factor, 1.0, rtol=1e-3) and (got.size > 1 or _simple(factor)):
        residual = np.abs(got - factor * expected) <= allowed + tolerance.rtol * np.abs(got)
        if np.all(residual):
            diagnosed = factor
    transposed = (got.ndim == 2 and got.shape[0] == got.shape[1] and got.shape[0] > 1
                  and bool(np.allclose(got, expected.T, rtol=tolerance.rtol, atol=tolerance.atol * scale)))
    sample: dict[str, Any] = {}
    if got.size <= 60:
        sample = {"expected": expected.tolist(), "got": got.tolist(), "wrong": wrong.tolist()}
    else:
        worst = np.argsort(np.where(wrong, error, -1.0), axis=None)[::-1][:5]
        sample = {"worst": [{"index": [int(i) for i in np.unravel_index(int(k), error.shape)],
                             "expected": float(expected.flat[k]), "got": float(got.flat[k])}
                            for k in worst if wrong.flat[k]],
                  "mean_abs_error": float(np.mean(np.where(finite, error, 0.0)))}
    return [Finding("values", path, max_abs_error=float(np.max(np.where(wrong, error, 0.0))), where=where,
                    wrong_count=int(np.sum(wrong)), total=int(got.size), factor=diagnosed,
                    transposed=transposed, sample=sample)]


def _simple(factor: float) -> bool:
    """A factor a single number can be blamed on: ±k or ±1/k for a small whole k."""
    magnitude = abs(factor)
    candidates = [k for k in range(1, 11)] + [1 / k for k in range(2, 11)]
    return any(abs(magnitude - c) <= 1e-6 * c for c in candidates)


def _least_squares_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    mask = np.isfinite(got) & np.isfinite(expected)
    denominator = float(np.sum(expected[mask] ** 2))
    if denominator == 0.0:
        return None
    return float(np.sum(got[mask] * expected[mask]) / denominator)
