"""Mutants graded through the real pipeline: notebooks built from the shipped ones, real kernels.

Every graded function is independent of the others (each is called with the reference's
helpers or stand-ins), so one notebook carries one mutant of every function of its assignment.
A different mutant that passes is a *survivor* (a false pass); an equivalent mutant that fails
is a *false fail*. Ungraded mutants are reported, not graded against.
"""

from __future__ import annotations

import inspect
import random
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from grader import notebook as nbtools
from grader.cases import reference_module
from grader.collect import collect
from grader.executors import grade_many
from grader.mutants.generate import Mutant, mutants
from grader.mutants.label import BATTERY_SEEDS, Label, battery, label
from grader.pipeline import Options
from grader.results import SubmissionResult
from grader.spec import AssignmentSpec, all_specs

GRADING_SEED = 20261202


@dataclass
class Verdict:
    """One mutant: its label, how the grader judged it, and what it said."""

    function: str
    number: int
    operator: str
    description: str
    label: str
    why: str
    status: str = ""
    message: str = ""

    @property
    def outcome(self) -> str:
        if self.label == "ungraded":
            return "ungraded"
        failed = self.status not in ("passed", "")
        if self.label == "different":
            return "killed" if failed else "survivor"
        return "false fail" if failed else "accepted"


@dataclass
class Summary:
    verdicts: list[Verdict] = field(default_factory=list)

    def by_function(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for verdict in self.verdicts:
            row = table.setdefault(verdict.function, {"mutants": 0, "equivalent": 0, "ungraded": 0, "different": 0,
                                                      "killed": 0, "survivor": 0, "false fail": 0})
            row["mutants"] += 1
            row[verdict.label] += 1
            if verdict.outcome in ("killed", "survivor", "false fail"):
                row[verdict.outcome] += 1
        return table

    @property
    def problems(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.outcome in ("survivor", "false fail")]

    def record(self, functions: list[str]) -> dict:
        """What an exercise's catalog page shows of ``functions`` (its graded functions, in its order): the table,
        and every mutant that is not graded as different."""
        table = self.by_function()
        return {"functions": {name: table[name] for name in functions if name in table},
                "not_different": [{"function": v.function, "number": v.number, "label": v.label,
                                   "description": v.description, "why": v.why}
                                  for v in self.verdicts if v.label != "different" and v.function in functions]}

    def to_dict(self) -> dict:
        return {"functions": self.by_function(), "problems": [asdict(v) for v in self.problems],
                "mutants": [asdict(v) | {"outcome": v.outcome} for v in self.verdicts]}


def markdown(table: dict[str, dict[str, int]]) -> str:
    """The kill-rate table of :meth:`Summary.by_function` (each exercise's catalog.md quotes a full run of it)."""
    lines = ["| function | mutants | equivalent | ungraded by design | different | killed | survivors | "
             "false fails | kill rate |", "|---|---|---|---|---|---|---|---|---|"]
    for name, row in table.items():
        rate = f"{row['killed'] / row['different']:.0%}" if row["different"] else "—"
        lines.append(f"| `{name}` | {row['mutants']} | {row['equivalent']} | {row['ungraded']} | {row['different']} | "
                     f"{row['killed']} | {row['survivor']} | {row['false fail']} | {rate} |")
    return "\n".join(lines)


def chosen(spec: AssignmentSpec, sample: int | None, seed: int, functions: set[str] | None) -> dict[str, list[Mutant]]:
    """The mutants of each graded function of ``spec`` (a seeded sample of ``sample`` per function)."""
    module = reference_module(spec)
    picked: dict[str, list[Mutant]] = {}
    for function in spec.functions:
        if functions and function.name not in functions:
            continue
        every = mutants(inspect.getsource(getattr(module, function.name)), function.name)
        if sample is not None and sample < len(every):
            every = sorted(random.Random(f"{seed}/{function.name}").sample(every, sample), key=lambda m: m.number)
        picked[function.name] = every
    return picked


def _notebook(spec: AssignmentSpec, sources: dict[str, str]) -> nbformat.NotebookNode:
    """The shipped notebook with each graded cell replaced by the given source of its function."""
    nb = nbtools.read_notebook(spec.folder / spec.notebook)
    for name, index in nbtools.graded_cells(nb).items():
        if name in sources:
            nb.cells[index].source = f"# GRADED FUNCTION: {name}\n\n{sources[name]}"
    return nb


def notebooks(spec: AssignmentSpec, picked: dict[str, list[Mutant]]) -> Iterator[tuple[nbformat.NotebookNode,
                                                                                        dict[str, Mutant]]]:
    """Notebook k carries the k-th mutant of every function (the reference where a function has fewer)."""
    module = reference_module(spec)
    reference = {f.name: inspect.getsource(getattr(module, f.name)) for f in spec.functions}
    for k in range(max((len(m) for m in picked.values()), default=0)):
        carried = {name: items[k] for name, items in picked.items() if k < len(items)}
        yield _notebook(spec, reference | {name: m.source for name, m in carried.items()}), carried


def run(assignments: list[str] | None = None, sample: int | None = None, seed: int = 0, workers: int = 2,
        functions: set[str] | None = None, seeds: tuple[int, ...] = BATTERY_SEEDS,
        call_timeout: float = 20.0, grading_seeds: tuple[int, ...] = (GRADING_SEED,)) -> Summary:
    """Labels and grades the mutants; returns every verdict.

    With several ``grading_seeds`` every notebook is graded once per seed (new hidden cases each time), and a
    mutant's verdict is its worst: a different mutant that passes under one seed is a survivor, an equivalent
    one that fails under one seed a false fail.
    """
    specs = all_specs()
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="dlgrader-mutants-") as folder:
        root = Path(folder)
        carried_by: dict[str, dict[str, tuple[Mutant, Label]]] = {}
        for name in assignments or sorted(specs):
            spec = specs[name]
            picked = chosen(spec, sample, seed, functions)
            labels = {}
            for function_name, items in picked.items():
                function = spec.function(function_name)
                cases = battery(spec, function, seeds)
                labels.update({(function_name, m.number): label(spec, function, m, cases) for m in items})
            for k, (nb, carried) in enumerate(notebooks(spec, picked)):
                path = root / f"{name}-{k + 1:04d}.ipynb"
                nbformat.write(nb, path)
                carried_by[path.stem] = {f: (m, labels[(f, m.number)]) for f, m in carried.items()}
        submissions, problems = collect([root])
        if problems:
            raise RuntimeError("; ".join(problems))
        worst: dict[tuple[str, int], Verdict] = {}
        for grading_seed in grading_seeds:
            options = Options(seed=grading_seed, call_timeout=call_timeout, warm_kernels=True)
            for submission, result in grade_many(submissions, options, workers):
                for verdict in _verdicts(carried_by[submission.id], result):
                    key = (verdict.function, verdict.number)
                    if key not in worst or verdict.outcome in ("survivor", "false fail"):
                        worst[key] = verdict
    summary.verdicts = sorted(worst.values(), key=lambda v: (v.function, v.number))
    return summary


def _verdicts(carried: dict[str, tuple[Mutant, Label]], result: SubmissionResult) -> list[Verdict]:
    graded = {f.name: f for f in result.functions}
    verdicts = []
    for name, (mutant, mutant_label) in carried.items():
        function = graded.get(name)
        status = function.status if function else "error"
        message = function.message if function else "; ".join(result.errors)
        verdicts.append(Verdict(name, mutant.number, mutant.operator, mutant.description, mutant_label.kind,
                                mutant_label.why, status, message))
    return verdicts
