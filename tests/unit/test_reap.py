"""kill_tree: a process and everything below it are killed together, also what left its parent's session."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.kernel.reap import descendants, kill_tree

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")

# A parent whose child starts its own session (as bubblewrap's sandbox does) and then one of its own;
# the grandchild would outlive a kill of the parent or of its process group.
TREE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import subprocess, sys, time; g = subprocess.Popen(['sleep', '300']); print(g.pid, flush=True); time.sleep(300)"],
    start_new_session=True, stdout=subprocess.PIPE, text=True)
print(child.pid, child.stdout.readline().strip(), flush=True)
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_whole_tree_is_killed_also_what_left_the_session() -> None:
    parent = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    try:
        child, grandchild = (int(p) for p in parent.stdout.readline().split())
        assert {child, grandchild} <= set(descendants(parent.pid))
        assert kill_tree(parent.pid) == 3
        parent.wait(timeout=30)
        for pid in (child, grandchild):  # killed; their zombies are reaped by whoever adopted them
            deadline = time.monotonic() + 30  # a limit, never a measurement
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not _alive(pid), f"{pid} survived"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        parent.stdout.close()


def test_a_process_that_is_gone_kills_nothing() -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert kill_tree(int(done.stdout)) == 0


def test_parent_of_tells_a_live_process_from_one_that_is_gone() -> None:
    import os

    from grader.kernel.reap import parent_of

    assert parent_of(os.getpid()) == os.getppid()
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert parent_of(int(done.stdout)) != os.getpid()  # reaped: gone (0), or its pid is another's now
