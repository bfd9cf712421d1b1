"""dl-grader: grades the Improving Deep Neural Networks week-1 exercises.

In a notebook, ``from grader import check`` then ``check(initialize_parameters_he)`` (or
``check("initialize_parameters_he")``, or ``check_all()``) runs the public cases of the graded
functions in the student's own kernel. Importing ``grader`` stays cheap: the self-check's
machinery is imported on the first call.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.selfcheck import CheckReport

__version__ = "0.1.0"
__all__ = ["__version__", "check", "check_all"]


def check(function: Callable | str, *, assignment: str | None = None, timeout: float | None = None,
          show: bool = True) -> CheckReport:
    """Runs the public cases of one graded function here and shows the result (HTML in Jupyter).

    ``function`` is the function itself or its name, looked up in the caller's globals. The
    hidden cases are run only by the full grader.
    """
    from grader import selfcheck

    namespace: dict[str, Any] = sys._getframe(1).f_globals
    return selfcheck.check(function, assignment=assignment, timeout=timeout, show=show, namespace=namespace)


def check_all(*, assignment: str | None = None, timeout: float | None = None, show: bool = True) -> CheckReport:
    """Runs the public cases of every graded function of this notebook (its assignment is found from
    the graded functions defined in the caller's globals) and shows the result."""
    from grader import selfcheck

    namespace: dict[str, Any] = sys._getframe(1).f_globals
    return selfcheck.check_all(assignment=assignment, timeout=timeout, show=show, namespace=namespace)
