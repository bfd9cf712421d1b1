"""Bad command-line values are one-line errors with exit status 2, before anything is graded (no kernel)."""

from __future__ import annotations

from pathlib import Path

import pytest

import grader
from grader.cli import main
from grader.progress import _fit

NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    path = tmp_path / "nb.ipynb"
    path.write_text(NOTEBOOK)
    return path


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    lines = [line for line in captured.err.splitlines() if line.strip()]
    return lines[-1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"grader {grader.__version__}"


def test_check_refuses_what_it_cannot_use(notebook: Path, tmp_path: Path, capsys) -> None:
    assert "is a folder; check grades one notebook" in _error(capsys, ["check", str(tmp_path)])
    assert "--assignment nope: unknown (known: " in _error(capsys, ["check", str(notebook), "--assignment", "nope"])
    assert "--edition 1999: no such edition (known: 2017, 2019, 2021)" in _error(
        capsys, ["check", str(notebook), "--edition", "1999"])
    assert "one edition each" in _error(capsys, ["check", str(notebook), "--assignment", "initialization",
                                                 "--edition", "2021"])
    assert f"--html {tmp_path}: is a folder, not a file" in _error(capsys, ["check", str(notebook), "--html",
                                                                            str(tmp_path)])
    assert "is not a folder" in _error(capsys, ["check", str(notebook), "--json", str(notebook / "r.json")])
    for bad in ("-1", "120%", "many"):
        assert "--min-score" in _error(capsys, ["check", str(notebook), "--min-score", bad])


def test_grade_refuses_what_it_cannot_use(notebook: Path, tmp_path: Path, capsys,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert f"--out {afile}: is a file, not a folder" in _error(capsys, ["grade", str(notebook), "--out", str(afile)])
    assert "must be 1 or more, not 0" in _error(capsys, ["grade", str(notebook), "--out", str(tmp_path / "o"),
                                                         "--workers", "0"])
    assert "--scheduler needs --executor dask" in _error(
        capsys, ["grade", str(notebook), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1"])
    monkeypatch.setattr("os.access", lambda path, mode: False)  # a read-only place (root ignores the mode bits)
    assert "is not writable" in _error(capsys, ["grade", str(notebook), "--out", str(tmp_path / "o")])


def test_the_progress_line_keeps_the_score_of_a_long_id() -> None:
    label = "canvas_1234567_98765432_very_long_student_name_optimization 7/8"
    shown = _fit(label, 40)
    assert len(shown) == 40 and shown.endswith(" 7/8") and shown.startswith("canvas_") and "…" in shown
    assert _fit("ana 3/3", 40) == "ana 3/3"


def test_check_prints_the_hint_under_a_function_that_did_not_pass() -> None:
    from grader.ci import summary
    from grader.results import FunctionResult, SubmissionResult

    functions = [FunctionResult("f", "failed", 0.0, 1.0, message="W1: wrong", hint="Scale by sqrt(2 / n)."),
                 FunctionResult("g", "passed", 1.0, 1.0, message="all 3 cases passed", hint="never shown")]
    lines = summary(SubmissionResult("s", "a", 1.0, 2.0, functions=functions)).splitlines()
    assert lines[1].split()[:2] == ["FAIL", "f"] and lines[2].strip() == "hint: Scale by sqrt(2 / n)."
    assert "never shown" not in "\n".join(lines) and lines[-1] == "Total: 1/2"


def test_only_a_readable_notebook_without_graded_functions_is_unrelated(tmp_path: Path) -> None:
    import nbformat

    from grader.commands.check import unrelated

    def notebook(name: str, *sources: str) -> Path:
        path = tmp_path / name
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path)
        return path

    assert unrelated(notebook("scratch.ipynb", "x = 1", "def helper():\n    return 2"))
    assert not unrelated(notebook("emptied.ipynb", "# GRADED FUNCTION: initialize_parameters_he\n"))
    assert not unrelated(notebook("headerless.ipynb", "def initialize_parameters_he(layers_dims):\n    pass"))
    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    assert not unrelated(tmp_path / "broken.ipynb")  # graded, so that it fails, never skipped


@pytest.mark.parametrize(("argv", "heavy"), [(["--version"], False), (["export", "--help"], False),
                                             (["override", "--help"], False), (["check", "--help"], False)])
def test_the_cli_imports_only_the_command_it_runs(argv: list[str], heavy: bool) -> None:
    import subprocess
    import sys

    code = ("import sys, contextlib, io\nfrom grader.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})\n"
            "print('grader.pipeline' in sys.modules, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == [str(heavy), str(heavy)], done.stdout + done.stderr


def test_starting_a_kernel_needs_neither_jupyter_nor_numpy() -> None:
    """grader check starts its kernel first and imports the rest while it boots (grader.kernel.launch)."""
    import subprocess
    import sys

    code = ("import sys\nimport grader.commands.check, grader.kernel.pool, grader.kernel.confine\n"
            "print(sorted(({m.split('.')[0] for m in sys.modules} & {'jupyter_client', 'nbclient', 'nbformat', 'zmq', "
            "'numpy'}) | ({'grader.pipeline', 'grader.kernel.client'} & set(sys.modules))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_timings_add_up_per_step_in_order() -> None:
    from grader.timings import STEPS, Timings

    timings = Timings()
    timings.add("cells", 0.5)
    timings.add("read", 0.25)
    timings.add("cells", 0.25)
    with timings.step("calls"):
        pass
    shown = timings.as_dict()
    assert list(shown) == ["read", "cells", "calls"] and shown["cells"] == 0.75 and shown["calls"] >= 0
    assert STEPS.index("read") < STEPS.index("ready") < STEPS.index("render")


def test_a_batch_summary_takes_the_median_of_each_step_over_the_gradings_that_ran_it() -> None:
    from grader.batch import median_timings

    found = median_timings([{"calls": 0.5, "read": 0.1}, {"read": 0.3, "calls": 0.25}, {"read": 0.2}, {}])
    assert list(found) == ["read", "calls"]  # in the steps' order
    assert found["read"] == 0.2 and found["calls"] == 0.375
