"""Wall time of each step of grading one submission: ``environment.timings`` of the result (docs/results.md)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

# The steps, in the order they happen; a result lists those that took place.
STEPS = ("read", "sandbox", "kernel_start", "plan", "cases", "ready", "harness", "cells", "calls", "execute_other",
         "compare", "render")


class Timings:
    """Seconds per step, summed over repeats (a restarted kernel is ready and loads the harness again)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def as_dict(self) -> dict[str, float]:
        known = [name for name in STEPS if name in self.seconds] + sorted(set(self.seconds) - set(STEPS))
        return {name: round(self.seconds[name], 4) for name in known}
