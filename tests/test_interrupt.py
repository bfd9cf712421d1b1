"""Ctrl-C stops a batch at once and cleanly: one line, exit 130, no tracebacks, no kernel left, and a rerun resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from batches import gradebook_rows, wait_for
from notebooks import build

pytestmark = [pytest.mark.kernel]
HANGS = {"initialize_parameters_he": "def initialize_parameters_he(layers_dims):\n    while True:\n        pass\n"}


def _live_processes_mentioning(text: str) -> list[str]:
    """Processes (not zombies) whose command line mentions ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z" and text in command:
            found.append(f"{entry.name} (state {state}, parent {ppid}): {command[:300]}")
    return found


def test_ctrl_c_stops_the_batch_cleanly_and_a_rerun_resumes(tmp_path: Path) -> None:
    folder, out, scratch = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    folder.mkdir()
    scratch.mkdir()
    for i in range(6):  # two quick ones, then four that hang in a graded function until the call limit
        build("initialization", folder / f"s{i}.ipynb", replace={} if i < 2 else HANGS)
    args = [sys.executable, "-m", "grader", "grade", str(folder), "--out", str(out), "--workers", "2",
            "--call-timeout", "8"]
    env = {**os.environ, "TMPDIR": str(scratch)}  # the kernels' working folders, hence their command lines
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True, env=env)
    try:
        wait_for(lambda: gradebook_rows(out / "gradebook.sqlite") >= 1 or process.poll() is not None, 240, "a first result")
        assert process.poll() is None, "the batch finished before it could be interrupted"
        assert _live_processes_mentioning(str(scratch)), "the batch's kernels cannot be found by their command lines"
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends its foreground process group
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr
    assert "interrupted;" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stderr and "Task exception" not in stderr, stderr
    try:
        wait_for(lambda: not _live_processes_mentioning(str(scratch)), 60, "the kernels to be gone")
    except AssertionError:
        raise AssertionError("still running after Ctrl-C:\n" + "\n".join(_live_processes_mentioning(str(scratch)))
                             + "\nstderr of the batch:\n" + stderr) from None
    before = gradebook_rows(out / "gradebook.sqlite")
    assert 1 <= before < 6
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"6 submissions: {6 - before} graded, {before} already graded" in rerun.stdout
