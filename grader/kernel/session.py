"""One kernel for one submission, driven through nbclient.

A :class:`KernelSession` starts a fresh kernel in the submission's working directory, inside
its :class:`~grader.kernel.sandbox.Sandbox`, runs cells with a time limit, and calls graded
functions through the harness. Kernel death and time-outs are reported as outcomes, never
raised: the caller decides to restart. Captured output is capped per cell (head and tail).
"""

from __future__ import annotations

import json
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.kernel import inside
from grader.kernel.launch import Launched, start_kernel
from grader.kernel.reap import kill_kernel, kill_process
from grader.kernel.sandbox import Sandbox
from grader.timings import Timings

if TYPE_CHECKING:
    from grader.kernel.client import _CapturingClient

# The kernel's first cell runs the protocol constants, then the harness, in one module namespace.
HARNESS_SOURCE = inside.source()
HEAD_CHARS = 10_000
TAIL_CHARS = 10_000
MAX_RESULTS = 4


@dataclass
class CellRun:
    """What running one cell did: ``ok``, ``error`` (an exception), ``timeout`` or ``dead``."""

    status: str
    error_name: str = ""
    error_value: str = ""
    traceback: list[str] = field(default_factory=list)
    text: str = ""
    results: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    cut_chars: int = 0
    started: float = 0.0
    arrivals: list[float] = field(default_factory=list)


@dataclass
class _Capture:
    """A cell's output as it arrives: text head and tail, result payloads, the error if any."""

    head: list[str] = field(default_factory=list)
    head_size: int = 0
    tail: str = ""
    cut: int = 0
    results: list[dict] = field(default_factory=list)
    error: dict = field(default_factory=dict)
    nonces: set[str] = field(default_factory=set)
    arrivals: list[float] = field(default_factory=list)

    def add_result(self, payload: Any) -> None:
        """Keeps the payloads tagged with one of this cell's nonces (a few more than calls at most),
        with the grader's own clock reading of when each arrived."""
        payload = _parsed(payload)
        if isinstance(payload, dict) and payload.get("nonce") in self.nonces:
            if len(self.results) < len(self.nonces) + MAX_RESULTS:
                self.results.append(payload)
                self.arrivals.append(time.monotonic())

    def add_text(self, text: str) -> None:
        room = HEAD_CHARS - self.head_size
        if room > 0:
            self.head.append(text[:room])
            self.head_size += min(room, len(text))
            text = text[room:]
        if text:
            joined = self.tail + text
            self.cut += max(0, len(joined) - TAIL_CHARS)
            self.tail = joined[-TAIL_CHARS:]

    def text(self) -> str:
        head = "".join(self.head)
        if not self.cut:
            return head + self.tail
        return f"{head}\n… [{self.cut} characters cut] …\n{self.tail}"


class _Watchdog(threading.Thread):
    """The grader's clock on the calls of one cell: when no result has come for ``per_result`` seconds since the
    last one (or the cell's start) while results are still due, the kernel is killed (SIGKILL: its own time
    limit did not stop the call, so an interrupt would not either). Only signals; nbclient's thread reaps."""

    def __init__(self, capture: _Capture, expected: int, per_result: float, process: Any) -> None:
        super().__init__(name="dlgrader-call-clock", daemon=True)
        self.capture, self.expected, self.per_result, self.process = capture, expected, per_result, process
        self.started = time.monotonic()
        self.done = threading.Event()
        self.fired = False

    def run(self) -> None:
        while True:
            arrivals = self.capture.arrivals
            if len(arrivals) >= self.expected:
                return
            left = (arrivals[-1] if arrivals else self.started) + self.per_result - time.monotonic()
            if left <= 0:
                self.fired = True
                try:
                    self.process.send_signal(signal.SIGKILL)  # (the kernel's processes die with it)
                except OSError:
                    pass
                return
            if self.done.wait(left):
                return


class KernelSession:
    """A kernel in ``workdir`` with the harness loaded; ``helper_sources`` are the pristine helpers."""

    def __init__(self, workdir: Path, helper_sources: dict[str, str], env: dict[str, str], sandbox: Sandbox,
                 kernel_name: str = "python3", startup_timeout: float = 60) -> None:
        self.workdir = workdir
        self.helper_sources = helper_sources
        self.env = env
        self.sandbox = sandbox
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.client: _CapturingClient | None = None
        self.starts = 0
        self.launched = False
        self.pending: Launched | None = None  # started, not yet connected to
        self.process: Any = None  # the connected kernel's process (subprocess.Popen or a forked one)
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="dlgrader-ipc-", dir=_short_temp_dir()))
        self.log_path = self.runtime_dir / "kernel.log"
        self.timings = Timings()  # kernel_start, ready, harness (the grader's other steps add theirs)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> CellRun:
        """Starts a fresh kernel and loads the harness; returns the harness cell's outcome."""
        launched = self.launch()
        return launched if launched is not None else self.connect()

    def launch(self) -> CellRun | None:
        """Starts the kernel process without waiting for it (None), or the outcome of a failed start.

        The kernel boots (about half a second) while the grader does other work; :meth:`connect`
        then waits for it and loads the harness. Starting it needs nothing of Jupyter's libraries.
        """
        self.stop()
        self.log_path = self.runtime_dir / f"kernel-{self.starts}.log"
        try:
            with self.timings.step("kernel_start"):
                self.pending = start_kernel(self.sandbox, self.workdir, self.runtime_dir, self.starts, self.env,
                                             self.log_path)
        except OSError as error:  # a kernel that cannot start is an outcome
            self.stop()
            return CellRun(status="dead", error_value=f"the kernel did not start: {error}")
        finally:
            self.starts += 1
        return None

    def connect(self) -> CellRun:
        """Waits for the launched kernel and loads the harness into it."""
        if self.pending is None:
            return CellRun(status="dead", error_value="no kernel was launched")
        from grader.kernel.client import connected_client

        try:
            with self.timings.step("ready"):
                launched, self.pending = self.pending, None
                self.process = launched.process
                self.client = connected_client(launched, self.workdir, self.kernel_name, self.startup_timeout)
                self.client.start_new_kernel_client()
        except Exception as error:  # noqa: BLE001 - a kernel that cannot start is an outcome
            self.stop()
            return CellRun(status="dead", error_value=f"the kernel did not start: {error}")
        bootstrap = (
            "import sys as _dlg_sys, types as _dlg_types\n"
            "_dlg_m = _dlg_types.ModuleType('_dlgrader_harness')\n"
            f"exec(compile({HARNESS_SOURCE!r}, '<dlgrader-harness>', 'exec'), _dlg_m.__dict__)\n"
            "_dlg_sys.modules['_dlgrader_harness'] = _dlg_m\n"
            f"_dlg_m.setup(__import__('json').loads({json.dumps(self.helper_sources)!r}))\n"
            "del _dlg_sys, _dlg_types, _dlg_m\n"
        )
        with self.timings.step("harness"):
            return self.run(bootstrap, timeout=60)

    def crash_note(self, any_line: bool = False) -> str:
        """The last fatal line the kernel process wrote to its stderr (``any_line``: or its last line)."""
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        fatal = [line for line in lines if "Fatal Python error" in line or "Segmentation fault" in line]
        if fatal:
            return fatal[-1].strip()[:200]
        return lines[-1].strip()[:200] if any_line and lines else ""

    def stop(self) -> None:
        if self.pending is not None:  # started, never connected to
            pending, self.pending = self.pending, None
            kill_process(pending.process)
        if self.client is not None:
            from jupyter_core.utils import run_sync

            client, self.client = self.client, None
            kill_kernel(getattr(client.km, "provisioner", None))
            try:
                if client.kc is not None:
                    client.kc.stop_channels()
                if client.km is not None:
                    run_sync(client.km.cleanup_resources)()  # connection file, IPC sockets
            except Exception:  # noqa: BLE001 - a kernel that is already gone is stopped
                pass
            client.kc = client.km = None
        self.process = None
        self.sandbox.cleanup()

    def close(self) -> None:
        """Stops the kernel, kills what it left running and removes its connection files."""
        self.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def remove_workdir(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    # ------------------------------------------------------------------ running code
    def run(self, source: str, timeout: float, nonces: set[str] | None = None,
            per_result: float | None = None) -> CellRun:
        """Runs one cell; never raises for what the code does. Keeps result payloads tagged with ``nonces``.

        ``per_result``: the cell is timed out (its kernel killed) when no result has come for that long since the
        last one (or the cell's start) while results are still due; ``timeout`` limits the whole cell."""
        if self.client is None:
            return CellRun(status="dead", error_value="no kernel")
        client = self.client
        client.capture = _Capture(nonces=nonces or set())
        watchdog = None
        if per_result is not None and nonces and self.process is not None:
            watchdog = _Watchdog(client.capture, len(nonces), per_result, self.process)
            watchdog.start()
        import nbformat
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        cell = nbformat.v4.new_code_cell(source)
        client.nb.cells = [cell]
        client.timeout = max(1, int(timeout + 0.999))
        started = time.monotonic()
        status = "ok"
        try:
            client.execute_cell(cell, 0)
        except CellTimeoutError:
            status = "timeout"
        except DeadKernelError:
            status = "dead"
        except Exception as error:  # noqa: BLE001 - a kernel sending garbage is as good as dead
            status = "dead"
            client.capture.error = {"ename": "ProtocolError", "evalue": f"unreadable kernel messages: {error}"[:300],
                                    "traceback": []}
        finally:
            client.nb.cells = []
            if watchdog is not None:
                watchdog.done.set()
                watchdog.join()
                if watchdog.fired:  # killed by the grader's clock: whatever nbclient saw then, a time-out
                    status = "timeout"
        capture = client.capture
        run = CellRun(status=status, text=capture.text(), cut_chars=capture.cut,
                      seconds=time.monotonic() - started, results=list(capture.results), started=started,
                      arrivals=list(capture.arrivals))
        if capture.error and (status == "ok" or capture.error.get("ename") == "ProtocolError"):
            run.status = "error" if status == "ok" else status
            run.error_name = capture.error["ename"]
            run.error_value = capture.error["evalue"]
            run.traceback = capture.error["traceback"]
        return run

    def call_many(self, function: str, calls: list[dict], time_limit: float, timeout: float,
                  uses: dict[str, list[str]], arg_names: tuple[str, ...] = ()) -> tuple[CellRun, list[dict | None]]:
        """Calls ``function`` on each of ``calls`` (``{"args": [...], "substitute": ...}``) in one cell.

        Each call has ``time_limit`` seconds (enforced in the kernel), the whole cell ``timeout``.
        Returns the cell run and, per call in order, its result payload (None when none came back).
        """
        from grader.outcomes import CALL_SLACK_SECONDS, harness_request  # (numpy: not needed to start a kernel)

        request, nonces = harness_request(function, calls, time_limit, uses, arg_names)
        # Each call has its time limit in the kernel, and the grader's clock enforces it from outside too: a result
        # later than CALL_SLACK_SECONDS past the limit is a time-out whatever it says (outcome_of), so the kernel of
        # a call that defeats its own limit is killed then, not when the whole cell's limit is up.
        run = self.run(f"__import__('sys').modules['_dlgrader_harness'].call_many({request!r})", timeout,
                       set(nonces), per_result=time_limit + CALL_SLACK_SECONDS)
        by_nonce: dict[str, list[tuple[dict, float]]] = {}
        for payload, arrived in zip(run.results, run.arrivals, strict=True):
            by_nonce.setdefault(payload["nonce"], []).append((payload, arrived))
        payloads: list[dict | None] = []
        previous = run.started
        for nonce in nonces:
            found = by_nonce.get(nonce, [])
            if len(found) == 1:
                payload, arrived = found[0]
                # The call's duration by the grader's clock: from the previous result (or the cell's
                # start) to this one. What the kernel says about its own timing is not used.
                payloads.append({**payload, "_seconds": arrived - previous})
                previous = arrived
            else:
                payloads.append({"nonce": nonce, "status": "ambiguous"} if found else None)
        return run, payloads


# A Unix socket's path has at most 107 bytes; the kernel's sockets are <runtime dir>/k<n>-<8 random>/k-<port>.
MAX_RUNTIME_DIR_CHARS = 80


def _short_temp_dir() -> str:
    """The temporary folder, unless its path is too long for the kernel's sockets (then /tmp)."""
    base = tempfile.gettempdir()
    return base if len(base) + len("/dlgrader-ipc-xxxxxxxx") <= MAX_RUNTIME_DIR_CHARS else "/tmp"


def _parsed(payload: Any) -> Any:
    if isinstance(payload, str):
        try:
            return json.loads(payload)
        except json.JSONDecodeError:
            return None
    return payload
