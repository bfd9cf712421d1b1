"""Executing a submission: its working directory, its notebook cells, and the graded calls.

A fresh kernel per submission; a cell that hangs or kills the kernel is recorded and the
kernel is restarted with the cells that ran before it, so one bad cell or function never
costs the others their verdict.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from grader import wire
from grader.cases import Case
from grader.kernel.session import CellRun, KernelSession
from grader.notebook import PlannedCell
from grader.outcomes import CallOutcome, CellProblem, outcome_of
from grader.reference.course import shared_dir
from grader.spec import AssignmentSpec, FunctionSpec

NOT_COPIED = {"spec.toml", "__pycache__", "__init__.py"}


def prepare_workdir(spec: AssignmentSpec, notebook_bytes: bytes, notebook_name: str,
                    workdir: Path | None = None) -> Path:
    """A temporary copy of the assignment's folder (helpers, data) with the submitted notebook."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="dlgrader-"))
    for source in (spec.folder, shared_dir()):
        for item in source.iterdir():
            if item.name in NOT_COPIED or item.suffix == ".ipynb":
                continue
            if item.is_dir():
                shutil.copytree(item, workdir / item.name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(item, workdir / item.name)
    (workdir / notebook_name).write_bytes(notebook_bytes)
    return workdir


def helper_sources(spec: AssignmentSpec) -> dict[str, str]:
    """Source text of the helper modules the kernel keeps pristine copies of."""
    sources = {}
    for name in spec.helpers:
        for folder in (spec.folder, shared_dir()):
            path = folder / f"{name}.py"
            if path.is_file():
                sources[name] = path.read_text(encoding="utf-8")
                break
    return sources


def _describe_cell_failure(run: CellRun, timeout: float) -> str:
    if run.status == "timeout":
        return f"did not finish within {timeout:g} s"
    if run.status == "dead":
        return "stopped the kernel (it crashed or exited)"
    return f"{run.error_name}: {run.error_value}".strip(": ")[:300]


class Executor:
    """Runs the planned cells of one submission and calls its graded functions."""

    def __init__(self, session: KernelSession, cells: list[PlannedCell], cell_timeout: float, deadline: float,
                 call_timeout: float | None = None):
        self.session = session
        self.cells = cells
        self.cell_timeout = cell_timeout
        self.deadline = deadline
        self.completed: list[PlannedCell] = []
        self.problems: list[CellProblem] = []
        self.restarts = 0
        self.call_timeout = call_timeout

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _start(self, launched: bool = False) -> None:
        run = self.session.connect() if launched else self.session.start()
        if run.status != "ok" and launched:  # a warm kernel that died while it waited: one fresh start
            run = self.session.start()
        if run.status != "ok":
            note = self.session.crash_note(any_line=True)
            raise RuntimeError(f"the grading harness did not load: {_describe_cell_failure(run, 60)}"
                               + (f" ({note})" if note else ""))

    def run_cells(self, launched: bool = False) -> None:
        """Runs every planned cell once; restarts the kernel after a hang or a crash.

        ``launched``: the session's kernel process was already started with ``launch()``.
        """
        self._start(launched)
        for cell in self.cells:
            if self._remaining() <= 0:
                self.problems.append(CellProblem(cell.index, cell.graded, "timeout",
                                                 "not run: the submission's time limit was reached"))
                continue
            timeout = min(self.cell_timeout, max(1.0, self._remaining()))
            with self.session.timings.step("cells"):
                run = self.session.run(cell.source, timeout)
            if run.status == "ok":
                self.completed.append(cell)
                continue
            self.problems.append(CellProblem(cell.index, cell.graded, run.status,
                                             _describe_cell_failure(run, timeout)))
            if run.status == "error":
                self.completed.append(cell)  # what it defined before the error stays defined
            else:
                self.restart()

    def restart(self) -> None:
        """A fresh kernel with the harness and every cell that ran without hanging or crashing."""
        self.restarts += 1
        self._start()
        for cell in self.completed:
            if self._remaining() <= 0:
                return
            with self.session.timings.step("cells"):
                self.session.run(cell.source, min(self.cell_timeout, max(1.0, self._remaining())))

    def call_many(self, function: FunctionSpec, cases: list[Case],
                  arg_names: tuple[str, ...] = ()) -> list[CallOutcome]:
        """Calls the student's function on every case in one cell and reads the results back as data.

        Each call has the function's time limit, enforced in the kernel (the kernel lives on) and by the
        grader's clock (a call past it by more than CALL_SLACK_SECONDS has its kernel killed); the cell as a
        whole is limited too, and a kernel that hangs there or dies is restarted.
        After a missing function, a time-out or a crash, the remaining cases are skipped.
        """
        if self._remaining() <= 0:
            return [CallOutcome("skipped", detail="the submission's time limit was reached") for _ in cases]
        limit = min(self.call_timeout or function.call_timeout, max(1.0, self._remaining()))
        calls = [{"args": [wire.encode(arg) for arg in case.args], "substitute": case.substitute} for case in cases]
        uses = {name: list(target) for name, target in function.uses.items()}
        cell_limit = min(limit * len(cases) + 5.0, max(1.0, self._remaining()))
        with self.session.timings.step("calls"):
            run, payloads = self.session.call_many(function.name, calls, limit, cell_limit, uses, arg_names)
        outcomes: list[CallOutcome] = []
        for payload in payloads:
            if payload is None:
                break
            outcomes.append(outcome_of(payload, run.text, limit, function.in_place))
            if outcomes[-1].kind in ("missing", "timeout"):
                break
        else:  # every case has its result
            if run.status in ("timeout", "dead"):
                self.restart()  # it died after the last result: the next function gets a working kernel
            return outcomes
        if not outcomes or outcomes[-1].kind not in ("missing", "timeout"):
            outcomes.append(self._lost(run, limit))
        elif run.status in ("timeout", "dead"):
            self.restart()  # timed out by the grader's clock and still busy, or dead: a fresh kernel
        if outcomes[-1].kind == "missing":
            return outcomes
        rest = CallOutcome("skipped", detail=f"not run after an earlier case {outcomes[-1].kind}")
        return outcomes + [rest] * (len(cases) - len(outcomes))

    def _lost(self, run: CellRun, limit: float) -> CallOutcome:
        """The outcome of the call whose result never came: the cell hung, the kernel died, or nothing was sent."""
        if run.status in ("timeout", "dead"):
            note = self.session.crash_note() if run.status == "dead" else ""
            self.restart()
            detail = (f"did not return within {limit:g} s" if run.status == "timeout"
                      else "stopped the kernel (it crashed or exited)" + (f": {note}" if note else ""))
            return CallOutcome(run.status, detail=detail, output=run.text)
        detail = "no result came back from the kernel"
        if run.cut_chars:  # a flood of output: the kernel's messages beyond the grader's caps are dropped
            detail += (f" (it printed {run.cut_chars:,} characters more than are kept;"
                       " messages past the caps are dropped)")
        return CallOutcome("unreadable", detail=detail, output=run.text)

