"""``grader check`` on real notebooks built here, run in real kernels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mistakes import MISTAKES
from notebooks import FUNCTIONS, build

from grader.cli import main
from grader.pipeline import Options, grade_notebook
from grader.report import render_student
from grader.timings import STEPS

pytestmark = [pytest.mark.kernel]

ASSIGNMENTS = list(FUNCTIONS)


def statuses(result) -> dict[str, str]:
    return {f.name: f.status for f in result.functions}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_solution_gets_full_marks(assignment: str, tmp_path: Path, capsys) -> None:
    path = build(assignment, tmp_path / f"{assignment}.ipynb")
    code = main(["check", str(path), "--json", str(tmp_path / "result.json")])
    out = capsys.readouterr().out
    data = json.loads((tmp_path / "result.json").read_text())
    assert code == 0, out
    assert data["assignment"] == assignment
    assert data["score"] == data["max_score"] == len(FUNCTIONS[assignment])
    assert [f["name"] for f in data["functions"]] == FUNCTIONS[assignment]
    assert all(f["status"] == "passed" for f in data["functions"]), out
    assert all(any(c["hidden"] for c in f["cases"]) for f in data["functions"])
    assert f"Total: {data['score']:g}/{data['max_score']:g}" in out


def _rounds(assignment: str) -> list[tuple[int, int]]:
    per_function: dict[str, int] = {}
    for function, _, _ in MISTAKES.get(assignment, []):  # an exercise without a catalog has no rounds
        per_function[function] = per_function.get(function, 0) + 1
    return [(r, half) for r in range(max(per_function.values(), default=0)) for half in (0, 1)]


@pytest.mark.parametrize("assignment,round_,half", [(a, r, h) for a in ASSIGNMENTS for r, h in _rounds(a)])
def test_mistakes_fail_only_their_function(assignment: str, round_: int, half: int, tmp_path: Path) -> None:
    """Round r: mistake r of every other function (by position), the rest correct."""
    chosen: dict[str, tuple[str, list]] = {}
    for position, function in enumerate(FUNCTIONS[assignment]):
        if position % 2 != half:
            continue
        own = [(d, e) for f, d, e in MISTAKES[assignment] if f == function]
        if round_ < len(own):
            chosen[function] = own[round_]
    path = build(assignment, tmp_path / "mistakes.ipynb", edits={f: e for f, (_, e) in chosen.items()})
    result = grade_notebook(path, Options(call_timeout=20))
    seen = statuses(result)
    for function in FUNCTIONS[assignment]:
        if function in chosen:
            assert seen[function] in ("failed", "error"), (function, chosen[function][0], result.environment["seed"])
            assert next(f for f in result.functions if f.name == function).message
        else:
            assert seen[function] == "passed", (function, result.to_json())


def test_broken_functions_get_their_own_status(tmp_path: Path) -> None:
    path = build("gradient_checking", tmp_path / "broken.ipynb", replace={
        "forward_propagation": "def forward_propagation(x, theta):\n    return undefined_name * x\n",
        "backward_propagation": "def backward_propagation(x, theta):\n    dtheta = None\n",
        "gradient_check": "def gradient_check(x, theta, epsilon=1e-7):\n    while True:\n        pass\n",
        "gradient_check_n": ("def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):\n"
                             "    import os\n    os._exit(3)\n"),
    })
    result = grade_notebook(path, Options(call_timeout=3))
    by_name = {f.name: f for f in result.functions}
    assert by_name["forward_propagation"].status == "error"
    assert "NameError" in by_name["forward_propagation"].message
    assert "line 4" in by_name["forward_propagation"].message  # of the cell
    forward = by_name["forward_propagation"]
    assert forward.marks == [{"line": 4, "why": "the exception was raised here"}]
    assert forward.source.splitlines()[3] == "    return undefined_name * x"
    html = render_student(result)
    assert "<mark>line 4</mark> the exception was raised here" in html and "undefined_name" in html
    assert by_name["backward_propagation"].status == "failed"
    assert "returned None" in by_name["backward_propagation"].message
    assert by_name["gradient_check"].status == "error"
    assert "did not return within 3 s" in by_name["gradient_check"].message
    assert by_name["gradient_check_n"].status == "error"
    assert "stopped the kernel" in by_name["gradient_check_n"].message
    # The hang was stopped inside the kernel (per-call alarm); only the crash needed a new kernel.
    assert result.environment["kernel"]["restarts"] == 1


def test_syntax_error_and_deleted_cell_leave_the_others_alone(tmp_path: Path) -> None:
    path = build("regularization", tmp_path / "partial.ipynb",
                 replace={"compute_cost_with_regularization": "def compute_cost_with_regularization(A3, Y, p, l:\n"},
                 drop=("forward_propagation_with_dropout",))
    result = grade_notebook(path, Options())
    by_name = {f.name: f for f in result.functions}
    assert by_name["compute_cost_with_regularization"].status == "error"
    assert "SyntaxError" in by_name["compute_cost_with_regularization"].message
    assert by_name["forward_propagation_with_dropout"].status == "missing"
    assert "no definition of forward_propagation_with_dropout" in by_name["forward_propagation_with_dropout"].message
    assert by_name["backward_propagation_with_regularization"].status == "passed"
    assert by_name["backward_propagation_with_dropout"].status == "passed"
    assert result.score == 2


def test_hard_coded_canonical_output_fails_hidden_cases(tmp_path: Path) -> None:
    hard_coded = ("def initialize_parameters_he(layers_dims):\n"
                  "    return {'W1': np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],\n"
                  "                            [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),\n"
                  "            'b1': np.zeros((4, 1)),\n"
                  "            'W2': np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),\n"
                  "            'b2': np.zeros((1, 1))}\n")
    path = build("initialization", tmp_path / "cheat.ipynb", replace={"initialize_parameters_he": hard_coded})
    result = grade_notebook(path, Options())
    he = next(f for f in result.functions if f.name == "initialize_parameters_he")
    assert he.status == "failed"
    assert he.cases[0].status == "passed"  # the canonical case itself matches
    assert any(c.hidden and c.status == "failed" for c in he.cases)
    assert he.message.startswith("layers_dims [3, 1, 2]") or he.message.startswith("hidden case")
    hidden_failure = next(c for c in he.cases if c.hidden and c.status == "failed")
    assert "max abs error" not in hidden_failure.message and "[" not in hidden_failure.message


def test_long_running_cells_do_not_run_by_default(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "slow.ipynb",
                 extra=["import time\ntime.sleep(120)", "raise SystemExit('training would run here')"])
    result = grade_notebook(path, Options())
    assert statuses(result) == dict.fromkeys(FUNCTIONS["initialization"], "passed")
    assert result.errors == []
    assert result.environment["seconds"] < 60


def test_full_mode_runs_every_cell_and_records_cell_errors(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "full.ipynb", extra=["print('ran')", "1 / 0"])
    result = grade_notebook(path, Options(full=True))
    assert statuses(result) == dict.fromkeys(FUNCTIONS["initialization"], "passed")
    assert any("ZeroDivisionError" in error for error in result.errors)
    assert result.environment["kernel"]["mode"] == "full"


@pytest.mark.parametrize("content,reason", [
    (b"", "is empty"),
    (b"{not json", "not a valid notebook"),
    (b'{"cells": 3}', "not a valid notebook"),
    (b"\xff\xfe\x00binary", "not a text file"),
])
def test_unreadable_submissions_exit_1_with_a_reason(content: bytes, reason: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    json_path = tmp_path / "broken.json"
    assert main(["check", str(path), "--json", str(json_path)]) == 1
    data = json.loads(json_path.read_text())
    assert data["assignment"] is None and data["score"] == 0
    assert reason in data["errors"][0]
    assert reason in capsys.readouterr().out


def test_notebook_without_graded_functions(tmp_path: Path, capsys) -> None:
    import nbformat

    path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    assert main(["check", str(path)]) == 1
    assert "no graded function found" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["check"]) == 2
    assert main(["check", str(tmp_path / "absent.ipynb")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_result_json_contract(tmp_path: Path) -> None:
    path = build("gradient_checking", tmp_path / "contract.ipynb", drop=("gradient_check_n",))
    data = json.loads(grade_notebook(path, Options(seed=7)).to_json())
    assert list(data) == ["schema_version", "submission", "assignment", "score", "max_score", "final_score",
                          "override", "late", "functions", "errors", "environment"]
    assert data["final_score"] == data["score"] and data["override"] == {} and data["late"] == {}
    timings = data["environment"]["timings"]
    assert {"read", "plan", "cases", "ready", "harness", "cells", "calls", "compare"} <= set(timings), timings
    assert list(timings) == [name for name in STEPS if name in timings] and all(v >= 0 for v in timings.values())
    assert data["schema_version"] == "1.0"
    assert data["submission"] == "contract"
    assert data["environment"]["seed"] == 7
    assert {"python", "numpy", "grader", "seed", "kernel"} <= set(data["environment"])
    for function in data["functions"]:
        assert {"name", "status", "score", "max_score", "message", "cases"} <= set(function)
        assert function["status"] in ("passed", "failed", "error", "missing")
        for case in function["cases"]:
            assert {"name", "status", "message", "hidden"} <= set(case)
    assert data["functions"][-1]["status"] == "missing" and data["functions"][-1]["cases"] == []
    assert data["score"] == 3 and data["max_score"] == 4


PRELAUNCH_SPY = """
import json, sys
import grader.kernel.pool as pool
started_before = []
original = pool.WarmKernels.prelaunch
def spy(self, *args):
    started_before.append(sorted({"grader.pipeline", "numpy", "nbclient"} & set(sys.modules)))
    original(self, *args)
pool.WarmKernels.prelaunch = spy
from grader.cli import main
code = main(["check", sys.argv[1], "--json", sys.argv[2]])
print(json.dumps({"code": code, "before": started_before, "hits": pool.POOL.hits, "misses": pool.POOL.misses,
                  "waiting": pool.POOL.waiting()}))
"""


def test_check_starts_its_one_kernel_before_the_heavy_imports_and_grades_in_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = build("initialization", tmp_path / "early.ipynb")
    done = subprocess.run([sys.executable, "-c", PRELAUNCH_SPY, str(path), str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=300)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"code": 0, "before": [[]], "hits": 1, "misses": 0, "waiting": 0}, done.stdout + done.stderr
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["score"] == data["max_score"] and data["environment"]["kernel"]["starts"] == 1


def test_submitted_file_is_not_modified(tmp_path: Path) -> None:
    path = build("initialization", tmp_path / "same.ipynb")
    before = path.read_bytes()
    grade_notebook(path, Options(full=True))
    assert path.read_bytes() == before


def test_definitions_mode_runs_only_what_graded_functions_need(tmp_path: Path) -> None:
    """Imports and helpers the graded functions do not use are not run (a plotting library, say)."""
    path = build("gradient_checking", tmp_path / "needs.ipynb", extra=[
        "import module_that_does_not_exist_anywhere\nimport numpy as np",
        "def plot_everything():\n    return module_that_does_not_exist_anywhere.plot()",
    ])
    result = grade_notebook(path, Options())
    assert result.errors == []
    assert result.score == result.max_score
    needed = build("gradient_checking", tmp_path / "needed.ipynb", extra=[
        "import module_that_does_not_exist_anywhere as helper_module",
    ], replace={"backward_propagation": "def backward_propagation(x, theta):\n    return helper_module.grad(x)\n"})
    result = grade_notebook(needed, Options())
    assert any("ModuleNotFoundError" in error for error in result.errors)
    assert {f.name: f.status for f in result.functions}["backward_propagation"] == "error"
