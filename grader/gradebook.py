"""The SQLite gradebook of a batch: every result committed as soon as it is known.

WAL mode, one transaction per submission. ``results`` holds exactly one current row per
submission id: its content hash, the options key it was graded under and the result. When a
new result replaces it — a resubmission (new content), a regrade under other options or code,
``--force`` — the replaced row moves to ``history`` in the same transaction: nothing graded is
ever dropped, and a resubmitted student has one current row. Gradebooks written before
``history`` existed (several rows per submission in ``results``) are migrated when opened: the
newest row of each submission stays current, the others move to ``history``.

``overrides`` keeps every manual override ever made (a cleared one is a row without points), and
``late`` the lateness of each submission as the last ``grade`` run computed it: neither is
touched by a regrade.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from grader.adjust import Override
from grader.results import SubmissionResult

COLUMNS = ("submission TEXT NOT NULL, content_hash TEXT NOT NULL, options TEXT NOT NULL, assignment TEXT, "
           "score REAL NOT NULL, max_score REAL NOT NULL, origin TEXT NOT NULL, graded_at REAL NOT NULL, "
           "result_json TEXT NOT NULL")
NAMES = "submission, content_hash, options, assignment, score, max_score, origin, graded_at, result_json"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS results ({COLUMNS}, PRIMARY KEY (submission));
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, {COLUMNS},
                                    replaced_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS overrides (id INTEGER PRIMARY KEY AUTOINCREMENT, submission TEXT NOT NULL,
                                      function TEXT NOT NULL, points REAL, comment TEXT NOT NULL,
                                      by_user TEXT NOT NULL, at REAL NOT NULL, automatic REAL NOT NULL,
                                      automatic_status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS late (submission TEXT PRIMARY KEY, late_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Gradebook:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        with self.connection:
            self.connection.execute("BEGIN IMMEDIATE")
            self._migrate()
            self._create()

    def _create(self) -> None:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.connection.execute(statement)

    def _migrate(self) -> None:
        """An old ``results`` table (keyed by submission, content and options) becomes current rows + history."""
        keys = [row[1] for row in self.connection.execute("PRAGMA table_info(results)") if row[5]]
        if not keys or keys == ["submission"]:
            return
        self.connection.execute("ALTER TABLE results RENAME TO results_before_history")
        self._create()
        self.connection.execute(
            f"INSERT INTO results ({NAMES}) SELECT {NAMES} FROM results_before_history AS r WHERE r.rowid = "
            "(SELECT o.rowid FROM results_before_history AS o WHERE o.submission = r.submission "
            "ORDER BY o.graded_at DESC, o.rowid DESC LIMIT 1)")
        self.connection.execute(
            f"INSERT INTO history ({NAMES}, replaced_at) SELECT {NAMES}, ? FROM results_before_history AS r "
            "WHERE r.rowid NOT IN (SELECT o.rowid FROM results_before_history AS o JOIN results AS c "
            "ON o.submission = c.submission AND o.content_hash = c.content_hash AND o.options = c.options "
            "AND o.graded_at = c.graded_at)", (time.time(),))
        self.connection.execute("DROP TABLE results_before_history")

    def close(self) -> None:
        self.connection.close()

    def _current(self, submission: str) -> tuple[str, str] | None:
        row = self.connection.execute("SELECT content_hash, options FROM results WHERE submission = ?",
                                      (submission,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def has(self, submission: str, content_hash: str, options: str) -> bool:
        """Whether the current result of this submission is of this content, graded under these options."""
        return self._current(submission) == (content_hash, options)

    def latest_key(self, submission: str, content_hash: str) -> str | None:
        """The options key of the current result when it is of this content, whatever options it was graded with."""
        current = self._current(submission)
        return current[1] if current is not None and current[0] == content_hash else None

    def record(self, result: SubmissionResult, content_hash: str, options: str, origin: str) -> None:
        """Commits one result as the submission's current one; the one it replaces moves to ``history``."""
        with self.connection:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(f"INSERT INTO history ({NAMES}, replaced_at) SELECT {NAMES}, ? FROM results "
                                    "WHERE submission = ?", (time.time(), result.submission))
            self.connection.execute("DELETE FROM results WHERE submission = ?", (result.submission,))
            self.connection.execute(
                f"INSERT INTO results ({NAMES}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.submission, content_hash, options, result.assignment, result.score, result.max_score,
                 origin, time.time(), result.to_json()))

    def result(self, submission: str, content_hash: str, options: str) -> SubmissionResult:
        row = self.connection.execute(
            "SELECT result_json FROM results WHERE submission = ? AND content_hash = ? AND options = ?",
            (submission, content_hash, options)).fetchone()
        if row is None:
            raise KeyError(submission)
        return SubmissionResult.from_dict(json.loads(row[0]))

    def history(self, submission: str) -> list[tuple[str, float, float]]:
        """The replaced results of a submission, oldest first: (content hash, score, graded at)."""
        return [(str(h), float(s), float(t)) for h, s, t in self.connection.execute(
            "SELECT content_hash, score, graded_at FROM history WHERE submission = ? ORDER BY id", (submission,))]

    def current(self) -> list[SubmissionResult]:
        """Every submission's current result, by submission id."""
        return [SubmissionResult.from_dict(json.loads(row[0])) for row in self.connection.execute(
            "SELECT result_json FROM results ORDER BY submission")]

    def add_override(self, override: Override) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT INTO overrides (submission, function, points, comment, by_user, at, automatic, "
                "automatic_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (override.submission, override.function, override.points, override.comment, override.by, override.at,
                 override.automatic, override.automatic_status))

    def overrides(self, submission: str) -> list[Override]:
        """Every override of a submission, oldest first (cleared ones have ``points`` None)."""
        return [Override(str(r[0]), str(r[1]), None if r[2] is None else float(r[2]), str(r[3]), str(r[4]),
                         float(r[5]), float(r[6]), str(r[7])) for r in self.connection.execute(
            "SELECT submission, function, points, comment, by_user, at, automatic, automatic_status FROM overrides "
            "WHERE submission = ? ORDER BY at, id", (submission,))]

    def set_late(self, submission: str, late: dict) -> None:
        with self.connection:
            self.connection.execute("INSERT OR REPLACE INTO late (submission, late_json) VALUES (?, ?)",
                                    (submission, json.dumps(late)))

    def late(self, submission: str) -> dict:
        row = self.connection.execute("SELECT late_json FROM late WHERE submission = ?", (submission,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def setting(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.connection:
            self.connection.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
