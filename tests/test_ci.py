"""``grader check`` in CI: JUnit XML, --min-score, GitHub Actions annotations, the example workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from notebooks import build
from workflow import workflow_step

from grader.cli import main

pytestmark = [pytest.mark.kernel]

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-workflow.yml"
MIXED = {  # one failure, one error that prints control characters, one pass, one missing
    "edits": {"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]},
    "replace": {"forward_propagation": "def forward_propagation(x, theta):\n    print('\\x1b[31mred\\x00')\n"
                                       "    return {}['J']\n"},
    "drop": ("gradient_check_n",),
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("gradient_checking", tmp_path_factory.mktemp("ci") / "mixed.ipynb", **MIXED)


@pytest.fixture(autouse=True)
def outside_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_junit_has_a_testcase_per_function_with_the_graders_message(mixed: Path, tmp_path: Path, capsys) -> None:
    code = main(["check", str(mixed), "--junit", str(tmp_path / "j.xml"), "--json", str(tmp_path / "r.json"),
                 "--seed", "5"])
    assert code == 1 and "::" not in capsys.readouterr().out
    result = json.loads((tmp_path / "r.json").read_text())
    root = ET.parse(tmp_path / "j.xml").getroot()
    suite = root.find("testsuite")
    assert root.tag == "testsuites" and suite is not None and suite.get("name") == "mixed"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {"assignment": "gradient_checking", "score": "1", "max_score": "4", "seed": "5"}
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert list(cases) == [f["name"] for f in result["functions"]]
    functions = {f["name"]: f for f in result["functions"]}
    assert len(cases["backward_propagation"]) == 0
    error = cases["forward_propagation"].find("error")
    assert error is not None and error.get("message") == functions["forward_propagation"]["message"]
    assert "raised KeyError" in error.get("message", "") and "Printed:" in (error.text or "")
    assert "\\x1b[31mred\\x00" in (error.text or "")  # control characters shown as escapes, the XML stays valid
    failure = cases["gradient_check"].find("failure")
    assert failure is not None and failure.get("message") == functions["gradient_check"]["message"]
    assert f"Hint: {functions['gradient_check']['hint']}" in (failure.text or "")
    missing = cases["gradient_check_n"].find("failure")
    assert missing is not None and missing.get("type") == "not defined"


def test_junit_of_a_file_that_is_not_a_notebook(tmp_path: Path) -> None:
    bad = tmp_path / "essay.ipynb"
    bad.write_text("my homework", encoding="utf-8")
    assert main(["check", str(bad), "--junit", str(tmp_path / "j.xml")]) == 1
    suite = ET.parse(tmp_path / "j.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "notebook"
    assert "not a valid notebook" in case.find("error").get("message", "")  # type: ignore[union-attr]


@pytest.mark.parametrize("minimum,expected", [("1", 0), ("1.5", 1), ("25%", 0), ("26%", 1), ("0", 0)])
def test_min_score_decides_the_exit_status(mixed: Path, minimum: str, expected: int, capsys) -> None:
    assert main(["check", str(mixed), "--min-score", minimum, "--seed", "5"]) == expected
    below = "is below the minimum" in capsys.readouterr().err
    assert below == bool(expected)


def test_min_score_is_validated_and_needs_a_graded_notebook(tmp_path: Path, capsys) -> None:
    assert main(["check", str(tmp_path / "x.ipynb"), "--min-score", "lots"]) == 2
    assert "not a score: 'lots'" in capsys.readouterr().err
    empty = tmp_path / "empty.ipynb"
    empty.write_bytes(b"")
    assert main(["check", str(empty), "--min-score", "0"]) == 1


def test_github_actions_annotations_and_job_summary(mixed: Path, tmp_path: Path, capsys,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    main(["check", str(mixed), "--seed", "5"])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 3 and lines[-1].startswith("::notice ") and lines[-1].endswith("::mixed: 1/4")
    gradient_check = next(line for line in errors if "title=gradient_check%3A failed (0/1)" in line)
    assert gradient_check.startswith(f"::error file={mixed.as_posix()},title=")
    assert "%0AHint: " in gradient_check and "\n" not in gradient_check
    table = summary.read_text(encoding="utf-8")
    assert "— 1/4" in table and "| ✅ | `backward_propagation` | 1/1 |" in table
    assert "| ❔ | `gradient_check_n` | 0/1 |" in table


def test_the_example_workflow(tmp_path: Path, mixed: Path) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for needed in ("uses: actions/checkout@v4", "uses: actions/setup-python@v5", 'python -m pip install "$DL_GRADER"',
                   "python -m pip install -r requirements-grader.txt", "grader check", "--skip-unrelated", "--junit",
                   "--min-score", "uses: actions/upload-artifact@v4"):
        assert needed in text, needed
    assert "\t" not in text and re.search(r"^on:\n  push:\n  pull_request:", text, re.M)
    assert "github.com/dl-grader" not in text  # no made-up default source: the repository says where it comes from
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repository = tmp_path / "assignment"
    repository.mkdir()
    build("initialization", repository / "initialization.ipynb")
    shutil.copy(mixed, repository / "gradient_checking.ipynb")
    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import numpy as np\nprint(np.pi)")])
    nbformat.write(scratch, repository / "scratch.ipynb")  # a student's own notebook: not graded
    (repository / ".ipynb_checkpoints").mkdir()
    (repository / ".ipynb_checkpoints" / "old-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    subprocess.run(["git", "add", "-A", "-f"], cwd=repository, check=True)
    script = workflow_step("Grade the notebooks")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "MIN_SCORE": "100%", "NOTEBOOKS": "*.ipynb",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert sorted(p.name for p in (repository / "grades").iterdir()) == [
        "gradient_checking.json", "gradient_checking.xml", "initialization.json", "initialization.xml"]
    assert "::error file=gradient_checking.ipynb,title=gradient_check%3A failed" in run.stdout
    assert "is below the minimum 100%" in run.stderr
    assert "scratch.ipynb: skipped, not an assignment notebook" in run.stdout
    env["MIN_SCORE"] = "1"
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    env["NOTEBOOKS"] = "scratch.ipynb notes/*.ipynb"  # only scratch notebooks: nothing to grade is an error
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1 and "::error title=dl-grader::no assignment notebook among: scratch.ipynb" in run.stdout


def test_the_example_workflow_installs_from_the_source_the_repository_names(tmp_path: Path) -> None:
    script = workflow_step("Install dl-grader")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("python", "grader"):  # stand-ins that record how they were called
        (bin_dir / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n', encoding="utf-8")
        (bin_dir / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "DL_GRADER": ""}
    repository = tmp_path / "assignment"
    repository.mkdir()
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "::error title=dl-grader::say where the grader comes from" in run.stdout
    (repository / "requirements-grader.txt").write_text("./vendor/dl_grader-0.1.0-py3-none-any.whl\n")
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    env["DL_GRADER"] = "dl-grader==0.1.0"
    run = subprocess.run(["bash", "-c", script], cwd=repository, env=env, capture_output=True, text=True, timeout=60)
    assert (tmp_path / "calls").read_text().splitlines() == [
        "python -m pip install -r requirements-grader.txt", "grader --version",
        "python -m pip install dl-grader==0.1.0", "grader --version"]
