"""Test cases of an assignment, with the reference's expected outputs, built in the grader process.

Public cases are the course's canonical ones (literal arguments or a ``testCases``
function); hidden cases come from the reference module's generators, seeded per run so that
a hard-coded canonical output fails. Every expected value is computed here by the trusted
reference, with the same helper substitutions the student's function gets in the kernel.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.reference.course import load
from grader.spec import AssignmentSpec, FunctionSpec


@dataclass(frozen=True)
class Alternative:
    """Another value a case accepts (the reference run with other substitutes), and the note that says why."""

    expected: Any
    note: str  # a key of grader.diagnoses.NOTES
    substitute: str | None = None


@dataclass
class Case:
    """One call of a graded function: its arguments, and what the reference returns for them."""

    function: str
    label: str
    hidden: bool
    args: tuple[Any, ...]
    expected: Any
    substitute: str | None = None
    semantic: bool = False  # a large-input case of the function's semantic checks
    alternatives: tuple[Alternative, ...] = ()  # accepted when every case passes exactly or by one of these


@contextmanager
def substituted(function: Callable, source: str | None) -> Iterator[None]:
    """Temporarily replaces names in ``function``'s globals by the functions ``source`` defines."""
    if not source:
        yield
        return
    scope: dict[str, Any] = {"np": np}
    exec(compile(source, "<substitute>", "exec"), scope)  # trusted: from the reference module
    replacements = {k: v for k, v in scope.items() if callable(v) and not k.startswith("_") and k != "np"}
    namespace = function.__globals__
    saved = {name: namespace.get(name) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        namespace.update(saved)


def reference_module(spec: AssignmentSpec):
    return importlib.import_module(spec.reference)


def argument_names(spec: AssignmentSpec, name: str) -> tuple[str, ...]:
    """The reference's parameter names of a graded function (to name arguments in messages)."""
    reference = getattr(reference_module(spec), name, None)
    return tuple(inspect.signature(reference).parameters) if callable(reference) else ()


def run_reference(spec: AssignmentSpec, name: str, args: tuple, substitute: str | None) -> Any:
    """The reference's output for ``name(*args)`` (on a copy of the arguments)."""
    function = getattr(reference_module(spec), name)
    with substituted(function, substitute):
        return function(*copy.deepcopy(args))


def _public_args(spec: AssignmentSpec, function: FunctionSpec, index: int) -> list[dict]:
    case = function.public[index]
    module = reference_module(spec)
    if case.generator:
        return getattr(module, case.generator)()
    if case.test_case:
        made = getattr(load(spec.name, "testCases"), case.test_case)()
        made = made if isinstance(made, tuple) else (made,)
        return [{"args": [*made, *case.extra_args], "substitute": _named_substitute(module, case)}]
    return [{"args": list(case.args), "substitute": _named_substitute(module, case)}]


def _named_substitute(module: Any, case: Any) -> str | None:
    return getattr(module, case.substitute) if getattr(case, "substitute", None) else None


def function_seed(seed: int, name: str) -> np.random.Generator:
    """A generator for one function's hidden cases: stable per (run seed, function)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


SEMANTIC_LABEL = "large-input check"


def build_cases(spec: AssignmentSpec, function: FunctionSpec, seed: int) -> list[Case]:
    """Public cases first, then hidden ones, then the semantic checks' large inputs, each with its expected output."""
    raw: list[tuple[str, bool, bool, dict]] = []
    for index, public in enumerate(function.public):
        for made in _public_args(spec, function, index):
            raw.append((made.get("label", public.label), False, False, made))
    if function.hidden:
        generator = getattr(reference_module(spec), function.hidden)
        for number, made in enumerate(generator(function_seed(seed, function.name)), start=1):
            raw.append((f"hidden case {number}", True, False, made))
    if function.semantic is not None and function.semantic.cases:
        generator = getattr(reference_module(spec), function.semantic.cases)
        made_cases = generator(function_seed(seed, function.name + "/semantic"))
        for number, made in enumerate(made_cases, start=1):
            label = made.get("label", SEMANTIC_LABEL + (f" {number}" if len(made_cases) > 1 else ""))
            raw.append((label, False, True, made))
    cases = []
    for label, hidden, semantic, made in raw:
        args = tuple(made["args"])
        substitute = made.get("substitute")
        expected = run_reference(spec, function.name, args, substitute)
        alternatives = tuple(Alternative(run_reference(spec, function.name, args, other["substitute"]), other["note"],
                                         other["substitute"]) for other in made.get("alternatives", ()))
        cases.append(Case(function.name, label, hidden, args, expected, substitute, semantic, alternatives))
    return cases


def verify(spec: AssignmentSpec) -> list[str]:
    """What a spec names that does not exist: reference functions, generators, substitutes, test cases,
    semantic checks, oracles, helper modules (empty: everything it names is there)."""
    from grader import exercises

    where = spec.folder / "spec.toml"
    try:
        module = reference_module(spec)
    except Exception as error:  # noqa: BLE001 - any import failure is a broken spec
        return [f"{where}: reference: cannot import {spec.reference}: {type(error).__name__}: {error}"]
    found = [] if (spec.folder / spec.notebook).is_file() else [
        f"{where}: notebook: no file {spec.notebook} in {spec.folder} (python -m grader.assignments.build_notebooks)"]
    found += [f"{where}: helpers: no module {name}.py in {spec.folder}" for name in spec.helpers
             if not (spec.folder / f"{name}.py").is_file() and not (spec.folder.parent / "_shared" / f"{name}.py")
             .is_file()]
    checkers, oracles = exercises.registry().checkers, exercises.oracle_names()
    for function in spec.functions:
        at = f"{where}: function {function.name}"
        names = [("reference function", function.name), ("hidden", function.hidden)]
        names += [("semantic.cases", function.semantic.cases)] if function.semantic else []
        names += [("public generator", case.generator) for case in function.public]
        names += [("public substitute", case.substitute) for case in function.public]
        found += [f"{at}: {key}: {value!r} is not defined in {spec.reference}" for key, value in names
                  if value and not hasattr(module, value)]
        found += [f"{at}: editions: {edition!r} is not one of the spec's editions ({', '.join(spec.editions)})"
                  for edition in function.editions if edition not in spec.editions]
        if function.semantic and function.semantic.check not in checkers:
            found.append(f"{at}: semantic.check: {function.semantic.check!r} (known: {', '.join(sorted(checkers))})")
        if function.oracle and function.oracle not in oracles:
            found.append(f"{at}: oracle: {function.oracle!r} (known: {', '.join(sorted(oracles))})")
        for helper, attribute in function.uses.values():
            if helper not in spec.helpers:
                found.append(f"{at}: uses: {helper}.{attribute}: {helper} is not one of the spec's helpers")
        test_cases = [case.test_case for case in function.public if case.test_case]
        if test_cases:
            module_cases = load(spec.name, "testCases")
            found += [f"{at}: public test_case: {name!r} is not defined in testCases.py" for name in test_cases
                      if not hasattr(module_cases, name)]
    return found
