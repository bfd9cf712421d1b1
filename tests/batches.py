"""Watching a batch that runs in another process: its committed results, and waiting on a condition."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path


def gradebook_rows(database: Path) -> int:
    """Results committed so far (0 while the gradebook or its table does not exist yet)."""
    if not database.exists():
        return 0
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
    try:
        return int(db.execute("SELECT COUNT(*) FROM results").fetchone()[0])
    except sqlite3.OperationalError:  # created, schema not committed yet
        return 0
    finally:
        db.close()


def wait_for(condition: Callable[[], bool], deadline_s: float, what: str) -> None:
    """Polls ``condition`` until it holds; fails the test after ``deadline_s`` (a limit, never a measurement)."""
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
