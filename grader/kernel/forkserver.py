"""Kernels forked from a process that has already imported ipykernel (the grader's side of :mod:`zygote`).

A fresh ``python -m ipykernel_launcher`` spends about 0.75 s of CPU importing ipykernel, IPython,
zmq, debugpy and numpy before it answers; in a batch that is most of a submission's cost. The fork
server imports them once per batch (its workers share it: :func:`shared`); each kernel is a fork of
it that confines itself before it runs anything of the student's: new user, mount, PID, network, IPC,
UTS and cgroup namespaces, the same filesystem plan bubblewrap is given (:meth:`Sandbox.plan`), no
capabilities, no_new_privs, the same rlimits and cgroups. Nothing is shared between two kernels but
the copy-on-write memory of the server, which holds imported modules and the paths of earlier
requests, never a solution, a case or a connection key.

Before its first kernel, each connection to a server forks a probe that confines itself and reports
what it may do; a server whose probe is not unprivileged and read-only is not used (kernels are then
started by bubblewrap, as for ``grader check``). A grading process that ends or is killed takes the
kernels it asked for along: the server kills them when the connection closes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from grader.kernel.sandbox import NOBODY, Sandbox, _die_with

ZYGOTE = Path(__file__).with_name("zygote.py")


class ForkServerError(RuntimeError):
    """The fork server cannot start confined kernels here (the reason is the message)."""


class ForkedProcess:
    """A kernel forked by the server, with the part of ``subprocess.Popen``'s interface the grader uses.

    It stays a zombie of the server until :meth:`poll` or :meth:`wait` sees it end, so its pid (and the
    pidfd held here) name it and no other process until then."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self.args = ["fork server kernel", str(pid)]
        self.returncode: int | None = None
        self._pidfd: int | None = os.pidfd_open(pid)

    def _ended(self, timeout: float) -> bool:
        if self._pidfd is None:
            return True
        return bool(select.select([self._pidfd], [], [], timeout)[0])

    def _reap(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
            try:
                status = self.server.call({"op": "reap", "pid": self.pid}).get("status")
            except ForkServerError:  # the server has ended, and its kernels died with it
                status = None
            self.returncode = status if isinstance(status, int) else -signal.SIGKILL

    def poll(self) -> int | None:
        if self.returncode is None and self._ended(0):
            self._reap()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not self._ended(timeout if timeout is not None else 10**9):
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self._reap()
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None and self._pidfd is not None:
            try:
                signal.pidfd_send_signal(self._pidfd, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class _Zygote:
    """The fork server's process, started by this process: it ends when this process ends or closes it."""

    def __init__(self, python: Path, env: dict[str, str]) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="dlgrader-forkserver-"))  # (0700: the socket is root's only)
        log = open(self.scratch / "server.log", "wb")  # noqa: SIM115 - the server's stderr while it runs
        try:  # its command line names its socket's path: it and every kernel it forks can be found by it
            self.process = subprocess.Popen(
                [str(python), "-s", "-B", str(ZYGOTE), str(self.scratch / "server.sock")], env=dict(env),
                cwd=self.scratch, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, start_new_session=True,
                preexec_fn=_die_parent(), close_fds=True)  # noqa: PLW1509
        finally:
            log.close()
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # (printed before the server's imports: at once)
        try:
            self.address = self.scratch / json.loads(line)["listening"]
        except (ValueError, KeyError, TypeError):
            tail = (self.scratch / "server.log").read_text(errors="replace").strip().splitlines()[-1:]
            self.close()
            raise ForkServerError(f"the fork server did not start: {' '.join(tail) or 'no message'}") from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """Ends the server; the kernels it forked die with it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


class ForkServer:
    """This process's connection to a fork server: one it started (``owned``) or one a batch shares with it."""

    def __init__(self, sandbox: Sandbox, address: Path, owned: _Zygote | None = None) -> None:
        self.sandbox = sandbox
        self.owned = owned
        self.lock = threading.Lock()
        self.broken = False
        self.scratch = Path(tempfile.mkdtemp(prefix="dlgrader-forkclient-"))
        self.connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.connection.settimeout(READY_TIMEOUT)  # a server that stops answering is not waited for
        try:
            _connect_unix(self.connection, address)
            self.reader = self.connection.makefile("rb")
            hello = self.call({"op": "hello"})
        except (OSError, ForkServerError) as error:
            self.close()
            raise ForkServerError(f"the fork server at {address} did not answer: {error}") from error
        if not hello.get("ready"):
            self.close()
            raise ForkServerError(f"the fork server could not get ready: {hello}")
        self.pid = hello["pid"]
        self._probe()

    def alive(self) -> bool:
        return not self.broken and (self.owned is None or self.owned.alive())

    def call(self, message: dict) -> dict:
        with self.lock:
            try:
                self.connection.sendall(json.dumps(message).encode() + b"\n")
                line = self.reader.readline()
                if not line:
                    raise ForkServerError("the fork server stopped")
                return json.loads(line)
            except (OSError, ValueError) as error:  # (ValueError: closed by close(), or not an answer)
                self.broken = True
                raise ForkServerError(f"the fork server is gone: {error}") from error
            except ForkServerError:
                self.broken = True
                raise

    def spawn(self, plan: list[list[str]], argv: list[str], env: dict[str, str], log: Path,
              cgroups: list[Path], mode: str = "kernel") -> ForkedProcess:
        answer = self.call({"op": "spawn", "plan": plan, "argv": argv, "env": env, "log": str(log),
                            "cgroups": [str(path) for path in cgroups], "limits": asdict(self.sandbox.limits),
                            "mode": mode})
        if "pid" not in answer:
            raise ForkServerError(f"the fork server refused: {answer}")
        return ForkedProcess(self, answer["pid"])

    def _probe(self) -> None:
        work, runtime = self.scratch / "probe-work", self.scratch / "probe-run"
        work.mkdir()
        runtime.mkdir()
        log = runtime / "probe.log"
        probe = self.spawn(self.sandbox.plan(work, runtime), [], {"PATH": "/usr/bin:/bin"}, log, [], mode="probe")
        try:
            status = probe.wait(timeout=30)
        except subprocess.TimeoutExpired:
            probe.kill()
            status = probe.wait()
        text = log.read_text(errors="replace").strip() if log.exists() else ""
        try:
            seen = json.loads(text.splitlines()[-1]) if status == 0 else {}
        except (IndexError, ValueError):
            seen = {}
        expected = {"uid": NOBODY, "capeff": "0000000000000000", "nonewprivs": "1", "pid": 1, "writable": []}
        if seen != expected:
            self.close()
            raise ForkServerError(f"a forked kernel was not confined here (exit {status}): {text[-300:]}")

    def close(self) -> None:
        """Disconnects (the server kills the kernels this connection spawned); ends the server if it is ours."""
        self.broken = True
        for closing in (getattr(self, "reader", None), self.connection):
            if closing is not None:
                closing.close()
        if self.owned is not None:
            self.owned.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _connect_unix(connection: socket.socket, address: Path) -> None:
    """Connects to the socket at ``address`` through its folder's descriptor: a socket's path may have 107 bytes
    at most, the folder's path any length (TMPDIR)."""
    folder = os.open(address.parent, os.O_PATH | os.O_DIRECTORY)
    try:
        connection.connect(f"/proc/self/fd/{folder}/{address.name}")
    finally:
        os.close(folder)


def _die_parent():
    parent = os.getpid()
    return lambda: _die_with(parent)


_SERVERS: dict[tuple, ForkServer | ForkServerError] = {}
_LOCK = threading.Lock()
SHARED = "DLGRADER_FORK_SERVER"  # "<digest> <socket path>": the batch's server (never passed to a kernel)
READY_TIMEOUT = 120.0  # seconds a server may take to import what kernels need, or to answer a request


def _digest(python: Path, env: dict[str, str]) -> str:
    """What a server's processes inherit: the kernel environment's Python and the environment it imports with."""
    return hashlib.sha256(json.dumps([str(python), sorted(env.items())]).encode()).hexdigest()[:32]


def _connect(sandbox: Sandbox, env: dict[str, str]) -> ForkServer:
    digest, _, address = os.environ.get(SHARED, "").partition(" ")
    if address and digest == _digest(sandbox.python, env):
        try:
            return ForkServer(sandbox, Path(address))
        except ForkServerError:
            pass  # the batch's server has gone: one of this process's own
    zygote = _Zygote(sandbox.python, env)
    try:
        return ForkServer(sandbox, zygote.address, owned=zygote)
    except ForkServerError:
        zygote.close()
        raise


def server_for(sandbox: Sandbox, env: dict[str, str]) -> ForkServer:
    """This process's fork server for kernels of ``sandbox`` with ``env``: the batch's (see :func:`shared`) or
    one of its own, connected on first use; raises ForkServerError, then and for every later call, where forked
    kernels cannot be confined here."""
    key = (str(sandbox.python), tuple(sorted(env.items())), os.getpid())
    with _LOCK:
        found = _SERVERS.get(key)
        if isinstance(found, ForkServer) and not found.alive():  # ended (killed): connect anew
            found.close()
            found = None
        if found is None:
            try:
                found = _connect(sandbox, env)
            except (ForkServerError, OSError) as error:
                found = error if isinstance(error, ForkServerError) else ForkServerError(str(error))
            _SERVERS[key] = found
    if isinstance(found, ForkServerError):
        raise found
    return found


@contextmanager
def shared(python: Path, env: dict[str, str]) -> Iterator[None]:
    """While the block runs, the processes this one starts (a batch's workers) and this one use one fork server,
    started now (it imports while they start); it ends with the block, and the kernels it forked with it."""
    try:
        zygote = _Zygote(python, env)
    except (ForkServerError, OSError):
        yield  # each process starts its own, or says why it cannot
        return
    previous = os.environ.get(SHARED)
    os.environ[SHARED] = f"{_digest(python, env)} {zygote.address}"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(SHARED, None)
        else:
            os.environ[SHARED] = previous
        close_all()
        zygote.close()


def close_all() -> None:
    """Closes this process's connections and the servers it started (at exit, and when a worker's warm kernels
    are closed)."""
    with _LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for server in servers:
        if isinstance(server, ForkServer):
            server.close()


atexit.register(close_all)
