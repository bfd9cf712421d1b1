"""Kernels forked from a process that has already imported ipykernel (the grader's side of :mod:`zygote`).

A fresh ``python -m ipykernel_launcher`` spends about 0.75 s of CPU importing ipykernel, IPython,
zmq, debugpy and numpy before it answers; in a batch that is most of a submission's cost. The fork
server imports them once per grading process; each kernel is a fork of it that confines itself
before it runs anything of the student's: new user, mount, PID, network, IPC, UTS and cgroup
namespaces, the same filesystem plan bubblewrap is given (:meth:`Sandbox.plan`), no capabilities,
no_new_privs, the same rlimits and cgroups. Nothing is shared between two kernels but the
copy-on-write memory of the server, which holds imported modules and the paths of earlier requests,
never a solution, a case or a connection key.

Before its first kernel, a server forks a probe that confines itself and reports what it may do; a
server whose probe is not unprivileged and read-only is not used (kernels are then started by
bubblewrap, as for ``grader check``).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
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
            status = self.server.call({"op": "reap", "pid": self.pid}).get("status")
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


class ForkServer:
    """One zygote process of the kernel environment, for the kernels of this grading process."""

    def __init__(self, sandbox: Sandbox, env: dict[str, str]) -> None:
        self.sandbox = sandbox
        self.env = dict(env)
        self.lock = threading.Lock()
        self.scratch = Path(tempfile.mkdtemp(prefix="dlgrader-forkserver-"))
        log = open(self.scratch / "server.log", "wb")  # noqa: SIM115 - the server's stderr while it runs
        try:  # its command line names its scratch folder: it and every kernel it forks can be found by it
            self.process = subprocess.Popen(
                [str(sandbox.python), "-s", "-B", str(ZYGOTE), str(self.scratch)], env=self.env, cwd=self.scratch,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, start_new_session=True,
                preexec_fn=_die_parent(), close_fds=True)  # noqa: PLW1509
        finally:
            log.close()
        ready = self._answer()
        if not ready.get("ready"):
            self.close()
            raise ForkServerError(f"the fork server could not get ready: {ready}")
        self._probe()

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            tail = (self.scratch / "server.log").read_text(errors="replace").strip().splitlines()[-1:]
            raise ForkServerError(f"the fork server stopped: {' '.join(tail) or 'no message'}")
        return json.loads(line)

    def call(self, message: dict) -> dict:
        with self.lock:
            assert self.process.stdin is not None
            try:
                self.process.stdin.write(json.dumps(message).encode() + b"\n")
                self.process.stdin.flush()
            except OSError as error:
                raise ForkServerError(f"the fork server is gone: {error}") from error
            return self._answer()

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
        probe = self.spawn(self.sandbox.plan(work, runtime), [], self.env, log, [], mode="probe")
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
        """Ends the server; the kernels it forked die with it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _die_parent():
    parent = os.getpid()
    return lambda: _die_with(parent)


_SERVERS: dict[tuple, ForkServer | ForkServerError] = {}
_LOCK = threading.Lock()


def server_for(sandbox: Sandbox, env: dict[str, str]) -> ForkServer:
    """This process's fork server for kernels of ``sandbox`` with ``env`` (started on first use); raises
    ForkServerError, then and for every later call, where forked kernels cannot be confined here."""
    key = (str(sandbox.python), tuple(sorted(env.items())), sandbox.limits, os.getpid())
    with _LOCK:
        found = _SERVERS.get(key)
        if isinstance(found, ForkServer) and found.process.poll() is not None:  # ended (killed): a new one
            found.close()
            found = None
        if found is None:
            try:
                found = ForkServer(sandbox, env)
            except (ForkServerError, OSError) as error:
                found = error if isinstance(error, ForkServerError) else ForkServerError(str(error))
            _SERVERS[key] = found
    if isinstance(found, ForkServerError):
        raise found
    return found


def close_all() -> None:
    """Ends this process's fork servers (at exit, and when a worker's warm kernels are closed)."""
    with _LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for server in servers:
        if isinstance(server, ForkServer):
            server.close()


atexit.register(close_all)
