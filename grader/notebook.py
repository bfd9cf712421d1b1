"""Reading a submitted notebook and planning what to run of it.

Graded cells are code cells whose first non-blank line is ``# GRADED FUNCTION: <name>``.
By default only what grading needs runs: from every other code cell its imports,
definitions and constant assignments; graded cells run whole. ``full=True`` runs every
cell as written.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

GRADED_RE = re.compile(r"^\s*#\s*GRADED\s+FUNCTION\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", re.IGNORECASE)
START_MARK = "### START CODE HERE ###"
END_MARK = "### END CODE HERE ###"
KEPT_NODES = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class NotebookError(ValueError):
    """A submission that cannot be read as a notebook."""


@dataclass(frozen=True)
class PlannedCell:
    """One cell to run: its position in the notebook, the code, and the function it grades."""

    index: int
    source: str
    graded: str | None = None
    note: str = ""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Reads and validates a notebook file; raises NotebookError with a specific reason."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotebookError(f"cannot read {path.name}: {error.strerror or error}") from error
    return parse_notebook(raw, path.name)


def parse_notebook(raw: bytes, name: str) -> nbformat.NotebookNode:
    """Parses and validates notebook bytes; raises NotebookError with a specific reason."""
    if not raw.strip():
        raise NotebookError(f"{name} is empty")
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except UnicodeDecodeError as error:
        raise NotebookError(f"{name} is not a text file (not UTF-8)") from error
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds for bad JSON
        raise NotebookError(f"{name} is not a valid notebook: {str(error).splitlines()[0][:200]}") from error
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{name} is not a valid notebook: no list of cells")
    return nb


def graded_name(source: str) -> str | None:
    """The function named by a cell's ``# GRADED FUNCTION:`` first line, if any."""
    for line in source.splitlines():
        if line.strip():
            match = GRADED_RE.match(line)
            return match.group(1) if match else None
    return None


def graded_cells(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Graded function name -> index of its (last) graded cell."""
    found: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") == "code":
            name = graded_name(str(cell.get("source", "")))
            if name:
                found[name] = index
    return found


def student_region(source: str) -> str:
    """The text between the START and END CODE HERE markers (all regions joined)."""
    regions, inside, lines = [], False, []
    for line in source.splitlines():
        if START_MARK in line:
            inside, lines = True, []
        elif END_MARK in line and inside:
            regions.append("\n".join(lines))
            inside = False
        elif inside:
            lines.append(line.strip())
    return "\n".join(regions)


def _python_source(source: str) -> str:
    """IPython syntax (magics, shell escapes) turned into plain Python, as the kernel would."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _is_constant(node: ast.AST) -> bool:
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not all(isinstance(t, ast.Name) for t in targets):
        return False
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def definitions(source: str) -> tuple[str, str]:
    """The imports, defs, classes and constant assignments of a cell, and a note on what was left out."""
    try:
        python = _python_source(source)
        tree = ast.parse(python)
    except (SyntaxError, ValueError) as error:
        return "", f"not run: it does not parse ({error.__class__.__name__})"
    lines = python.splitlines()
    kept, skipped = [], 0
    for node in tree.body:
        if isinstance(node, KEPT_NODES) or _is_constant(node):
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            kept.append("\n".join(lines[start - 1:node.end_lineno]))
        else:
            skipped += 1
    note = f"{skipped} statement(s) not run (definitions only)" if skipped else ""
    return "\n".join(kept), note


def plan(nb: nbformat.NotebookNode, full: bool = False) -> list[PlannedCell]:
    """The cells to run, in notebook order."""
    planned = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        source = str(cell.get("source", ""))
        if not source.strip():
            continue
        name = graded_name(source)
        if full or name:
            planned.append(PlannedCell(index, source, name))
            continue
        code, note = definitions(source)
        if code.strip():
            planned.append(PlannedCell(index, code, None, note))
    return planned
