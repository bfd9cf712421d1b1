"""grader.notebook: reading notebooks and planning what runs (definitions-only mode and --full)."""

from __future__ import annotations

import nbformat
import pytest

from grader import notebook


def _nb(*sources: str, markdown: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(m) for m in markdown]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    return nbformat.v4.new_notebook(cells=cells)


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "is empty"), (b"   \n", "is empty"), (b"\xff\xfe\x00", "not a text file"),
    (b'{"cells": [', "is not a valid notebook"), (b"[1, 2]", "is not a valid notebook"),
])
def test_unreadable_notebooks_say_why(raw, message):
    with pytest.raises(notebook.NotebookError, match=message):
        notebook.parse_notebook(raw, "x.ipynb")


@pytest.mark.parametrize(("source", "name"), [
    ("# GRADED FUNCTION: f\ndef f(): pass", "f"),
    ("\n\n  #  graded function :  g_2  \ndef g_2(): pass", "g_2"),
    ("x = 1\n# GRADED FUNCTION: f", None),
    ("# GRADED FUNCTION: 2bad", None),
    ("", None),
])
def test_graded_name(source, name):
    assert notebook.graded_name(source) == name


def test_the_last_graded_cell_of_a_function_wins():
    nb = _nb("# GRADED FUNCTION: f\ndef f(): return 1", "# GRADED FUNCTION: f\ndef f(): return 2")
    assert notebook.graded_cell_indices(nb) == {"f": [0, 1]}
    assert notebook.graded_cells(nb) == {"f": 1}


def test_definitions_mode_keeps_what_graded_cells_need_and_drops_the_rest():
    nb = _nb(
        "import numpy as np\nimport matplotlib.pyplot as plt\nfrom helpers import *",
        "SCALE = 10\nUNUSED = 3\ndef helper(x):\n    return x * SCALE\n",
        "train()\nplt.plot([1])\nresult = helper(2)",
        "# GRADED FUNCTION: f\ndef f(x):\n    return np.sum(helper(x))",
    )
    planned = notebook.plan(nb)
    assert [p.index for p in planned] == [0, 1, 3]
    assert planned[0].source == "import numpy as np\nfrom helpers import *"  # plt is not needed
    assert "SCALE = 10" in planned[1].source and "UNUSED" not in planned[1].source
    assert "def helper" in planned[1].source and "statement(s) not needed" in planned[1].note
    assert planned[2].graded == "f" and planned[2].source.startswith("# GRADED FUNCTION: f")


def test_full_mode_runs_every_code_cell_as_written():
    nb = _nb("print(1)", "", "# GRADED FUNCTION: f\ndef f(): pass", markdown=("# title",))
    planned = notebook.plan(nb, full=True)
    assert [(p.index, p.graded) for p in planned] == [(1, None), (3, "f")]


def test_cells_with_syntax_errors_are_left_out_of_definitions_but_graded_cells_always_run():
    nb = _nb("def broken(:\n    pass", "# GRADED FUNCTION: f\ndef f(:\n    pass")
    planned = notebook.plan(nb)
    assert [(p.index, p.graded) for p in planned] == [(1, "f")]


def test_magics_are_understood():
    nb = _nb("%matplotlib inline\nimport numpy as np\n!ls", "# GRADED FUNCTION: f\ndef f():\n    return np.pi")
    planned = notebook.plan(nb)
    assert planned[0].source.strip() == "import numpy as np"


def test_a_definition_needed_only_through_another_definition_is_kept():
    nb = _nb("def a():\n    return b()\n", "def b():\n    return 1\n", "def c():\n    return 2\n",
             "# GRADED FUNCTION: f\ndef f():\n    return a()")
    assert [p.index for p in notebook.plan(nb)] == [0, 1, 3]


def test_constants_are_literals_only():
    nb = _nb("N = 3\nM = compute()\nL = [1, 2]\nT: int = 4", "# GRADED FUNCTION: f\ndef f():\n    return N + M + L[0] + T")
    source = notebook.plan(nb)[0].source
    assert "N = 3" in source and "L = [1, 2]" in source and "T: int = 4" in source and "compute" not in source


def test_student_region_joins_every_start_end_region():
    source = ("def f():\n    ### START CODE HERE ###\n    a = None\n    ### END CODE HERE ###\n"
              "    x = 1\n    ### START CODE HERE ###\n    b = None\n    ### END CODE HERE ###\n")
    assert notebook.student_region(source) == "a = None\nb = None"
    assert notebook.student_region("no markers") == ""


def test_thousands_of_chained_definitions_plan_quickly_and_planning_has_a_deadline():
    import time

    chain = "\n".join(f"def f{i}():\n    return f{i + 1}()" for i in range(8000)) + "\ndef f8000():\n    return 1\n"
    nb = _nb(chain, "# GRADED FUNCTION: g\ndef g():\n    return f0()")
    (kept, graded) = notebook.plan(nb)
    assert kept.source.count("def f") == 8001 and graded.graded == "g"
    with pytest.raises(notebook.PlanningTimeout, match="time limit"):
        notebook.plan(nb, deadline=time.monotonic() - 1)


def test_too_large_and_too_long_notebooks_are_refused(monkeypatch):
    nb = nbformat.writes(_nb(*["x = 1"] * 5))
    monkeypatch.setattr(notebook, "MAX_CELLS", 4)
    with pytest.raises(notebook.NotebookError, match="has 5 cells; at most 4"):
        notebook.parse_notebook(nb.encode(), "x.ipynb")
    monkeypatch.setattr(notebook, "MAX_NOTEBOOK_BYTES", 10)
    with pytest.raises(notebook.NotebookError, match="larger than"):
        notebook.parse_notebook(nb.encode(), "x.ipynb")


# ---------------------------------------------------------------- graded by definitions, headers are hints

def test_functions_are_found_by_their_definitions_with_or_without_a_header():
    nb = _nb("import numpy as np", "def f(x):\n    return x\nf(3)", "# GRADED FUNCTION: g\ndef g(): pass",
             "def broken(:\n  pass\ndef h(y):\n  return y", "x = 1")
    assert notebook.function_cells(nb) == {"f": [1], "g": [2], "broken": [3], "h": [3]}


def test_a_graded_function_in_a_cell_without_header_is_kept_with_what_it_needs_and_nothing_else():
    nb = _nb("import numpy as np\nimport matplotlib.pyplot as plt",
             "def helper(x):\n    return 2 * x\ndef unused():\n    pass",
             "def gradient_check(x, theta):\n    return np.abs(helper(x) - theta)\nprint(gradient_check(1, 2))\n"
             "plt.plot([1])")
    planned = notebook.plan(nb, functions={"gradient_check", "other"})
    assert [p.index for p in planned] == [0, 1, 2]
    assert planned[0].source == "import numpy as np"
    assert "def helper" in planned[1].source and "unused" not in planned[1].source
    assert planned[2].graded == "gradient_check" and "print(" not in planned[2].source
    # without the graded names, a header-less notebook plans nothing (the old behaviour)
    assert notebook.plan(nb) == []


def test_a_header_less_cell_defining_a_graded_function_that_does_not_parse_runs_whole_for_its_error():
    nb = _nb("def f(x:\n    return x")
    planned = notebook.plan(nb, functions={"f"})
    assert [(p.index, p.graded) for p in planned] == [(0, "f")]


def test_assignments_are_detected_from_definitions_and_headers_break_ties():
    from grader.spec import all_specs, detect

    specs = all_specs()
    assert detect({"gradient_check", "gradient_check_n"}, specs).name == "gradient_checking"
    assert detect({"initialize_parameters_he", "model"}, specs).name == "initialization"
    assert detect({"compute_cost_with_regularization"}, specs, {"compute_cost_with_regularization"}).name == \
        "regularization"
    assert detect({"unrelated"}, specs) is None
    assert notebook.no_assignment_message(set()) == \
        "no graded function found: no cell defines a function of a known assignment"
