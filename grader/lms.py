"""grades.csv in the layouts the Canvas and Moodle gradebook imports expect (docs/lms.md).

Canvas matches a row to a student by ``ID`` (its user id), ``SIS User ID`` or ``SIS Login ID``
and creates or updates one assignment per further column; Moodle's CSV import maps one column
to a user field (username, ID number or email address) and another to a grade item. A
submission is tied to a student by its id: an id that is already an LMS identifier, the user
id and name in a Canvas "Download Submissions" file name, or the full name in a Moodle download
folder; with ``roster`` (a gradebook export of the LMS) the roster's own identifier columns are
written, matched against any of those.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_KEYS = ["ID", "SIS User ID", "SIS Login ID", "Integration ID"]
MOODLE_IDENTIFIERS = ["Email address", "ID number", "Username"]
# Canvas "Download Submissions": <sortable name>_[late_]<user id>_<attachment id>_<file name>
CANVAS_DOWNLOAD = re.compile(r"^(?P<name>[^\W\d_]+)_(?:late_)?(?P<id>\d+)_(?P<attachment>\d+)_", re.IGNORECASE)
CANVAS_LATE = re.compile(r"(?:^|/)[^\W\d_]+_late_\d+_\d+_", re.IGNORECASE)
# Moodle "Download all submissions": <full name>_<participant id>_assignsubmission_<plugin>_/<file name>
MOODLE_DOWNLOAD = re.compile(r"^(?P<name>.+?)_(?P<participant>\d+)_assignsubmission_", re.IGNORECASE)


@dataclass(frozen=True)
class Grade:
    submission: str
    assignment: str
    total: float
    max_score: float


@dataclass
class Export:
    header: list[str]
    rows: list[list[str]]
    warnings: list[str] = field(default_factory=list)


def marked_late(name: str) -> bool:
    """Whether a Canvas "Download Submissions" file name marks the submission late."""
    return CANVAS_LATE.search(name) is not None


def read_grades(path: Path) -> list[Grade]:
    """The rows of a grades.csv written by ``grader grade`` (``path``: the file or its folder)."""
    if path.is_dir():
        path = path / "grades.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"submission", "assignment", "total", "max_score"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} is not a grades.csv of grader grade (no column {', '.join(sorted(missing))})")
        return [Grade(row["submission"], row["assignment"], float(row["total"] or 0), float(row["max_score"] or 0))
                for row in reader]


def _norm(text: str) -> str:
    return text.strip().lower()


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]", "", text.lower())


def submission_keys(submission: str) -> set[str]:
    """Every identifier a submission id may carry."""
    parts = [p for p in submission.split("__") if p.strip("_")]
    keys = {_norm(submission)} | {_norm(p.strip("_")) for p in parts}
    for part in parts:
        canvas = CANVAS_DOWNLOAD.match(part)
        if canvas:
            keys.update({canvas["id"], _letters(canvas["name"])})
        moodle = MOODLE_DOWNLOAD.match(part)
        if moodle:
            keys.add(_letters(moodle["name"]))
    return {key for key in keys if key}


def read_roster(path: Path) -> list[dict[str, str]]:
    """A Canvas or Moodle gradebook export (CSV), without Canvas's "Points Possible" row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if "points possible" not in _norm(r.get("Student") or "")]


def roster_keys(row: dict[str, str]) -> set[str]:
    keys = {_norm(row.get(column) or "") for column in CANVAS_KEYS + MOODLE_IDENTIFIERS}
    # Names in both orders: "doejane" in Canvas download names, "Jane Doe" in Moodle download folders.
    if row.get("Student"):
        last, _, first = row["Student"].partition(",")  # Canvas: "Doe, Jane"
        keys.update({_letters(last + first), _letters(first + last)})
    if row.get("First name") or row.get("Last name"):
        first, last = row.get("First name", ""), row.get("Last name", "")
        keys.update({_letters(first + last), _letters(last + first)})
    return {key for key in keys if key}


def _columns(grades: list[Grade], titles: dict[str, str],
             column: str | list[str] | None) -> tuple[dict[str, str], list[str]]:
    """Assignment -> its grade column: the title, or ``--column NAME`` (one assignment) / ``ASSIGNMENT=NAME``."""
    assignments = list(dict.fromkeys(g.assignment for g in grades if g.assignment))
    if not assignments:
        raise ValueError("no submission of these grades was graded: there is no assignment column to fill")
    names = {a: titles.get(a, a) for a in assignments}
    given = [column] if isinstance(column, str) else list(column or [])
    for text in given:
        assignment, equals, name = text.partition("=")
        if equals and assignment.strip() in names:
            names[assignment.strip()] = name.strip()
        elif equals and re.fullmatch(r"[A-Za-z_]\w*", assignment.strip()):
            raise ValueError(f"--column {text!r}: the grades hold no assignment {assignment.strip()!r} "
                             f"(they hold {', '.join(assignments)})")
        elif len(assignments) > 1:
            raise ValueError(f"--column {text!r} names one column, but the grades hold {len(assignments)} assignments "
                             f"({', '.join(assignments)}): give --column ASSIGNMENT=NAME for each")
        else:
            names[assignments[0]] = text
    if len(set(names.values())) < len(names):
        raise ValueError(f"two assignments would share a column: {names}")
    return names, list(names.values())


def _match(grades: list[Grade], roster: list[dict[str, str]] | None) -> tuple[dict[str, int | str], list[str]]:
    """Submission -> roster row index (or, without a roster, the submission's own identity key)."""
    matched: dict[str, int | str] = {}
    warnings: list[str] = []
    indexed = [(i, roster_keys(row)) for i, row in enumerate(roster or [])]
    for grade in grades:
        if roster is None:
            matched[grade.submission] = grade.submission
            continue
        keys = submission_keys(grade.submission)
        found = [i for i, row_keys in indexed if keys & row_keys]
        if len(found) == 1:
            matched[grade.submission] = found[0]
        elif found:
            warnings.append(f"{grade.submission}: matches {len(found)} students of the roster; left out")
        else:
            warnings.append(f"{grade.submission}: no student of the roster has this identifier; left out")
    return matched, warnings


def _table(grades: list[Grade], names: dict[str, str], matched: dict[str, int | str],
           warnings: list[str]) -> dict[int | str, dict[str, Grade]]:
    """Student -> column -> grade (the best of several submissions)."""
    table: dict[int | str, dict[str, Grade]] = {}
    single = next(iter(names.values())) if len(names) == 1 else None
    for grade in grades:
        if grade.submission not in matched:
            continue
        name = names.get(grade.assignment) or single
        if name is None:
            warnings.append(f"{grade.submission}: not graded and the grades hold several assignments; left out")
            continue
        cells = table.setdefault(matched[grade.submission], {})
        previous = cells.get(name)
        if previous is not None:
            warnings.append(f"{grade.submission}: another submission of the same student for {name}; "
                            f"the higher total is kept")
            if previous.total >= grade.total:
                continue
        cells[name] = grade
    return table


def _score(value: float) -> str:
    return f"{value:g}"


def canvas_export(grades: list[Grade], titles: dict[str, str], roster: list[dict[str, str]] | None = None,
                  column: str | None = None) -> Export:
    names, columns = _columns(grades, titles, column)
    matched, warnings = _match(grades, roster)
    table = _table(grades, names, matched, warnings)
    maxima = {names[g.assignment]: g.max_score for g in grades if g.assignment in names}
    rows = [["Points Possible", "", "", "", ""] + [_score(maxima.get(c, 0)) for c in columns]]
    for student, cells in table.items():
        if isinstance(student, int):
            row = roster[student] if roster else {}
            identity = [row.get(key, "") for key in CANVAS_IDENTITY]
        else:
            found = canvas_identity(student)
            if isinstance(found, str):
                warnings.append(f"{student}: {found}; left out")
                continue
            identity = found
        rows.append(identity + [_score(cells[c].total) if c in cells else "" for c in columns])
    return Export(CANVAS_IDENTITY + columns, rows, warnings)


def moodle_export(grades: list[Grade], titles: dict[str, str], roster: list[dict[str, str]] | None = None,
                  column: str | None = None) -> Export:
    names, columns = _columns(grades, titles, column)
    matched, warnings = _match(grades, roster)
    table = _table(grades, names, matched, warnings)
    if roster is not None:
        present = [c for c in MOODLE_IDENTIFIERS if any(row.get(c) for row in roster)]
        if not present:
            raise ValueError(f"the roster has none of the columns {', '.join(MOODLE_IDENTIFIERS)}")
        identifier = present[0]
        who = {student: roster[student].get(identifier, "") for student in table if isinstance(student, int)}
    else:
        identifier, who = _moodle_identities([str(s) for s in table], warnings)
    rows = [[who[student]] + [_score(cells[c].total) if c in cells else "" for c in columns]
            for student, cells in table.items() if student in who]
    return Export([identifier] + columns, rows, warnings)


def canvas_identity(submission: str) -> list[str] | str:
    """Without a roster: the Canvas identity columns a submission id fills, or why it fills none."""
    parts = [p.strip("_") for p in submission.split("__") if p.strip("_")]
    canvas = next((m for m in map(CANVAS_DOWNLOAD.match, parts) if m), None)
    if canvas:
        return [canvas["name"], canvas["id"], "", "", ""]
    if any(MOODLE_DOWNLOAD.match(p) for p in parts):
        return "a Moodle download name carries no Canvas identifier; give --roster"
    if parts and re.fullmatch(r"[\w.\-@]+", parts[-1]):
        return ["", "", "", parts[-1], ""]  # your own naming: the SIS login id
    return "no Canvas identifier in it (a user id or SIS login id); give --roster"


def moodle_identity(submission: str) -> tuple[str, str] | str:
    """Without a roster: (Moodle user field, value) a submission id carries, or why it carries none.

    An email address or a username (a part of the id without spaces) is used as it is; a Moodle
    download folder (``<full name>_<participant id>_assignsubmission_…``) gives one only when the site
    shows an email address or a username as the full name; a Canvas download name gives none."""
    parts = [p.strip("_") for p in submission.split("__") if p.strip("_")]
    for part in parts:
        moodle = MOODLE_DOWNLOAD.match(part)
        if moodle:
            name = moodle["name"].strip()
            if re.fullmatch(r"[^@\s]+@[^@\s]+", name):
                return "Email address", name
            if re.fullmatch(r"[\w.\-]+", name) and not name.isdigit():
                return "Username", name
            return (f"a Moodle download folder names the student ({name}) and a participant id, which are not "
                    "identifiers Moodle's import can match; give --roster (Grades → Export)")
        if CANVAS_DOWNLOAD.match(part):
            return "a Canvas download name carries no Moodle identifier; give --roster"
    email = next((p for p in parts if re.fullmatch(r"[^@\s]+@[^@\s]+", p)), None)
    if email:
        return "Email address", email
    if parts and re.fullmatch(r"[\w.\-@]+", parts[-1]):
        return "Username", parts[-1]
    return "no username or email address in it; give --roster"


def _moodle_identities(submissions: list[str], warnings: list[str]) -> tuple[str, dict[str, str]]:
    """The identifier column most submissions can fill, and each submission's value (others warned, left out)."""
    found = {s: moodle_identity(s) for s in submissions}
    kinds = [f[0] for f in found.values() if isinstance(f, tuple)]
    identifier = max(MOODLE_IDENTIFIERS, key=kinds.count) if kinds else "Username"
    who = {}
    for submission, identity in found.items():
        if isinstance(identity, str):
            warnings.append(f"{submission}: {identity}; left out")
        elif identity[0] != identifier:
            warnings.append(f"{submission}: has a {identity[0].lower()}, but the file identifies students by "
                            f"{identifier.lower()}; left out (or give --roster)")
        else:
            who[submission] = identity[1]
    return identifier, who


def write_export(export: Export, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(export.header)
        writer.writerows(export.rows)
