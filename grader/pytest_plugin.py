"""pytest plugin (entry point ``pytest11``): ``pytest --grade-notebook PATH``.

Adds one test item per graded function of each notebook given with ``--grade-notebook``
(repeatable), named ``<notebook>::<function>``. A notebook is graded once, by the first of its
items that runs, in a fresh kernel as ``grader check`` grades it; each item then passes or fails
with the grader's message and hint as its failure text. Items also carry ``score`` and
``max_score`` as user properties (pytest's ``--junitxml`` records them).

The plugin imports nothing of the grader until ``--grade-notebook`` is used, so it costs
nothing in other pytest runs of an environment where dl-grader is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grader import options
from grader.text import inert

PREFIX = "grade-"

_RESULTS = pytest.StashKey[dict[Path, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dl-grader", "grading notebooks with dl-grader")
    group.addoption("--grade-notebook", action="append", default=[], metavar="PATH", type=Path,
                    help="grade this notebook: one test per graded function (repeatable)")
    options.add_arguments(group.addoption, prefix=PREFIX)  # every grading option, as --grade-<flag>


class GradingFailure(Exception):
    """A graded function that did not pass; its text is the grader's message."""


def _graded_names(path: Path, assignment: str | None, edition: str | None = None) -> tuple[list[str], str]:
    """The graded functions the notebook will be graded on, or why it cannot be graded."""
    from grader import notebook as nbtools
    from grader.spec import SpecError, all_specs, detect

    try:
        nb = nbtools.read_notebook(path)
        specs = all_specs()
    except (nbtools.NotebookError, SpecError) as error:
        return [], str(error)
    if assignment:
        spec = specs.get(assignment)
        if spec is None:
            return [], f"unknown assignment {assignment!r} (known: {', '.join(sorted(specs))})"
    else:
        headers = set(nbtools.graded_cells(nb))
        spec = detect(set(nbtools.function_cells(nb)), specs, headers)
        if spec is None:
            return [], nbtools.no_assignment_message(headers)
    try:
        return list(spec.for_edition(edition).function_names), ""
    except SpecError as error:
        return [], str(error)


class GradedFunctionItem(pytest.Item):
    """One graded function of one notebook."""

    def __init__(self, *, notebook: Path, function: str | None, problem: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notebook = notebook
        self.graded_function = function
        self.problem = problem

    def _result(self) -> Any:
        from grader.pipeline import grade_notebook

        results = self.config.stash.setdefault(_RESULTS, {})
        if self.notebook not in results:
            try:
                chosen = options.from_values(self.config.getoption, prefix=PREFIX)
            except options.OptionError as error:
                raise GradingFailure(str(error)) from None
            results[self.notebook] = grade_notebook(self.notebook, chosen)
        return results[self.notebook]

    def runtest(self) -> None:
        if self.graded_function is None:
            raise GradingFailure(f"{self.notebook}: {self.problem}")
        result = self._result()
        graded = next((f for f in result.functions if f.name == self.graded_function), None)
        if graded is None:
            why = "; ".join(result.errors) or "unknown reason"
            raise GradingFailure(inert(f"{self.graded_function} was not graded: {why}"))
        self.user_properties.extend([("score", graded.score), ("max_score", graded.max_score)])
        if graded.status != "passed":
            from grader.junit import function_details

            raise GradingFailure(f"{graded.status}: {function_details(graded)}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, GradingFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.notebook, None, f"{self.notebook.name}::{self.graded_function or 'notebook'}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    for given in config.getoption("grade_notebook"):
        path = Path(given).resolve()
        names, problem = _graded_names(path, config.getoption("grade_assignment"), config.getoption("grade_edition"))
        shown = Path(given).as_posix()
        if not names:
            items.append(GradedFunctionItem.from_parent(session, name="notebook", nodeid=f"{shown}::notebook",
                                                        notebook=path, function=None, problem=problem))
        for name in names:
            items.append(GradedFunctionItem.from_parent(session, name=name, nodeid=f"{shown}::{name}",
                                                        notebook=path, function=name))
