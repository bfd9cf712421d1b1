"""What a call of a student's function gave, read from the harness's payloads: one code path for both callers.

The grading kernel and the in-notebook self-check run the same harness (grader/kernel/inside)
on the same requests (:func:`harness_request`), and their payloads become :class:`CallOutcome`
here (:func:`outcome_of`): decoded through the wire format, checked for in-place changes, with
the exception reduced to what the protocol allows. This module imports nothing of Jupyter.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from grader import wire
from grader.kernel.inside import protocol

# A call may take this much longer than its limit, by the grader's clock (decoding its inputs,
# publishing its result), before the grader calls it a time-out whatever the kernel says.
CALL_SLACK_SECONDS = 1.0


@dataclass
class CellProblem:
    index: int
    graded: str | None
    status: str  # error | timeout | dead
    message: str


@dataclass
class CallOutcome:
    """What one call of a graded function gave: ``ok`` (value), ``raised``, ``missing``, ``timeout``,
    ``dead``, ``unreadable`` (no valid result came back), ``mutated`` or ``skipped``."""

    kind: str
    value: Any = None
    error: dict = field(default_factory=dict)
    detail: str = ""
    output: str = ""


def harness_request(function: str, calls: list[dict], time_limit: float, uses: dict[str, list[str]],
                    arg_names: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The JSON request of the harness's ``call_many``, and the fresh nonce of each call.

    ``calls``: ``{"args": [wire-encoded values], "substitute": source or None}`` each.
    """
    nonces = [secrets.token_hex(protocol.NONCE_HEX // 2) for _ in calls]
    request = json.dumps({
        "function": function, "uses": uses, "arg_names": list(arg_names), "time_limit": time_limit,
        "calls": [{"nonce": n, "args": c["args"], "substitute": c.get("substitute")} for n, c in zip(
            nonces, calls, strict=True)],
    })
    return request, nonces


def outcome_of(payload: dict, output: str, limit: float, in_place: tuple[str, ...] = ()) -> CallOutcome:
    """The outcome of one call from its payload (``_seconds``: its duration by the caller's clock, if known).

    An argument named in ``in_place`` may have its entries changed (the course's update functions
    rebind the entries of the dictionaries they return); any other change of an input fails the call."""
    seconds = payload.get("_seconds")
    if isinstance(seconds, float) and seconds > limit + CALL_SLACK_SECONDS:
        # By the grader's clock the call took longer than its limit: a time-out, whatever the
        # kernel reported (its own SIGALRM limit can be ignored by the student's code).
        return CallOutcome("timeout", detail=f"did not return within {limit:g} s", output=output)
    status = payload.get("status")
    if status == "missing":
        return CallOutcome("missing", detail=str(payload.get("type") or ""))
    if status == "timeout":
        return CallOutcome("timeout", detail=f"did not return within {limit:g} s", output=output)
    if status == "raised":
        return CallOutcome("raised", error=reported_error(payload.get("error")), output=output)
    if status == "ok":
        try:
            value = wire.decode(payload.get("value"))
        except wire.WireError as problem:
            return CallOutcome("unreadable", detail=str(problem), output=output)
        mutated = payload.get("mutated")
        changed = [str(p)[:80] for p in mutated if not _allowed(str(p), in_place)] if isinstance(mutated, list) else []
        if changed:
            return CallOutcome("mutated", value=value, output=output,
                               detail=f"changed its input {', '.join(changed[:3])} in place; work on copies")
        return CallOutcome("ok", value=value, output=output)
    return CallOutcome("unreadable", detail="more than one result came back", output=output)


def _allowed(path: str, in_place: tuple[str, ...]) -> bool:
    return any(path == name or path.startswith(name + "[") for name in in_place)


def reported_error(error: Any) -> dict:
    """The exception a kernel reported, reduced to what the protocol allows (a forged one cannot grow)."""
    if not isinstance(error, dict):
        return {}
    frames = error.get("frames") if isinstance(error.get("frames"), list) else []
    cap = protocol.MAX_CODE_CHARS
    return {
        "type": str(error.get("type", ""))[:cap],
        "message": str(error.get("message", ""))[:protocol.MAX_ERROR_CHARS],
        "frames": [{"name": str(f.get("name", ""))[:cap],
                    "line": f.get("line") if isinstance(f.get("line"), int) else 0,
                    "code": str(f.get("code", ""))[:cap], "file": str(f.get("file", ""))[:cap]}
                   for f in frames[-protocol.MAX_FRAMES:] if isinstance(f, dict)],
    }


_HARNESS: dict[str, Any] = {}


def call_here(function: str, student: Any, pristine: dict[str, Any], call: dict, time_limit: float,
              uses: dict[str, list[str]], arg_names: tuple[str, ...], in_place: tuple[str, ...]) -> CallOutcome:
    """One call of a student's function in this process, through the grading kernel's own harness (the self-checks:
    the same calling code, substitutes, time limit, in-place check and reading of the result as a graded kernel)."""
    import contextlib
    import io

    from grader.kernel import inside

    if not _HARNESS:
        exec(compile(inside.source(), "<dlgrader-harness>", "exec"), _HARNESS)  # noqa: S102 - our own code
    state, sent = _HARNESS["_state"], []
    state["ns"], state["pristine"] = {function: student}, pristine
    state["publish"] = lambda data, metadata=None: sent.append(data[protocol.MIME])
    request, _ = harness_request(function, [call], time_limit, uses, arg_names)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        _HARNESS["call_many"](request)
    if len(sent) != 1:
        return CallOutcome("unreadable", detail="no result came back", output=output.getvalue())
    return outcome_of(sent[0], output.getvalue(), time_limit, in_place)
