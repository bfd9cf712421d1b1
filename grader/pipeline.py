"""Grading one submission as a list of small steps: load → plan → cases → execute → call → score.

Each step reads and extends a :class:`Grading` context; a step that finds the submission
cannot be graded records a notebook-level error and the remaining steps are skipped. The
result is always a :class:`SubmissionResult`, never an exception.
"""

from __future__ import annotations

import functools
import platform
import resource
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

import grader
from grader import locate
from grader import notebook as nbtools
from grader.cases import Case, argument_names, build_cases, verify
from grader.compare import compare
from grader.execute import CallOutcome, Executor, helper_sources, prepare_workdir
from grader.kernel.confine import confinement, kernel_env, started
from grader.kernel.environment import KernelEnvironment, KernelEnvironmentError
from grader.kernel.pool import POOL
from grader.kernel.sandbox import Sandbox, SandboxError
from grader.kernel.session import KernelSession
from grader.options import Options
from grader.results import FunctionResult, SubmissionResult
from grader.scoring import judge_function
from grader.spec import AssignmentSpec, FunctionSpec, SpecError, all_specs, detect
from grader.timings import Timings


@dataclass
class Grading:
    name: str
    options: Options
    seed: int
    submission: str
    started: float = field(default_factory=time.monotonic)
    raw: bytes = b""
    nb: nbformat.NotebookNode | None = None
    spec: AssignmentSpec | None = None
    cells: list[nbtools.PlannedCell] = field(default_factory=list)
    cases: dict[str, list[Case]] = field(default_factory=dict)
    outcomes: dict[str, list[CallOutcome]] = field(default_factory=dict)
    executor: Executor | None = None
    sandbox: Sandbox | None = None
    session: KernelSession | None = None
    workdir: Path | None = None
    launched: bool = False
    kernel_env: KernelEnvironment | None = None
    errors: list[str] = field(default_factory=list)
    stopped: bool = False
    timings: Timings = field(default_factory=Timings)

    def stop(self, message: str) -> None:
        self.errors.append(message)
        self.stopped = True


def load(g: Grading) -> None:
    try:
        g.nb = nbtools.parse_notebook(g.raw, g.name)
    except nbtools.NotebookError as error:
        g.stop(str(error))


def choose_assignment(g: Grading) -> None:
    assert g.nb is not None
    try:
        specs = all_specs()
    except SpecError as error:
        g.stop(f"assignment specs are broken: {error}")
        return
    defined = set(nbtools.function_cells(g.nb))
    headers = set(nbtools.graded_cells(g.nb))
    if g.options.assignment:
        g.spec = specs.get(g.options.assignment)
        if g.spec is None:
            g.stop(f"unknown assignment {g.options.assignment!r} (known: {', '.join(sorted(specs))})")
            return
    else:
        g.spec = detect(defined, specs, headers)
        if g.spec is None:
            g.stop(nbtools.no_assignment_message(headers))
            return
    try:
        g.spec = g.spec.for_edition(g.options.edition)
    except SpecError as error:
        g.stop(str(error))


def check_spec(g: Grading) -> None:
    """A spec that names what does not exist stops grading with what is missing, not a traceback."""
    assert g.spec is not None
    problems = _spec_problems(g.spec.name)
    if problems:
        g.stop("the assignment spec is broken: " + "; ".join(problems))


@functools.cache
def _spec_problems(name: str) -> tuple[str, ...]:
    """verify() of an assignment's spec, once per process."""
    return tuple(verify(all_specs()[name]))


def plan_cells(g: Grading) -> None:
    """What runs of the notebook; planning counts against the submission's time limit."""
    assert g.nb is not None
    try:
        g.cells = nbtools.plan(g.nb, full=g.options.full, deadline=g.started + g.options.submission_timeout,
                               functions=frozenset(g.spec.function_names) if g.spec else frozenset())
    except nbtools.PlanningTimeout as error:
        g.stop(str(error))


def make_cases(g: Grading) -> None:
    assert g.spec is not None
    for function in g.spec.functions:
        g.cases[function.name] = build_cases(g.spec, function, g.seed)


def confine(g: Grading) -> None:
    """The kernel environment (no grader code in it) and the sandbox the kernel runs in."""
    try:
        g.kernel_env, g.sandbox = confinement(g.options.sandbox, tuple(Path(p) for p in g.options.hide))
        g.sandbox = started(g.sandbox, g.options.kernel_start, batch=g.options.warm_kernels)
    except KernelEnvironmentError as error:
        g.stop(f"the kernel environment could not be set up (run 'grader setup'): {error}")
    except SandboxError as error:
        g.stop(f"the sandbox is not available: {error}")


def launch(g: Grading) -> None:
    """Starts the submission's kernel early (or takes a warm one): it boots while the cases are built."""
    assert g.spec is not None and g.sandbox is not None
    notebook_name = g.name if g.name.endswith(".ipynb") else "submission.ipynb"
    if g.options.warm_kernels or POOL.holds(g.sandbox, g.options.kernel_name):  # (grader check prelaunches one)
        g.session = POOL.take(g.sandbox, g.options.kernel_name, kernel_env, refill=g.options.warm_kernels)
        if g.options.warm_kernels:  # started while another submission was graded: not this one's time
            g.session.timings = Timings()
        g.sandbox = g.session.sandbox
        g.workdir = prepare_workdir(g.spec, g.raw, notebook_name, g.session.workdir)
        g.session.helper_sources = helper_sources(g.spec)
        g.launched = g.session.launched
        return
    g.workdir = prepare_workdir(g.spec, g.raw, notebook_name)
    g.session = KernelSession(g.workdir, helper_sources(g.spec), kernel_env(g.workdir, g.sandbox), g.sandbox,
                              kernel_name=g.options.kernel_name)
    g.launched = g.session.launch() is None


def execute(g: Grading) -> None:
    assert g.spec is not None and g.session is not None
    g.executor = Executor(g.session, g.cells, g.options.cell_timeout, g.started + g.options.submission_timeout,
                          call_timeout=g.options.call_timeout)
    try:
        g.executor.run_cells(launched=g.launched)
        for function in g.spec.functions:
            names = argument_names(g.spec, function.name)
            exact = [c for c in g.cases[function.name] if not c.semantic]
            large = [c for c in g.cases[function.name] if c.semantic]
            outcomes = call_cases(g.executor, function, exact, names)
            if large and differs_by_values(function, exact, outcomes):
                outcomes += call_cases(g.executor, function, large, names)
            else:
                g.cases[function.name] = exact  # exact agreement is the fast path: no large-input checks
            g.outcomes[function.name] = outcomes
    except RuntimeError as error:
        g.stop(str(error))


def call_cases(executor: Executor, function: FunctionSpec, cases: list[Case],
               names: tuple[str, ...]) -> list[CallOutcome]:
    """Calls the function on each case; after a missing function, a hang or a crash, the rest are skipped."""
    return executor.call_many(function, cases, names) if cases else []


def differs_by_values(function: FunctionSpec, cases: list[Case], outcomes: list[CallOutcome]) -> bool:
    """Whether some case returned readable values that differ from the reference's (semantic checks may help)."""
    return any(o.kind == "ok" and compare(o.value, c.expected, function)
               for c, o in zip(cases, outcomes, strict=False))


def clean_up(g: Grading) -> None:
    """Stops the kernel and removes the working directory, whatever happened before."""
    if g.session is not None:
        g.session.close()
    if g.workdir is not None:
        shutil.rmtree(g.workdir, ignore_errors=True)


# Which entry of environment.timings each step adds to ("execute" is split by the kernel session itself).
STEP_TIMINGS = {"load": "read", "choose_assignment": "read", "check_spec": "read", "confine": "sandbox",
                "launch": "kernel_start", "plan_cells": "plan", "make_cases": "cases", "execute": "execute"}
STEPS: list[Callable[[Grading], None]] = [load, choose_assignment, check_spec, confine, launch, plan_cells, make_cases,
                                          execute]


@functools.cache
def _shipped_regions(path: Path) -> dict[str, str]:
    """The START/END regions of the shipped notebook's graded cells (read once per process)."""
    try:
        shipped = nbtools.read_notebook(path)
    except nbtools.NotebookError:
        return {}
    return {name: nbtools.student_region(str(shipped.cells[i].source))
            for name, i in nbtools.graded_cells(shipped).items()}


def _unchanged_regions(g: Grading) -> set[str]:
    """Graded functions whose START/END region is the same as in the shipped notebook."""
    assert g.spec is not None and g.nb is not None
    shipped_regions = _shipped_regions(g.spec.folder / g.spec.notebook)
    return {name for name, i in nbtools.graded_cells(g.nb).items()
            if name in shipped_regions and nbtools.student_region(str(g.nb.cells[i].source)) == shipped_regions[name]}


def score(g: Grading) -> SubmissionResult:
    result = SubmissionResult(submission=g.submission, assignment=g.spec.name if g.spec else None,
                              score=0.0, max_score=g.spec.max_score if g.spec else 0.0, errors=list(g.errors))
    result.environment = environment(g)
    if g.spec is None:
        return result
    if g.stopped or g.nb is None:
        result.functions = [FunctionResult(f.name, "error", 0.0, f.points, message="not graded: " + g.errors[-1])
                            for f in g.spec.functions]
        return result
    with g.timings.step("compare"):
        _judge_all(g, result)
    for problem in g.executor.problems if g.executor else []:
        if problem.graded is None:
            result.errors.append(f"cell {problem.index + 1}: {problem.message}")
    result.score = round(sum(f.score for f in result.functions), 4)
    result.environment = environment(g)
    return result


def _judge_all(g: Grading, result: SubmissionResult) -> None:
    """Every graded function's verdict, with its cell's text and the lines to mark."""
    assert g.spec is not None and g.nb is not None
    located = nbtools.function_cells(g.nb)
    problems = {p.graded: p for p in (g.executor.problems if g.executor else []) if p.graded}
    unchanged = _unchanged_regions(g)
    for function in g.spec.functions:
        outcomes = g.outcomes.get(function.name, [])
        judged = judge_function(function, g.cases[function.name], outcomes, problems.get(function.name),
                                function.name in located, function.name in unchanged)
        judged.source = locate.graded_source(g.nb, function.name)
        judged.marks = locate.marks(judged, judged.source, outcomes)
        result.functions.append(judged)


def environment(g: Grading) -> dict:
    executor = g.executor
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "grader": grader.__version__,
        "seed": g.seed,
        "kernel": {
            "name": g.options.kernel_name,
            "mode": "full" if g.options.full else "definitions",
            "sandbox": g.sandbox.mode if g.sandbox else "none",
            "isolated": bool(g.sandbox and g.sandbox.isolated),
            "isolation": g.sandbox.describe() if g.sandbox else {},
            "environment": g.kernel_env.describe() if g.kernel_env else {},
            "starts": executor.session.starts if executor else 0,
            "restarts": executor.restarts if executor else 0,
        },
        "seconds": round(time.monotonic() - g.started, 3),
        "timings": _timings(g),
        "grader_peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def _timings(g: Grading) -> dict[str, float]:
    """The grader's steps and the kernel session's (its start, readiness, harness, cells and calls split the
    "execute" step; what remains of it is the grader's own work between them)."""
    merged = Timings()
    for name, seconds in g.timings.seconds.items():
        merged.add(name, seconds)
    for name, seconds in (g.session.timings.seconds if g.session else {}).items():
        merged.add(name, seconds)
    inside = sum((g.session.timings.seconds if g.session else {}).get(n, 0.0) for n in ("ready", "harness", "cells",
                                                                                         "calls"))
    execute = merged.seconds.pop("execute", 0.0)
    if execute > inside:
        merged.add("execute_other", execute - inside)
    return merged.as_dict()


def grade_notebook(path: Path, options: Options | None = None, submission: str | None = None) -> SubmissionResult:
    """Grades one notebook file; never raises for anything the submission contains."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raw = b""
        problem = f"cannot read {path.name}: {error.strerror or error}"
    else:
        problem = ""
    return grade_bytes(raw, path.name, options, submission or path.stem, problem)


def grade_bytes(raw: bytes, name: str, options: Options | None = None, submission: str | None = None,
                problem: str = "") -> SubmissionResult:
    """Grades notebook bytes named ``name`` (a file name, for messages)."""
    options = options or Options()
    seed = options.seed if options.seed is not None else secrets.randbits(32)
    g = Grading(name=name, raw=raw, options=options, seed=seed, submission=submission or Path(name).stem)
    if problem:
        g.stop(problem)
        return score(g)
    try:
        for step in STEPS:
            try:
                with g.timings.step(STEP_TIMINGS.get(step.__name__, step.__name__)):
                    step(g)
            except Exception as error:  # noqa: BLE001 - a grader bug must not stop a batch
                g.stop(f"internal grader error in step {step.__name__}: {type(error).__name__}: {error}")
            if g.stopped:
                break
    finally:
        clean_up(g)
    return score(g)
