"""One kernel for one submission, driven through nbclient.

A :class:`KernelSession` starts a fresh kernel in the submission's working directory, runs
cells with a time limit, and calls graded functions through the harness. Kernel death and
time-outs are reported as outcomes, never raised: the caller decides to restart.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from grader.wire import MIME

HARNESS_SOURCE = (Path(__file__).parent / "harness.py").read_text(encoding="utf-8")
MAX_OUTPUT_CHARS = 20_000


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


class _CappedClient(NotebookClient):
    """Keeps at most MAX_OUTPUT_CHARS of text per cell (head and tail), and every result message."""

    def output(self, outs, msg, display_id, cell_index):  # type: ignore[override]
        content = msg.get("content", {})
        if msg.get("msg_type") in ("display_data", "execute_result") and MIME in content.get("data", {}):
            return super().output(outs, msg, display_id, cell_index)
        size = sum(len(str(o.get("text", ""))) + len(json.dumps(o.get("data", {}))) for o in outs)
        if size > MAX_OUTPUT_CHARS:
            self.dropped_output = getattr(self, "dropped_output", 0) + len(json.dumps(content))
            return None
        return super().output(outs, msg, display_id, cell_index)


class KernelSession:
    """A kernel in ``workdir`` with the harness loaded; ``helper_sources`` are the pristine helpers."""

    def __init__(self, workdir: Path, helper_sources: dict[str, str], env: dict[str, str],
                 kernel_name: str = "python3", startup_timeout: float = 60) -> None:
        self.workdir = workdir
        self.helper_sources = helper_sources
        self.env = env
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.client: _CappedClient | None = None
        self.starts = 0
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="dlgrader-ipc-"))

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> CellRun:
        """Starts a fresh kernel and loads the harness; returns the harness cell's outcome."""
        self.stop()
        nb = nbformat.v4.new_notebook()
        client = _CappedClient(
            nb, kernel_name=self.kernel_name, timeout=60, startup_timeout=int(self.startup_timeout),
            allow_errors=True, shutdown_kernel="immediate", record_timing=False,
            resources={"metadata": {"path": str(self.workdir)}},
        )
        client.km = client.create_kernel_manager()
        client.km.transport = "ipc"
        client.km.ip = str(self.runtime_dir / "kernel")
        client.start_new_kernel(env=self.env, cwd=str(self.workdir))
        client.start_new_kernel_client()
        self.client = client
        self.starts += 1
        bootstrap = (
            "import sys as _dlg_sys, types as _dlg_types\n"
            "_dlg_m = _dlg_types.ModuleType('_dlgrader_harness')\n"
            f"exec(compile({HARNESS_SOURCE!r}, '<dlgrader-harness>', 'exec'), _dlg_m.__dict__)\n"
            "_dlg_sys.modules['_dlgrader_harness'] = _dlg_m\n"
            f"_dlg_m.setup(__import__('json').loads({json.dumps(self.helper_sources)!r}))\n"
            "del _dlg_sys, _dlg_types, _dlg_m\n"
        )
        return self.run(bootstrap, timeout=60)

    def stop(self) -> None:
        if self.client is None:
            return
        client, self.client = self.client, None
        try:
            if client.km is not None:
                client._cleanup_kernel()
        except Exception:  # noqa: BLE001 - a kernel that is already gone is stopped
            pass

    def close(self) -> None:
        """Stops the kernel and removes its connection files."""
        self.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    # ------------------------------------------------------------------ running code
    def run(self, source: str, timeout: float) -> CellRun:
        """Runs one cell; never raises for what the code does."""
        if self.client is None:
            return CellRun(status="dead", error_value="no kernel")
        client = self.client
        cell = nbformat.v4.new_code_cell(source)
        client.nb.cells.append(cell)
        index = len(client.nb.cells) - 1
        client.timeout = max(1, int(timeout + 0.999))
        started = time.monotonic()
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            return CellRun(status="timeout", seconds=time.monotonic() - started)
        except DeadKernelError:
            return CellRun(status="dead", seconds=time.monotonic() - started)
        finally:
            client.nb.cells[index] = nbformat.v4.new_code_cell("")
        return _summarise(cell, time.monotonic() - started)

    def call(self, function: str, args: list[dict], timeout: float, uses: dict[str, tuple[str, str]],
             substitute: str | None = None) -> tuple[CellRun, dict | None, str]:
        """Calls ``function(*args)`` in the kernel; returns the cell run, the result payload and the nonce."""
        nonce = secrets.token_hex(16)
        request = json.dumps({"nonce": nonce, "function": function, "args": args,
                              "uses": uses, "substitute": substitute})
        run = self.run(f"__import__('sys').modules['_dlgrader_harness'].call({request!r})", timeout)
        matching = [r for r in run.results if isinstance(r, dict) and r.get("nonce") == nonce]
        if len(matching) > 1:
            return run, {"nonce": nonce, "status": "ambiguous"}, nonce
        return run, (matching[0] if matching else None), nonce


def _summarise(cell: Any, seconds: float) -> CellRun:
    texts: list[str] = []
    results: list[dict] = []
    run = CellRun(status="ok", seconds=seconds)
    for output in cell.outputs:
        kind = output.get("output_type")
        if kind == "stream":
            texts.append(str(output.get("text", "")))
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            if MIME in data:
                payload = data[MIME]
                if isinstance(payload, str):
                    try:
                        payload = json.loads(payload)
                    except json.JSONDecodeError:
                        continue
                results.append(payload)
            elif "text/plain" in data:
                texts.append(str(data["text/plain"]))
        elif kind == "error":
            run.status = "error"
            run.error_name = str(output.get("ename", ""))
            run.error_value = str(output.get("evalue", ""))
            run.traceback = [str(line) for line in output.get("traceback", [])]
    text = "".join(texts)
    if len(text) > MAX_OUTPUT_CHARS:
        half = MAX_OUTPUT_CHARS // 2
        text = f"{text[:half]}\n… [{len(text) - MAX_OUTPUT_CHARS} characters cut] …\n{text[-half:]}"
    run.text = text
    run.results = results
    return run
