"""The result of grading one submission: dataclasses and their JSON form (schema in docs/results.md).

The JSON is a stable, versioned contract; add fields, never rename or remove them without
raising ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader.files import write_atomically

SCHEMA_VERSION = "1.0"
STATUS_WORDS = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "missing": "MISSING"}


@dataclass
class CaseResult:
    name: str
    status: str  # passed | failed | error
    message: str = ""
    hidden: bool = False
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class FunctionResult:
    name: str
    status: str  # passed | failed | error | missing
    score: float
    max_score: float
    message: str = ""
    reason: str = ""
    hint: str = ""
    cases: list[CaseResult] = field(default_factory=list)
    traceback: list[str] = field(default_factory=list)
    output: str = ""
    source: str = ""  # the student's cell that defines the function (capped)
    marks: list[dict[str, Any]] = field(default_factory=list)  # {"line": 1-based line of source, "why": text}
    override: dict[str, Any] = field(default_factory=dict)  # an instructor's points for it (grader.adjust)


def points(value: float) -> str:
    """A score as people read it: at most two decimals, no trailing zeros (2.83, 3, 0.5)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent_text(value: float) -> str:
    """A percentage with at most one decimal (83.3, 100)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class SubmissionResult:
    submission: str
    assignment: str | None
    score: float
    max_score: float
    functions: list[FunctionResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    environment: dict[str, Any] = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION
    final_score: float | None = None  # after overrides and the late penalty (grader.adjust); None: the score
    override: dict[str, Any] = field(default_factory=dict)  # an instructor's points for the whole submission
    late: dict[str, Any] = field(default_factory=dict)  # how late it was and its penalty ({}: on time)

    @property
    def final(self) -> float:
        """The score to enter: the automatic one unless overrides or a late penalty changed it."""
        return self.score if self.final_score is None else self.final_score

    @property
    def adjusted(self) -> bool:
        return self.final_score is not None and (self.final_score != self.score or bool(self.override or self.late)
                                                 or any(f.override for f in self.functions))

    @property
    def passed(self) -> bool:
        return bool(self.functions) and not self.errors_fatal and all(f.status == "passed" for f in self.functions)

    @property
    def isolation_warning(self) -> str:
        """The words every output shows when the submission ran without a sandbox ('' when it had one)."""
        kernel = self.environment.get("kernel", {})
        if kernel.get("starts") == 0:  # stopped before a kernel started: no code of the submission ran
            return ""
        if kernel.get("sandbox") == "none" and kernel.get("isolated") is False:
            return str(kernel.get("isolation", {}).get("note") or "NOT ISOLATED: this submission ran without a sandbox")
        return ""

    @property
    def errors_fatal(self) -> bool:
        return self.assignment is None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["final_score"] = self.final
        order = ["schema_version", "submission", "assignment", "score", "max_score", "final_score", "override", "late",
                 "functions", "errors", "environment"]
        return {key: data[key] for key in order}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False)

    def write_json(self, path: Path) -> None:
        write_atomically(path, self.to_json() + "\n")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        functions = [
            FunctionResult(**{**f, "cases": [CaseResult(**c) for c in f.get("cases", [])]})
            for f in data.get("functions", [])
        ]
        return cls(
            submission=data["submission"], assignment=data.get("assignment"), score=data["score"],
            max_score=data["max_score"], functions=functions, errors=list(data.get("errors", [])),
            environment=dict(data.get("environment", {})), schema_version=data.get("schema_version", SCHEMA_VERSION),
            final_score=data.get("final_score"), override=dict(data.get("override") or {}),
            late=dict(data.get("late") or {}),
        )
