"""An instructor's workflow on a real batch: due dates and late penalties from a Canvas download,
manual overrides that survive a resubmission and its regrade, and every output showing both scores."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
from notebooks import build

from grader.cli import main

pytestmark = [pytest.mark.kernel]

DROPOUT_WRONG = {"backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")]}
ANN = "annsmith_12345_111_regularization"
BOB = "bobjones_late_23456_222_regularization"


def canvas_zip(path: Path, members: dict[str, tuple[Path, tuple[int, ...]]]) -> Path:
    """A Canvas "Download Submissions" zip whose members carry the given (local) times."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, (notebook, when) in members.items():
            info = zipfile.ZipInfo(f"{name}.ipynb", date_time=when)
            archive.writestr(info, notebook.read_bytes())
    return path


def csv_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "grades.csv").open(newline="", encoding="utf-8") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def stored(out: Path, sid: str) -> dict:
    return json.loads((out / f"{sid}.json").read_text(encoding="utf-8"))


def test_late_penalties_and_overrides_through_a_regrade(tmp_path: Path, capsys) -> None:
    good = build("regularization", tmp_path / "good.ipynb")
    wrong = build("regularization", tmp_path / "wrong.ipynb", edits=DROPOUT_WRONG)
    download = canvas_zip(tmp_path / "canvas.zip", {ANN: (good, (2026, 11, 30, 10, 0, 0)),
                                                    BOB: (wrong, (2026, 12, 3, 8, 0, 0))})
    out = tmp_path / "out"
    grade = ["grade", str(download), "--out", str(out), "--workers", "1"]
    assert main([*grade, "--due", "2026-12-01T23:59", "--late-penalty", "10", "--late-cap", "30", "--gradescope"]) == 0

    # 1 day 8 hours late: two started days, 20% of 3 points
    bob = stored(out, BOB)
    assert (bob["score"], bob["final_score"]) == (3, 2.4) and bob["late"]["days"] == 2
    assert bob["late"]["marked_by_lms"] and bob["late"]["penalty_percent"] == 20
    assert stored(out, ANN)["late"] == {} and stored(out, ANN)["final_score"] == 4
    rows = csv_rows(out)
    assert (rows[BOB]["total"], rows[BOB]["automatic_total"], rows[BOB]["late_days"]) == ("2.4", "3", "2")
    report = (out / f"{BOB}.html").read_text(encoding="utf-8")
    assert "Score: 2.4 / 4" in report and "Automatic score: 3 / 4" in report
    assert re.search(r"late: 2 days \(submitted 2026-12-03T08:00[^)]*, due 2026-12-01T23:59[^)]*\); marked late by "
                     r"the LMS; penalty 20% = −0.6 points", report)
    assert "automatic 3, late 2 d" in (out / "index.html").read_text(encoding="utf-8")

    # A tutor gives the dropout function full marks by hand: final (3 + 1) × 80%
    assert main(["override", str(out), BOB, "backward_propagation_with_dropout", "--points", "1",
                 "--comment", "keep_prob handled in a helper; checked by hand", "--by", "tutor"]) == 0
    bob = stored(out, BOB)
    dropout = next(f for f in bob["functions"] if f["name"] == "backward_propagation_with_dropout")
    assert dropout["score"] == 0 and dropout["status"] == "failed"  # the automatic verdict is kept
    assert dropout["override"]["points"] == 1 and dropout["override"]["by"] == "tutor"
    assert bob["final_score"] == 3.2 and csv_rows(out)[BOB]["total"] == "3.2"
    assert "keep_prob handled in a helper" in csv_rows(out)[BOB]["overrides"]
    assert "overridden to 1 of 1 point (automatic 0) by tutor" in (out / f"{BOB}.html").read_text(encoding="utf-8")
    assert "✗*" in (out / "index.html").read_text(encoding="utf-8")
    gradescope = json.loads((out / f"{BOB}.gradescope.json").read_text(encoding="utf-8"))
    assert gradescope["score"] == 3.2 and "overridden to 1 of 1 point" in gradescope["output"]
    assert next(t for t in gradescope["tests"] if t["name"] == "backward_propagation_with_dropout")["score"] == 1
    assert main(["export", str(out), "--canvas", "-o", str(tmp_path / "canvas.csv")]) == 0
    assert "3.2" in (tmp_path / "canvas.csv").read_text(encoding="utf-8")

    # Bob resubmits a correct notebook; the regrade keeps the override, says its verdict changed, and the late
    # policy stored in the gradebook still applies without the flags.
    capsys.readouterr()
    canvas_zip(download, {ANN: (good, (2026, 11, 30, 10, 0, 0)), BOB: (good, (2026, 12, 3, 9, 0, 0))})
    assert main(grade) == 0
    assert "1 graded, 1 already graded" in capsys.readouterr().out
    bob = stored(out, BOB)
    dropout = next(f for f in bob["functions"] if f["name"] == "backward_propagation_with_dropout")
    assert dropout["status"] == "passed" and dropout["override"]["changed"]
    assert bob["score"] == 4 and bob["final_score"] == 3.2 and bob["late"]["days"] == 2
    assert "the automatic verdict has changed since the override (it was 0 points then, 1 now)" in (
        out / f"{BOB}.html").read_text(encoding="utf-8")

    # Clearing it: the automatic points apply again; history of overrides is kept in the gradebook
    assert main(["override", str(out), BOB, "backward_propagation_with_dropout", "--clear"]) == 0
    assert stored(out, BOB)["final_score"] == 3.2 and not next(
        f for f in stored(out, BOB)["functions"] if f["name"] == "backward_propagation_with_dropout")["override"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--due", "soon"], "--due 'soon': not a date and time"),
    (["--due", "nosuch=2026-12-01"], "--due names no known assignment: nosuch"),
    (["--late-penalty", "120"], "--late-penalty must be a percentage from 0 to 100"),
    (["--grace", "-5"], "--grace must be 0 or more minutes"),
])
def test_late_policy_usage_errors(argv: list[str], message: str, tmp_path: Path, capsys) -> None:
    notebook = build("regularization", tmp_path / "a.ipynb")
    assert main(["grade", str(notebook), "--out", str(tmp_path / "out"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "gradebook.sqlite").exists()
