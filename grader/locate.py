"""Where in the student's cell a problem is: the line an exception points at, or the lines that
compute the value a finding is about.

Runs after scoring, in the grader process, on the notebook's text and the verdicts; it marks a
line only when it can find it (a frame whose code is the line's text, an assignment of the
named value inside the START/END CODE HERE region), never a guess at a cause.
"""

from __future__ import annotations

import re

import nbformat

from grader import notebook as nbtools
from grader.outcomes import CallOutcome
from grader.results import FunctionResult

MAX_SOURCE_CHARS = 20_000
MAX_MARKS = 6
_ASSIGN = re.compile(r"(?<![=!<>])(?:[-+*/@%]|\*\*|//)?=(?!=)")
_KEY = re.compile(r"\[\s*['\"]([^'\"]+)['\"]\s*\]")


def graded_source(nb: nbformat.NotebookNode, name: str) -> str:
    """The text of the cell whose definition of ``name`` the kernel ran last ('' when there is none)."""
    indices = nbtools.function_cells(nb).get(name)
    if not indices:
        return ""
    return str(nb.cells[indices[-1]].get("source", ""))[:MAX_SOURCE_CHARS]


def value_name(path: str) -> str:
    """The variable or key a finding's path names: ``v['dW1']`` → ``dW1``, ``mini_batches[2][0]`` → ``mini_batches``."""
    keys = _KEY.findall(path)
    if keys:
        return keys[-1]
    match = re.match(r"[A-Za-z_]\w*", path)
    return match.group(0) if match and path != "return value" else ""


def _region_lines(lines: list[str]) -> range | list[int]:
    """0-based indices of the lines inside START/END CODE HERE (every line when the cell has no markers)."""
    inside, chosen = False, []
    for number, line in enumerate(lines):
        if nbtools.START_MARK in line:
            inside = True
        elif nbtools.END_MARK in line:
            inside = False
        elif inside:
            chosen.append(number)
    return chosen or range(len(lines))


def _assigns(line: str, name: str) -> bool:
    """Whether ``line`` assigns ``name`` (a variable, an entry of a dict under that key, or under a key built from
    its letters such as ``'W' + str(l)`` for ``W1``)."""
    code = line.split("#", 1)[0]
    match = _ASSIGN.search(code)
    if match is None or code.lstrip().startswith(("if ", "elif ", "while ", "assert ", "return ")):
        return False
    target = code[:match.start()]
    if "(" in target.split("[", 1)[0]:  # a call before any subscript: a keyword argument, not an assignment
        return False
    if name in re.findall(r"[A-Za-z_]\w*", target.split("[", 1)[0]) or name in _KEY.findall(target):
        return True
    stem = re.sub(r"\d+$", "", name)
    return stem != name and re.search(rf"['\"]{re.escape(stem)}['\"]\s*\+", target) is not None


def _frame_lines(lines: list[str], frames: list[dict]) -> list[tuple[int, str]]:
    """1-based lines of the cell that the exception's frames point at, the innermost first."""
    marks = []
    for depth, frame in enumerate(reversed(frames)):
        line, code = frame.get("line"), str(frame.get("code", "")).strip()
        if not isinstance(line, int) or not code or not 1 <= line <= len(lines) or lines[line - 1].strip() != code:
            continue
        marks.append((line, "the exception was raised here" if depth == 0 else "the call that led to it"))
    return marks


def marks(function: FunctionResult, source: str, outcomes: list[CallOutcome]) -> list[dict]:
    """Lines of ``source`` to mark for ``function``'s verdict: ``[{"line": 1-based, "why": text}]``."""
    if function.status == "passed" or not source:
        return []
    lines = source.splitlines()
    raised = next((o for o in outcomes if o.kind == "raised"), None)
    if function.status == "error" and raised is not None:
        found = _frame_lines(lines, list((raised.error or {}).get("frames") or []))
        return [{"line": line, "why": why} for line, why in found[:MAX_MARKS]]
    failing = next((c for c in function.cases if c.status == "failed"), None)
    paths = list((failing.details or {}).get("paths") or []) if failing else []
    found: dict[int, list[str]] = {}
    region = _region_lines(lines)
    for path in paths:
        name = value_name(path)
        for number in region:
            if name and _assigns(lines[number], name):
                found.setdefault(number + 1, []).append(name)
    if not found and len(paths) == 1:  # a value returned as an expression: the return statement computes it
        for number in region:
            if lines[number].lstrip().startswith("return ") and "," not in lines[number]:
                found.setdefault(number + 1, []).append(value_name(paths[0]) or "the returned value")
    return [{"line": line, "why": f"computes {', '.join(dict.fromkeys(names))}, which the problem is about"}
            for line, names in sorted(found.items())[:MAX_MARKS]]
