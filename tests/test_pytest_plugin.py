"""The pytest plugin: ``pytest --grade-notebook PATH`` runs in a separate pytest, on real notebooks."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from notebooks import build

from grader.pipeline import Options, grade_notebook

pytestmark = [pytest.mark.kernel]


def pytest_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A pytest of its own in ``folder`` (its own empty config: not this project's)."""
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=folder,
                          capture_output=True, text=True, timeout=600)


def test_registered_as_a_pytest11_entry_point() -> None:
    found = {e.name: e.value for e in importlib.metadata.entry_points(group="pytest11")}
    assert found.get("dl-grader") == "grader.pytest_plugin"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder = tmp_path_factory.mktemp("plugin")
    build("regularization", folder / "student.ipynb",
          edits={"compute_cost_with_regularization": [("lambd / (2 * m)", "lambd / m")]})
    (folder / "test_other.py").write_text("def test_the_students_own_test():\n    assert True\n", encoding="utf-8")
    run = pytest_in(folder, "--grade-notebook", "student.ipynb", "--grade-seed", "3", "-rA",
                    "--junitxml", "report.xml")
    return run, folder


def test_one_item_per_graded_function_with_the_graders_message(graded) -> None:
    run, folder = graded
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 4 passed" in run.stdout, run.stdout
    assert "PASSED test_other.py::test_the_students_own_test" in run.stdout
    for name in ("backward_propagation_with_regularization", "forward_propagation_with_dropout",
                 "backward_propagation_with_dropout"):
        assert f"PASSED student.ipynb::{name}" in run.stdout
    assert "FAILED student.ipynb::compute_cost_with_regularization - failed: " in run.stdout
    assert "Hint: " in run.stdout and "Traceback" not in run.stdout, run.stdout
    suite = ET.parse(folder / "report.xml").getroot().find("testsuite")
    assert suite is not None
    case = next(c for c in suite.iter("testcase") if c.get("name") == "compute_cost_with_regularization")
    failure = case.find("failure")
    expected = grade_notebook(folder / "student.ipynb", Options(seed=3)).functions[0]
    assert expected.name == "compute_cost_with_regularization" and expected.status == "failed"
    assert failure is not None and expected.message in (failure.text or ""), (failure.text, expected.message)
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {"score": "0.0", "max_score": "1.0"}


def test_graded_once_for_all_its_items(graded) -> None:
    run, _ = graded
    assert "grading student.ipynb" not in run.stdout  # nothing printed per item; the timing tells:
    durations = pytest_in(graded[1], "--grade-notebook", "student.ipynb", "--durations=0", "-q",
                          "-k", "dropout or backward")
    slow = [line for line in durations.stdout.splitlines() if " call " in line and line.split()[0].endswith("s")
            and float(line.split()[0][:-1]) > 0.5]
    assert durations.returncode == 0 and len(slow) == 1, durations.stdout


def test_a_file_that_cannot_be_graded_is_one_failing_item(tmp_path: Path) -> None:
    (tmp_path / "notes.ipynb").write_text("not json", encoding="utf-8")
    run = pytest_in(tmp_path, "--grade-notebook", "notes.ipynb", "--grade-notebook", "absent.ipynb", "-q")
    assert run.returncode == 1 and "2 failed" in run.stdout, run.stdout
    assert "notes.ipynb::notebook" in run.stdout and "not a valid notebook" in run.stdout
    assert "absent.ipynb::notebook" in run.stdout


def test_without_the_option_nothing_is_added(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x():\n    pass\n", encoding="utf-8")
    run = pytest_in(tmp_path, "-q", "-W", "error")
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout
    assert "--grade-notebook=PATH" in pytest_in(tmp_path, "--help").stdout
