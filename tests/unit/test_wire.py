"""grader.wire: values as data, both ways, and every way a kernel's payload can be malformed."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest

from grader import wire


def _npy(array: np.ndarray, allow_pickle: bool = False) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 10**30, 1.5, -0.0, float("inf"), 1e-300,
    np.arange(6, dtype=np.float64).reshape(2, 3), np.array([[1, 2]], dtype=np.int32), np.zeros((0, 3)),
    [1, 2.5, None], (1, (2, 3)), {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))},
])
def test_round_trip(value):
    back = wire.decode(wire.encode(value))
    if isinstance(value, dict):
        assert list(back) == list(value)
        assert all(np.array_equal(back[k], value[k]) for k in value)
    elif isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_floats_travel_bit_exact():
    value = 0.1 + 0.2
    assert wire.decode(wire.encode(value)) == value
    assert wire.encode(np.float64(0.5)) == {"t": "float", "v": (0.5).hex()}


def test_strings_and_objects_come_back_opaque():
    assert isinstance(wire.decode({"t": "str", "v": "all tests passed"}), wire.Opaque)
    opaque = wire.decode({"t": "object", "type": "ndarray of object", "shape": [2]})
    assert "ndarray of object" in opaque.description and "(2,)" in opaque.description
    assert "too large" in wire.decode({"t": "truncated"}).description
    assert isinstance(wire.decode({"t": "int", "v": "9" * 401}), wire.Opaque)


def test_an_array_that_needs_pickle_is_refused():
    objects = np.array([{"a": 1}, None], dtype=object)
    with pytest.raises(wire.WireError, match="malformed array"):
        wire.decode({"t": "ndarray", "npy": _npy(objects, allow_pickle=True)})


def test_a_non_numeric_array_is_refused():
    with pytest.raises(wire.WireError, match="non-numeric"):
        wire.decode({"t": "ndarray", "npy": _npy(np.array(["a", "b"]))})


@pytest.mark.parametrize(("node", "message"), [
    ("not a node", "malformed result node"),
    ({"v": 1}, "malformed result node"),
    ({"t": "float", "v": "0x1.8p+zz"}, "malformed float"),
    ({"t": "float", "v": 1.5}, "malformed float"),
    ({"t": "int", "v": "twelve"}, "malformed integer"),
    ({"t": "bool", "v": "yes"}, "expected bool"),
    ({"t": "list", "items": "abc"}, "expected list"),
    ({"t": "dict", "items": [["k"]]}, "malformed dict entry"),
    ({"t": "dict", "items": [[1, {"t": "none"}]]}, "malformed dict entry"),
    ({"t": "ndarray", "npy": "!!!not base64!!!"}, "malformed array"),
    ({"t": "ndarray", "npy": base64.b64encode(b"\x93NUMPY garbage").decode()}, "malformed array"),
    ({"t": "pickle", "v": "gASV"}, "unknown result node"),
])
def test_malformed_payloads_raise_wire_errors(node, message):
    with pytest.raises(wire.WireError, match=message):
        wire.decode(node)


def test_depth_is_capped():
    node: dict = {"t": "none"}
    for _ in range(wire.MAX_DEPTH + 2):
        node = {"t": "list", "items": [node]}
    with pytest.raises(wire.WireError, match="too deeply"):
        wire.decode(node)


def test_oversized_array_text_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(wire, "MAX_PAYLOAD_BYTES", 100)
    with pytest.raises(wire.WireError, match="too large"):
        wire.decode({"t": "ndarray", "npy": _npy(np.zeros(100))})


def test_grader_side_encoding_refuses_what_it_cannot_send():
    with pytest.raises(TypeError, match="cannot send"):
        wire.encode(object())
