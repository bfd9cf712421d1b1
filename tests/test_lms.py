"""``grader export --canvas/--moodle``: the grades.csv of a real batch in the LMS import layouts."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from notebooks import build

from grader.cli import main
from grader.lms import submission_keys

pytestmark = [pytest.mark.kernel]

HE_WRONG = {"initialize_parameters_he": [("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(1.0 / layers_dims[l - 1])")]}


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch as downloaded from the LMSs: a Canvas zip, a Moodle zip (folders per student), a plain file."""
    root = tmp_path_factory.mktemp("lms")
    made = root / "made"
    made.mkdir()
    full = build("initialization", made / "full.ipynb")
    wrong = build("initialization", made / "wrong.ipynb", edits=HE_WRONG)
    with zipfile.ZipFile(root / "canvas.zip", "w") as archive:
        archive.write(full, "doejane_4567_900001_initialization.ipynb")
        archive.write(wrong, "roerick_late_4568_900002_initialization-1.ipynb")
    with zipfile.ZipFile(root / "moodle.zip", "w") as archive:
        archive.write(wrong, "Ana Lima_311_assignsubmission_file_/initialization.ipynb")
    (root / "loose").mkdir()
    (root / "loose" / "kim@uni.example.ipynb").write_bytes(full.read_bytes())
    (root / "loose" / "broken.ipynb").write_text("{", encoding="utf-8")
    out = root / "out"
    assert main(["grade", str(root / "canvas.zip"), str(root / "moodle.zip"), str(root / "loose"),
                 "--out", str(out), "--workers", "2"]) == 0
    return out


def test_submission_keys_from_lms_download_names() -> None:
    assert {"4567", "doejane"} <= submission_keys("doejane_4567_900001_initialization")
    assert {"4568", "roerick"} <= submission_keys("roerick_LATE_4568_900002_hw")
    assert "analima" in submission_keys("Ana Lima_311_assignsubmission_file___initialization")
    assert "jdoe" in submission_keys("section-a__jdoe")


def test_canvas_without_a_roster(graded: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(graded), "--canvas", "-o", str(tmp_path / "canvas.csv")]) == 0
    table = rows(tmp_path / "canvas.csv")
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Initialization"]
    assert table[1] == ["Points Possible", "", "", "", "", "3"]
    body = {tuple(r[:5]): r[5] for r in table[2:]}
    assert body[("doejane", "4567", "", "", "")] == "3"
    assert body[("roerick", "4568", "", "", "")] == "2"
    assert body[("", "", "", "kim@uni.example", "")] == "3"
    assert body[("", "", "", "broken", "")] == "0"  # a submission that could not be graded scores 0
    captured = capsys.readouterr()
    assert "4 students" in captured.out
    assert "Ana Lima_311_assignsubmission_file___initialization: a Moodle download name carries no Canvas " \
        "identifier; give --roster; left out" in captured.err


def test_canvas_with_its_gradebook_export_as_roster(graded: Path, tmp_path: Path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (77)\n"
        "    Points Possible,,,,,10\n"
        '"Doe, Jane",4567,S-1,jane,Sec 1,9\n'
        '"Roe, Rick",4568,S-2,rick,Sec 2,8\n'
        '"Lima, Ana",4569,S-3,ana,Sec 1,7\n'
        '"Kim, Lee",4570,S-4,kim@uni.example,Sec 2,6\n', encoding="utf-8")
    out = tmp_path / "canvas.csv"
    assert main(["export", str(graded / "grades.csv"), "--canvas", "--roster", str(roster), "-o", str(out),
                 "--column", "DL week 1: Initialization"]) == 0
    table = rows(out)
    assert table[0][-1] == "DL week 1: Initialization"
    assert sorted(table[2:]) == [["Doe, Jane", "4567", "S-1", "jane", "Sec 1", "3"],
                                 ["Kim, Lee", "4570", "S-4", "kim@uni.example", "Sec 2", "3"],
                                 ["Lima, Ana", "4569", "S-3", "ana", "Sec 1", "2"],
                                 ["Roe, Rick", "4568", "S-2", "rick", "Sec 2", "2"]]
    assert "broken: no student of the roster has this identifier; left out" in capsys.readouterr().err


def test_moodle_with_and_without_a_roster(graded: Path, tmp_path: Path, capsys) -> None:
    roster = tmp_path / "moodle-export.csv"
    roster.write_text(
        "\ufeffFirst name,Last name,ID number,Institution,Department,Email address,Assignment: Initialization (Real)\n"
        "Jane,Doe,1001,,,jane@uni.example,-\n"
        "Ana,Lima,1003,,,ana@uni.example,-\n"
        "Lee,Kim,1004,,,kim@uni.example,-\n", encoding="utf-8")
    out = tmp_path / "moodle.csv"
    assert main(["export", str(graded), "--moodle", "--roster", str(roster), "-o", str(out)]) == 0
    table = rows(out)
    assert table[0] == ["Email address", "Initialization"]
    assert sorted(table[1:]) == [["ana@uni.example", "2"], ["jane@uni.example", "3"], ["kim@uni.example", "3"]]
    err = capsys.readouterr().err
    assert "roerick_late_4568_900002_initialization-1: no student of the roster" in err
    plain = tmp_path / "plain.csv"
    assert main(["export", str(graded), "--moodle", "-o", str(plain)]) == 0
    assert rows(plain) == [["Email address", "Initialization"], ["kim@uni.example", "3"]]
    err = capsys.readouterr().err
    assert "Ana Lima_311_assignsubmission_file___initialization: a Moodle download folder names the student " \
        "(Ana Lima) and a participant id" in err
    assert "doejane_4567_900001_initialization: a Canvas download name carries no Moodle identifier" in err
    assert "broken: has a username, but the file identifies students by email address" in err


def test_usage_errors(graded: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path), "--canvas", "-o", str(tmp_path / "x.csv")]) == 2
    assert "grades.csv" in capsys.readouterr().err
    assert main(["export", str(graded), "-o", str(tmp_path / "x.csv")]) == 2  # --canvas or --moodle is required
    (tmp_path / "other.csv").write_text("name,points\na,1\n", encoding="utf-8")
    assert main(["export", str(tmp_path / "other.csv"), "--moodle", "-o", str(tmp_path / "x.csv")]) == 2
    assert "is not a grades.csv of grader grade" in capsys.readouterr().err
    (tmp_path / "ungraded.csv").write_text("submission,assignment,total,max_score,errors\nx,,0,0,empty\n",
                                           encoding="utf-8")
    assert main(["export", str(tmp_path / "ungraded.csv"), "--canvas", "-o", str(tmp_path / "x.csv")]) == 2
    assert "no submission of these grades was graded" in capsys.readouterr().err
