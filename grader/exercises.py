"""The exercises, discovered from their specs: what the engine looks up by name in them.

An exercise is ``assignments/<name>/`` (what students get, with ``spec.toml``) and
``reference/<name>/`` (installed as ``grader.reference.<name>``: the trusted solutions and the
hidden-case generators in ``__init__``, and in ``judging`` everything that judges beyond
exact agreement — semantic ``CHECKERS`` (grader.semantics), ``ARRAY_ORACLES``
(grader.oracle), ``SCALAR_ORACLES`` (grader.hypotheses), the ``DIAGNOSES`` that word their
findings and the ``NOTES`` of accepted alternatives). The engine knows no exercise: it merges
the judging modules of the specs it finds, and a name that two exercises define is an error.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.diagnoses import DIAGNOSES as ENGINE_DIAGNOSES

PARTS = ("CHECKERS", "ARRAY_ORACLES", "SCALAR_ORACLES", "DIAGNOSES", "NOTES")


class ExerciseError(ValueError):
    """An exercise's judging module that cannot be used (the message names it)."""


@dataclass
class Registry:
    checkers: dict[str, Any] = field(default_factory=dict)
    array_oracles: dict[str, Any] = field(default_factory=dict)
    scalar_oracles: dict[str, Any] = field(default_factory=dict)
    diagnoses: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)


def exercise_module(reference: str, name: str) -> Any | None:
    """The module ``<reference>.<name>`` of an exercise (``judging``, ``catalog``, …), or None when it has none."""
    try:
        return importlib.import_module(f"{reference}.{name}")
    except ModuleNotFoundError as error:
        if error.name in (f"{reference}.{name}", reference):
            return None
        raise


@functools.cache
def registry() -> Registry:
    """Everything every discovered exercise's judging module offers, merged (computed once per process)."""
    from grader.spec import all_specs

    merged = Registry(diagnoses=dict(ENGINE_DIAGNOSES))
    owner: dict[tuple[str, str], str] = {(part, name): "the engine" for part in ("DIAGNOSES",)
                                         for name in ENGINE_DIAGNOSES}
    for spec in all_specs().values():
        module = exercise_module(spec.reference, "judging")
        if module is None:
            continue
        for part in PARTS:
            for name, value in getattr(module, part, {}).items():
                if (part, name) in owner:
                    raise ExerciseError(f"{module.__name__}: {part} {name!r} is already defined by "
                                        f"{owner[(part, name)]}")
                owner[(part, name)] = module.__name__
                getattr(merged, part.lower())[name] = value
    return merged


def checker(name: str) -> Any:
    found = registry().checkers.get(name)
    if found is None:
        raise KeyError(f"no semantic check {name!r} (known: {', '.join(sorted(registry().checkers))})")
    return found


def array_oracle(name: str) -> Any:
    return registry().array_oracles[name]


def exercise_folder(reference: str) -> Path:
    """The folder of an exercise's trusted side (``reference/<name>/``), where its generated records live too
    (``mutation.json``, ``catalog.md``)."""
    return Path(importlib.import_module(reference).__file__).parent  # type: ignore[arg-type]


MUTATION_RECORD = "mutation.json"
CATALOG_PAGE = "catalog.md"


def oracle_names() -> set[str]:
    return set(registry().array_oracles) | set(registry().scalar_oracles)
