"""Builds submission notebooks for tests: reference solutions, with edits, in the course's layout."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import nbformat

IMPORTS = {
    "initialization": "import numpy as np\nimport matplotlib.pyplot as plt\nfrom init_utils import *\n%matplotlib inline",
    "regularization": ("import numpy as np\nimport matplotlib.pyplot as plt\n"
                       "from reg_utils import sigmoid, relu, compute_cost, forward_propagation, backward_propagation\n"
                       "%matplotlib inline"),
    "gradient_checking": "import numpy as np\nfrom gc_utils import sigmoid, relu, dictionary_to_vector, "
                         "vector_to_dictionary, gradients_to_vector",
}
FUNCTIONS = {
    "initialization": ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"],
    "regularization": ["compute_cost_with_regularization", "backward_propagation_with_regularization",
                       "forward_propagation_with_dropout", "backward_propagation_with_dropout"],
    "gradient_checking": ["forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"],
}


def reference_source(assignment: str, function: str) -> str:
    module = importlib.import_module(f"grader.reference.{assignment}")
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
