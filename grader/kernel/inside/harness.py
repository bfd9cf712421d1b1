# dl-grader kernel harness. Executed as the first cell of every grading kernel, before any
# student code, from its source text (the grader package itself is not mounted there), in a
# namespace that already holds the constants of protocol.py (MIME, MAX_*, GIVEN_DIR, ...).
# It keeps private references to what it needs, decodes call inputs sent as data, calls a
# student function, and publishes the return value as data under a MIME type of its own,
# tagged with the nonce of the call. It never decides anything: every check happens in the
# grader process, so code that patches this harness can only make its own results unreadable.
import base64 as _b64
import hashlib as _hashlib
import io as _io
import json as _json
import os as _os
import signal as _signal
import sys as _sys
import traceback as _tb
import types as _types

import numpy as _np
from IPython import get_ipython as _get_ipython
from IPython.display import publish_display_data as _publish
from numpy.lib import format as _npformat

HARNESS_FILE = "<dlgrader-harness>"

_state = {"pristine": {}, "ns": None}
# Function references taken before any student code runs: patching json, base64, numpy or
# IPython later does not reach the harness.
_loads = _json.loads
_b64decode = _b64.b64decode
_b64encode = _b64.b64encode
_read_array = _npformat.read_array
_write_array = _npformat.write_array
_asarray = _np.asarray
_contiguous = _np.ascontiguousarray
_ndarray = _np.ndarray
_generic = _np.generic
_BytesIO = _io.BytesIO
_sha1 = _hashlib.sha1


def _fingerprints(value, path, out):
    """Digests of every array in an argument, by path (to see what a call changed in place)."""
    if isinstance(value, _ndarray):
        out[path] = (value.shape, value.dtype.str, _sha1(_contiguous(value).tobytes()).hexdigest())
    elif isinstance(value, dict):
        for key, item in value.items():
            _fingerprints(item, path + "[" + repr(key) + "]", out)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _fingerprints(item, path + "[" + str(index) + "]", out)
    return out


def _decode(node):
    kind = node["t"]
    if kind == "none":
        return None
    if kind in ("bool", "str"):
        return node["v"]
    if kind == "int":
        return int(node["v"])
    if kind == "float":
        return float.fromhex(node["v"])
    if kind == "ndarray":
        return _read_array(_BytesIO(_b64decode(node["npy"])), allow_pickle=False)
    if kind in ("list", "tuple"):
        items = [_decode(item) for item in node["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {key: _decode(value) for key, value in node["items"]}
    raise ValueError("unknown node " + repr(kind))


def _encode(value, depth=0, budget=None):
    budget = budget if budget is not None else [MAX_ITEMS, MAX_ARRAY_BYTES]
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        return {"t": "truncated"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": float.hex(value)}
    if isinstance(value, (_ndarray, _generic)):
        array = _asarray(value)
        if array.dtype.kind not in "biuf" or array.nbytes > budget[1]:
            return {"t": "object", "type": "ndarray of " + str(array.dtype), "shape": list(array.shape)}
        budget[1] -= array.nbytes
        buffer = _BytesIO()
        _write_array(buffer, _contiguous(array), allow_pickle=False)
        return {"t": "ndarray", "npy": _b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, (list, tuple)):
        kind = "tuple" if isinstance(value, tuple) else "list"
        return {"t": kind, "items": [_encode(item, depth + 1, budget) for item in list(value)[:MAX_ITEMS]]}
    if isinstance(value, dict):
        items = []
        for key, item in list(value.items())[:MAX_ITEMS]:
            name = key if isinstance(key, str) else "<" + type(key).__name__ + ">"
            items.append([name, _encode(item, depth + 1, budget)])
        return {"t": "dict", "items": items}
    if isinstance(value, str):
        return {"t": "str", "v": value[:200]}
    return {"t": "object", "type": type(value).__name__}


def _student_traceback(error):
    frames = [frame for frame in _tb.extract_tb(error.__traceback__) if frame.filename != HARNESS_FILE]
    student = [frame for frame in frames if not frame.filename.startswith(_LIBRARY_PREFIXES)] or frames[-1:]
    return {
        "type": type(error).__name__,
        "message": str(error)[:MAX_ERROR_CHARS],
        "frames": [{"name": frame.name, "line": frame.lineno, "code": (frame.line or "")[:MAX_CODE_CHARS],
                    "file": frame.filename[:MAX_CODE_CHARS]} for frame in student[-MAX_FRAMES:]],
    }


def _send(payload):
    _state["publish"]({MIME: payload}, metadata={})


def _link_given():
    """In the sandbox: links the assignment's read-only files into the (writable) working directory."""
    if not _os.path.isdir(GIVEN_DIR):
        return
    for name in _os.listdir(GIVEN_DIR):
        target = _os.path.join(SANDBOX_WORKDIR, name)
        if not _os.path.lexists(target):
            _os.symlink(_os.path.join(GIVEN_DIR, name), target)


def setup(helper_sources):
    """Loads pristine copies of the course helper modules, before any student code runs."""
    _link_given()
    for name, source in helper_sources.items():
        module = _types.ModuleType("_dlgrader_pristine_" + name)
        module.__file__ = name + ".py"
        exec(compile(source, "<pristine " + name + ">", "exec"), module.__dict__)
        _state["pristine"][name] = module
    shell = _get_ipython()
    _state["ns"] = shell.user_ns
    _state["publish"] = getattr(shell.display_pub, "publish", None) or _publish


class _TimeLimit(BaseException):
    """Raised in the student's code when a call runs past its time limit."""


def _alarm(signum, frame):
    raise _TimeLimit()


def _start_clock(seconds):
    """Arms SIGALRM for one call; False where signals cannot be used (the cell's time limit still holds)."""
    try:
        _signal.signal(_signal.SIGALRM, _alarm)
        _signal.setitimer(_signal.ITIMER_REAL, seconds)
        return True
    except (ValueError, OSError):
        return False


def _stop_clock():
    try:
        _signal.setitimer(_signal.ITIMER_REAL, 0)
        _signal.signal(_signal.SIGALRM, _signal.SIG_DFL)
    except (ValueError, OSError):
        pass


def call_many(request_json):
    """Calls one function on several cases in turn; stops after a missing function or a time-out."""
    batch = _loads(request_json)
    for request in batch["calls"]:
        if not _call(batch, request):
            return


def _call(batch, request):
    nonce = request["nonce"]
    function = _state["ns"].get(batch["function"])
    if not callable(function):
        _send({"nonce": nonce, "status": "missing",
               "type": None if function is None else type(function).__name__})
        return False
    namespace = getattr(function, "__globals__", None)
    replacements = {}
    for name, (module, attribute) in batch.get("uses", {}).items():
        pristine = _state["pristine"].get(module)
        if pristine is not None and hasattr(pristine, attribute):
            replacements[name] = getattr(pristine, attribute)
    if request.get("substitute"):
        scope = {"np": _np}
        exec(compile(request["substitute"], "<dlgrader-substitute>", "exec"), scope)
        replacements.update({k: v for k, v in scope.items() if callable(v) and not k.startswith("_")})
    saved = {}
    if isinstance(namespace, dict):
        for name, value in replacements.items():
            saved[name] = namespace.get(name, _MISSING)
            namespace[name] = value
    names = batch.get("arg_names") or []
    timed = False
    try:
        args = [_decode(arg) for arg in request["args"]]
        labels = [names[i] if i < len(names) else "argument " + str(i + 1) for i in range(len(args))]
        before = {}
        for label, arg in zip(labels, args, strict=True):
            _fingerprints(arg, label, before)
        timed = _start_clock(batch["time_limit"])
        result = function(*args)
        _stop_clock()
    except _TimeLimit:
        _stop_clock()
        _send({"nonce": nonce, "status": "timeout"})
        return False
    except BaseException as error:  # noqa: BLE001 - report anything the student's code raised
        if timed:
            _stop_clock()
        _send({"nonce": nonce, "status": "raised", "error": _student_traceback(error)})
        return True
    finally:
        if isinstance(namespace, dict):
            for name, value in saved.items():
                if value is _MISSING:
                    namespace.pop(name, None)
                else:
                    namespace[name] = value
    after = {}
    for label, arg in zip(labels, args, strict=True):
        _fingerprints(arg, label, after)
    changed = [path for path, digest in before.items() if after.get(path) != digest]
    _send({"nonce": nonce, "status": "ok", "value": _encode(result), "mutated": changed[:20]})
    return True


_MISSING = object()
_LIBRARY_PREFIXES = tuple({p for p in (_sys.prefix, _sys.base_prefix, _sys.exec_prefix) if p}) + ("<frozen",)
