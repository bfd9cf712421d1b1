"""Batch progress: a redrawn bar with count and ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m{seconds:02d}s" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}m"


def _fit(label: str, width: int) -> str:
    """``label`` ("<id> <score>") in ``width`` characters: a long id is shortened in its middle, the score kept."""
    if len(label) <= width:
        return label
    name, _, score = label.rpartition(" ")
    room = width - len(score) - 2  # the space before the score and the ellipsis
    if not name or room < 4:
        return label[:width]
    return f"{name[:room - room // 2]}…{name[-(room // 2):]} {score}"


class Progress:
    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def eta(self) -> str:
        if not self.done:
            return "?"
        elapsed = time.monotonic() - self.started
        return _duration(elapsed / self.done * (self.total - self.done))

    def update(self, label: str) -> None:
        self.done += 1
        if self.tty:
            filled = self.width * self.done // max(1, self.total)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} ETA {self.eta()} {_fit(label, 40):<40}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"graded {self.done}/{self.total} (ETA {self.eta()}): {label}\n")
        self.stream.flush()

    def elapsed(self) -> str:
        return _duration(time.monotonic() - self.started)
