"""The notebook's process of the student distribution's ``grader check`` (grader.student.cli).

Reads ``{"cells": [[index, source], ...], "assignment": name or null}`` on stdin, runs the cells
in one IPython shell (magics work, as in Jupyter), then the self-check on the public cases, and
prints one marked line with the result.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from IPython.core.interactiveshell import InteractiveShell

    from grader.student.cli import report_payload
    from grader.student.selfcheck import run_check_all

    request = json.load(sys.stdin)
    shell = InteractiveShell.instance()
    errors = []
    for index, source in request["cells"]:
        outcome = shell.run_cell(source, silent=True)
        error = outcome.error_before_exec or outcome.error_in_exec
        if error is not None:
            errors.append(f"cell {index + 1}: {type(error).__name__}: {str(error)[:300]}")
    try:
        report = run_check_all(shell.user_ns, request.get("assignment"))
    except ValueError as error:
        print(report_payload(None, [*errors, str(error)]))
        return 0
    print(report_payload(report, errors))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
