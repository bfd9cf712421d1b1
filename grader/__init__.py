"""dl-grader: grades the Improving Deep Neural Networks exercises.

In a notebook, ``from grader import check`` then ``check(initialize_parameters_he)`` (or
``check("initialize_parameters_he")``, or ``check_all()``) runs the public cases of the graded
functions in the student's own kernel. Importing ``grader`` stays cheap: the self-check's
machinery is imported on the first call.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.checkreport import CheckReport

__version__ = "0.1.0"
__all__ = ["__version__", "check", "check_all"]


def _selfcheck() -> Any:
    """The full grader's self-check, or — in the student distribution, which has no reference — the one that
    judges the public cases from data (grader.student.selfcheck)."""
    if importlib.util.find_spec("grader.selfcheck") is not None:
        return importlib.import_module("grader.selfcheck")
    return importlib.import_module("grader.student.selfcheck")


def check(function: Callable | str, *, assignment: str | None = None, timeout: float | None = None,
          show: bool = True) -> CheckReport:
    """Runs the public cases of one graded function here and shows the result (HTML in Jupyter).

    ``function`` is the function itself or its name, looked up in the caller's globals. The
    hidden cases are run only by the full grader.
    """
    namespace: dict[str, Any] = sys._getframe(1).f_globals
    return _selfcheck().check(function, assignment=assignment, timeout=timeout, show=show, namespace=namespace)


def check_all(*, assignment: str | None = None, timeout: float | None = None, show: bool = True) -> CheckReport:
    """Runs the public cases of every graded function of this notebook (its assignment is found from
    the graded functions defined in the caller's globals) and shows the result."""
    namespace: dict[str, Any] = sys._getframe(1).f_globals
    return _selfcheck().check_all(assignment=assignment, timeout=timeout, show=show, namespace=namespace)
