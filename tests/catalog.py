"""The mistake catalog: what the grader is known to catch, and what it is known to accept.

Every graded function has known mistakes — edits of the reference code — each with what the
grader must say (a substring of the function's one-line message) and the hint the student must
get (a diagnosis of grader/diagnoses.py, or the function's own hint from its spec.toml), and
legitimate alternatives that must pass (through the semantic checks when they draw their random
numbers another way). tests/test_catalog.py pushes all of it through the real pipeline, and
docs/catalog.md is rendered from it (``python tests/catalog.py > docs/catalog.md``; a test
checks the two agree). The entries themselves are each exercise's ``reference/<name>/catalog.py`` (grader/catalog.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notebooks import FUNCTIONS  # noqa: E402

from grader.catalog import SPEC_HINT, Alternative, Mistake, entries  # noqa: E402,F401 - re-exported for the tests
from grader.exercises import registry  # noqa: E402
from grader.spec import all_specs  # noqa: E402

Entry = Mistake | Alternative
ASSIGNMENT = {function: assignment for assignment, names in FUNCTIONS.items() for function in names}


def expected_hint(entry: Mistake) -> str:
    if entry.hint == SPEC_HINT:
        return all_specs()[ASSIGNMENT[entry.function]].function(entry.function).hint
    return registry().diagnoses[entry.hint].hint


def touched(entry: Entry) -> set[str]:
    return {entry.function} | ({name for name, _ in entry.also} if isinstance(entry, Alternative) else set())


@dataclass
class Notebook:
    """One notebook of the catalog test: at most one entry per graded function."""

    assignment: str
    kind: str  # mistakes | alternatives
    entries: list[Entry] = field(default_factory=list)

    @property
    def edits(self) -> dict[str, list[tuple[str, str]]]:
        edits: dict[str, list[tuple[str, str]]] = {}
        for entry in self.entries:
            edits.setdefault(entry.function, []).extend(entry.edits)
            for name, more in entry.also if isinstance(entry, Alternative) else ():
                edits.setdefault(name, []).extend(more)
        return edits


def schedule(entries: list[Entry], kind: str) -> list[Notebook]:
    """Packs entries into as few notebooks as possible (graded functions are independent of each other)."""
    notebooks: list[Notebook] = []
    for entry in entries:
        assignment = ASSIGNMENT[entry.function]
        home = next((nb for nb in notebooks if nb.assignment == assignment
                     and not touched(entry) & set().union(*(touched(e) for e in nb.entries))), None)
        if home is None:
            home = Notebook(assignment, kind)
            notebooks.append(home)
        home.entries.append(entry)
    return notebooks


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(mistakes: list[Mistake], alternatives: list[Alternative]) -> str:
    """docs/catalog.md."""
    specs = all_specs()
    lines = ["# What the grader is known to catch", "",
             "Generated from `tests/catalog.py` and each exercise's `reference/<name>/catalog.py` (`python tests/catalog.py > "
             "docs/catalog.md`); `tests/test_catalog.py` grades every entry below with the real pipeline — each "
             "mistake must fail with its message and hint, each alternative must pass — and checks that this "
             "file is up to date. Mistakes are edits of the reference solutions; *the grader says* is part of "
             "the function's one-line message (on the first failing case, whose numbers can vary with the "
             "hidden cases), the hint is the whole line the student gets. Alternatives marked *semantic* pass "
             "through the semantic checks ([docs/spec.md](spec.md#semantic-checks)) rather than by agreeing "
             "with the seeded reference.", ""]
    for assignment, names in FUNCTIONS.items():
        lines += [f"## {specs[assignment].title}", ""]
        for name in names:
            own = [m for m in mistakes if m.function == name]
            alts = [a for a in alternatives if a.function == name]
            lines += [f"### `{name}`", "", f"{len(own)} mistakes, {len(alts)} accepted alternatives.", "",
                      "| mistake | the grader says | hint |", "|---|---|---|"]
            lines += [f"| {_cell(m.description)} | `{_cell(m.says)}` | {_cell(expected_hint(m))} |" for m in own]
            lines += ["", "Accepted:", ""]
            lines += [f"- {a.description}" + (" *(semantic)*" if a.semantic else "") for a in alts]
            lines.append("")
    lines += _mutation_section()
    return "\n".join(lines).rstrip("\n") + "\n"


MUTATION_RECORD = Path(__file__).resolve().parents[1] / "docs" / "mutation.json"


def _mutation_section() -> list[str]:
    """The last full run of ``python -m grader.mutants --record docs/mutation.json``."""
    import json

    from grader.mutants.run import markdown

    record = json.loads(MUTATION_RECORD.read_text(encoding="utf-8"))
    lines = ["## Mutation testing", "",
             "Every first-order mutant of every reference function (`python -m grader.mutants`: operators, constants, "
             "comparisons, keyword arguments, removed statements, swapped variables and arguments, signs, transposes), "
             "labelled by running it against the reference on the hidden cases of six other seeds — *equivalent* "
             "(same values; or, for a random function, only another seed or a draw of the same distribution, by "
             "two-sample tests against the reference's own draws), *ungraded by design* (differs only in entries the "
             "course never grades) or *different* — and graded through the real pipeline. A different mutant that "
             "passes is a survivor; an equivalent one that fails is a false fail. CI grades a seeded sample "
             "(`tests/test_mutants_gate.py`). Last full run:", ""]
    lines += [markdown(record["functions"]), "", "Not graded as different (and why):", ""]
    lines += [f"- `{m['function']}` #{m['number']} {_cell(m['description'])}: {m['label']} — {_cell(m['why'])}"
              for m in record["not_different"]]
    return lines + [""]


if __name__ == "__main__":
    sys.stdout.write(render(*entries()))
