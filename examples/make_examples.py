"""Writes the bundled sample submissions that ``grader demo`` grades (made-up students).

    python examples/make_examples.py

Each notebook is the assignment's student notebook with its graded cells filled in from the
reference, then edited to show one situation a grader meets: full marks, realistic mistakes,
a function that never returns, a notebook left blank, and a file that is not a notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader.authoring import solution_notebook, student_notebook
from grader.notebook import graded_cells

HERE = Path(__file__).resolve().parent / "submissions"


def with_edits(assignment: str, edits: dict[str, list[tuple[str, str]]]) -> nbformat.NotebookNode:
    nb = solution_notebook(assignment)
    for name, index in graded_cells(nb).items():
        source = nb.cells[index].source
        for old, new in edits.get(name, []):
            if old not in source:
                raise SystemExit(f"edit for {name} does not apply: {old!r}")
            source = source.replace(old, new)
        nb.cells[index].source = source
    return nb


def main() -> None:
    HERE.mkdir(exist_ok=True)
    samples = {
        "ada_initialization.ipynb": solution_notebook("initialization"),
        "ben_regularization.ipynb": with_edits("regularization", {
            "compute_cost_with_regularization": [("lambd / (2 * m)", "lambd / m")],
            "backward_propagation_with_dropout": [("* D2 / keep_prob", "* D2")],
        }),
        "chen_gradient_checking.ipynb": with_edits("gradient_checking", {
            "gradient_check": [("/ (2 * epsilon)", "/ epsilon")],
            "gradient_check_n": [("for i in range(num_parameters):", "while True:\n        i = 0")],
        }),
        "dana_initialization.ipynb": student_notebook("initialization"),
        "eli_regularization.ipynb": solution_notebook("regularization"),
    }
    for name, nb in samples.items():
        nbformat.write(nb, HERE / name)
    broken = nbformat.writes(solution_notebook("gradient_checking"))
    (HERE / "finn_gradient_checking.ipynb").write_text(broken[: len(broken) // 3], encoding="utf-8")
    print(f"wrote {len(samples) + 1} sample submissions to {HERE}")


if __name__ == "__main__":
    main()
