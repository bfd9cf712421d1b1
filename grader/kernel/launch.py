"""Starting a kernel's process: its connection file and the command, with nothing of Jupyter's client library.

The kernel (ipykernel of the kernel environment, through the submission's sandbox) is a process
the grader starts itself, so that it can start before the grader has imported jupyter_client,
nbclient and numpy: ``grader check`` launches its kernel first and imports those while the kernel
boots. :mod:`grader.kernel.adopt` then hands the process to jupyter_client through its public
provisioner API. The connection file is jupyter_client's format, on its IPC transport: Unix sockets
``<ip>-<port>`` in the session's runtime folder, which the sandbox binds in.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grader.kernel.sandbox import Sandbox

if TYPE_CHECKING:
    from grader.kernel.forkserver import ForkedProcess

# Run by the kernel as it boots, before it answers (so while the grader is busy elsewhere): numpy, which the
# harness needs first thing, imported without leaving a name in the student's namespace.
PRELOAD = "import numpy as _dlg_np; del _dlg_np"
CHANNELS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


@dataclass
class Launched:
    """A started kernel process and where to reach it."""

    process: subprocess.Popen | ForkedProcess
    connection_file: Path


def write_connection_file(path: Path, ip: str) -> None:
    """jupyter_client's connection file for the IPC transport, readable by this user only."""
    info = {channel: number for number, channel in enumerate(CHANNELS, start=1)}
    info.update({"ip": ip, "key": secrets.token_hex(32), "transport": "ipc", "signature_scheme": "hmac-sha256",
                 "kernel_name": ""})
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(info, file)


def start_kernel(sandbox: Sandbox, workdir: Path, runtime: Path, number: int, env: dict[str, str],
                 log_path: Path) -> Launched:
    """Starts kernel number ``number`` of a session in ``workdir``; raises OSError when it cannot be started.

    In its own session (its process group is the kernel's, as with jupyter_client), with the sandbox's
    limits applied between fork and exec; its stderr goes to ``log_path``."""
    # A folder of its own with a name nobody can guess: the runtime folder is writable by the previous kernel of
    # the session, which must not be able to plant a connection file or a socket path for the next one.
    own = Path(tempfile.mkdtemp(prefix=f"k{number}-", dir=runtime))
    connection_file = own / "kernel.json"
    write_connection_file(connection_file, str(own / "k"))
    arguments = ["-f", str(connection_file), f"--IPKernelApp.exec_lines={PRELOAD}"]
    if sandbox.launcher == "fork" and sandbox.isolated:
        from grader.kernel import forkserver

        try:
            server = forkserver.server_for(sandbox, env)
            process = server.spawn(sandbox.plan(workdir, runtime), arguments, env, log_path,
                                   sandbox.new_cgroups().paths)
        except forkserver.ForkServerError as error:
            sandbox.started_by = f"bubblewrap (the fork server cannot be used here: {error})"
        else:
            sandbox.started_by = "fork server"
            return Launched(process, connection_file)
    else:
        sandbox.started_by = "bubblewrap" if sandbox.isolated else "directly"
    command = sandbox.command([str(sandbox.python), "-m", "ipykernel_launcher", *arguments], workdir, runtime)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, cwd=str(workdir), preexec_fn=sandbox.preexec(),  # noqa: PLW1509
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                   start_new_session=True, close_fds=True)
    return Launched(process, connection_file)
