"""Killing a process with everything it started, so that nothing is orphaned on the way.

Killing only the top of a tree leaves a window: bubblewrap's outer process forks the sandbox's
first process, which asks to die with its parent (``--die-with-parent``) a moment later. A parent
killed inside that moment orphans the child, which then waits forever for a parent that is gone
(seen: a sandbox left sleeping after Ctrl-C stopped a batch while a worker launched a kernel).
So the whole tree is stopped first (SIGSTOP: a stopped process neither forks nor exits, so the
tree holds still), read again until no new member appears, and then killed at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

MAX_ROUNDS = 50  # rounds of "stop what is new": a tree that keeps growing while stopped cannot exist


def _children() -> dict[int, list[int]]:
    """Every live process's children, from /proc (zombies are left out: nothing to kill)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def parent_of(pid: int) -> int | None:
    """The parent of a live process; 0 when it is gone or a zombie, None where /proc cannot tell."""
    if not Path("/proc").is_dir():
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[1]) if fields[0] != "Z" else 0


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, their children, …), in no particular order."""
    tree = _children()
    found: list[int] = []
    frontier = [pid]
    while frontier:
        below = tree.get(frontier.pop(), [])
        found += below
        frontier += below
    return found


def _signal(pid: int, signum: int) -> bool:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def kill_tree(pid: int) -> int:
    """SIGKILLs ``pid`` and every process below it, stopped together first; returns how many were killed.

    Processes in a sandbox's own PID namespace are found too (their parent, seen from here, is the
    process outside that started them)."""
    if not Path("/proc").is_dir():
        return int(_signal(pid, signal.SIGKILL))
    stopped: list[int] = []
    if _signal(pid, signal.SIGSTOP):
        stopped.append(pid)
    for _ in range(MAX_ROUNDS):
        new = [p for p in descendants(pid) if p not in stopped]
        if not new:
            break
        stopped += [p for p in new if _signal(p, signal.SIGSTOP)]
    return sum(_signal(p, signal.SIGKILL) for p in stopped)


def kill_kernel(provisioner: Any) -> None:
    """SIGKILLs a kernel's process with all it started, then its process group, and reaps it (jupyter_client's
    provisioner API: poll, get_provisioner_info, send_signal, wait), so shutting down does not wait for the kernel
    to exit by itself. ``provisioner`` None: no kernel was started."""
    if provisioner is None:
        return
    from jupyter_core.utils import run_sync

    try:
        if run_sync(provisioner.poll)() is not None:
            return  # already reaped: its process group id may belong to another process by now
        pid = run_sync(provisioner.get_provisioner_info)().get("pid")
        if isinstance(pid, int):
            kill_tree(pid)  # also a sandbox process bubblewrap is starting (its own session, not in the group)
        run_sync(provisioner.send_signal)(signal.SIGKILL)
        for _ in range(250):  # a killed process is gone within milliseconds; wait() polls only every 0.1 s
            if run_sync(provisioner.poll)() is not None:
                break
            time.sleep(0.002)
        run_sync(asyncio.wait_for)(provisioner.wait(), 5)  # reaps it and closes its pipes
    except (OSError, TimeoutError, RuntimeError):
        pass


def kill_process(process: subprocess.Popen) -> None:
    """SIGKILLs a started process with all it started, and reaps it."""
    if process.poll() is None:
        kill_tree(process.pid)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
