"""Tools for the course's authors: solution notebooks built from the reference implementations.

A solution notebook is the student notebook of an assignment with the source of every graded
cell (first line ``# GRADED FUNCTION: <name>``) replaced by that marker and the source of the
reference implementation of ``<name>`` in ``grader.reference.<assignment>``. The reference's
graded functions are self-contained: besides numpy they only use names that the student
notebook itself imports or defines, which :func:`unbound_names` verifies.
"""

from __future__ import annotations

import ast
import builtins
import copy
import importlib
import inspect
import re
from pathlib import Path
from types import FunctionType, ModuleType

import nbformat
from nbformat import NotebookNode

from grader.notebook import graded_cell_indices as graded_cells
from grader.notebook import python_source as python_source
from grader.reference.course import assignment_dir

GRADED_PREFIX = "# GRADED FUNCTION: "
_REFERENCE_MARK = re.compile(r"^# GRADED FUNCTION: ([A-Za-z_][A-Za-z0-9_]*)\s*$", re.MULTILINE)


def assignment_reference(assignment: str) -> ModuleType:
    """``grader.reference.<assignment>``, the trusted solution of an assignment."""
    return importlib.import_module(f"grader.reference.{assignment}")


def graded_functions(assignment: str) -> list[str]:
    """Names of the reference's graded functions, in the order the reference defines them."""
    return _REFERENCE_MARK.findall(inspect.getsource(assignment_reference(assignment)))


def reference_function(assignment: str, name: str) -> FunctionType:
    """The reference implementation of the graded function ``name``."""
    if name not in graded_functions(assignment):
        raise KeyError(f"{name} is not a graded function of the {assignment} reference")
    function = getattr(assignment_reference(assignment), name)
    if not isinstance(function, FunctionType):
        raise TypeError(f"grader.reference.{assignment}.{name} is not a function")
    return function


def notebook_path(assignment: str) -> Path:
    """The student notebook of ``assignment`` in its assignment folder."""
    return assignment_dir(assignment) / f"{assignment}.ipynb"


def student_notebook(assignment: str) -> NotebookNode:
    """The student notebook as shipped (graded functions left blank)."""
    return nbformat.read(notebook_path(assignment), as_version=4)


def solution_source(assignment: str, name: str) -> str:
    """The source of a solved graded cell: the marker line, then the reference function."""
    return GRADED_PREFIX + name + "\n" + inspect.getsource(reference_function(assignment, name)).rstrip("\n")


def solution_notebook(assignment: str) -> NotebookNode:
    """The student notebook of ``assignment`` with every graded cell solved by the reference.

    Raises ValueError when the notebook's graded cells and the reference's graded functions
    do not correspond one to one.
    """
    nb = copy.deepcopy(student_notebook(assignment))
    cells = graded_cells(nb)
    expected = graded_functions(assignment)
    problems = [f"no graded cell for {name}" for name in expected if name not in cells]
    problems += [f"{len(cells[name])} graded cells for {name}" for name in expected if len(cells.get(name, [])) > 1]
    problems += [f"graded cell for {name}, not graded by the reference" for name in cells if name not in expected]
    if problems:
        raise ValueError(f"{notebook_path(assignment)}: " + "; ".join(problems))
    for name, (index,) in cells.items():
        nb.cells[index].source = solution_source(assignment, name)
    return nb


def _targets(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def bound_names(nb: NotebookNode) -> set[str]:
    """Names the code cells of ``nb`` bind at the top level (imports, defs, assignments).

    Star imports bind names that cannot be known without importing; they are not counted.
    """
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.parse(python_source(cell.source)).body:
            if isinstance(node, ast.Import):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For | ast.With):
                names.update(_targets(node))
    return names


def unbound_names(assignment: str) -> dict[str, set[str]]:
    """Per graded function, the globals its reference uses that the student notebook does not bind.

    Empty sets everywhere mean the solution notebook can run the reference functions as they are.
    """
    bound = bound_names(student_notebook(assignment)) | set(dir(builtins))
    result = {}
    for name in graded_functions(assignment):
        used = set(inspect.getclosurevars(reference_function(assignment, name)).globals)
        result[name] = used - bound
    return result
