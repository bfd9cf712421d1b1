"""A graded notebook as JUnit XML: one testcase per graded function, read by CI systems.

A function that passed is a plain testcase; ``failed`` and ``missing`` become ``<failure>``,
``error`` (it raised, hung, killed the kernel, or its cell did not run) becomes ``<error>``;
the element's ``message`` is the grader's one-line message and its text adds the hint, the
other failing cases, the student's traceback and what the function printed. A notebook that
could not be graded at all is one testcase ``notebook`` with an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.results import FunctionResult, SubmissionResult
from grader.text import inert

# Characters XML 1.0 cannot carry (control characters from a student's output, for one).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text XML can carry, with control characters (carriage returns, ANSI escapes) shown as escapes."""
    return _NOT_XML.sub("\ufffd", inert(text))


def function_details(function: FunctionResult) -> str:
    """Everything a reader of a failure needs, as plain text lines."""
    lines = [inert(function.message)]
    if function.hint:
        lines.append(f"Hint: {function.hint}")
    others = [f"{case.name}: {case.status}: {case.message}" for case in function.cases if case.status != "passed"]
    if len(others) > 1:
        lines.append("Failing cases:")
        lines.extend(f"  {line}" for line in others)
    if function.traceback:
        lines.append("Traceback (your code, innermost last):")
        lines.extend(f"  {line}" for line in function.traceback)
    if function.output:
        lines.append("Printed:")
        lines.extend(f"  {line}" for line in function.output.rstrip("\n").splitlines()[:40])
    return "\n".join(lines)


def _set(element: ET.Element, **attributes: object) -> ET.Element:
    for key, value in attributes.items():
        element.set(key, clean(str(value)))
    return element


def junit_tree(result: SubmissionResult, name: str | None = None) -> ET.ElementTree:
    """The JUnit XML of one graded notebook (``name``: the suite's name, default the submission id)."""
    failures = sum(f.status in ("failed", "missing") for f in result.functions)
    errors = sum(f.status == "error" for f in result.functions) + (not result.functions)
    tests = max(1, len(result.functions))
    seconds = float(result.environment.get("seconds", 0.0))
    root = _set(ET.Element("testsuites"), name="dl-grader", tests=tests, failures=failures, errors=errors,
                time=f"{seconds:.3f}")
    suite = _set(ET.SubElement(root, "testsuite"), name=name or result.submission, tests=tests, failures=failures,
                 errors=errors, skipped=0, time=f"{seconds:.3f}")
    properties = ET.SubElement(suite, "properties")
    for key, value in (("assignment", result.assignment or ""), ("score", f"{result.score:g}"),
                       ("max_score", f"{result.max_score:g}"), ("seed", result.environment.get("seed", ""))):
        _set(ET.SubElement(properties, "property"), name=key, value=value)
    classname = f"{result.assignment or 'notebook'}.{result.submission}"
    for function in result.functions:
        case = _set(ET.SubElement(suite, "testcase"), classname=classname, name=function.name, time="0")
        if function.status == "passed":
            continue
        tag = "error" if function.status == "error" else "failure"
        failure = _set(ET.SubElement(case, tag), message=function.message, type=function.reason or function.status)
        failure.text = clean(function_details(function))
    if not result.functions:
        case = _set(ET.SubElement(suite, "testcase"), classname=classname, name="notebook", time="0")
        problem = "; ".join(result.errors) or "the notebook could not be graded"
        _set(ET.SubElement(case, "error"), message=problem, type="not graded").text = clean(problem)
    if result.errors:
        ET.SubElement(suite, "system-err").text = clean("\n".join(result.errors))
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(result: SubmissionResult, path: Path, name: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(result, name).write(path, encoding="utf-8", xml_declaration=True)
