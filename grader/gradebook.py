"""The SQLite gradebook of a batch: every result committed as soon as it is known.

WAL mode, one transaction per submission. A result is keyed by the submission id, the hash
of its content and the grading options, so a rerun skips what already has a result and a
resubmission (new content) is graded again; older results are kept, never overwritten,
except by an explicit ``--force`` regrade of the same content.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from grader.results import SubmissionResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    submission TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    options TEXT NOT NULL,
    assignment TEXT,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    origin TEXT NOT NULL,
    graded_at REAL NOT NULL,
    result_json TEXT NOT NULL,
    PRIMARY KEY (submission, content_hash, options)
);
"""


class Gradebook:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def has(self, submission: str, content_hash: str, options: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM results WHERE submission = ? AND content_hash = ? AND options = ?",
            (submission, content_hash, options)).fetchone()
        return row is not None

    def latest_key(self, submission: str, content_hash: str) -> str | None:
        """The options key of the newest stored result of this content, whatever options it was graded with."""
        row = self.connection.execute(
            "SELECT options FROM results WHERE submission = ? AND content_hash = ? ORDER BY graded_at DESC LIMIT 1",
            (submission, content_hash)).fetchone()
        return None if row is None else str(row[0])

    def record(self, result: SubmissionResult, content_hash: str, options: str, origin: str) -> None:
        """Commits one result (replacing only the same submission, content and options)."""
        with self.connection:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.submission, content_hash, options, result.assignment, result.score, result.max_score,
                 origin, time.time(), result.to_json()))

    def result(self, submission: str, content_hash: str, options: str) -> SubmissionResult:
        row = self.connection.execute(
            "SELECT result_json FROM results WHERE submission = ? AND content_hash = ? AND options = ?",
            (submission, content_hash, options)).fetchone()
        if row is None:
            raise KeyError(submission)
        return SubmissionResult.from_dict(json.loads(row[0]))
