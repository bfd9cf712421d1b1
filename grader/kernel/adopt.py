"""Handing a kernel process the grader started (grader.kernel.launch) to jupyter_client.

jupyter_client reaches a kernel's process only through its provisioner (the public
``KernelProvisionerBase`` API: poll, wait, send_signal, kill, terminate, cleanup). This one wraps
an existing ``subprocess.Popen``; the kernel manager reads the connection file the grader wrote
(``load_connection_file``), so the client, nbclient's liveness checks and ``cleanup_resources``
work as for a kernel jupyter_client started.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import KernelProvisionerBase


class AdoptedProcess(KernelProvisionerBase):  # type: ignore[misc]
    """The provisioner of a kernel process started elsewhere (it never launches one)."""

    process: subprocess.Popen | None = None

    @property
    def has_process(self) -> bool:
        return self.process is not None

    async def poll(self) -> int | None:
        return self.process.poll() if self.process is not None else 0

    async def wait(self) -> int | None:
        if self.process is None:
            return None
        while self.process.poll() is None:
            await asyncio.sleep(0.002)
        status, self.process = self.process.returncode, None
        return status

    async def send_signal(self, signum: int) -> None:
        """To the kernel's process group (it leads its own session), else to the process alone."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signum)
        except OSError:
            self.process.send_signal(signum)

    async def kill(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        await self.send_signal(signal.SIGTERM)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        raise RuntimeError("the grader starts its kernels itself (grader.kernel.launch)")

    async def cleanup(self, restart: bool = False) -> None:
        return None

    async def get_provisioner_info(self) -> dict[str, Any]:
        info = await super().get_provisioner_info()
        info["pid"] = self.process.pid if self.process is not None else None
        return info


def adopt(manager: Any, process: subprocess.Popen, connection_file: str) -> None:
    """Makes ``manager`` (a jupyter_client kernel manager that has not started a kernel) manage ``process``."""
    manager.connection_file = connection_file
    manager.load_connection_file(connection_file)
    provisioner = AdoptedProcess(kernel_id=manager.kernel_id, kernel_spec=None, parent=manager)
    provisioner.process = process
    manager.provisioner = provisioner
