"""A corpus of hostile submissions graded as one batch: nothing hangs, crashes, fools or escapes.

For each submission the offending function is not passed and every other function keeps its
right verdict; afterwards no process, file outside the working directory or connection is left.
"""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from notebooks import FUNCTIONS, build, reference_source

from grader.cli import main
from grader.kernel.sandbox import bwrap_works

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

HE = "initialize_parameters_he"


def he(body: str) -> dict[str, str]:
    """A replacement of initialize_parameters_he with ``body`` (indented code)."""
    return {HE: "def initialize_parameters_he(layers_dims):\n" + body}


def hostile_corpus(folder: Path, marker: str, port: int) -> dict[str, tuple[str, dict[str, str]]]:
    """submission -> (assignment, {function: expected status or 'not passed'})."""
    sleeper = f"86{int(marker, 16) % 10**6}"
    escapes = [f"/tmp/dlgrader-escape-{marker}", str(Path.home() / f"dlgrader-escape-{marker}"),
               str(Path(__file__).resolve().parent / f"dlgrader-escape-{marker}")]
    plain = {name: "passed" for name in FUNCTIONS["initialization"]}
    offending = {**plain, HE: "not passed"}
    corpus: dict[str, tuple[str, dict]] = {}

    def add(name: str, expected: dict, assignment: str = "initialization", **kwargs) -> None:
        build(assignment, folder / f"{name}.ipynb", **kwargs)
        corpus[name] = (assignment, expected)

    add("loop_in_function", offending, replace=he("    while True:\n        pass\n"))
    # Swallows the in-kernel time limit and loops on: the cell's own limit stops it, and the kernel is replaced.
    add("ignores_time_limit", offending, replace=he(
        "    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n"))
    # A helper in a non-graded cell whose default argument never finishes evaluating: the cell is
    # run (the graded function needs it), hangs, and is skipped after the kernel restarts.
    add("loop_in_other_cell", offending, replace=he("    return spin()\n"),
        extra=["def spin(n=next(i for i in iter(int, 1) if i)):\n    return n\n"])
    # 16 GiB of ones: below this machine's memory, far above the kernel's address-space limit.
    add("memory_bomb", offending, replace=he("    return {'W1': np.ones((2**16, 2**15))}\n"))
    add("sys_exit", offending, replace=he("    import sys\n    sys.exit(3)\n"))
    add("os_exit", offending, replace=he("    import os\n    os._exit(1)\n"))
    add("segfault", offending, replace=he("    import ctypes\n    return ctypes.string_at(0)\n"))
    add("output_flood", offending, replace=he("    while True:\n        print('x' * 10000)\n"))
    add("child_processes", offending, replace=he(
        "    import os, subprocess\n"
        f"    subprocess.Popen(['sleep', '{sleeper}'])\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        f"        subprocess.Popen(['sleep', '{sleeper}'])\n"
        "        os._exit(0)\n"
        "    return None\n"))
    add("writes_outside", offending, replace=he(
        f"    for path in {escapes!r}:\n"
        "        try:\n"
        "            open(path, 'w').write('escaped')\n"
        "        except OSError:\n"
        "            pass\n"
        "    return None\n"))
    add("network", offending, replace=he(
        "    import socket\n"
        f"    connection = socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
        "    connection.sendall(b'escaped')\n"
        "    return None\n"))
    patches = ("import builtins, json\nimport numpy\nimport IPython.display\n"
               "json.dumps = lambda *a, **k: '{}'\njson.loads = lambda *a, **k: {}\n"
               "builtins.print = lambda *a, **k: None\n"
               "numpy.allclose = numpy.array_equal = numpy.isclose = lambda *a, **k: True\n"
               "numpy.testing.assert_allclose = lambda *a, **k: None\n"
               "IPython.display.publish_display_data = lambda *a, **k: None\n"
               "get_ipython().display_pub.publish = lambda *a, **k: None\n\n")
    add("patched_libraries", offending, replace={HE: patches + "def initialize_parameters_he(layers_dims):\n    return {}\n"})
    add("wrong_types", {"initialize_parameters_zeros": "not passed", "initialize_parameters_random": "not passed",
                        HE: "not passed"},
        replace={"initialize_parameters_zeros": "def initialize_parameters_zeros(layers_dims):\n"
                                                "    return {'W1': np.full((layers_dims[1], layers_dims[0]), np.nan)}\n",
                 "initialize_parameters_random": "def initialize_parameters_random(layers_dims):\n    return [1, 2]\n",
                 HE: "def initialize_parameters_he(layers_dims):\n    return None\n"})
    scribbler = reference_source("gradient_checking", "gradient_check_n").replace(
        "    return difference", "    parameters['W1'][...] = 0\n    return difference")
    add("scribbles_on_inputs", {"forward_propagation": "passed", "backward_propagation": "passed",
                                "gradient_check": "passed", "gradient_check_n": "not passed"},
        assignment="gradient_checking", replace={"gradient_check_n": scribbler})
    corpus["_escapes"] = ("", {"paths": escapes, "sleeper": sleeper})
    return corpus


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that no submission may reach."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def test_hostile_corpus_as_one_batch(tmp_path: Path, capsys, monkeypatch, listener: socket.socket) -> None:
    # Working and connection folders of this batch's kernels go under a folder of this test's own,
    # so that leftovers can be told from other grading runs on the machine.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    marker = uuid.uuid4().hex[:8]
    port = listener.getsockname()[1]
    folder = tmp_path / "hostile"
    folder.mkdir()
    corpus = hostile_corpus(folder, marker, port)
    escapes = corpus.pop("_escapes")[1]
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["grade", str(folder), "--out", str(out), "--workers", "2", "--call-timeout", "5",
                 "--cell-timeout", "10", "--timeout", "120"])
    elapsed = time.monotonic() - started
    capsys.readouterr()
    assert code == 0
    assert elapsed < 300, f"the hostile batch took {elapsed:.0f} s"
    sandboxed = not bwrap_works()
    for name, (assignment, expected) in corpus.items():
        result = json.loads((out / f"{name}.json").read_text())
        assert result["assignment"] == assignment, name
        statuses = {f["name"]: f["status"] for f in result["functions"]}
        for function, status in expected.items():
            if status == "not passed":
                assert statuses[function] != "passed", (name, function, result["functions"])
            else:
                assert statuses[function] == status, (name, function, result)
        if sandboxed:
            assert result["environment"]["kernel"]["sandbox"] == "bwrap"
        assert len(json.dumps(result)) < 200_000, f"{name}: result JSON not capped"
    stubborn = json.loads((out / "ignores_time_limit.json").read_text())
    assert "did not return within 5 s" in json.dumps(stubborn) and stubborn["environment"]["kernel"]["restarts"] == 1
    flood = json.loads((out / "output_flood.json").read_text())
    assert "did not return within 5 s" in json.dumps(flood)
    scribble = json.loads((out / "scribbles_on_inputs.json").read_text())
    assert "changed its input parameters['W1'] in place" in json.dumps(scribble)
    assert "MemoryError" in json.dumps(json.loads((out / "memory_bomb.json").read_text()))
    assert "SystemExit" in json.dumps(json.loads((out / "sys_exit.json").read_text()))
    assert "stopped the kernel" in json.dumps(json.loads((out / "segfault.json").read_text()))
    spin = json.loads((out / "loop_in_other_cell.json").read_text())
    assert any("did not finish within 10 s" in e for e in spin["errors"])

    # Nothing escaped: processes, files, connections.
    time.sleep(1.0)
    leftover = subprocess.run(["pgrep", "-f", f"sleep {escapes['sleeper']}"], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "a process the submission started survived its grading"
    kernels = subprocess.run(["pgrep", "-f", str(scratch)], capture_output=True, text=True)
    assert kernels.stdout.strip() == "", "a kernel survived its submission"
    if not sandboxed:
        pytest.skip("bubblewrap is not usable here: file and network isolation not checked")
    for path in escapes["paths"]:
        assert not Path(path).exists(), f"the submission wrote {path}"
    with pytest.raises(BlockingIOError):
        listener.accept()
