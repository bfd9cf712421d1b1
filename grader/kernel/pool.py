"""Warm kernels: a kernel launched ahead for the next submission, each used once, then discarded.

Starting a kernel costs about half a second of waiting (process start, ipykernel import, the
client's readiness handshake). In a batch, the next submission's kernel boots while the
current one is graded. A pooled kernel starts in an empty working directory; the assignment's
files and the notebook are copied in when it is taken. Nothing carries over between
submissions: every kernel serves exactly one.
"""

from __future__ import annotations

import atexit
import dataclasses
import sys
import tempfile
from pathlib import Path

from grader.kernel.sandbox import Sandbox
from grader.kernel.session import KernelSession

_Key = tuple[str, str, Path, tuple[Path, ...], str, str]


class WarmKernels:
    def __init__(self) -> None:
        self._ready: dict[_Key, KernelSession] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _fresh(sandbox: Sandbox, kernel_name: str, env_for) -> KernelSession:
        workdir = Path(tempfile.mkdtemp(prefix="dlgrader-"))
        own = dataclasses.replace(sandbox)  # its own process caps: closing one kernel never touches another
        session = KernelSession(workdir, {}, env_for(workdir, own), own, kernel_name=kernel_name)
        session.launched = session.launch() is None
        return session

    @staticmethod
    def _key(sandbox: Sandbox, kernel_name: str) -> _Key:
        return (sandbox.mode, sandbox.binary, sandbox.python, tuple(sandbox.hide), sandbox.launcher, kernel_name)

    def take(self, sandbox: Sandbox, kernel_name: str, env_for, refill: bool = True) -> KernelSession:
        """A launched kernel for this sandbox (a new one if none is waiting); launches the next one (``refill``)."""
        key = self._key(sandbox, kernel_name)
        session = self._ready.pop(key, None)
        if session is None:
            self.misses += 1
            session = self._fresh(sandbox, kernel_name, env_for)
        else:
            self.hits += 1
        if refill:
            self._ready[key] = self._fresh(sandbox, kernel_name, env_for)
        return session

    def prelaunch(self, sandbox: Sandbox, kernel_name: str, env_for) -> None:
        """Launches one kernel for this sandbox, for a submission that is still being read."""
        key = self._key(sandbox, kernel_name)
        if key not in self._ready:
            self._ready[key] = self._fresh(sandbox, kernel_name, env_for)

    def holds(self, sandbox: Sandbox, kernel_name: str) -> bool:
        """Whether a launched kernel for this sandbox waits."""
        return self._key(sandbox, kernel_name) in self._ready

    def waiting(self) -> int:
        """How many launched kernels wait for a next submission."""
        return len(self._ready)

    def close(self) -> None:
        """Stops the kernels still waiting and removes their working directories."""
        for session in self._ready.values():
            session.close()
            session.remove_workdir()
        self._ready.clear()
        if "grader.kernel.forkserver" in sys.modules:  # the fork servers these kernels came from
            sys.modules["grader.kernel.forkserver"].close_all()


POOL = WarmKernels()
atexit.register(POOL.close)
