"""The mistake catalog: what the grader is known to catch, and what it is known to accept.

Every graded function has known mistakes — edits of the reference code — each with what the
grader must say (a substring of the function's one-line message) and the hint the student must
get (a diagnosis of grader/diagnoses.py, or the function's own hint from its spec.toml), and
legitimate alternatives that must pass (through the semantic checks when they draw their random
numbers another way). tests/test_catalog.py pushes all of it through the real pipeline, and
each exercise's ``reference/<name>/catalog.md`` is rendered from it (``python tests/catalog.py``;
a test checks they agree). The entries themselves are each exercise's ``reference/<name>/catalog.py`` (grader/catalog.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notebooks import FUNCTIONS  # noqa: E402

from grader.catalog import SPEC_HINT, Alternative, Mistake, entries  # noqa: E402,F401 - re-exported for the tests
from grader.exercises import CATALOG_PAGE, MUTATION_RECORD, exercise_folder, registry  # noqa: E402
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


def render(assignment: str, mistakes: list[Mistake], alternatives: list[Alternative]) -> str:
    """The catalog page of one exercise, ``reference/<name>/catalog.md``."""
    spec = all_specs()[assignment]
    lines = [f"# {spec.title}: what the grader is known to catch", "",
             "Generated from this exercise's `catalog.py` and `mutation.json` (`python tests/catalog.py`); "
             "[docs/catalog.md](../../docs/catalog.md) says how to read it, and `tests/test_catalog.py` grades every "
             "entry below with the real pipeline and checks that this page is up to date.", ""]
    for name in FUNCTIONS[assignment]:
        own = [m for m in mistakes if m.function == name]
        alts = [a for a in alternatives if a.function == name]
        lines += [f"## `{name}`", "", f"{len(own)} mistakes, {len(alts)} accepted alternatives.", "",
                  "| mistake | the grader says | hint |", "|---|---|---|"]
        lines += [f"| {_cell(m.description)} | `{_cell(m.says)}` | {_cell(expected_hint(m))} |" for m in own]
        lines += ["", "Accepted:", ""]
        lines += [f"- {a.description}" + (" *(semantic)*" if a.semantic else "") for a in alts]
        lines.append("")
    lines += _mutation_section(assignment)
    return "\n".join(lines).rstrip("\n") + "\n"


def page(assignment: str) -> Path:
    """Where an exercise's catalog page is kept."""
    return exercise_folder(all_specs()[assignment].reference) / CATALOG_PAGE


def mutation_record(assignment: str) -> dict | None:
    """The exercise's record of the last full run of ``python -m grader.mutants --record`` (None: none yet)."""
    import json

    path = exercise_folder(all_specs()[assignment].reference) / MUTATION_RECORD
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _mutation_section(assignment: str) -> list[str]:
    from grader.mutants.run import markdown

    record = mutation_record(assignment)
    lines = ["## Mutation testing", ""]
    if record is None:
        return lines + ["No full run recorded yet: `python -m grader.mutants --assignment NAME --record`.", ""]
    lines += ["Last full run (`python -m grader.mutants --record`):", "", markdown(record["functions"]), "",
              "Not graded as different (and why):", ""]
    lines += [f"- `{m['function']}` #{m['number']} {_cell(m['description'])}: {m['label']} — {_cell(m['why'])}"
              for m in record["not_different"]]
    return lines + [""]


if __name__ == "__main__":
    found = entries()
    for name in all_specs():
        page(name).write_text(render(name, *found), encoding="utf-8")
        print(page(name))
