"""Notebooks are graded by the functions they define: headers are hints (real kernels, real notebooks).

Older editions and stripped copies have no ``# GRADED FUNCTION:`` lines; some students define a
function in a cell of their own without one, next to code that must not run when grading.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from notebooks import FUNCTIONS, build

from grader.pipeline import Options, grade_notebook

pytestmark = [pytest.mark.kernel]


def _strip_headers(path: Path, keep: tuple[str, ...] = ()) -> Path:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        lines = str(cell.source).splitlines()
        if lines and lines[0].startswith("# GRADED FUNCTION:") and lines[0].split(":")[1].strip() not in keep:
            cell.source = "\n".join(lines[1:])
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("assignment", sorted(FUNCTIONS))
def test_a_notebook_without_any_header_is_detected_and_gets_full_marks(assignment: str, tmp_path: Path) -> None:
    path = _strip_headers(build(assignment, tmp_path / "stripped.ipynb"))
    assert "GRADED FUNCTION" not in path.read_text()
    result = grade_notebook(path, Options(call_timeout=20))
    assert result.assignment == assignment, result.errors
    assert result.score == result.max_score > 0, [(f.name, f.message) for f in result.functions]


def test_functions_defined_without_their_header_beside_other_code_are_graded_and_the_code_is_not_run(
        tmp_path: Path) -> None:
    path = build("gradient_checking", tmp_path / "mixed.ipynb", extra=[
        # a header-less definition of a graded function, redefined after its graded cell, next to code that
        # would kill the kernel if it ran
        "import os\ndef backward_propagation(x, theta):\n    return x\nos._exit(3)",
    ])
    path = _strip_headers(path, keep=("gradient_check", "gradient_check_n"))
    result = grade_notebook(path, Options(call_timeout=20))
    assert result.score == result.max_score, [(f.name, f.message) for f in result.functions]
    assert result.environment["kernel"]["restarts"] == 0


def test_a_notebook_defining_no_graded_function_says_so(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def helper():\n    return 1\nprint(helper())")])
    path = tmp_path / "nothing.ipynb"
    nbformat.write(nb, path)
    result = grade_notebook(path, Options())
    assert result.assignment is None
    assert result.errors == ["no graded function found: no cell defines a function of a known assignment"]
