"""The fork server: forked kernels confine themselves as bubblewrap would, end when told, and a server that cannot
confine them here is never used (real processes, no mocks; the attacks on forked kernels are in test_hostile.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from batches import wait_for

from grader.kernel import forkserver
from grader.kernel.confine import confinement, kernel_env, started
from grader.kernel.launch import start_kernel
from grader.kernel.reap import descendants, kill_process, parent_of

pytestmark = [pytest.mark.kernel]


@pytest.fixture
def sandbox():
    try:
        _, box = confinement("bwrap")
    except Exception as error:  # noqa: BLE001 - no sandbox here: nothing to test
        pytest.skip(f"no sandbox here: {error}")
    yield started(box, "fork", batch=False)
    forkserver.close_all()


def _alive(pid: int) -> bool:
    """Running or stopped, not a zombie (an orphan waits for the machine's init to reap it)."""
    return parent_of(pid) != 0


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    work, runtime = tmp_path / "work", tmp_path / "run"
    work.mkdir()
    runtime.mkdir()
    return work, runtime


def test_a_probe_child_is_confined_like_a_bubblewrap_kernel(sandbox, tmp_path: Path) -> None:
    work, runtime = _folders(tmp_path)
    server = forkserver.server_for(sandbox, kernel_env(work, sandbox))
    log = runtime / "probe.log"
    probe = server.spawn(sandbox.plan(work, runtime), [], kernel_env(work, sandbox), log, [], mode="probe")
    assert probe.wait(timeout=30) == 0
    seen = json.loads(log.read_text().splitlines()[-1])
    assert seen == {"uid": 65534, "capeff": "0000000000000000", "nonewprivs": "1", "pid": 1, "writable": []}


def test_a_forked_kernel_runs_until_killed_and_leaves_nothing(sandbox, tmp_path: Path) -> None:
    work, runtime = _folders(tmp_path)
    env = kernel_env(work, sandbox)
    launched = start_kernel(sandbox, work, runtime, 0, env, runtime / "kernel.log")
    process = launched.process
    assert sandbox.started_by == "fork server"
    assert isinstance(process, forkserver.ForkedProcess)
    assert process.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0.2)
    tree = [process.pid, *descendants(process.pid)]  # the child and the kernel, PID 1 of its namespace
    assert len(tree) >= 2
    kill_process(process)
    assert process.returncode == -signal.SIGKILL
    wait_for(lambda: not [pid for pid in tree if _alive(pid)], 30, "the kernel's processes to end")
    process.send_signal(signal.SIGTERM)  # after its end: nothing happens (its pid may be another process's)
    assert process.poll() == -signal.SIGKILL


def test_a_kernel_that_exits_is_seen_with_its_code(sandbox, tmp_path: Path) -> None:
    work, runtime = _folders(tmp_path)
    env = kernel_env(work, sandbox)
    server = forkserver.server_for(sandbox, env)
    (runtime / "kernel.json").write_text("not a connection file")  # ipykernel cannot read it and exits
    process = server.spawn(sandbox.plan(work, runtime), ["-f", str(runtime / "kernel.json")], env,
                           runtime / "kernel.log", [])
    assert process.wait(timeout=60) != 0
    assert process.poll() == process.returncode


def test_a_killed_server_is_replaced(sandbox, tmp_path: Path) -> None:
    work, _ = _folders(tmp_path)
    env = kernel_env(work, sandbox)
    first = forkserver.server_for(sandbox, env)
    assert forkserver.server_for(sandbox, env) is first
    os.kill(first.pid, signal.SIGKILL)
    wait_for(lambda: not first.alive(), 30, "the killed server to be seen as ended")
    second = forkserver.server_for(sandbox, env)
    assert second is not first and second.alive() and second.pid != first.pid


def test_a_server_whose_children_are_not_confined_is_never_used(sandbox, tmp_path: Path, monkeypatch) -> None:
    work, runtime = _folders(tmp_path)
    plan = sandbox.plan

    def unconfined(workdir: Path, folder: Path) -> list[list[str]]:  # leaves the root writable
        return [step for step in plan(workdir, folder) if step != ["remount-ro", "/"]]

    monkeypatch.setattr(type(sandbox), "plan", lambda self, w, r: unconfined(w, r))
    env = kernel_env(work, sandbox)
    with pytest.raises(forkserver.ForkServerError, match="not confined"):
        forkserver.server_for(sandbox, env)
    launched = start_kernel(sandbox, work, runtime, 0, env, runtime / "kernel.log")  # bubblewrap starts it instead
    try:
        assert sandbox.started_by.startswith("bubblewrap (the fork server cannot be used here: a forked kernel was "
                                              "not confined"), sandbox.started_by
        assert isinstance(launched.process, subprocess.Popen)
    finally:
        kill_process(launched.process)


def test_the_plan_given_to_bubblewrap_is_the_one_forked_kernels_carry_out(sandbox, tmp_path: Path) -> None:
    work, runtime = _folders(tmp_path)
    command = sandbox.command(["python"], work, runtime)
    steps = sandbox.plan(work, runtime)
    assert json.loads(json.dumps(steps)) == steps  # sent to the server as data
    flat = [part for kind, *rest in steps for part in ([f"--{kind}", *rest] if kind != "tmpfs" or len(rest) == 1
                                                        else ["--size", rest[1], "--tmpfs", rest[0]])]
    start = command.index(flat[0])
    assert command[start:start + len(flat)] == flat
    assert steps[-3:-1] == [["remount-ro", "/dev"], ["remount-ro", "/"]]


# A grading process of a batch: connects to the fork server it finds (the batch's, or one of its own), starts a
# kernel, says which server and which processes, then waits to be killed.
_WORKER = """
import json, sys, time
from pathlib import Path
from grader.kernel import forkserver
from grader.kernel.confine import confinement, kernel_env, started
from grader.kernel.launch import start_kernel
from grader.kernel.reap import descendants
_, box = confinement("bwrap")
box = started(box, "fork", batch=True)
work, runtime = Path(sys.argv[1]), Path(sys.argv[2])
env = kernel_env(work, box)
server = forkserver.server_for(box, env)
kernel = start_kernel(box, work, runtime, 0, env, runtime / "kernel.log").process
for _ in range(300):  # the child forks the kernel as it confines itself
    if descendants(kernel.pid):
        break
    time.sleep(0.1)
print(json.dumps({"server": server.pid, "own": server.owned is not None, "started_by": box.started_by,
                  "tree": [kernel.pid, *descendants(kernel.pid)]}), flush=True)
time.sleep(600)
"""


def _worker(tmp_path: Path, name: str) -> tuple[subprocess.Popen, dict]:
    work, runtime = tmp_path / name / "work", tmp_path / name / "run"
    work.mkdir(parents=True)
    runtime.mkdir()
    process = subprocess.Popen([sys.executable, "-c", _WORKER, str(work), str(runtime)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "the worker printed nothing"
    return process, json.loads(line)


def _end(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def test_the_workers_of_a_batch_share_its_server_and_a_killed_worker_takes_its_kernels_along(sandbox,
                                                                                            tmp_path: Path) -> None:
    env = kernel_env(tmp_path, sandbox)
    with forkserver.shared(sandbox.python, env):
        first, seen_first = _worker(tmp_path, "a")
        second, seen_second = _worker(tmp_path, "b")
        try:
            assert seen_first["server"] == seen_second["server"]
            assert not seen_first["own"] and not seen_second["own"]
            assert seen_first["started_by"] == seen_second["started_by"] == "fork server"
            assert min(len(seen_first["tree"]), len(seen_second["tree"])) >= 2  # each: the child and its kernel
            _end(first)
            wait_for(lambda: not [pid for pid in seen_first["tree"] if _alive(pid)], 30,
                     "the killed worker's kernel to end")
            assert all(_alive(pid) for pid in seen_second["tree"])  # the other worker's kernel is left alone
            assert _alive(seen_second["server"])
        finally:
            for process in (first, second):
                _end(process)
    assert forkserver.SHARED not in os.environ
    wait_for(lambda: not _alive(seen_second["server"]), 30, "the batch's server to end with the batch")
    wait_for(lambda: not [pid for pid in seen_second["tree"] if _alive(pid)], 30, "every kernel to end")


def test_without_the_batchs_server_a_process_starts_its_own(sandbox, tmp_path: Path, monkeypatch) -> None:
    """Also where the temporary folder's path is longer than a socket's path may be."""
    monkeypatch.setenv(forkserver.SHARED, f"0123 {tmp_path / 'no-such.sock'}")  # gone, and another environment's
    long = tmp_path / ("t" * 120)
    long.mkdir()
    monkeypatch.setenv("TMPDIR", str(long))
    worker, seen = _worker(tmp_path, "a")
    try:
        assert seen["own"] and seen["started_by"] == "fork server"
    finally:
        _end(worker)


def test_a_client_reaps_only_the_children_it_spawned(sandbox, tmp_path: Path) -> None:
    env = kernel_env(tmp_path, sandbox)
    with forkserver.shared(sandbox.python, env):
        mine = forkserver.server_for(sandbox, env)
        other = forkserver.ForkServer(sandbox, Path(os.environ[forkserver.SHARED].split(" ", 1)[1]))
        try:
            work, runtime = _folders(tmp_path)
            probe = mine.spawn(sandbox.plan(work, runtime), [], env, runtime / "probe.log", [], mode="probe")
            assert other.call({"op": "reap", "pid": probe.pid}) == {"status": None}
            assert probe.wait(timeout=30) == 0
        finally:
            other.close()


def test_a_client_that_breaks_off_or_sends_garbage_does_not_stop_the_server(sandbox, tmp_path: Path) -> None:
    import socket

    env = kernel_env(tmp_path, sandbox)
    with forkserver.shared(sandbox.python, env):
        mine = forkserver.server_for(sandbox, env)
        address = Path(os.environ[forkserver.SHARED].split(" ", 1)[1])
        work, runtime = _folders(tmp_path)
        request = {"op": "spawn", "plan": sandbox.plan(work, runtime), "argv": [], "env": env, "cgroups": [],
                   "log": str(runtime / "gone.log"), "limits": {}, "mode": "probe"}
        for sent in (json.dumps(request).encode() + b"\n", b"not json\n[1, 2]\n"):
            rude = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            forkserver._connect_unix(rude, address)
            rude.sendall(sent)  # and goes before the answer
            rude.close()
        assert mine.call({"op": "unknown"}) == {"error": "unknown op 'unknown'"}
        probe = mine.spawn(sandbox.plan(work, runtime), [], env, runtime / "probe.log", [], mode="probe")
        assert probe.wait(timeout=30) == 0 and mine.alive()
