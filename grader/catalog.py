"""The mistake catalog's format: what an exercise's ``reference/<name>/catalog.py`` declares.

Every graded function has known mistakes — edits of the reference code — each with what the
grader must say (a substring of the function's one-line message) and the hint the student must
get (a diagnosis name, or the function's own hint from its spec.toml), and legitimate
alternatives that must pass (through the semantic checks when they draw their random numbers
another way). tests/test_catalog.py grades every entry of every exercise through the real
pipeline and renders each exercise's ``reference/<name>/catalog.md`` from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader import exercises

SPEC_HINT = "spec"  # the hint is the function's own, from its spec.toml
Edits = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Mistake:
    function: str
    description: str
    edits: Edits
    says: str  # a substring of the function's message
    hint: str = SPEC_HINT  # a diagnosis name (its hint) or SPEC_HINT


@dataclass(frozen=True)
class Alternative:
    function: str
    description: str
    edits: Edits
    semantic: bool = False  # passes through the semantic checks, with their note, not by exact agreement
    also: tuple[tuple[str, Edits], ...] = ()  # edits of other functions of the same notebook


def entries() -> tuple[list[Mistake], list[Alternative]]:
    """Every exercise's catalog (exercises without one add nothing), in the order of the specs."""
    from grader.spec import all_specs

    mistakes: list[Mistake] = []
    alternatives: list[Alternative] = []
    for spec in all_specs().values():
        module = exercises.exercise_module(spec.reference, "catalog")
        if module is None:
            continue
        mistakes += module.MISTAKES
        alternatives += module.ALTERNATIVES
    return mistakes, alternatives
