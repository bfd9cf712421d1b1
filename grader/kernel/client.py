"""The Jupyter side of a kernel session: nbclient's client and jupyter_client's, as the grader uses them.

Imported only when a kernel is connected to (grader.kernel.session), not to start one: a kernel's
process is started by grader.kernel.launch and handed over by grader.kernel.adopt.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from grader.kernel.adopt import adopt
from grader.kernel.inside import protocol
from grader.kernel.launch import Launched
from grader.kernel.session import _Capture


class _QuietDeadKernelPolls(logging.Filter):
    """nbclient leaves a kernel-alive poll running when a kernel dies; its failure is expected here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "_async_poll_kernel_alive" not in record.getMessage()


logging.getLogger("asyncio").addFilter(_QuietDeadKernelPolls())

class _QuickReadyClient(AsyncKernelClient):
    """jupyter_client's readiness wait without its fixed 200 ms of IOPub silence at the end.

    Ready means: a kernel_info reply on the shell channel and a message on IOPub (so IOPub is
    connected), as in jupyter_client. Its last step then waits until IOPub has been quiet for
    0.2 s; here what is already queued is drained and no more — nbclient matches outputs to
    their request, so a late status message cannot be mistaken for a cell's output.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Every socket of this kernel's client drops any message frame over the cap as it arrives,
        # and queues only a few messages, before they take the grader's memory (a kernel that
        # sends more looks silent and is timed out).
        self.context.setsockopt(zmq.MAXMSGSIZE, protocol.MAX_MESSAGE_BYTES)
        self.context.setsockopt(zmq.RCVHWM, protocol.MAX_QUEUED_MESSAGES)

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (timeout if timeout is not None else 60.0)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    break  # (the kernel environment's ipykernel speaks protocol 5: no version to adapt to)
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.005)
            except Empty:
                break


class _CapturingClient(NotebookClient):
    """Keeps no outputs in the notebook: everything goes to the current cell's capture."""

    capture: _Capture = _Capture()

    def output(self, outs, msg, display_id, cell_index):  # type: ignore[override]
        kind = msg.get("msg_type")
        content = msg.get("content", {})
        if kind == "stream":
            self.capture.add_text(str(content.get("text", "")))
        elif kind in ("display_data", "execute_result"):
            data = content.get("data", {})
            if protocol.MIME in data:
                self.capture.add_result(data[protocol.MIME])
            elif "text/plain" in data:
                self.capture.add_text(str(data["text/plain"])[:2000] + "\n")
        elif kind == "error":
            self.capture.error = {"ename": str(content.get("ename", ""))[:200],
                                  "evalue": str(content.get("evalue", ""))[:2000],
                                  "traceback": [str(line)[:2000] for line in content.get("traceback", [])[:50]]}
        return None


def connected_client(launched: Launched, workdir: Path, kernel_name: str, startup_timeout: float) -> _CapturingClient:
    """An nbclient client whose kernel manager manages the launched kernel (not yet waited for)."""
    client = _CapturingClient(
        nbformat.v4.new_notebook(), kernel_name=kernel_name, timeout=60, startup_timeout=int(startup_timeout),
        allow_errors=True, shutdown_kernel="immediate", record_timing=False,
        resources={"metadata": {"path": str(workdir)}}, kernel_manager_class=AsyncKernelManager,
    )
    manager = client.create_kernel_manager()
    manager.client_factory = _QuickReadyClient
    adopt(manager, launched.process, str(launched.connection_file))
    return client
