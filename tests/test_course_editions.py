"""Solved notebooks laid out like the original course's editions grade with full marks unchanged.

Each exercise's ``editions`` module (``reference/<name>/editions.py``) lays its graded functions out as
the course's editions do: the first cell of imports and magics, the ``# GRADED FUNCTION:`` cells with
their marker comments, test cells that call testCases / public_tests, training cells that are not run
by default. Every exercise that has one is graded here, edition by edition, as the spec edition its
``GRADED_AS`` names (``--edition``; none: the default, the latest).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.exercises import exercise_module
from grader.pipeline import Options, grade_notebook
from grader.spec import all_specs

pytestmark = [pytest.mark.kernel]

EDITIONS = {name: module for name, spec in all_specs().items()
            if (module := exercise_module(spec.reference, "editions")) is not None}


def course_notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# The course's notebook"),
                                         *(nbformat.v4.new_code_cell(source) for source in cells)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.mark.parametrize(("assignment", "edition"),
                         [(name, edition) for name, module in EDITIONS.items() for edition in module.EDITIONS])
def test_course_edition_grades_with_full_marks(assignment: str, edition: str, tmp_path: Path) -> None:
    path = tmp_path / f"{assignment}_{edition}.ipynb"
    nbformat.write(course_notebook(EDITIONS[assignment].cells(edition)), path)
    result = grade_notebook(path, Options(edition=getattr(EDITIONS[assignment], "GRADED_AS", {}).get(edition)))
    assert result.assignment == assignment
    assert result.score == result.max_score, result.to_json()
    assert result.errors == [], result.errors


def test_every_week_1_exercise_has_its_editions() -> None:
    assert {"initialization", "regularization", "gradient_checking"} <= set(EDITIONS)


def test_course_2021_public_tests_run_in_full_mode(tmp_path: Path) -> None:
    """With --full the course's own test cells (public_tests) run too, against our helpers."""
    path = tmp_path / "gradient_checking_2021.ipynb"
    nbformat.write(course_notebook(EDITIONS["gradient_checking"].cells("2021", training=False)), path)
    result = grade_notebook(path, Options(full=True))
    assert result.score == result.max_score, result.to_json()
    assert result.errors == [], result.errors
