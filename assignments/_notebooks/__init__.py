"""The text of the three student notebooks, one module per assignment.

Each module defines ``CELLS``, a list of ``(kind, source)`` pairs where kind is ``"markdown"``
or ``"code"``. A graded function's cell starts with the line ``# GRADED FUNCTION: <name>`` and
the student writes between ``### START CODE HERE ###`` and ``### END CODE HERE ###``.
``assignments/build_notebooks.py`` turns them into the ``.ipynb`` files. This folder is not an
assignment folder: nothing in it is copied into a student's kernel.
"""

from __future__ import annotations

Cell = tuple[str, str]


def md(text: str) -> Cell:
    """A markdown cell (surrounding blank lines removed)."""
    return ("markdown", text.strip("\n"))


def code(text: str) -> Cell:
    """A code cell (surrounding blank lines removed)."""
    return ("code", text.strip("\n"))
