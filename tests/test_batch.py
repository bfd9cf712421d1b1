"""``grader grade`` on a mixed batch: outputs agree, broken submissions get reports, reruns resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from batches import gradebook_rows, wait_for
from notebooks import build

from grader.cli import main

pytestmark = [pytest.mark.kernel]


def make_batch(root: Path) -> dict[str, tuple[str | None, float]]:
    """About ten submissions in folders and a zip; returns id -> (assignment, expected score)."""
    (root / "section-a").mkdir(parents=True)
    (root / "section-b" / "late").mkdir(parents=True)
    build("initialization", root / "section-a" / "ann.ipynb")
    build("gradient_checking", root / "section-a" / "bo.ipynb",
          edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]})
    build("regularization", root / "section-b" / "cy.ipynb",
          edits={"compute_cost_with_regularization": [("lambd / (2 * m)", "lambd / m")]})
    build("initialization", root / "section-b" / "late" / "di.ipynb",
          replace={"initialize_parameters_he": "def initialize_parameters_he(layers_dims):\n    while True:\n        pass\n"})
    build("gradient_checking", root / "section-b" / "ed.ipynb",
          replace={"gradient_check_n": "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):\n"
                                       "    import os\n    os._exit(1)\n"})
    (root / "section-b" / "fay.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "section-b" / "gus.ipynb").write_bytes(b"")
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# GRADED FUNCTION: L_layer_model\ndef L_layer_model(): pass")])
    nbformat.write(other, root / "section-b" / "hal.ipynb")
    zipped = root.parent / "lms.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(build("regularization", root.parent / "ivy.ipynb"), "uploads/ivy.ipynb")
        archive.write(build("initialization", root.parent / "jo.ipynb", edits={
            "initialize_parameters_zeros": [("np.zeros((layers_dims[l], 1))", "np.zeros((layers_dims[l],))")]}),
            "uploads/jo.ipynb")
        archive.writestr("__MACOSX/uploads/._jo.ipynb", b"junk")
    return {
        "section-a__ann": ("initialization", 3), "section-a__bo": ("gradient_checking", 3),
        "section-b__cy": ("regularization", 3), "section-b__late__di": ("initialization", 2),
        "section-b__ed": ("gradient_checking", 3), "section-b__fay": (None, 0), "section-b__gus": (None, 0),
        "section-b__hal": (None, 0), "uploads__ivy": ("regularization", 4), "uploads__jo": ("initialization", 2),
    }


def read_outputs(out: Path) -> tuple[dict, dict, dict]:
    with (out / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        stored = {}
        for submission, score in db.execute("SELECT submission, score FROM results"):
            assert submission not in stored, f"{submission} twice in the gradebook"
            stored[submission] = score
    finally:
        db.close()
    files = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json") if p.name != "similarity.json"}
    return rows, stored, files


def test_mixed_batch(tmp_path: Path, capsys) -> None:
    expected = make_batch(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["grade", str(tmp_path / "in"), str(tmp_path / "lms.zip"), "--out", str(out),
                 "--workers", "2", "--call-timeout", "3", "--seed", "11"])
    captured = capsys.readouterr()
    assert code == 0
    assert "10 submissions: 10 graded" in captured.out
    not_graded = sorted(sid for sid, (assignment, _) in expected.items() if assignment is None)
    assert f"{len(not_graded)} could not be graded (" in captured.out  # named, in batch order
    assert all(sid in captured.out.split("could not be graded")[1] for sid in not_graded)
    assert "graded 10/10" in captured.err
    rows, stored, files = read_outputs(out)
    assert set(rows) == set(stored) == set(files) == set(expected)
    for sid, (assignment, score) in expected.items():
        assert files[sid]["assignment"] == assignment, sid
        assert files[sid]["score"] == score, (sid, files[sid]["functions"])
        assert float(rows[sid]["total"]) == stored[sid] == score
        assert (out / f"{sid}.html").is_file()
        if assignment is None:
            assert files[sid]["errors"], sid
    assert "is not a valid notebook" in files["section-b__fay"]["errors"][0]
    assert "is empty" in files["section-b__gus"]["errors"][0]
    assert "no known assignment" in files["section-b__hal"]["errors"][0]
    assert "did not return within 3 s" in json.dumps(files["section-b__late__di"])
    assert "stopped the kernel" in json.dumps(files["section-b__ed"])
    assert rows["uploads__jo"]["initialize_parameters_zeros"] == "0"
    index = (out / "index.html").read_text()
    assert "section-b__late__di.html" in index and "<svg" in index
    report = (out / "section-a__bo.html").read_text()
    assert "Score: 3 / 4" in report and "gradient_check" in report

    # A rerun of the same command skips everything; one with another time limit would regrade, unless --keep.
    same = ["grade", str(tmp_path / "in"), str(tmp_path / "lms.zip"), "--out", str(out), "--workers", "1"]
    assert main([*same, "--call-timeout", "3"]) == 0
    assert "0 graded, 10 already graded" in capsys.readouterr().out
    assert main([*same, "--call-timeout", "4", "--keep"]) == 0
    assert "0 graded, 0 already graded, 10 kept from an earlier grading with other options or code (--keep)" in \
        capsys.readouterr().out
    assert read_outputs(out)[1] == stored


def test_a_resubmission_is_regraded_and_is_the_students_one_current_row(tmp_path: Path, capsys) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("ann", "bo"):
        build("initialization", folder / f"{name}.ipynb")
    args = ["grade", str(folder), "--out", str(out), "--workers", "1", "--seed", "2"]
    assert main(args) == 0
    build("initialization", folder / "bo.ipynb",  # bo resubmits, with a mistake this time
          edits={"initialize_parameters_he": [("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(1.0 / layers_dims[l - 1])")]})
    capsys.readouterr()
    assert main(args) == 0
    out_text = capsys.readouterr().out
    assert "2 submissions: 1 graded, 1 already graded" in out_text
    timed = next(line for line in out_text.splitlines() if line.startswith("seconds per graded submission"))
    assert "ready " in timed and "calls " in timed, timed  # the medians of environment.timings of this run
    rows, stored, files = read_outputs(out)  # read_outputs asserts one gradebook row per submission
    assert stored == {"ann": 3.0, "bo": 2.0} and float(rows["bo"]["total"]) == 2 and files["bo"]["score"] == 2
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        assert db.execute("SELECT submission, score FROM history").fetchall() == [("bo", 3.0)]
    finally:
        db.close()


def _grader(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "grader", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)


def test_kill_and_rerun_gives_every_submission_exactly_once(tmp_path: Path) -> None:
    """kill -9 while the batch runs, then rerun: every submission exactly once, nothing graded twice.

    The last six submissions each hang in a graded function until the per-call limit (4 s),
    so the batch is certainly still running when the first results are in; the test waits for
    that state (a row in the gradebook), never for a guessed time.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    total, fast = 10, 4
    for i in range(total):
        replace = {} if i < fast else {"initialize_parameters_he": "def initialize_parameters_he(layers_dims):\n"
                                                                   "    while True:\n        pass\n"}
        build("initialization", folder / f"s{i}.ipynb", replace=replace)
    out = tmp_path / "out"
    args = ["grade", str(folder), "--out", str(out), "--workers", "2", "--call-timeout", "4"]
    process = _grader(args)
    database = out / "gradebook.sqlite"
    try:
        wait_for(lambda: gradebook_rows(database) >= 1 or process.poll() is not None, 240, "a first result")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    before = gradebook_rows(database)
    assert 1 <= before < total, "the batch must be killed while it runs"
    rerun = _grader(args)
    try:
        stdout, stderr = rerun.communicate(timeout=400)
    finally:
        if rerun.poll() is None:
            os.killpg(rerun.pid, signal.SIGKILL)
            rerun.communicate()
    assert rerun.returncode == 0, stderr
    assert f"{total - before} graded, {before} already graded" in stdout
    rows, stored, files = read_outputs(out)
    assert set(rows) == set(stored) == set(files) == {f"s{i}" for i in range(total)}
    scores = {sid: f["score"] for sid, f in files.items()}
    assert scores == {f"s{i}": 3.0 if i < fast else 2.0 for i in range(total)}


def test_grade_usage_errors(tmp_path: Path, capsys) -> None:
    assert main(["grade", str(tmp_path / "absent"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert main(["grade", str(tmp_path / "empty")]) == 2  # --out is required


def test_demo_grades_the_bundled_samples(tmp_path: Path) -> None:
    """The README's first command, as its own process: its exit (fork servers, warm kernels) says nothing."""
    run = subprocess.run([sys.executable, "-m", "grader", "demo", "--workers", "2"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr
    printed = run.stdout.strip().splitlines()
    index = Path(printed[-1])
    assert index == (tmp_path / "grader-reports" / "index.html").resolve() and index.is_file()
    files = {p.stem: json.loads(p.read_text()) for p in index.parent.glob("*.json") if p.name != "similarity.json"}
    assert files["ada_initialization"]["score"] == 3
    assert files["eli_regularization"]["score"] == 4
    assert 0 < files["ben_regularization"]["score"] < 4
    assert files["dana_initialization"]["score"] == 0
    assert files["finn_gradient_checking"]["assignment"] is None
    chen = {f["name"]: f for f in files["chen_gradient_checking"]["functions"]}
    assert chen["gradient_check_n"]["status"] == "error" and "did not return" in chen["gradient_check_n"]["message"]


@pytest.mark.parametrize("flag", ["--out", "--assignment", "--workers", "--full", "--force", "--seed",
                                  "--call-timeout", "--cell-timeout", "--timeout", "--sandbox", "--executor",
                                  "--scheduler"])
def test_grade_flags_are_documented(flag: str) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert flag in readme
