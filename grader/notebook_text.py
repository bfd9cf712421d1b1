"""Writing a student notebook's text: cells, and the cells every exercise's notebook uses.

An exercise's notebook text is ``reference/<name>/notebook.py``: ``CELLS``, a list of
``(kind, source)`` pairs where kind is ``"markdown"`` or ``"code"``. A graded function's cell
starts with the line ``# GRADED FUNCTION: <name>`` and the student writes between
``### START CODE HERE ###`` and ``### END CODE HERE ###``. ``python -m
grader.assignments.build_notebooks`` turns them into the checked-in ``.ipynb`` files.
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


def train_and_predict(arguments: str) -> Cell:
    """Trains ``model`` with the given arguments and prints the train and test accuracies."""
    return code(f"""
parameters = model(train_X, train_Y{arguments})
print("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print("On the test set:")
predictions_test = predict(test_X, test_Y, parameters)
""")


def boundary(title: str, xlim: str, ylim: str) -> Cell:
    """Draws the decision boundary of the last trained ``parameters`` over the training points."""
    return code(f"""
plt.title("{title}")
axes = plt.gca()
axes.set_xlim({xlim})
axes.set_ylim({ylim})
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)
""")


# The markers of the student's region in the course's editions (for notebooks laid out like the course's).
EDITION_MARKERS = {
    "v1": ("### START CODE HERE ### (≈ 2 lines of code)", "### END CODE HERE ###"),
    "v2a": ("### START CODE HERE ###", "### END CODE HERE ###"),
    "2021": ("# YOUR CODE STARTS HERE", "# YOUR CODE ENDS HERE"),
}
TRAINING = "parameters = model(train_X, train_Y)  # training: not run by default"


def course_edition(header: str, functions: dict[str, str], with_tests: bool, before: dict[str, str] | None = None,
                   setup: tuple[str, ...] = (), training: str | None = TRAINING) -> list[str]:
    """The code cells of a notebook laid out like one of the course's: its first cell of imports (without the
    ``public_tests`` and autoreload lines where the edition has no public tests), ``setup`` cells, each graded
    function in a ``# GRADED FUNCTION: name `` cell (the course's trailing space included) after the given
    code ``before`` it, followed by its test cell when the edition has public tests, then a training cell."""
    if not with_tests:
        header = "\n".join(line for line in header.splitlines()
                           if "public_tests" not in line and "autoreload" not in line)
    cells = [header, *setup]
    for name, body in functions.items():
        if before and name in before:
            cells.append(before[name])
        cells.append(f"# GRADED FUNCTION: {name} \n\n{body}")
        if with_tests:
            cells.append(f"{name}_test({name})")
    return cells + ([training] if training else [])
