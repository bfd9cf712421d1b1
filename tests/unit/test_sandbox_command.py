"""The bwrap command line the grader builds (no kernel started): unprivileged, allowlisted, capped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from grader.kernel import sandbox as sb
from grader.kernel.inside.protocol import GIVEN_DIR, SANDBOX_WORKDIR


def _command(tmp_path: Path, hide: tuple[Path, ...] = ()) -> list[str]:
    box = sb.Sandbox("bwrap", binary="/usr/bin/bwrap", origin="system", python=Path(sys.executable), hide=hide)
    (tmp_path / "work").mkdir(exist_ok=True)
    (tmp_path / "run").mkdir(exist_ok=True)
    return box.command(["python", "-m", "ipykernel_launcher"], tmp_path / "work", tmp_path / "run")


def _mounts(args: list[str], flag: str) -> list[tuple[str, str]]:
    return [(args[i + 1], args[i + 2]) for i, a in enumerate(args) if a == flag]


def test_unprivileged_namespaces_and_no_capabilities(tmp_path):
    args = _command(tmp_path)
    for flag in ("--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                 "--new-session", "--die-with-parent", "--as-pid-1"):
        assert flag in args, flag
    assert args[args.index("--uid") + 1] == args[args.index("--gid") + 1] == "65534"
    assert args[args.index("--cap-drop") + 1] == "ALL"
    assert args[args.index("--") + 1:] == ["python", "-m", "ipykernel_launcher"]


def test_an_allowlist_never_the_whole_machine(tmp_path):
    args = _command(tmp_path)
    sources = [source for source, _ in _mounts(args, "--ro-bind") + _mounts(args, "--bind")]
    assert "/" not in sources and "/home" not in sources and str(Path.home()) not in sources
    assert not any(source.startswith(("/sys", "/proc", "/root/.ssh")) for source in sources)
    assert ("/usr", "/usr") in _mounts(args, "--ro-bind")
    assert (str(tmp_path / "work"), GIVEN_DIR) in _mounts(args, "--ro-bind")  # the given files: read-only
    assert _mounts(args, "--bind") == [(str(tmp_path / "run"), str(tmp_path / "run"))]  # only its own sockets
    assert args[args.index("--chdir") + 1] == SANDBOX_WORKDIR


def test_every_writable_tmpfs_is_size_capped(tmp_path):
    args = _command(tmp_path)
    tmpfs = [i for i, a in enumerate(args) if a == "--tmpfs"]
    capped = {args[i + 1] for i in tmpfs if args[i - 2] == "--size"}
    assert {"/tmp", "/dev/shm", SANDBOX_WORKDIR} <= capped


def test_grader_folders_inside_an_allowed_folder_are_hidden(tmp_path):
    inside = Path(sys.prefix).resolve()
    args = _command(tmp_path, hide=(inside,))
    assert str(inside) in [args[i + 1] for i, a in enumerate(args) if a == "--tmpfs"]


def test_none_mode_runs_the_command_as_is_and_says_so():
    box = sb.resolve("none", Path(sys.executable))
    assert box.command(["python"], Path("/w"), Path("/r")) == ["python"]
    assert not box.isolated and "NOT ISOLATED" in box.describe()["note"]


def test_no_working_bwrap_is_an_error_not_a_downgrade(monkeypatch):
    monkeypatch.setattr(sb, "_candidates", lambda: [])
    with pytest.raises(sb.SandboxError, match="no bwrap found.*--sandbox none"):
        sb.resolve("auto", Path(sys.executable))
    with pytest.raises(sb.SandboxError, match="unknown sandbox"):
        sb.resolve("docker", Path(sys.executable))


def test_a_kernel_process_dies_with_the_process_that_started_it(tmp_path) -> None:
    """The pre-exec step ties the child to its parent (PR_SET_PDEATHSIG): a grading worker killed while its
    kernel starts, or one without a sandbox, leaves no kernel behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = ("import os, subprocess, sys, time\n"
              "from grader.kernel.sandbox import _die_with\n"
              "me = os.getpid()\n"
              "child = subprocess.Popen(['sleep', '300'], stdout=subprocess.DEVNULL, preexec_fn=lambda: _die_with(me))\n"
              "print(child.pid, flush=True)\n"
              "time.sleep(300)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
    finally:
        parent.kill()
        parent.communicate()

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        return state != "Z"

    deadline = time.monotonic() + 30
    while alive(child):
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the child outlived its parent")
        time.sleep(0.05)
