"""Child cgroups for a kernel (where the machine lets us create them, as root): a pids and a memory cgroup
that the kernel cannot see or change, used to cap it and to kill everything it started at the end."""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.kernel.sandbox import Limits

CGROUP_FS = Path("/sys/fs/cgroup")


def _own_cgroups() -> dict[str, str]:
    """controller (or '' for cgroup v2) -> this process's cgroup path."""
    found = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            found[controller] = path
    return found


def _cgroup_targets(limits: Limits) -> list[tuple[Path, dict[str, str]]]:
    """(parent folder, {limit file: value}) for each hierarchy where a child cgroup may work."""
    own = _own_cgroups()
    targets = []
    memory = str(limits.memory_bytes + limits.tmp_bytes + limits.shm_bytes + limits.workdir_bytes)
    for controller, files in (("pids", {"pids.max": str(limits.processes)}),
                              ("memory", {"memory.limit_in_bytes": memory})):
        if controller in own and (CGROUP_FS / controller).is_dir():
            targets.append((CGROUP_FS / controller / own[controller].lstrip("/"), files))
    if "" in own:
        for root in (CGROUP_FS / "unified", CGROUP_FS):
            if (root / "cgroup.controllers").is_file():
                parent = root / own[""].lstrip("/")
                try:
                    enabled = (parent / "cgroup.subtree_control").read_text().split()
                except OSError:
                    enabled = []
                files = {}
                if "pids" in enabled and not any(t[1].get("pids.max") for t in targets):
                    files["pids.max"] = str(limits.processes)
                if "memory" in enabled and not any("memory.limit_in_bytes" in t[1] for t in targets):
                    files["memory.max"] = memory
                targets.append((parent, files))
                break
    return targets


class Cgroups:
    """Child cgroups for one kernel: cap its processes and memory, and kill every one of them at the end."""

    def __init__(self, limits: Limits) -> None:
        self.paths: list[Path] = []
        name = f"dlgrader-{uuid.uuid4().hex[:12]}"
        for parent, files in _cgroup_targets(limits):
            candidate = parent / name
            try:
                candidate.mkdir()
            except OSError:
                continue
            if not (candidate / "cgroup.procs").exists():
                candidate.rmdir()
                continue
            for file, value in files.items():
                try:
                    (candidate / file).write_text(value)
                except OSError:
                    pass
            self.paths.append(candidate)

    def join(self) -> None:
        """Runs in the kernel's process before exec: moves it into the cgroups."""
        for path in self.paths:
            try:
                (path / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:
                pass

    def kill_all(self) -> None:
        for path in self.paths:
            for _ in range(20):
                try:
                    pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
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
                path.rmdir()
            except OSError:
                pass
        self.paths.clear()
