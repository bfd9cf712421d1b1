"""Finding submissions: notebooks, folders searched recursively, and .zip archives from an LMS.

A submission's id is its path relative to the folder or archive it came from, without
``.ipynb``, with ``/`` replaced by ``__``; a notebook named directly has its file stem. Ids
are safe file names: characters other than letters, digits and ``. _ - ~ + @ ,`` and spaces
become ``_``, a leading dot ``_``, an id that is the name of one of the batch's own files
(``index``, ``similarity``, ``grades``, ``gradebook``, or ending in ``.gradescope``) gets a
leading ``_``, and an id longer than 120 bytes is cut and given a hash of the whole (so two long
names never collide). Files that cannot be submissions (checkpoints,
macOS metadata) are passed over; anything else named directly becomes a submission with a
report. Nothing here trusts the input: a symbolic link inside a submissions folder is refused
(never followed), notebooks over ``MAX_NOTEBOOK_BYTES`` and archive members past the archive's
limits are refused without being read, and contents are hashed as streams and read again
only when graded, so a batch's memory does not grow with its inputs.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from grader.limits import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, MAX_NOTEBOOK_BYTES
from grader.lms import marked_late

IGNORED_PARTS = {".ipynb_checkpoints", "__MACOSX", ".git"}
MAX_ID_BYTES = 120
RESERVED_IDS = {"index", "similarity", "grades", "gradebook"}  # the batch's own files in --out
CHUNK = 2**20
_UNSAFE = re.compile(r"[^\w.\-~+@, ]", re.UNICODE)


class InputError(ValueError):
    """A submission's bytes could not be read (now, when it is graded)."""


@dataclass(frozen=True)
class Submission:
    id: str
    name: str  # file name, for messages
    origin: str  # where it came from, for people
    content_hash: str = ""
    problem: str = ""  # set when the bytes cannot be graded
    path: str = ""  # the file, or the archive
    member: str = ""  # the archive member
    data: bytes | None = None  # the bytes themselves (sent to remote workers)
    submitted_at: float | None = None  # POSIX time: the archive member's time, else the file's modification time
    marked_late: bool = False  # the LMS's download name says it was late (Canvas: ``_late_``)

    def read(self) -> bytes:
        """The submission's bytes, read now (at most MAX_NOTEBOOK_BYTES); b'' when it has a problem."""
        if self.problem:
            return b""
        if self.data is not None:
            return self.data
        try:
            if self.member:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                    return handle.read(MAX_NOTEBOOK_BYTES + 1)[:MAX_NOTEBOOK_BYTES]
            with open(self.path, "rb") as handle:
                return handle.read(MAX_NOTEBOOK_BYTES + 1)[:MAX_NOTEBOOK_BYTES]
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError) as error:
            raise InputError(f"cannot read {self.name}: {error}") from error

    def with_bytes(self) -> Submission:
        """The same submission carrying its bytes (for a worker that cannot see the file)."""
        try:
            return replace(self, data=self.read())
        except InputError as error:
            return replace(self, problem=str(error))


def safe_id(text: str) -> str:
    """A file-name-safe, length-capped submission id that no file of the batch itself has."""
    text = _UNSAFE.sub("_", text.replace("/", "__")).strip() or "_"
    if text.startswith("."):
        text = "_" + text[1:]
    if text.lower() in RESERVED_IDS or text.lower().endswith(".gradescope"):
        text = "_" + text  # its <id>.html / .json would be the class summary's, or another's Gradescope file
    if len(text.encode("utf-8")) <= MAX_ID_BYTES:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    cut = text.encode("utf-8")[: MAX_ID_BYTES - 11].decode("utf-8", errors="ignore")
    return f"{cut}~{digest}"


def _id(relative: PurePosixPath) -> str:
    text = str(relative)
    if text.endswith(".ipynb"):
        text = text[: -len(".ipynb")]
    return safe_id(text)


def _ignored(relative: PurePosixPath) -> bool:
    return any(part in IGNORED_PARTS or part.startswith("._") for part in relative.parts)


def _too_large(name: str) -> str:
    return f"{name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB; not graded"


def _hash_stream(handle, name: str) -> tuple[str, int, str]:
    """(sha256, bytes read, problem) of a stream, reading at most one byte past the cap."""
    digest, size = hashlib.sha256(), 0
    while size <= MAX_NOTEBOOK_BYTES:
        chunk = handle.read(min(CHUNK, MAX_NOTEBOOK_BYTES + 1 - size))
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size, _too_large(name) if size > MAX_NOTEBOOK_BYTES else ""


def _from_zip(path: Path, prefix: PurePosixPath | None) -> list[Submission]:
    found: list[Submission] = []
    budget = MAX_ARCHIVE_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            for count, info in enumerate(members):
                member = PurePosixPath(info.filename)
                if info.is_dir() or member.suffix != ".ipynb" or _ignored(member):
                    continue
                relative = member if prefix is None else prefix / member
                sid, origin = _id(relative), f"{path}:{_printable(info.filename)}"
                shown = _printable(member.name)
                if count >= MAX_ARCHIVE_MEMBERS:
                    found.append(Submission(sid, shown, origin, problem=f"{path.name} has more than "
                                            f"{MAX_ARCHIVE_MEMBERS} members; {shown} was not read"))
                    continue
                if info.file_size > MAX_NOTEBOOK_BYTES:
                    found.append(Submission(sid, shown, origin, problem=_too_large(shown)))
                    continue
                if budget <= 0:
                    found.append(Submission(sid, shown, origin, problem=f"{path.name} holds more than "
                                            f"{MAX_ARCHIVE_BYTES // 2**30} GiB; {shown} was not read"))
                    continue
                try:
                    with archive.open(info) as handle:
                        digest, size, problem = _hash_stream(handle, shown)
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
                    digest, size, problem = "", 0, f"{shown} cannot be read from {path.name}: {error}"
                budget -= size
                found.append(Submission(sid, shown, origin, digest, problem, str(path), info.filename,
                                        submitted_at=_zip_time(info), marked_late=marked_late(info.filename)))
    except (zipfile.BadZipFile, OSError) as error:
        problem = f"{path.name} is not a readable zip archive: {error}"
        found.append(Submission(safe_id(path.stem), path.name, str(path), problem=problem))
    return found


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    """A member's time (zip stores local time without a zone: read as this machine's local time)."""
    try:
        return datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return None


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


def _read(path: Path, sid: str) -> Submission:
    try:
        with open(path, "rb") as handle:
            digest, _, problem = _hash_stream(handle, path.name)
    except OSError as error:
        return Submission(sid, path.name, str(path), problem=f"cannot read {path.name}: {error.strerror or error}")
    try:
        submitted = path.stat().st_mtime
    except OSError:
        submitted = None
    return Submission(sid, path.name, str(path), digest, problem, str(path), submitted_at=submitted,
                      marked_late=marked_late(path.name))


def _refused_link(path: Path, relative: PurePosixPath) -> Submission:
    return Submission(_id(relative), path.name, str(path),
                      problem=f"{relative} is a symbolic link; links in a submissions folder are not followed")


def _walk(folder: Path) -> list[Submission]:
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs.sort()
        for name in sorted(dirs):
            if (here / name).is_symlink():
                found.append(_refused_link(here / name, PurePosixPath((here / name).relative_to(folder).as_posix())))
        for name in sorted(files):
            path = here / name
            relative = PurePosixPath(path.relative_to(folder).as_posix())
            if _ignored(relative) or path.suffix not in (".ipynb", ".zip"):
                continue
            if path.is_symlink():
                found.append(_refused_link(path, relative))
            elif not path.is_file():
                continue
            elif path.suffix == ".ipynb":
                found.append(_read(path, _id(relative)))
            else:
                found.extend(_from_zip(path, relative.with_suffix("")))
    return sorted(found, key=lambda s: (Path(s.path or s.origin).parts, s.member))


def collect(inputs: list[Path]) -> tuple[list[Submission], list[str]]:
    """All submissions under ``inputs`` (ids made unique) and the inputs that do not exist."""
    submissions: list[Submission] = []
    missing: list[str] = []
    for item in inputs:
        if item.is_dir():
            submissions.extend(_walk(item))
        elif item.is_file() and item.suffix == ".zip":
            submissions.extend(_from_zip(item, None))
        elif item.is_file():
            submissions.append(_read(item, safe_id(item.stem if item.suffix == ".ipynb" else item.name)))
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
            submission = replace(submission, id=f"{submission.id}~{count}")
        unique.append(submission)
    return unique
