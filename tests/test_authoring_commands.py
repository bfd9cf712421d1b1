"""``grader release`` (blank a solution, verify it) and ``grader solution``, on real notebooks and kernels."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader import authoring
from grader.cli import main
from grader.notebook import graded_cells
from grader.pipeline import Options, grade_notebook
from grader.release import ReleaseError, blank_source
from grader.spec import all_specs

pytestmark = [pytest.mark.kernel]

BLANK = "        parameters['W' + str(l)] = None\n        parameters['b' + str(l)] = None\n"
SOLVED = {
    "initialize_parameters_zeros": ["parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))",
                                    "parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))"],
    "initialize_parameters_random": ["parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
                                     "parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))"],
    "initialize_parameters_he": ["parameters['W' + str(l)] = (np.random.randn(layers_dims[l], layers_dims[l - 1])",
                                 "                           * np.sqrt(2 / layers_dims[l - 1]))",
                                 "print('drawn', l)  # a statement that is not an assignment goes",
                                 "parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))"],
}


def author_solution(path: Path, solved: dict[str, list[str]] = SOLVED) -> Path:
    """The shipped Initialization notebook with its regions filled in, as an author keeps it, with outputs."""
    nb = authoring.student_notebook("initialization")
    for name, index in graded_cells(nb).items():
        assert BLANK in nb.cells[index].source
        nb.cells[index].source = nb.cells[index].source.replace(
            BLANK, "".join(f"        {line}\n" for line in solved[name]))
        nb.cells[index].outputs = [nbformat.v4.new_output("stream", text="solved\n")]
        nb.cells[index].execution_count = 7
    nbformat.write(nb, path)
    return path


def test_release_of_a_solution_is_the_shipped_notebook(tmp_path: Path, capsys) -> None:
    release = tmp_path / "student" / "initialization.ipynb"
    assert main(["release", str(author_solution(tmp_path / "solution.ipynb")), "-o", str(release)]) == 0
    out = capsys.readouterr().out
    assert "solution: 3/3   release: 0/3   (initialization" in out and f"wrote {release}" in out
    released, shipped = nbformat.read(release, as_version=4), authoring.student_notebook("initialization")
    assert [c.source for c in released.cells] == [c.source for c in shipped.cells]
    assert all(not c.outputs and c.execution_count is None for c in released.cells if c.cell_type == "code")
    graded = grade_notebook(release, Options())
    assert graded.score == 0 and all("not implemented yet" in f.message for f in graded.functions)


def test_release_refuses_a_solution_without_full_marks(tmp_path: Path, capsys) -> None:
    wrong = {**SOLVED, "initialize_parameters_random": [line.replace("* 10", "* 0.01")
                                                        for line in SOLVED["initialize_parameters_random"]]}
    release = tmp_path / "student.ipynb"
    assert main(["release", str(author_solution(tmp_path / "solution.ipynb", wrong)), "-o", str(release)]) == 1
    err = capsys.readouterr().err
    assert "the solution scores 2/3, not full marks: initialize_parameters_random (failed: " in err
    assert f"{release} not written" in err and not release.exists()


def test_release_refuses_code_outside_the_regions(tmp_path: Path, capsys) -> None:
    solution = tmp_path / "solution.ipynb"
    assert main(["solution", "initialization", "-o", str(solution)]) == 0
    assert main(["release", str(solution), "-o", str(tmp_path / "student.ipynb")]) == 1
    err = capsys.readouterr().err
    assert "without a START/END CODE HERE region (nothing to blank): initialize_parameters_he" in err
    assert "the release scores 3/3, not 0" in err
    assert main(["release", str(solution), "-o", str(tmp_path / "student.ipynb"), "--no-verify"]) == 0


def test_release_of_something_that_is_not_a_notebook(tmp_path: Path, capsys) -> None:
    (tmp_path / "x.ipynb").write_text("nope", encoding="utf-8")
    assert main(["release", str(tmp_path / "x.ipynb"), "-o", str(tmp_path / "y.ipynb")]) == 1
    assert "not a valid notebook" in capsys.readouterr().err


@pytest.mark.parametrize("assignment", sorted(all_specs()))
def test_solution_writes_the_reference_filled_notebook_that_gets_full_marks(assignment: str, tmp_path: Path,
                                                                           capsys) -> None:
    path = tmp_path / f"{assignment}-solution.ipynb"
    assert main(["solution", assignment, "-o", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().out
    assert nbformat.read(path, as_version=4) == authoring.solution_notebook(assignment)
    result = grade_notebook(path, Options())
    assert result.assignment == assignment and result.score == result.max_score, result.to_json()


def test_solution_of_an_unknown_assignment(tmp_path: Path, capsys) -> None:
    assert main(["solution", "week2", "-o", str(tmp_path / "x.ipynb")]) == 2
    assert "unknown assignment 'week2'" in capsys.readouterr().err


def test_blanking_keeps_comments_and_the_shape_of_the_code() -> None:
    source = """def f(x, cache):
    ### START CODE HERE ### (approx. 4 lines)
    # Step 1: the mask
    D1 = np.random.rand(*x.shape)   # uniform
    D1 = (D1 < 0.5).astype(int)
    A1, b = x * D1, 2
    total += 1
    J: float = float(np.sum(
        A1))  # Step 3
    ### END CODE HERE ###
    for i in range(3):
        ### START CODE HERE ###
        print(i)
        ### END CODE HERE ###
    return A1
"""
    assert blank_source(source) == """def f(x, cache):
    ### START CODE HERE ### (approx. 4 lines)
    # Step 1: the mask
    D1 = None  # uniform
    A1, b = None, None
    total = None
    J = None  # Step 3
    ### END CODE HERE ###
    for i in range(3):
        ### START CODE HERE ###
        pass
        ### END CODE HERE ###
    return A1
"""


def test_blanking_errors_name_the_problem() -> None:
    with pytest.raises(ReleaseError, match="without a matching"):
        blank_source("### START CODE HERE ###\nx = 1\n")
    with pytest.raises(ReleaseError, match="does not parse on its own"):
        blank_source("if x:\n    ### START CODE HERE ###\n    y = (\n    ### END CODE HERE ###\n")
