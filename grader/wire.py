"""Values as data between the grader and a kernel: a JSON tree with arrays as .npy bytes.

The same tree format goes both ways (see ``kernel/inside/harness.py`` for the kernel's side).
Decoding never unpickles: arrays are read with ``allow_pickle=False`` and only numeric
dtypes are accepted; the payload's size and depth are capped.
"""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.kernel.inside.protocol import MAX_DEPTH as KERNEL_MAX_DEPTH
from grader.kernel.inside.protocol import MAX_MESSAGE_BYTES

MAX_PAYLOAD_BYTES = MAX_MESSAGE_BYTES
MAX_DEPTH = KERNEL_MAX_DEPTH + 2


class WireError(ValueError):
    """A payload from the kernel that does not follow the format."""


@dataclass(frozen=True)
class Opaque:
    """A returned value the grader cannot compare (an object, a string, an over-deep tree)."""

    description: str

    def __repr__(self) -> str:
        return self.description


def encode(value: Any) -> dict:
    """Encodes a value built by the grader (None, bool, int, float, str, ndarray, list, tuple, dict)."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool | np.bool_):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int | np.integer):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, float | np.floating):
        return {"t": "float", "v": float(value).hex()}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return {"t": "ndarray", "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, list | tuple):
        return {"t": "tuple" if isinstance(value, tuple) else "list", "items": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "items": [[str(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot send a {type(value).__name__} to the kernel")


def decode(node: Any, depth: int = 0) -> Any:
    """Decodes a tree from the kernel; raises WireError on anything malformed."""
    if depth > MAX_DEPTH:
        raise WireError("result nested too deeply")
    if not isinstance(node, dict) or not isinstance(node.get("t"), str):
        raise WireError("malformed result node")
    kind = node["t"]
    if kind == "none":
        return None
    if kind == "bool":
        return _typed(node.get("v"), bool)
    if kind == "int":
        text = _typed(node.get("v"), str)
        if len(text) > 400:
            return Opaque("a very large integer")
        try:
            return int(text)
        except ValueError as error:
            raise WireError("malformed integer") from error
    if kind == "float":
        try:
            return float.fromhex(_typed(node.get("v"), str))
        except ValueError as error:
            raise WireError("malformed float") from error
    if kind == "ndarray":
        return _array(_typed(node.get("npy"), str))
    if kind in ("list", "tuple"):
        items = [decode(item, depth + 1) for item in _typed(node.get("items"), list)]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        result = {}
        for pair in _typed(node.get("items"), list):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise WireError("malformed dict entry")
            result[pair[0]] = decode(pair[1], depth + 1)
        return result
    if kind == "str":
        return Opaque(f"the string {_typed(node.get('v'), str)[:40]!r}")
    if kind == "object":
        shape = node.get("shape")
        suffix = f" of shape {tuple(shape)}" if isinstance(shape, list) else ""
        return Opaque(f"an object of type {str(node.get('type'))[:60]}{suffix}")
    if kind == "truncated":
        return Opaque("a value too large or too deeply nested to read")
    raise WireError(f"unknown result node {kind[:20]!r}")


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise WireError(f"expected {kind.__name__} in result")
    return value


def _array(text: str) -> np.ndarray:
    if len(text) > MAX_PAYLOAD_BYTES:
        raise WireError("array too large")
    try:
        raw = base64.b64decode(text, validate=True)
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (binascii.Error, ValueError, OSError, EOFError) as error:
        raise WireError(f"malformed array: {error}") from error
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
        raise WireError("array of a non-numeric dtype")
    return array
