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
