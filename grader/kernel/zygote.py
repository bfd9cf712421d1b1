"""The fork server: a process of the kernel environment that has imported ipykernel, and forks kernels.

Run by :mod:`grader.kernel.forkserver` as ``python -s -B zygote.py SOCKET`` with the kernels' environment;
only the standard library and the kernel environment's packages (nothing of the grader); requests carry
paths, never a solution, a case or a connection key. It listens at SOCKET (in a folder only its owner
can enter), prints ``{"listening": NAME}``, and answers each line of JSON from any client with a line:

- ``{"op": "hello"}`` → ``{"ready": true, "threads": 1, "pid": N}`` (not ready unless single-threaded).
- ``{"op": "spawn", "plan", "env", "argv", "log", "cgroups", "limits", "mode": "kernel" | "probe"}`` →
  ``{"pid": N}``: a child that joins the cgroups, takes the limits, enters new user, mount, PID, network,
  IPC, UTS and cgroup namespaces (uid/gid 65534 mapped to the caller's), builds the plan's filesystem
  (the steps bubblewrap is given, ``Sandbox.plan``) on a new root, drops every capability, sets
  no_new_privs, then runs ipykernel or (``probe``) logs what it may do. It stays a zombie until reaped.
- ``{"op": "reap", "pid": N}`` → ``{"status": returncode}`` (null: not a child this client spawned).

A client that disconnects takes its kernels along (killed); the end of stdin ends the server, and its
children die with it (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import selectors
import signal
import socket
import sys
import threading

CLONE = {"ns": 0x00020000, "cgroup": 0x02000000, "uts": 0x04000000, "ipc": 0x08000000, "user": 0x10000000,
         "pid": 0x20000000, "net": 0x40000000}
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 1, 24, 38, 47, 4
NOBODY = 65534


def _sibling(name: str):
    """A module of this folder, loaded by its path (the folder itself is not left on sys.path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                     f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


newroot = _sibling("newroot")
libc, _check, _syscall = newroot.libc, newroot._check, newroot._syscall


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


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
        workdir = newroot.build_root(request["plan"])
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
    sys.path.insert(0, workdir)  # (as for ``python -m``: its working folder first)
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
        try:
            pid = os.fork()
        except OSError as error:  # (too many processes): this request fails, the server goes on
            return {"error": f"fork: {error}"}
        if pid == 0:
            _child(request, server)
        client.children.add(pid)
        return {"pid": pid}
    if request.get("op") == "reap":
        if request.get("pid") not in client.children:  # only what this client spawned
            return {"status": None}
        client.children.discard(request["pid"])
        try:
            _, status = os.waitpid(request["pid"], 0)
        except ChildProcessError:
            return {"status": None}
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


def _serve_one(client: _Client, server: int, threads: int) -> bool:
    """Answers what ``client`` has sent; False when it has disconnected (or broke its connection)."""
    try:
        chunk = client.connection.recv(1 << 20)
        if not chunk:
            return False
        client.buffer += chunk
        while b"\n" in client.buffer:
            line, client.buffer = client.buffer.split(b"\n", 1)
            try:
                request = json.loads(line)
            except ValueError:
                request = {"op": "unreadable"}
            answer = _answer(request if isinstance(request, dict) else {}, client, server, threads)
            client.connection.sendall(json.dumps(answer).encode() + b"\n")
    except OSError:  # reset, or killed between its request and the answer
        return False
    return True


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
            elif not _serve_one(key.data, server, threads):  # a client that has gone never stops the others
                events.unregister(key.data.connection)
                _gone(key.data)


if __name__ == "__main__":
    if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(__file__)):
        del sys.path[0]  # this folder of the grader is nothing the server's imports or its kernels may find
    serve(sys.argv[1])
