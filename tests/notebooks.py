"""Builds submission notebooks for tests: reference solutions, with edits, in the course's layout."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import nbformat

from grader.spec import all_specs


def _imports(spec) -> str:
    """The shipped notebook's first code cell: its imports, as the course's notebooks have them."""
    shipped = nbformat.read(spec.folder / spec.notebook, as_version=4)
    return next(str(cell.source) for cell in shipped.cells if cell.cell_type == "code")


# Every exercise the grader finds, so that a new one is tested the moment its spec exists.
SPECS = all_specs()
IMPORTS = {name: _imports(spec) for name, spec in SPECS.items()}
FUNCTIONS = {name: list(spec.function_names) for name, spec in SPECS.items()}


def reference_source(assignment: str, function: str) -> str:
    module = importlib.import_module(SPECS[assignment].reference)
    return inspect.getsource(getattr(module, function))


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        if old not in source:
            raise AssertionError(f"edit does not apply: {old!r} not in\n{source}")
        source = source.replace(old, new)
    return source


def graded_cell(function: str, source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(f"# GRADED FUNCTION: {function}\n\n{source}")


def build(assignment: str, path: Path, edits: dict[str, list[tuple[str, str]]] | None = None,
          replace: dict[str, str] | None = None, drop: tuple[str, ...] = (),
          extra: list[str] | None = None) -> Path:
    """The reference solution as a notebook; ``edits`` change functions, ``replace`` swaps whole cells."""
    edits, replace = edits or {}, replace or {}
    cells = [nbformat.v4.new_markdown_cell(f"# {assignment}"), nbformat.v4.new_code_cell(IMPORTS[assignment])]
    for function in FUNCTIONS[assignment]:
        if function in drop:
            continue
        if function in replace:
            cells.append(graded_cell(function, replace[function]))
        else:
            cells.append(graded_cell(function, edited(reference_source(assignment, function), edits.get(function, []))))
        cells.append(nbformat.v4.new_code_cell(f"print({function})"))
    cells.extend(nbformat.v4.new_code_cell(source) for source in extra or [])
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path
