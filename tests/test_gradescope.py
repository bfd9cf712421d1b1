"""Gradescope: results.json per submission, and the autograder bundle run end to end in a fake /autograder."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from notebooks import build

from grader.cli import main

pytestmark = [pytest.mark.kernel]

STATUSES = {"passed", "failed"}


def assert_gradescope_results(data: dict, functions: int) -> None:
    """The fields Gradescope reads, with their types."""
    assert isinstance(data["score"], float) and isinstance(data["output"], str)
    assert data["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
    assert len(data["tests"]) == functions
    for test in data["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility"}
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert test["status"] in STATUSES and test["output"]
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))


def test_grade_writes_a_gradescope_results_file_per_submission(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    build("initialization", inputs / "ann.ipynb",
          edits={"initialize_parameters_he": [("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(1.0 / layers_dims[l - 1])")]})
    (inputs / "bob.ipynb").write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(inputs), "--out", str(out), "--gradescope", "--workers", "1"]) == 0
    ann = json.loads((out / "ann.gradescope.json").read_text())
    assert_gradescope_results(ann, 3)
    assert ann["score"] == 2.0
    he = next(t for t in ann["tests"] if t["name"] == "initialize_parameters_he")
    result = json.loads((out / "ann.json").read_text())
    message = next(f["message"] for f in result["functions"] if f["name"] == "initialize_parameters_he")
    assert he["status"] == "failed" and he["output"].startswith(message) and "Hint: " in he["output"]
    bob = json.loads((out / "bob.gradescope.json").read_text())
    assert bob["score"] == 0.0 and bob["tests"] == [] and "not a valid notebook" in bob["output"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert main(["gradescope-autograder", "regularization", "-o", str(path), "--call-timeout", "10"]) == 0
    return path


def test_bundle_layout(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        archive.extractall(tmp_path)
    assert names[:2] == ["setup.sh", "run_autograder"]
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR, script
        subprocess.run(["bash", "-n", str(tmp_path / script)], check=True)
    for needed in ("dl-grader/pyproject.toml", "dl-grader/grader/cli.py", "dl-grader/grader/kernel/inside/harness.py",
                   "dl-grader/grader/templates/report.html", "dl-grader/grader/reference/regularization/__init__.py",
                   "dl-grader/grader/assignments/regularization/spec.toml",
                   "dl-grader/grader/assignments/_shared/nn_utils.py"):
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/examples/" in n]
    pyproject = (tmp_path / "dl-grader" / "pyproject.toml").read_text()
    assert re.search(r'"numpy[^"]*>=1\.24', pyproject) and "pytest" not in pyproject
    run = (tmp_path / "run_autograder").read_text()
    assert "--assignment regularization" in run and "--call-timeout 10" in run


def _fake_autograder(bundle: Path, root: Path) -> dict[str, str]:
    """The Gradescope layout in ``root``: source/ from the zip, run_autograder copied up, an empty submission/."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    (root / "run_autograder").write_bytes((root / "source" / "run_autograder").read_bytes())
    (root / "submission").mkdir()
    # The bundled copy of the package is the one that runs (not this checkout's): it goes first on the path.
    return {**os.environ, "AUTOGRADER_ROOT": str(root), "DL_GRADER_PYTHON": sys.executable,
            "PYTHONPATH": str(root / "source" / "dl-grader")}


def _run(root: Path, env: dict[str, str]) -> dict:
    done = subprocess.run(["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_run_autograder_grades_a_submission(bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    env = _fake_autograder(bundle, root)
    which = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"], env=env, cwd=root,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(which).is_relative_to(root / "source" / "dl-grader"), which
    build("regularization", root / "submission" / "my_work.ipynb",
          edits={"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")]})
    (root / "submission" / "notes.ipynb").write_text("{}", encoding="utf-8")
    data = _run(root, env)
    assert_gradescope_results(data, 4)
    assert data["score"] == 3.0
    failed = [t["name"] for t in data["tests"] if t["status"] == "failed"]
    assert failed == ["backward_propagation_with_dropout"]


def test_run_autograder_without_a_notebook_or_without_python(bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    env = _fake_autograder(bundle, root)
    (root / "submission" / "answers.txt").write_text("42", encoding="utf-8")
    data = _run(root, env)
    assert_gradescope_results(data, 4)
    assert data["score"] == 0.0 and "please submit regularization.ipynb" in data["output"]
    broken = _run(root, {**env, "DL_GRADER_PYTHON": str(root / "no-python")})
    assert broken["score"] == 0.0 and broken["tests"] == [] and "could not grade" in broken["output"]


def test_unknown_assignment_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["gradescope-autograder", "week2", "-o", str(tmp_path / "a.zip")]) == 2
    assert "unknown assignment 'week2'" in capsys.readouterr().err
    assert not (tmp_path / "a.zip").exists()
