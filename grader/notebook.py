"""Reading a submitted notebook and planning what to run of it.

A notebook is graded by the functions it defines. A code cell whose first non-blank line is
``# GRADED FUNCTION: <name>`` (a *header*) is a hint that the cell defines ``name``; older
editions and stripped copies have no headers, so a top-level ``def name(`` in any cell counts
as well. By default only what grading needs runs: header cells run whole; from every other
code cell, its imports, definitions and constant assignments that the graded functions need
(directly or through other kept definitions), every definition of a graded function among
them. ``full=True`` runs every cell as written.
"""

from __future__ import annotations

import ast
import functools
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader.limits import MAX_CELLS, MAX_NOTEBOOK_BYTES

DEF_RE = re.compile(r"^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", re.MULTILINE)
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
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise NotebookError(f"{name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except UnicodeDecodeError as error:
        raise NotebookError(f"{name} is not a text file (not UTF-8)") from error
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds for bad JSON
        raise NotebookError(f"{name} is not a valid notebook: {str(error).splitlines()[0][:200]}") from error
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{name} is not a valid notebook: no list of cells")
    if len(nb.cells) > MAX_CELLS:
        raise NotebookError(f"{name} has {len(nb.cells)} cells; at most {MAX_CELLS} are graded")
    return nb


def graded_name(source: str) -> str | None:
    """The function named by a cell's ``# GRADED FUNCTION:`` first line, if any."""
    for line in source.splitlines():
        if line.strip():
            match = GRADED_RE.match(line)
            return match.group(1) if match else None
    return None


def graded_cell_indices(nb: nbformat.NotebookNode) -> dict[str, list[int]]:
    """Graded function name -> indices of every code cell that carries its marker."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") == "code":
            name = graded_name(str(cell.get("source", "")))
            if name:
                found.setdefault(name, []).append(index)
    return found


def graded_cells(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Graded function name -> index of its (last) graded cell."""
    return {name: indices[-1] for name, indices in graded_cell_indices(nb).items()}


def defined_names(source: str) -> set[str]:
    """Functions a cell defines at top level (read from its text when it does not parse)."""
    tree, _, _ = _parse(source)
    if tree is None:
        return set(DEF_RE.findall(source))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def function_cells(nb: nbformat.NotebookNode) -> dict[str, list[int]]:
    """Function name -> indices of the code cells that define it at top level or carry its header."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        source = str(cell.get("source", ""))
        names = defined_names(source) | ({graded_name(source)} - {None})
        for name in names:
            found.setdefault(str(name), []).append(index)
    return found


def is_assignment_notebook(nb: nbformat.NotebookNode, graded: set[str] | frozenset[str]) -> bool:
    """Whether a notebook has a graded header or defines one of the ``graded`` functions (else: a scratch notebook)."""
    return bool(graded_cells(nb)) or bool(set(function_cells(nb)) & set(graded))


def no_assignment_message(headers: set[str]) -> str:
    """Why no assignment was chosen for a notebook whose headers name ``headers``."""
    if headers:
        return f"no known assignment grades {', '.join(sorted(headers))}"
    return "no graded function found: no cell defines a function of a known assignment"


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


def python_source(source: str) -> str:
    """IPython syntax (magics, shell escapes) turned into plain Python, as the kernel would."""
    return _parse(source)[2]


def _transformed(source: str) -> str:
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


@dataclass(frozen=True)
class _Statement:
    """A top-level statement of a non-graded cell that definitions-only mode may run."""

    code: str
    binds: frozenset[str]  # "*" for a star import
    loads: frozenset[str]


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _binds(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.Import):
        return {(a.asname or a.name.split(".")[0]) for a in node.names}
    if isinstance(node, ast.ImportFrom):
        return {(a.asname or a.name) for a in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
    return {t.id for t in targets if isinstance(t, ast.Name)}


@functools.lru_cache(maxsize=256)
def _parse(source: str) -> tuple[ast.Module | None, list[str], str]:
    """A cell's syntax tree, the lines of its Python text and that text (plain Python is its own; IPython syntax
    is transformed as the kernel would). Cached: one grading asks about the same cells several times (which
    functions they define, what runs, where a mistake is), and the trees are only read."""
    try:
        return ast.parse(source), source.splitlines(), source  # plain Python: the transformer would not change it
    except (SyntaxError, ValueError):
        pass
    try:
        python = _transformed(source)
        return ast.parse(python), python.splitlines(), python
    except (SyntaxError, ValueError):
        return None, [], source


def _statements(source: str) -> tuple[list[_Statement], int, bool]:
    """The definition statements of a cell, how many other statements it has, and whether it parsed."""
    tree, lines, _ = _parse(source)
    if tree is None:
        return [], 0, False
    kept, skipped = [], 0
    for node in tree.body:
        if isinstance(node, KEPT_NODES) or _is_constant(node):
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            kept.append(_Statement("\n".join(lines[start - 1:node.end_lineno]), frozenset(_binds(node)),
                                   frozenset(_loads(node))))
        else:
            skipped += 1
    return kept, skipped, True


class PlanningTimeout(NotebookError):
    """Planning a notebook took longer than its submission's time limit allows."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise PlanningTimeout("planning the notebook's cells took longer than the submission's time limit")


def _needed(graded_sources: list[str], statements: list[_Statement], deadline: float | None,
            roots: frozenset[str] | set[str] = frozenset()) -> set[str] | None:
    """Names the graded cells use, closed over the definitions that provide them (None: unknown).

    A worklist over names: each statement is looked at once per name it binds, so the cost
    grows with the size of the notebook, not with the square of its number of definitions.
    """
    needed: set[str] = set(roots)
    for source in graded_sources:
        tree, _, _ = _parse(source)
        if tree is None:
            return None
        needed |= _loads(tree)
    binders: dict[str, list[_Statement]] = defaultdict(list)
    for statement in statements:
        for name in statement.binds:
            binders[name].append(statement)
    queue = list(needed)
    while queue:
        _check(deadline)
        for statement in binders.get(queue.pop(), ()):
            fresh = statement.loads - needed
            needed |= fresh
            queue.extend(fresh)
    return needed


def plan(nb: nbformat.NotebookNode, full: bool = False, deadline: float | None = None,
         functions: frozenset[str] | set[str] = frozenset()) -> list[PlannedCell]:
    """The cells to run, in notebook order; ``functions`` are the graded functions' names.

    Definitions-only mode keeps from cells without a header the imports, defs, classes and
    constant assignments that the header cells and the graded ``functions`` need (directly or
    through other kept definitions), plus star imports; so a plotting library imported for the
    training cells is not imported, and a graded function defined in a cell without its header
    is graded all the same. A cell without a header that defines a graded function but does not
    parse runs whole, so that its error is reported against the function.
    """
    cells = [(i, str(c.get("source", ""))) for i, c in enumerate(nb.cells)
             if c.get("cell_type") == "code" and str(c.get("source", "")).strip()]
    if full:
        return [PlannedCell(i, source, graded_name(source)) for i, source in cells]
    graded = [source for _, source in cells if graded_name(source)]
    parsed = {}
    for i, source in cells:
        if not graded_name(source):
            _check(deadline)
            parsed[i] = _statements(source)
    needed = _needed(graded, [s for statements, _, _ in parsed.values() for s in statements], deadline,
                     frozenset(functions))
    planned = []
    for index, source in cells:
        name = graded_name(source)
        if name:
            planned.append(PlannedCell(index, source, name))
            continue
        statements, skipped, ok = parsed[index]
        defines = sorted(defined_names(source) & set(functions))
        if not ok:
            if defines:
                planned.append(PlannedCell(index, source, defines[0], "defines a graded function; does not parse"))
            continue
        chosen = [s for s in statements if needed is None or "*" in s.binds or s.binds & needed]
        left_out = skipped + len(statements) - len(chosen)
        if chosen:
            note = f"{left_out} statement(s) not needed by the graded functions" if left_out else ""
            planned.append(PlannedCell(index, "\n".join(s.code for s in chosen), defines[0] if defines else None,
                                       note))
    return planned
