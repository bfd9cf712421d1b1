"""Equivalent or different: a mutant against the reference on a broad battery of valid inputs, in this process.

The battery is every case the grader would build (public, hidden and large-input) for several
run seeds other than the grading seed. A mutant is

- ``equivalent`` when it returns what the reference returns (within the function's tolerance)
  on every input of the battery, or when it only changes or removes the seeding of the random
  stream; for a function that draws random numbers also when it differs only in the values that
  depend on the stream and, on the large inputs, each of them has the distribution of the
  reference's own values drawn from another stream (two-sample Kolmogorov–Smirnov tests at
  1e-9: a negated normal draw is a normal draw) — an oracle independent of the grader's
  one-sample tests;
- ``ungraded`` when it differs only in returned entries the spec does not grade (intermediate
  dictionary entries and cache entries the course never grades);
- ``different`` otherwise (wrong values, a wrong structure, an exception or a hang).

The mutants are code of this project (edits of the trusted reference), so they run here.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
from dataclasses import dataclass, replace
from types import FrameType

import numpy as np

from grader import semantics
from grader.cases import Case, build_cases, reference_module, substituted
from grader.compare import compare, parts_of
from grader.mutants.generate import Mutant
from grader.spec import AssignmentSpec, FunctionSpec

CALL_SECONDS = 10
BATTERY_SEEDS = (101, 202, 303, 404, 505, 606)
SAME_DISTRIBUTION_ALPHA = 1e-9
OTHER_STREAM = 1000  # the reference's seeds are shifted by this to draw its values from another stream


@dataclass(frozen=True)
class Label:
    kind: str  # equivalent | ungraded | different
    why: str  # the first input where it differs, and how


class _Hang(Exception):
    pass


def battery(spec: AssignmentSpec, function: FunctionSpec, seeds: tuple[int, ...] = BATTERY_SEEDS) -> list[Case]:
    """Every case the grader builds for ``function``, for each of ``seeds``."""
    return [case for seed in seeds for case in build_cases(spec, function, seed)]


def compiled(spec: AssignmentSpec, mutant: Mutant):
    """The mutant as a function with the reference module's globals (a copy: the module is not changed)."""
    namespace = dict(vars(reference_module(spec)))
    exec(compile(mutant.source, f"<mutant {mutant.function} #{mutant.number}>", "exec"), namespace)  # trusted
    return namespace[mutant.function]


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


def _call(function, case: Case):
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CALL_SECONDS)
    try:
        with substituted(function, case.substitute), contextlib.redirect_stdout(io.StringIO()), \
                np.errstate(all="ignore"):
            return function(*copy.deepcopy(case.args))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def label(spec: AssignmentSpec, function: FunctionSpec, mutant: Mutant, cases: list[Case]) -> Label:
    """The mutant's label on the battery ``cases`` (see the module's docstring)."""
    if mutant.seed_only:
        return Label("equivalent", "changes only the seeding of the random stream")
    try:
        mutated = compiled(spec, mutant)
    except Exception as error:  # noqa: BLE001 - a mutant that does not compile is different
        return Label("different", f"does not compile: {type(error).__name__}")
    every_key = replace(function, graded=())
    checker = semantics.checker(function.semantic.check) if function.semantic else None
    ungraded, by_stream = "", False
    for case in cases:
        try:
            value = _call(mutated, case)
        except _Hang:
            return Label("different", f"{case.label}: runs longer than {CALL_SECONDS} s")
        except Exception as error:  # noqa: BLE001 - any exception makes it different
            return Label("different", f"{case.label}: raises {type(error).__name__}")
        findings = compare(value, case.expected, function)
        if findings and checker is not None and semantics.eligible(findings, checker):
            by_stream = True
            if case.semantic:
                problem = _other_distribution(spec, function, case, value, checker)
                if problem:
                    return Label("different", f"{case.label}: {problem}")
            continue
        if findings:
            return Label("different", f"{case.label}: {findings[0].kind} at {findings[0].path}")
        if not ungraded and compare(value, case.expected, every_key):
            ungraded = f"{case.label}: differs only in entries that are not graded"
    if by_stream and not any(case.semantic for case in cases):
        return Label("different", "differs from the seeded reference and has no large input to judge its draws by")
    if by_stream:
        return Label("equivalent", "differs only by the random stream: the same distributions as the reference's")
    return Label("ungraded", ungraded) if ungraded else Label("equivalent", "same values on the whole battery")


@contextlib.contextmanager
def _other_stream():
    """numpy's global seeding shifted, so that a seeded function draws from another stream."""
    original = np.random.seed

    def shifted(seed=None):
        original(None if seed is None else int(seed) + OTHER_STREAM)

    np.random.seed = shifted
    try:
        yield
    finally:
        np.random.seed = original


def _other_distribution(spec: AssignmentSpec, function: FunctionSpec, case: Case, value,
                        checker: semantics.Checker) -> str:
    """Why the mutant's random values do not have the reference's distribution ("" when they do)."""
    from scipy import stats

    reference = getattr(reference_module(spec), function.name)
    with _other_stream():
        other = _call(reference, case)
    got, _ = parts_of(value, function)
    drawn, _ = parts_of(other, function)
    if checker.draws is not None:
        try:
            got = checker.draws(case, got)
        except Exception as error:  # noqa: BLE001 - draws that cannot be read are not the reference's
            return f"its draws cannot be read ({type(error).__name__})"
        drawn = checker.draws(case, drawn)
    keys = list(drawn) if checker.draws is not None else [k for k in function.graded or drawn if checker.random_keys(k)]
    for key in keys:
        if key not in got:
            return f"{key} is missing"
        a, b = np.asarray(got[key], dtype=float).ravel(), np.asarray(drawn[key], dtype=float).ravel()
        if a.shape != b.shape or stats.ks_2samp(a, b).pvalue < SAME_DISTRIBUTION_ALPHA:
            return f"{key} does not have the distribution of the reference's draws"
    return ""
