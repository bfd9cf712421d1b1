"""The fork server: a process of the kernel environment that has imported ipykernel, and forks kernels.

Run by :mod:`grader.kernel.forkserver` as ``python -s -B zygote.py`` with the kernels' environment;
it uses only the standard library and the kernel environment's packages (nothing of the grader), and
never sees a solution, a case or a connection key: requests carry paths. It listens on the Unix socket
at the path of its one argument (in a folder only its owner can enter) and prints
``{"listening": NAME}`` (the socket's name in that folder) on stdout; any grading process of the
batch may connect. Each request is a line of JSON, each answer a line:

- ``{"op": "hello"}`` → ``{"ready": true, "threads": 1, "pid": N}`` once everything is imported (a
  server that is not single-threaded cannot fork safely and is not ready).
- ``{"op": "spawn", "plan": [...], "env": {...}, "argv": [...], "log": PATH, "cgroups": [...],
  "limits": {...}, "mode": "kernel" | "probe"}`` → ``{"pid": N}``: a child that joins the cgroups,
  takes the limits, enters new user, mount, PID, network, IPC, UTS and cgroup namespaces (uid/gid 65534
  mapped to the caller's), builds the filesystem of the plan (the same steps bubblewrap is given, see
  ``Sandbox.plan``) on a new root, drops every capability, sets no_new_privs and then runs ipykernel
  (``kernel``) or writes what it is allowed to its log and exits (``probe``). The child stays a zombie
  until the client that spawned it asks for it, so its pid names it until then.
- ``{"op": "reap", "pid": N}`` → ``{"status": returncode}`` (negative: killed by that signal; null: not a
  child this client spawned).

A client that disconnects takes its kernels with it (they are killed).
The end of stdin ends the server; its children die with it (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import selectors
import signal
import socket
import sys
import threading

CLONE = {"ns": 0x00020000, "cgroup": 0x02000000, "uts": 0x04000000, "ipc": 0x08000000, "user": 0x10000000,
         "pid": 0x20000000, "net": 0x40000000}
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_NOATIME, MS_NODIRATIME = 1, 2, 4, 8, 32, 1024, 2048
MS_BIND, MS_REC, MS_SLAVE, MS_RELATIME = 4096, 16384, 1 << 19, 1 << 21
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 1, 24, 38, 47, 4
SYSCALLS = {"x86_64": {"pivot_root": 155, "capset": 126}, "aarch64": {"pivot_root": 41, "capset": 91}}
# statvfs flag -> mount flag: a read-only remount must keep the flags a bind mount already has
KEPT_FLAGS = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
              (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME))
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
DEV_LINKS = {"stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2",
             "fd": "/proc/self/fd", "core": "/proc/kcore", "ptmx": "pts/ptmx"}
NOBODY = 65534
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


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


# ------------------------------------------------------------------------------------------- the new root
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


# ------------------------------------------------------------------------------------------- privileges
def _enter_namespaces() -> None:
    uid, gid = os.geteuid(), os.getegid()
    flags = sum(CLONE.values())
    if libc.unshare(flags) != 0:  # a kernel without cgroup namespaces
        _check(libc.unshare(flags & ~CLONE["cgroup"]), "unshare")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{NOBODY} {uid} 1")
    _write("/proc/self/gid_map", f"{NOBODY} {gid} 1")


def _drop_privileges() -> None:
    with open("/proc/sys/kernel/cap_last_cap") as file:
        last = int(file.read())
    for cap in range(last + 1):
        _check(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "dropping the bounding set")
    _check(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing ambient capabilities")
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (two words each): none
    _syscall("capset", header, data)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def _limit(limits: dict) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"], limits["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_bytes"], limits["file_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


# ------------------------------------------------------------------------------------------- a child
def _child(request: dict, server: int) -> None:
    """In the forked child (never returns): confine, then fork the kernel as PID 1 of its namespace."""
    code = 127
    try:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != server:
            os._exit(1)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        null = os.open(os.devnull, os.O_RDWR)
        for target, source in ((0, null), (1, null), (2, log)):
            os.dup2(source, target)
        os.closerange(3, 65536)
        for path in request["cgroups"]:
            _write(f"{path}/cgroup.procs", str(os.getpid()))
        _limit(request["limits"])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails instead of killing
        _enter_namespaces()
        kernel = os.fork()
        if kernel:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            _, status = os.waitpid(kernel, 0)
            code = os.waitstatus_to_exitcode(status)
            if code < 0:  # killed: die the same way, so the grader sees the signal
                try:
                    signal.signal(-code, signal.SIG_DFL)
                except (OSError, ValueError):
                    pass
                os.kill(os.getpid(), -code)
                code = 128 - code
            os._exit(code & 0xFF)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        workdir = build_root(request["plan"])
        libc.sethostname(b"sandbox", 7)
        _drop_privileges()
        os.chdir(workdir)
        os.environ.clear()
        os.environ.update(request["env"])
        if request["mode"] == "probe":
            _probe()
            code = 0
        else:
            code = _kernel(request["argv"], workdir)
    except BaseException as error:  # noqa: BLE001 - whatever stops a child is its exit, never the server's
        try:
            os.write(2, f"dlgrader fork server: the kernel could not start: {error!r}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(code)


def _probe() -> None:
    with open("/proc/self/status") as file:
        status = dict(line.split(":\t", 1) for line in file.read().splitlines() if ":\t" in line)
    writable = [path for path in ("/", "/dev", "/usr", "/etc") if _writes(path)]
    seen = {"uid": os.getuid(), "capeff": status["CapEff"].strip(), "nonewprivs": status["NoNewPrivs"].strip(),
            "pid": os.getpid(), "writable": writable}
    os.write(2, (json.dumps(seen) + "\n").encode())


def _writes(folder: str) -> bool:
    path = os.path.join(folder, f"dlgrader-probe-{os.urandom(4).hex()}")
    try:
        os.mkdir(path)
    except OSError:
        return False
    os.rmdir(path)
    return True


def _kernel(argv: list[str], workdir: str) -> int:
    """ipykernel, as ``python -m ipykernel_launcher ARGV`` started in ``workdir`` would run it."""
    import numpy

    numpy.random.seed()  # a fresh interpreter's global generator starts from fresh entropy, so must this one's
    import importlib.util

    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin or "ipykernel_launcher", *argv]
    sys.path[0] = workdir
    from ipykernel import kernelapp

    try:
        kernelapp.IPKernelApp.launch_instance(argv=argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
    return 0


# ------------------------------------------------------------------------------------------- the server
PRELOADED = ("numpy", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "debugpy", "sqlite3",
             "pdb", "pydoc")


class _Client:
    """A connected grading process: what it has sent so far and the children it spawned (zombies until reaped)."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection
        self.buffer = b""
        self.children: set[int] = set()


def _answer(request: dict, client: _Client, server: int, threads: int) -> dict:
    if request.get("op") == "hello":
        return {"ready": threads == 1, "threads": threads, "pid": server}
    if request.get("op") == "spawn":
        pid = os.fork()
        if pid == 0:
            _child(request, server)
        client.children.add(pid)
        return {"pid": pid}
    if request.get("op") == "reap":
        if request.get("pid") not in client.children:  # only what this client spawned
            return {"status": None}
        client.children.discard(request["pid"])
        _, status = os.waitpid(request["pid"], 0)
        return {"status": os.waitstatus_to_exitcode(status)}
    return {"error": f"unknown op {request.get('op')!r}"}


def _gone(client: _Client) -> None:
    """A client has disconnected (its process ended or was killed): its kernels end with it."""
    for pid in client.children:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
    client.connection.close()


def serve(address: str) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket is its owner's only (its folder is too)
    try:  # bound by its name in its folder: a socket's path may have 107 bytes at most, the folder's any length
        os.chdir(os.path.dirname(address))
        listener.bind(os.path.basename(address))
    finally:
        os.umask(old)
    listener.listen(64)
    print(json.dumps({"listening": os.path.basename(address)}), flush=True)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's import-time notice (each kernel has its own env)
    for name in PRELOADED:  # what ipykernel's start imports: each kernel then finds it imported
        try:
            __import__(name)
        except ImportError:
            pass
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else threading.active_count()
    server = os.getpid()
    events = selectors.DefaultSelector()
    events.register(0, selectors.EVENT_READ, None)
    events.register(listener, selectors.EVENT_READ, listener)
    while True:
        for key, _ in events.select():
            if key.data is None:  # stdin: its end (the starting process is gone) ends the server and its kernels
                if not os.read(0, 4096):
                    return
            elif key.data is listener:
                connection, _ = listener.accept()
                events.register(connection, selectors.EVENT_READ, _Client(connection))
            else:
                client = key.data
                chunk = client.connection.recv(1 << 20)
                if not chunk:
                    events.unregister(client.connection)
                    _gone(client)
                    continue
                client.buffer += chunk
                while b"\n" in client.buffer:
                    line, client.buffer = client.buffer.split(b"\n", 1)
                    answer = _answer(json.loads(line), client, server, threads)
                    client.connection.sendall(json.dumps(answer).encode() + b"\n")


if __name__ == "__main__":
    serve(sys.argv[1])
