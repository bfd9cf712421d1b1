"""A smoke subset of the mistake catalog (tests/catalog.py) for tests/test_check.py.

Each entry: (function, description, edits) — the first few catalog mistakes of every function.
test_check.py checks that each fails its own function while every other function still passes;
the whole catalog, with its messages, hints and accepted alternatives, runs in tests/test_catalog.py.
"""

from __future__ import annotations

from catalog import ASSIGNMENT, entries

PER_FUNCTION = 3


def _smoke() -> dict[str, list[tuple[str, str, list[tuple[str, str]]]]]:
    subset: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {}
    taken: dict[str, int] = {}
    for mistake in entries()[0]:
        if taken.get(mistake.function, 0) < PER_FUNCTION:
            taken[mistake.function] = taken.get(mistake.function, 0) + 1
            subset.setdefault(ASSIGNMENT[mistake.function], []).append(
                (mistake.function, mistake.description, list(mistake.edits)))
    return subset


MISTAKES = _smoke()
