"""Confining a student's kernel: bubblewrap where it works, rlimits and a process group always.

``bwrap`` mode: a read-only view of the system, the working directory and the kernel's
connection folder the only writable places (plus a small private /tmp), new network, PID,
IPC and UTS namespaces, the grader's own package, the reference solutions and the batch's
inputs and outputs hidden, and the sandbox killed with its parent. ``limited`` mode (no
usable bubblewrap): the same rlimits and process-group kill, without the namespaces.
In both, a pids cgroup caps the number of processes where the machine lets us create one.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

MODES = ("auto", "bwrap", "none")
CGROUP_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup"))


class SandboxError(RuntimeError):
    """The requested sandbox cannot be used on this machine."""


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 4 * 2**30
    cpu_seconds: int = 900
    file_bytes: int = 256 * 2**20
    processes: int = 128
    tmp_bytes: int = 64 * 2**20


@functools.cache
def bwrap_works() -> str:
    """'' when bubblewrap can start a confined process here, else why not."""
    binary = shutil.which("bwrap")
    if binary is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        probe = subprocess.run([binary, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                                "--unshare-net", "--unshare-pid", "--die-with-parent", "true"],
                               capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap failed to start: {error}"
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here: {probe.stderr.strip()[:200]}"
    return ""


def resolve(mode: str) -> tuple[str, str]:
    """The mode to use ('bwrap' or 'limited') and a note on why, for ``auto``, ``bwrap`` or ``none``."""
    if mode not in MODES:
        raise SandboxError(f"unknown sandbox {mode!r}: use one of {', '.join(MODES)}")
    if mode == "none":
        return "limited", "sandbox disabled (--sandbox none): rlimits and process-group kill only"
    problem = bwrap_works()
    if not problem:
        return "bwrap", ""
    if mode == "bwrap":
        raise SandboxError(problem)
    return "limited", f"{problem}; rlimits and process-group kill only"


def _python_dirs(cmd: list[str]) -> list[Path]:
    """Where the kernel's Python lives: its prefixes and its executable's installation."""
    dirs = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    if cmd:
        executable = Path(shutil.which(cmd[0]) or cmd[0])
        dirs.add(executable.parent.parent)  # the venv itself, not what its python links to
        dirs.add(executable.resolve().parent.parent)
    return sorted(dirs)


class _ProcessCap:
    """A pids cgroup for one kernel: caps its processes and kills every one of them at the end."""

    def __init__(self, limit: int) -> None:
        self.path: Path | None = None
        for root in CGROUP_ROOTS:
            candidate = root / f"dlgrader-{uuid.uuid4().hex[:12]}"
            try:
                candidate.mkdir()
            except OSError:
                continue
            if not (candidate / "cgroup.procs").exists():  # a plain folder, not a cgroup
                candidate.rmdir()
                continue
            try:
                (candidate / "pids.max").write_text(str(limit))
            except OSError:
                candidate.rmdir()
                continue
            self.path = candidate
            break

    def join(self) -> None:
        """Runs in the kernel's process before exec: moves it into the cgroup."""
        if self.path is not None:
            (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def kill_all(self) -> None:
        if self.path is None:
            return
        for _ in range(5):
            try:
                pids = [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
            except OSError:
                break
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        try:
            self.path.rmdir()
        except OSError:
            pass


@dataclass
class Sandbox:
    """How one submission's kernels are started and cleaned up."""

    mode: str  # bwrap | limited
    limits: Limits = field(default_factory=Limits)
    hide: tuple[Path, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        self._caps: list[_ProcessCap] = []

    def describe(self) -> dict:
        features = ["rlimits (memory, CPU time, file size)", "process-group kill"]
        if self.mode == "bwrap":
            features += ["read-only system", "no network", "PID namespace", "grader and reference hidden"]
        return {"mode": self.mode, "features": features, "limits": asdict(self.limits), "note": self.note}

    def command(self, cmd: list[str], workdir: Path, runtime: Path) -> list[str]:
        """The kernel command, wrapped for this sandbox."""
        if self.mode != "bwrap":
            return cmd
        args = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--size", str(self.limits.tmp_bytes), "--tmpfs", "/tmp"]
        for path in _python_dirs(cmd):  # a Python installed under /tmp stays usable
            if Path("/tmp") in path.parents:
                args += ["--ro-bind", str(path), str(path)]
        keep = (workdir.resolve(), runtime.resolve())
        for path in self.hide:
            path = path.resolve()
            if not path.exists() or any(k == path or path in k.parents for k in keep):
                continue
            args += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
        args += ["--bind", str(workdir), str(workdir), "--bind", str(runtime), str(runtime),
                 "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--new-session",
                 "--die-with-parent", "--unsetenv", "JPY_PARENT_PID", "--chdir", str(workdir), "--"]
        return args + cmd

    def preexec(self) -> Callable[[], None]:
        """What the kernel's process runs after fork, before exec: limits and its process cap."""
        limits = self.limits
        cap = _ProcessCap(limits.processes)
        self._caps.append(cap)

        def apply() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails instead of killing
            cap.join()

        return apply

    def cleanup(self) -> None:
        """Kills whatever the submission's kernels left running (where a cgroup tracks them)."""
        for cap in self._caps:
            cap.kill_all()
        self._caps.clear()
