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


def self_check(function: str) -> Cell:
    """The optional self-check cell under an exercise: the public cases of ``function``, run in the
    student's kernel when the dl-grader package is installed there. The grader never runs it: in
    its default mode it runs no ``try``/``if`` statement of a non-graded cell, and its sandbox hides
    the ``grader`` package from the kernel, so the import fails quietly."""
    return code(f"""
# Self-check (optional): the public test cases of {function}, run here by dl-grader if it is
# installed. The hidden test cases are run only by the full grader.
try:
    from grader import check
except ImportError:
    check = None
if check:
    check({function})
""")
