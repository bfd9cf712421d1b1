"""What an instructor changes on top of the automatic score: manual overrides and late penalties.

The automatic verdicts are never modified: ``score`` stays what the grader computed, and
``final_score`` is that score with the overrides applied (a function's points, or the whole
submission's) and then the late penalty taken off. Every output shows both (docs/workflow.md).

Late policy: a submission is late when its time is past the due date plus the grace period; it
loses ``per_day`` percent of its score for every started day past that, at most ``cap`` percent.
A Canvas download marked ``_late_`` whose time is not past the due date (Canvas knows extensions
and the real time) counts as one day late.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from grader.results import FunctionResult, SubmissionResult, points

DAY = 86_400.0


@dataclass(frozen=True)
class Override:
    submission: str
    function: str  # "" for the whole submission
    points: float | None  # None: the override is cleared (the automatic points apply again)
    comment: str
    by: str
    at: float  # POSIX time
    automatic: float  # the automatic points under it when it was made
    automatic_status: str  # and the automatic status ("" for the whole submission)


@dataclass(frozen=True)
class LatePolicy:
    due: dict[str, datetime] = field(default_factory=dict)  # assignment ("" for all) -> due date
    per_day: float = 0.0  # percent of the score per started day late
    cap: float = 100.0  # percent
    grace: float = 0.0  # minutes

    def due_for(self, assignment: str | None) -> datetime | None:
        return self.due.get(assignment or "", self.due.get(""))

    def to_dict(self) -> dict:
        return {"due": {k: v.isoformat() for k, v in self.due.items()}, "per_day": self.per_day, "cap": self.cap,
                "grace": self.grace}

    @classmethod
    def from_dict(cls, data: dict) -> LatePolicy:
        return cls({k: datetime.fromisoformat(v) for k, v in data.get("due", {}).items()},
                   float(data.get("per_day", 0)), float(data.get("cap", 100)), float(data.get("grace", 0)))


def parse_due(text: str) -> tuple[str, datetime]:
    """``2026-12-01T23:59`` (every assignment) or ``regularization=2026-12-01 23:59``; a time without an offset
    is the machine's local time."""
    assignment, _, when = text.rpartition("=") if re.match(r"^[A-Za-z_]\w*=", text) else ("", "", text)
    try:
        moment = datetime.fromisoformat(when.strip())
    except ValueError as error:
        raise ValueError(f"--due {text!r}: not a date and time such as 2026-12-01T23:59 ({error})") from None
    if "T" not in when and " " not in when.strip() and moment.hour == 0 and moment.minute == 0:
        moment = moment + timedelta(days=1, seconds=-1)  # a date alone: due at the end of that day
    return assignment, moment.astimezone() if moment.tzinfo is None else moment


def late_of(submitted: float | None, marked_late: bool, assignment: str | None, policy: LatePolicy) -> dict:
    """How late a submission is and its penalty in percent ({} when it is on time or nothing says when it was due)."""
    due = policy.due_for(assignment)
    if due is None and not marked_late:
        return {}
    seconds = (submitted - due.timestamp() - 60 * policy.grace) if due is not None and submitted is not None else None
    if seconds is not None and seconds > 0:
        days = math.ceil(seconds / DAY)
    elif marked_late:
        days = 1
    else:
        return {}
    return {"submitted": datetime.fromtimestamp(submitted).astimezone().isoformat(timespec="minutes")
            if submitted is not None else "", "due": due.isoformat(timespec="minutes") if due else "",
            "days": days, "marked_by_lms": marked_late, "penalty_percent": min(policy.cap, policy.per_day * days)}


def _function(function: FunctionResult, override: Override | None) -> FunctionResult:
    if override is None:
        return function
    changed = (round(function.score, 4) != round(override.automatic, 4) or function.status != override.automatic_status)
    return replace(function, override=_shown(override, changed, function.score))


def _shown(override: Override, changed: bool, automatic_now: float) -> dict:
    return {"points": override.points, "comment": override.comment, "by": override.by,
            "at": datetime.fromtimestamp(override.at).astimezone().isoformat(timespec="minutes"),
            "automatic_then": override.automatic, "automatic_now": automatic_now, "changed": changed}


def apply(result: SubmissionResult, overrides: list[Override], late: dict) -> SubmissionResult:
    """``result`` with its overrides (the newest per function) and late penalty; ``score`` stays automatic."""
    newest = {o.function: o for o in sorted(overrides, key=lambda o: o.at)}
    newest = {name: o for name, o in newest.items() if o.points is not None}
    functions = [_function(f, newest.get(f.name)) for f in result.functions]
    whole = newest.get("")
    if whole is not None and whole.points is not None:
        before = whole.points
    elif any(f.override for f in functions):
        before = sum(f.override["points"] if f.override else f.score for f in functions)
    else:
        before = result.score
    late = dict(late)
    if late:
        late["penalty"] = round(before * late["penalty_percent"] / 100, 4)
    final = round(max(0.0, before - late.get("penalty", 0.0)), 4)
    shown = [_shown(whole, round(result.score, 4) != round(whole.automatic, 4), result.score)] if whole else []
    return replace(result, functions=functions, final_score=final, override=shown[0] if shown else {}, late=late)


def override_text(override: dict, max_score: float) -> str:
    """One line on an override: its points, the automatic ones, who, when, why, and a changed verdict under it."""
    text = (f"overridden to {points(override['points'])} of {_points_word(max_score)} (automatic "
            f"{points(override['automatic_now'])}) by {override['by']} on {override['at']}: {override['comment']}")
    if override.get("changed"):
        text += (f" — the automatic verdict has changed since the override (it was {points(override['automatic_then'])}"
                 f" points then, {points(override['automatic_now'])} now): check that the override still applies")
    return text


def _points_word(value: float) -> str:
    return f"{points(value)} point{'' if points(value) == '1' else 's'}"


def late_text(late: dict) -> str:
    """One line on a late submission and its penalty."""
    when = f"submitted {late['submitted']}, " if late.get("submitted") else ""
    due = f"due {late['due']}" if late.get("due") else "marked late by the LMS"
    days = late["days"]
    text = f"late: {days} day{'s' if days != 1 else ''} ({when}{due})"
    if late.get("marked_by_lms") and late.get("due"):
        text += "; marked late by the LMS"
    return text + (f"; penalty {late['penalty_percent']:g}% = −{points(late.get('penalty', 0))} points"
                   if late.get("penalty_percent") else "; no penalty")


def adjustment_lines(result: SubmissionResult) -> list[str]:
    """Everything that makes the final score differ from the automatic one, one line each."""
    lines = [f"{f.name}: {override_text(f.override, f.max_score)}" for f in result.functions if f.override]
    if result.override:
        lines.append(f"whole submission: {override_text(result.override, result.max_score)}")
    if result.late:
        lines.append(late_text(result.late))
    return lines
