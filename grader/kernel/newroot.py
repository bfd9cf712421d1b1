"""The sandbox's filesystem, built from a plan in a new mount namespace (a fork server child's, see :mod:`zygote`).

The plan is the list of steps bubblewrap is given (``Sandbox.plan``: binds, tmpfs, links, ``/proc``, ``/dev``,
read-only remounts, in order); :func:`build_root` carries them out on a fresh root with bubblewrap's two pivots.
Standard library only: the fork server loads this file by its path, never the grader's package.
"""

from __future__ import annotations

import ctypes
import os
import re

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_NOATIME, MS_NODIRATIME = 1, 2, 4, 8, 32, 1024, 2048
MS_BIND, MS_REC, MS_SLAVE, MS_RELATIME = 4096, 16384, 1 << 19, 1 << 21
MNT_DETACH = 2
SYSCALLS = {"x86_64": {"pivot_root": 155, "capset": 126}, "aarch64": {"pivot_root": 41, "capset": 91}}
# statvfs flag -> mount flag: a read-only remount must keep the flags a bind mount already has
KEPT_FLAGS = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
              (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME))
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
DEV_LINKS = {"stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2",
             "fd": "/proc/self/fd", "core": "/proc/kcore", "ptmx": "pts/ptmx"}
BASE, NEW, OLD = "/tmp", "/newroot", "/oldroot"

libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _bytes(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(libc.mount(_bytes(source), target.encode(), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)),
           f"mount {source} on {target}")


def _syscall(name: str, *args) -> None:
    number = SYSCALLS[os.uname().machine][name]
    _check(libc.syscall(number, *args), name)


def _make(path: str, like: str) -> None:
    """A mount point at ``path`` of the kind of ``like`` (a folder, or an empty file)."""
    if os.path.isdir(like):
        os.makedirs(path, exist_ok=True)
    elif not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))


def _readonly(target: str, below: bool = True) -> None:
    """Remounts ``target`` read-only (``below``: and every mount below it), keeping their other flags."""
    points = [target]
    with open(f"{OLD}/proc/self/mountinfo") as info:
        for line in info if below else ():
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
            if point.startswith(target.rstrip("/") + "/"):
                points.append(point)
    for point in points:
        flags = os.statvfs(point).f_flag
        kept = sum(mount_flag for stat_flag, mount_flag in KEPT_FLAGS if flags & stat_flag)
        _mount(None, point, None, MS_BIND | MS_REMOUNT | MS_RDONLY | kept)


def _bind(source: str, dest: str, readonly: bool) -> None:
    source = OLD + source
    _make(dest, source)
    _mount(source, dest, None, MS_BIND | MS_REC)
    if readonly:
        _readonly(dest)


def _dev(dest: str) -> None:
    """A minimal /dev as bubblewrap's --dev makes it: a few device nodes, its own pty instance, fd links."""
    os.makedirs(dest, exist_ok=True)
    _mount("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    for name in DEVICES:
        _bind(f"/dev/{name}", f"{dest}/{name}", readonly=False)
    for name, target in DEV_LINKS.items():
        os.symlink(target, f"{dest}/{name}")
    os.mkdir(f"{dest}/shm")
    os.mkdir(f"{dest}/pts")
    _mount("devpts", f"{dest}/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")


def _proc(dest: str) -> None:
    os.makedirs(dest, exist_ok=True)
    _mount("proc", dest, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV)
    for name in ("sys", "sysrq-trigger", "irq", "bus"):  # what bubblewrap also makes read-only
        if os.path.exists(f"{dest}/{name}"):
            _mount(f"{dest}/{name}", f"{dest}/{name}", None, MS_BIND | MS_REC)
            _readonly(f"{dest}/{name}")


def _step(kind: str, args: list[str]) -> None:
    dest = NEW + args[-1] if kind not in ("tmpfs", "chdir") else NEW + args[0]
    if kind in ("ro-bind", "bind"):
        _bind(args[0], dest, readonly=kind == "ro-bind")
    elif kind == "symlink":
        os.symlink(args[0], dest)
    elif kind == "dir":
        os.makedirs(dest, mode=0o755, exist_ok=True)
    elif kind == "tmpfs":
        os.makedirs(dest, exist_ok=True)
        size = f",size={args[1]}" if len(args) > 1 else ""
        _mount("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" + size)
    elif kind == "proc":
        _proc(dest)
    elif kind == "dev":
        _dev(dest)
    elif kind == "remount-ro":
        _readonly(dest.rstrip("/") or NEW, below=False)
    elif kind != "chdir":
        raise ValueError(f"unknown step {kind!r}")


def build_root(plan: list[list[str]]) -> str:
    """Carries out the plan on a fresh root (bubblewrap's two pivots); returns the folder to work in."""
    # sources as the grader's root resolves them (links such as /etc/localtime point into it)
    plan = [[kind, os.path.realpath(args[0]), *args[1:]] if kind in ("ro-bind", "bind") else [kind, *args]
            for kind, *args in plan]
    _mount(None, "/", None, MS_SLAVE | MS_REC)  # nothing done here propagates back to the grader's mounts
    _mount("tmpfs", BASE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    os.chdir(BASE)
    os.mkdir("newroot")
    os.mkdir("oldroot")
    _syscall("pivot_root", BASE.encode(), b"oldroot")
    os.chdir("/")
    _mount(NEW, NEW, None, MS_BIND | MS_REC)
    workdir = "/"
    for kind, *args in plan:
        if kind == "remount-ro" and args[0] == "/":
            continue  # last: the second pivot below needs the new root's mount points made first
        _step(kind, args)
        workdir = args[0] if kind == "chdir" else workdir
    if ["remount-ro", "/"] in plan:
        _readonly(NEW, below=False)
    _umount(OLD)
    os.chdir(NEW)
    _syscall("pivot_root", b".", b".")
    _umount(".")
    os.chdir("/")
    return workdir


def _umount(target: str) -> None:
    _mount(None, target, None, MS_SLAVE | MS_REC)
    _check(libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")
