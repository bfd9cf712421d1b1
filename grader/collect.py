"""Finding submissions: notebooks, folders searched recursively, and .zip archives from an LMS.

A submission's id is its path relative to the folder or archive it came from, without
``.ipynb``, with ``/`` replaced by ``__``; a notebook named directly has its file stem. Files
that cannot be submissions (checkpoints, macOS metadata) are passed over; anything else that
is named directly but is not a notebook still becomes a submission, so it gets a report.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

IGNORED_PARTS = {".ipynb_checkpoints", "__MACOSX", ".git"}
MAX_MEMBER_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    id: str
    name: str  # file name, for messages
    origin: str  # where it came from, for people
    raw: bytes
    problem: str = ""  # set when the bytes could not be read

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def _id(relative: PurePosixPath) -> str:
    text = str(relative)
    if text.endswith(".ipynb"):
        text = text[: -len(".ipynb")]
    return text.replace("/", "__")


def _ignored(relative: PurePosixPath) -> bool:
    return any(part in IGNORED_PARTS or part.startswith("._") for part in relative.parts)


def _from_zip(path: Path, prefix: PurePosixPath | None) -> list[Submission]:
    found = []
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                member = PurePosixPath(info.filename)
                if info.is_dir() or member.suffix != ".ipynb" or _ignored(member):
                    continue
                relative = member if prefix is None else prefix / member
                if info.file_size > MAX_MEMBER_BYTES:
                    found.append(Submission(_id(relative), member.name, f"{path}:{member}", b"",
                                            f"{member.name} is larger than {MAX_MEMBER_BYTES // 2**20} MiB"))
                    continue
                found.append(Submission(_id(relative), member.name, f"{path}:{member}", archive.read(info)))
    except (zipfile.BadZipFile, OSError) as error:
        problem = f"{path.name} is not a readable zip archive: {error}"
        found.append(Submission(path.stem, path.name, str(path), b"", problem))
    return found


def _read(path: Path, sid: str) -> Submission:
    try:
        return Submission(sid, path.name, str(path), path.read_bytes())
    except OSError as error:
        return Submission(sid, path.name, str(path), b"", f"cannot read {path.name}: {error.strerror or error}")


def collect(inputs: list[Path]) -> tuple[list[Submission], list[str]]:
    """All submissions under ``inputs`` (ids made unique) and the inputs that do not exist."""
    submissions: list[Submission] = []
    missing: list[str] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                relative = PurePosixPath(path.relative_to(item).as_posix())
                if not path.is_file() or _ignored(relative):
                    continue
                if path.suffix == ".ipynb":
                    submissions.append(_read(path, _id(relative)))
                elif path.suffix == ".zip":
                    submissions.extend(_from_zip(path, relative.with_suffix("")))
        elif item.is_file() and item.suffix == ".zip":
            submissions.extend(_from_zip(item, None))
        elif item.is_file():
            submissions.append(_read(item, item.stem if item.suffix == ".ipynb" else item.name))
        else:
            missing.append(str(item))
    return _unique(submissions), missing


def _unique(submissions: list[Submission]) -> list[Submission]:
    seen: dict[str, int] = {}
    unique = []
    for submission in submissions:
        count = seen.get(submission.id, 0) + 1
        seen[submission.id] = count
        if count > 1:
            submission = Submission(f"{submission.id}~{count}", submission.name, submission.origin, submission.raw,
                                    submission.problem)
        unique.append(submission)
    return unique
