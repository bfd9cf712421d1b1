"""Writes every exercise's student notebook from its text, ``reference/<name>/notebook.py`` (``CELLS``).

    python -m grader.assignments.build_notebooks          # (re)write the .ipynb files
    python -m grader.assignments.build_notebooks --check  # exit 1 if one is out of date

The output is deterministic (fixed cell ids, no outputs, sorted keys), so the checked-in
notebooks can be compared with what this script would write.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

import nbformat
from nbformat import NotebookNode


def _texts() -> dict[str, ModuleType]:
    """The notebook text of every exercise with a spec, by assignment name."""
    import importlib

    from grader.spec import all_specs

    return {name: importlib.import_module(f"{spec.reference}.notebook") for name, spec in all_specs().items()}
GRADED_PREFIX = "# GRADED FUNCTION: "
ROOT = Path(__file__).resolve().parent
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebook_path(assignment: str) -> Path:
    """Where the student notebook of ``assignment`` is checked in."""
    return ROOT / assignment / f"{assignment}.ipynb"


def _cell_id(assignment: str, index: int, kind: str, source: str) -> str:
    first = source.split("\n", 1)[0]
    if kind == "code" and first.startswith(GRADED_PREFIX):
        return "graded-" + first[len(GRADED_PREFIX):].strip()
    return f"{assignment[:4]}-{index:02d}"


def build(assignment: str) -> NotebookNode:
    """The student notebook of ``assignment``, without outputs."""
    nb = nbformat.v4.new_notebook(metadata=METADATA)
    for index, (kind, source) in enumerate(_texts()[assignment].CELLS):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        elif kind == "code":
            cell = nbformat.v4.new_code_cell(source)
        else:
            raise ValueError(f"{assignment}: unknown cell kind {kind!r}")
        cell["id"] = _cell_id(assignment, index, kind, source)
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(assignment: str) -> str:
    """The exact text of the notebook file of ``assignment``."""
    return nbformat.writes(build(assignment)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    from grader.spec import SpecError

    try:
        known = _texts()
    except (SpecError, ImportError) as error:
        parser.error(str(error))
    parser.add_argument("assignments", nargs="*", help=f"which notebooks (default: all of {', '.join(known)})")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.assignments) - set(known))
    if unknown:
        parser.error(f"unknown assignment(s): {', '.join(unknown)}")
    stale = []
    for assignment in args.assignments or list(known):
        path = notebook_path(assignment)
        text = render(assignment)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"out of date: {path} (run python -m grader.assignments.build_notebooks)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
