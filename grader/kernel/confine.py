"""Where a kernel runs: its Python environment, its sandbox and its process environment.

Light on purpose (no Jupyter, no numpy): ``grader check`` starts its kernel with this before the
grader's heavy imports, so that the kernel boots while they run.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grader.kernel import environment
from grader.kernel.environment import KernelEnvironment, KernelEnvironmentError
from grader.kernel.sandbox import Sandbox, SandboxError, resolve

PASSED_ENV = ("LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def kernel_env(workdir: Path, sandbox: Sandbox) -> dict[str, str]:
    """A small environment for the kernel: nothing of the grader's (no tokens, no paths) beyond what Python needs."""
    env = {key: os.environ[key] for key in PASSED_ENV if key in os.environ}
    home = sandbox.kernel_paths(workdir)["HOME"]
    env.update({"HOME": home, "PATH": f"{sandbox.python.parent}:/usr/local/bin:/usr/bin:/bin",
                "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
                "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "JUPYTER_PLATFORM_DIRS": "1", "MPLCONFIGDIR": f"{home}/.matplotlib",
                "IPYTHONDIR": f"{home}/.ipython"})
    env.setdefault("LANG", "C.UTF-8")
    return env


def grader_paths() -> list[Path]:
    """Folders of the grader itself (package, reference, assignment sources): hidden from kernels."""
    import grader
    import grader.reference
    from grader.reference.course import assignments_root

    return [Path(grader.__file__).parent, Path(grader.reference.__file__).parent, assignments_root()]


def confinement(mode: str, hide: tuple[Path, ...] = ()) -> tuple[KernelEnvironment, Sandbox]:
    """The kernel environment and the sandbox for ``mode`` (grader folders and ``hide`` hidden).

    Raises KernelEnvironmentError or SandboxError with the reason when kernels cannot run so here.
    """
    try:
        env = environment.ensure()
    except (OSError, subprocess.SubprocessError) as error:
        raise KernelEnvironmentError(str(error)) from error
    return env, resolve(mode, env.python, tuple(Path(p) for p in (*grader_paths(), *hide)))


def started(sandbox: Sandbox, kernel_start: str, batch: bool) -> Sandbox:
    """``sandbox`` with how its kernels start (the ``--kernel-start`` option): forked by the fork server
    (``fork``; ``auto`` in a batch) or each by bubblewrap (``exec``; ``auto`` for one notebook)."""
    fork = sandbox.isolated and (kernel_start == "fork" or (kernel_start == "auto" and batch))
    return dataclasses.replace(sandbox, launcher="fork" if fork else "exec")


@contextmanager
def batch_fork_server(mode: str, hide: tuple[str, ...], kernel_start: str) -> Iterator[None]:
    """While a batch runs: one fork server for all of its grading processes, started before they are (it imports
    while they do). Without forked kernels here (``exec``, no sandbox, no kernel environment yet) it does nothing:
    each submission then says why, as it would."""
    try:
        _, sandbox = confinement(mode, tuple(Path(p) for p in hide))
    except (KernelEnvironmentError, SandboxError):
        sandbox = None
    if sandbox is None or started(sandbox, kernel_start, batch=True).launcher != "fork":
        yield
        return
    from grader.kernel import forkserver

    # (a sandboxed kernel's environment does not depend on its folder: the workers' kernels get this one)
    with forkserver.shared(sandbox.python, kernel_env(Path("/"), sandbox)):
        yield
