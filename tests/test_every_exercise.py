"""Every discovered exercise through every output: a batch of its solution and its blank student
notebook (JSON, HTML reports, class summary, CSV, Gradescope files) and JUnit from ``grader check``.

Nothing here names an exercise: a new one is covered the moment its spec exists.
"""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from notebooks import FUNCTIONS, SPECS, build

from grader.cli import main

pytestmark = [pytest.mark.kernel]


@pytest.mark.parametrize("assignment", list(SPECS))
def test_solution_and_blank_notebook_through_every_output(assignment: str, tmp_path: Path, capsys) -> None:
    spec, functions = SPECS[assignment], FUNCTIONS[assignment]
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    build(assignment, inputs / "solution.ipynb")
    shutil.copy(spec.folder / spec.notebook, inputs / "blank.ipynb")
    assert main(["grade", str(inputs), "--out", str(out), "--gradescope", "--workers", "1", "--seed", "7"]) == 0
    capsys.readouterr()

    solution, blank = (json.loads((out / f"{name}.json").read_text()) for name in ("solution", "blank"))
    assert solution["assignment"] == blank["assignment"] == assignment
    assert [f["name"] for f in solution["functions"]] == [f["name"] for f in blank["functions"]] == functions
    assert solution["score"] == solution["max_score"] > 0, [f["message"] for f in solution["functions"]]
    assert all(f["status"] == "passed" and any(c["hidden"] for c in f["cases"]) for f in solution["functions"])
    assert blank["score"] == 0 and blank["errors"] == []
    assert all(f["status"] != "passed" and f["reason"] == "not implemented" for f in blank["functions"]), [
        (f["name"], f["message"]) for f in blank["functions"]]

    for name, result in (("solution", solution), ("blank", blank)):
        gradescope = json.loads((out / f"{name}.gradescope.json").read_text())
        assert [t["name"] for t in gradescope["tests"]] == functions
        assert gradescope["score"] == pytest.approx(result["score"])
        report = (out / f"{name}.html").read_text()
        assert all(function in report for function in functions) and SPECS[assignment].title in report
    summary = (out / "index.html").read_text()
    assert "solution" in summary and "blank" in summary
    with (out / "grades.csv").open(newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    assert float(rows["solution"]["total"]) == solution["max_score"] and float(rows["blank"]["total"]) == 0
    assert all(function in rows["solution"] for function in functions)

    junit = tmp_path / "blank.xml"
    assert main(["check", str(inputs / "blank.ipynb"), "--junit", str(junit), "--seed", "7"]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and [c.get("name") for c in suite.iter("testcase")] == functions
    assert all(len(case) for case in suite.iter("testcase")), "a blank function passed in JUnit"
