"""The student notebooks: generated, graded cells in line with the reference, runnable end to end.

The execution tests run the notebooks in a real kernel, in a copy of the assignment folder plus
``assignments/_shared``, as a student's working directory would be: the solution notebook (from
``grader.authoring.solution_notebook``) must run without error and print the course's numbers,
including the full trainings; the blank notebook as shipped must run to the end (errors in the
cells that use the unwritten functions are expected) without ever killing the kernel.
"""

from __future__ import annotations

import ast
import inspect
import math
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from printed import contains, contains_line, same_text

from grader import authoring, notebook
from grader.assignments import build_notebooks
from grader.reference.course import assignment_dir, shared_dir
from grader.spec import all_specs

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

ASSIGNMENTS = tuple(all_specs())
START, END = "### START CODE HERE ###", "### END CODE HERE ###"
EXPECTED_BLOCK = re.compile(r"\*\*Expected output\*\* \(before the public test's own messages\):\s*```\n(.*?)```", re.S)
# Differences of correct gradients are rounding noise: every digit may vary between machines.
NOISE = re.compile(r"^difference = \d\.\d+e-1\d$")

parametrize = pytest.mark.parametrize("assignment", ASSIGNMENTS)


def _workdir(assignment: str, tmp_path: Path) -> Path:
    work = tmp_path / assignment
    shutil.copytree(assignment_dir(assignment), work, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for module in shared_dir().glob("*.py"):
        shutil.copy2(module, work / module.name)
    return work


def _execute(nb: nbformat.NotebookNode, workdir: Path, allow_errors: bool) -> nbformat.NotebookNode:
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def _text(cell: nbformat.NotebookNode) -> str:
    """What the cell printed: a stream can arrive in several messages, so streams are joined as they came."""
    parts: list[str] = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
            continue
        if output.output_type in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
        elif output.output_type == "error":
            text = f"{output.ename}: {output.evalue}"
        else:
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")
        parts.append(text + "\n")
    return "".join(parts)


def _html(cell: nbformat.NotebookNode) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", [])
                     if o.output_type == "display_data")


def _errors(cell: nbformat.NotebookNode) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.get("outputs", []) if o.output_type == "error"]


def _cell(nb: nbformat.NotebookNode, fragment: str) -> nbformat.NotebookNode:
    """The one code cell whose source contains ``fragment``."""
    found = [c for c in nb.cells if c.cell_type == "code" and fragment in c.source]
    assert len(found) == 1, f"{len(found)} code cells contain {fragment!r}"
    return found[0]


def _is_definitions(source: str) -> bool:
    """Imports, defs and settings only (magics and plt.rcParams included): nothing that computes."""
    for node in ast.parse(authoring.python_source(source)).body:
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef):
            continue
        if isinstance(node, ast.Expr) and "get_ipython" in ast.unparse(node):
            continue
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]).startswith("plt.rcParams"):
            continue
        return False
    return True


@parametrize
def test_checked_in_notebook_is_up_to_date(assignment: str) -> None:
    path = build_notebooks.notebook_path(assignment)
    assert path.read_text(encoding="utf-8") == build_notebooks.render(assignment), (
        f"{path.name} differs from its generator: run python -m grader.assignments.build_notebooks")


@parametrize
def test_notebook_is_a_clean_student_notebook(assignment: str) -> None:
    nb = authoring.student_notebook(assignment)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert code[0].source.startswith("import numpy as np\n"), "the imports come first, in their own cell"


@parametrize
def test_each_reference_function_has_one_graded_cell(assignment: str) -> None:
    nb = authoring.student_notebook(assignment)
    cells = authoring.graded_cells(nb)
    expected = authoring.graded_functions(assignment)
    assert sorted(cells) == sorted(expected)
    for name in expected:
        assert len(cells[name]) == 1, f"{name}: {len(cells[name])} graded cells"
        source = nb.cells[cells[name][0]].source
        assert source.split("\n", 1)[0] == f"# GRADED FUNCTION: {name}"
        assert source.count(START) == source.count(END) >= 1
        assert source.index(START) < source.index(END)
        namespace: dict = {}
        exec(compile(source, name, "exec"), namespace)  # defs only: defining must not fail
        reference = authoring.reference_function(assignment, name)
        assert inspect.signature(namespace[name]) == inspect.signature(reference), name
        test_cell = nb.cells[cells[name][0] + 1]
        assert test_cell.cell_type == "code" and f"{name}_test({name})" in test_cell.source, name


def _self_check_cells(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Graded function -> index of its self-check cell: the first code cell after its "Expected output"."""
    found = {}
    for name, (index,) in authoring.graded_cells(nb).items():
        found[name] = next(i for i in range(index + 2, len(nb.cells)) if nb.cells[i].cell_type == "code")
    return found


@parametrize
def test_each_exercise_offers_a_self_check_the_grader_never_runs(assignment: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    nb = authoring.student_notebook(assignment)
    cells = _self_check_cells(nb)
    planned = {cell.index for cell in notebook.plan(nb)}
    monkeypatch.setitem(sys.modules, "grader", None)  # as in the grading kernel: the package is hidden
    for name, index in cells.items():
        source = nb.cells[index].source
        graded = authoring.graded_cells(nb)[name][0]
        assert EXPECTED_BLOCK.search(nb.cells[index - 1].source) and index == graded + 3, name
        assert f"    check({name})" in source and "except ImportError:" in source, source
        assert index not in planned, f"the grader would run part of the self-check of {name}"
        namespace: dict = {name: lambda *args: None}
        exec(compile(source, f"self-check {name}", "exec"), namespace)
        assert namespace["check"] is None


@parametrize
def test_reference_uses_only_names_the_notebook_binds(assignment: str) -> None:
    assert authoring.unbound_names(assignment) == {name: set() for name in authoring.graded_functions(assignment)}


@parametrize
def test_expected_outputs_follow_a_test_cell(assignment: str) -> None:
    nb = authoring.student_notebook(assignment)
    blocks = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and EXPECTED_BLOCK.search(c.source)]
    assert len(blocks) == len(authoring.graded_functions(assignment))
    for index in blocks:
        assert nb.cells[index - 1].cell_type == "code" and "_test(" in nb.cells[index - 1].source


def _check_expected_blocks(nb: nbformat.NotebookNode) -> None:
    """Every "Expected output" block matches what the test cell above it printed."""
    for index, cell in enumerate(nb.cells):
        match = EXPECTED_BLOCK.search(cell.source) if cell.cell_type == "markdown" else None
        if not match:
            continue
        printed = [line.rstrip() for line in _text(nb.cells[index - 1]).splitlines()]
        for line in match.group(1).strip("\n").splitlines():
            if NOISE.match(line):
                assert any(NOISE.match(p) for p in printed), f"no {line!r} in\n{printed}"
            else:  # numbers as numbers (the last digits differ between machines), text as text
                assert any(same_text(line, p) for p in printed), (
                    f"cell {index - 1} did not print {line!r}:\n" + "\n".join(printed))


def _check_initialization(nb: nbformat.NotebookNode) -> None:
    zeros = _text(_cell(nb, 'model(train_X, train_Y, initialization="zeros")'))
    costs = [float(line.split(": ")[1]) for line in zeros.splitlines() if line.startswith("Cost after iteration")]
    assert costs == pytest.approx([math.log(2)] * 15, rel=1e-9, abs=0)
    assert zeros.count("Accuracy: 0.5\n") == 2
    random = _text(_cell(nb, 'model(train_X, train_Y, initialization="random")'))
    assert "Cost after iteration 0: inf\n" in random
    assert "Accuracy: 0.83\n" in random and "Accuracy: 0.86\n" in random
    he = _text(_cell(nb, 'model(train_X, train_Y, initialization="he")'))
    assert contains_line(he, "Cost after iteration 0: 0.883053746342")  # within relative 1e-9
    assert contains_line(he, "Cost after iteration 14000: 0.0735789596")  # within relative 1e-9
    assert contains(he, "Accuracy: 0.9933333333\nOn the test set:\nAccuracy: 0.96")  # within relative 1e-9
    shown = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith('print("predictions_train'))
    train_line = _text(shown).splitlines()[0]
    assert train_line.startswith("predictions_train = [[0 0") and "1" not in train_line, "zeros: all labels 0"


def _check_regularization(nb: nbformat.NotebookNode) -> None:
    for arguments in ("", ", lambd=0.7", ", keep_prob=0.86, learning_rate=0.3"):
        output = _text(_cell(nb, f"model(train_X, train_Y{arguments})"))
        assert [line.split(":")[0] for line in output.splitlines() if line.startswith("Cost")] == [
            f"Cost after iteration {i}" for i in (0, 10000, 20000)], output
        accuracies = [float(line.split()[1]) for line in output.splitlines() if line.startswith("Accuracy: ")]
        assert len(accuracies) == 2 and all(0.5 <= a <= 1 for a in accuracies), output
    assert contains_line(_text(_cell(nb, "compute_cost_with_regularization_test(")), "cost = 1.786485945")


def _check_gradient_checking(nb: nbformat.NotebookNode) -> None:
    assert "The gradient is correct!" in _text(_cell(nb, "gradient_check(x, theta, print_msg=True)"))
    output = _text(_cell(nb, "gradient_check_n(parameters, gradients, X, Y, 1e-7, True)"))
    match = re.search(r"There is a mistake in the backward propagation! difference = (\S+)", output)
    assert match, output
    assert float(match.group(1)) == pytest.approx(0.2850931567761623, rel=1e-6)


CHECKS = {
    "initialization": _check_initialization,
    "regularization": _check_regularization,
    "gradient_checking": _check_gradient_checking,
}


@parametrize
def test_solution_notebook_runs_and_prints_the_course_numbers(assignment: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = _execute(authoring.solution_notebook(assignment), _workdir(assignment, tmp_path), allow_errors=False)
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    _check_expected_blocks(nb)
    CHECKS.get(assignment, lambda nb: None)(nb)  # printed training numbers, for the exercises that have them
    for name, index in _self_check_cells(nb).items():
        shown = _html(nb.cells[index])
        assert "dlgrader-selfcheck" in shown and re.search(rf">PASS</td>\s*<td[^>]*><code>{name}<", shown), shown
        assert "hidden case" in shown and "run only by the full grader" in shown


@parametrize
def test_blank_notebook_runs_to_the_end(assignment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = _execute(authoring.student_notebook(assignment), _workdir(assignment, tmp_path), allow_errors=True)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "the kernel stopped before the last cell"
    first_graded = next(i for i, c in enumerate(code) if notebook.graded_name(c.source))
    for index, cell in enumerate(code):
        if index <= first_graded or notebook.graded_name(cell.source) or _is_definitions(cell.source):
            assert not _errors(cell), f"cell {index} failed in the blank notebook: {_errors(cell)}\n{cell.source}"
    assert any(_errors(c) for c in code), "the blank notebook's checks all passed"
    for name, index in _self_check_cells(nb).items():
        shown = _html(nb.cells[index])
        assert not _errors(nb.cells[index]) and "not implemented yet" in shown, (name, shown)


def test_printed_text_joins_a_stream_that_arrived_in_pieces() -> None:
    # ipykernel flushes stdout on a timer, so one print() can reach the notebook as two outputs
    cell = nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("stream", text="Original learning rate: "),
        nbformat.v4.new_output("stream", text=" 0.5\nUpdated"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "3"}),
        nbformat.v4.new_output("stream", text="done\n")])
    assert _text(cell).splitlines() == ["Original learning rate:  0.5", "Updated", "3", "done"]
