"""The in-notebook self-check: public cases in the student's own process, judged by the grader's rules."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebooks import FUNCTIONS, build, edited, reference_source

import grader
from grader.pipeline import Options, grade_notebook
from grader.reference.course import assignment_dir, shared_dir
from grader.selfcheck import run_check, run_check_all
from grader.spec import all_specs

pytestmark = [pytest.mark.kernel]

IMPORTS = {
    "initialization": "import numpy as np\n",
    "regularization": "import numpy as np\nfrom grader.reference.course import load\n"
                      "globals().update({k: getattr(load('regularization', 'reg_utils'), k) "
                      "for k in ('sigmoid', 'relu', 'compute_cost', 'forward_propagation', 'backward_propagation')})\n",
    "gradient_checking": "import numpy as np\nfrom grader.reference.course import load\n"
                         "globals().update({k: getattr(load('gradient_checking', 'gc_utils'), k) for k in "
                         "('sigmoid', 'relu', 'dictionary_to_vector', 'vector_to_dictionary', 'gradients_to_vector')})\n",
}


def namespace(assignment: str, edits: dict[str, list[tuple[str, str]]] | None = None,
              replace: dict[str, str] | None = None) -> dict:
    """A student's globals: the reference solution as source code run here, with edits."""
    edits, replace = edits or {}, replace or {}
    scope: dict = {"__name__": "student"}
    if assignment in IMPORTS:
        exec(compile(IMPORTS[assignment], "imports", "exec"), scope)
    else:  # another exercise: the names its reference module imports (not its graded functions)
        module = importlib.import_module(all_specs()[assignment].reference)
        scope.update({k: v for k, v in vars(module).items()
                      if not k.startswith("__") and k not in all_specs()[assignment].function_names})
    for function in FUNCTIONS[assignment]:
        source = replace.get(function) or edited(reference_source(assignment, function), edits.get(function, []))
        exec(compile(source, f"<cell {function}>", "exec"), scope)
    return scope


@pytest.mark.parametrize("assignment", list(FUNCTIONS))
def test_reference_passes_every_public_case(assignment: str) -> None:
    report = run_check_all(namespace(assignment))
    assert report.assignment == assignment and report.passed, report.text()
    assert [f.name for f in report.functions] == FUNCTIONS[assignment]
    assert all(f.cases and not any(c.hidden for c in f.cases) for f in report.functions)
    assert all(report.hidden[name] > 0 for name in FUNCTIONS[assignment])
    count = sum(report.hidden.values())
    assert f"{count} hidden case{'s' if count != 1 else ''} on new inputs {'is' if count == 1 else 'are'} run only by " \
        "the full grader" in report.text()


def test_messages_are_the_full_graders(tmp_path: Path) -> None:
    edits = {"initialize_parameters_he": [("np.sqrt(2.0 / layers_dims[l - 1])", "np.sqrt(1.0 / layers_dims[l - 1])")]}
    report = run_check("initialize_parameters_he", namespace("initialization", edits))
    graded = grade_notebook(build("initialization", tmp_path / "he.ipynb", edits=edits), Options(seed=1))
    full = next(f for f in graded.functions if f.name == "initialize_parameters_he")
    mine = report.functions[0]
    assert mine.status == full.status == "failed"
    public = [c for c in full.cases if not c.hidden]
    assert [(c.name, c.status, c.message) for c in mine.cases] == [(c.name, c.status, c.message) for c in public]
    assert mine.message == full.message and mine.hint == full.hint


def test_by_name_reads_the_callers_globals(capsys: pytest.CaptureFixture[str]) -> None:
    scope = namespace("gradient_checking", replace={"backward_propagation": "def backward_propagation(x, theta):\n"
                                                                            "    print('thinking')\n    return 2 * x\n"})
    exec("from grader import check\nreport = check('backward_propagation')", scope)
    out = capsys.readouterr().out
    assert "Self-check of Gradient Checking" in out and "FAIL    backward_propagation" in out, out
    assert "dtheta: got 4, expected 2" in out and "printed: thinking" in out and "Hint:" in out
    assert scope["report"].passed is False
    assert repr(scope["report"]) == "<CheckReport gradient_checking: 0/1 passed the public cases>"


def test_check_all_finds_the_assignment_from_the_callers_functions() -> None:
    scope = namespace("regularization", replace={
        "backward_propagation_with_dropout": "def backward_propagation_with_dropout(X, Y, cache, keep_prob):\n"
                                             "    return {}[0]\n"})
    del scope["forward_propagation_with_dropout"]
    exec("from grader import check_all\nreport = check_all(show=False)", scope)
    by_name = {f.name: f for f in scope["report"].functions}
    assert scope["report"].assignment == "regularization"
    assert by_name["compute_cost_with_regularization"].status == "passed"
    assert by_name["forward_propagation_with_dropout"].status == "missing"
    assert "not defined: run its cell first" in by_name["forward_propagation_with_dropout"].message
    error = by_name["backward_propagation_with_dropout"]
    assert error.status == "error" and "raised KeyError: 0 in backward_propagation_with_dropout, line 2" in error.message


def test_a_function_that_never_returns_is_stopped() -> None:
    scope = namespace("initialization", replace={"initialize_parameters_zeros": (
        "def initialize_parameters_zeros(layers_dims):\n    while True:\n        pass\n")})
    report = run_check(scope["initialize_parameters_zeros"], scope, timeout=0.5)
    assert report.functions[0].status == "error"
    assert "did not return within 0.5 s" in report.functions[0].message


def test_the_inputs_are_copies() -> None:
    scope = namespace("regularization", replace={"compute_cost_with_regularization": (
        "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
        "    parameters['W1'][:] = 0\n    return 0.0\n")})
    report = run_check("compute_cost_with_regularization", scope)
    assert report.functions[0].status == "failed"  # and the reference's own arrays were left alone:
    assert run_check_all(namespace("regularization")).passed


def test_unknown_names_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a graded function"):
        run_check("train_the_model", {})
    with pytest.raises(ValueError, match="no graded function is defined here yet"):
        run_check_all({})
    with pytest.raises(ValueError, match="unknown assignment"):
        run_check("gradient_check", {}, assignment="week2")


def test_importing_grader_stays_cheap() -> None:
    code = "import sys, grader; print(sorted(m for m in ('numpy', 'grader.selfcheck', 'nbclient') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert grader.__all__ == ["__version__", "check", "check_all"]


def _run_in_kernel(nb: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def test_in_a_real_kernel_it_shows_html_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    work = tmp_path / "work"
    shutil.copytree(assignment_dir("initialization"), work, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for module in shared_dir().glob("*.py"):
        shutil.copy2(module, work / module.name)
    path = build("initialization", tmp_path / "student.ipynb",
                 edits={"initialize_parameters_random": [("* 10", "* 0.01")]},
                 extra=["from grader import check, check_all\ncheck(initialize_parameters_he)",
                        "check_all()",
                        "report = check('initialize_parameters_random', show=False)\nreport",
                        "print(report.passed)"])
    nb = _run_in_kernel(nbformat.read(path, as_version=4), work)
    one, everything, shown_later, printed = nb.cells[-4:]
    for cell, count in ((one, 1), (everything, 1), (shown_later, 1)):
        html = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")
                and "text/html" in o.get("data", {})]
        assert len(html) == count, cell.outputs
    assert ">PASS<" in one.outputs[0].data["text/html"] and "initialize_parameters_he" in one.outputs[0].data["text/html"]
    everything_html = everything.outputs[0].data["text/html"]
    assert everything_html.count(">PASS<") == 2 and everything_html.count(">FAIL<") == 1
    assert "hidden cases on new inputs are run only by the full grader" in everything_html
    assert "".join(o.text for o in printed.outputs if o.output_type == "stream") == "False\n"
