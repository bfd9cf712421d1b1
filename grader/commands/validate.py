"""Checks of command-line values that argparse cannot make: each returns '' or a one-line problem (exit 2)."""

from __future__ import annotations

import os
from pathlib import Path


def output_file(flag: str, path: Path) -> str:
    """A file the command will write: its folder must exist (or be creatable) and be writable, and it is no folder."""
    if path.is_dir():
        return f"{flag} {path}: is a folder, not a file"
    folder = path.parent if str(path.parent) else Path(".")
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        return f"{flag} {path}: {existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{flag} {path}: {existing} is not writable"
    return ""


def output_folder(flag: str, path: Path) -> str:
    """A folder the command will write into: it is not a file, and it (or the folder it goes in) is writable."""
    if path.exists() and not path.is_dir():
        return f"{flag} {path}: is a file, not a folder"
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        return f"{flag} {path}: {existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{flag} {path}: {existing} is not writable"
    return ""


def assignment(name: str | None, edition: str | None) -> str:
    """An --assignment that a spec names, and an --edition that it (or, without --assignment, some spec) has."""
    if name is None and edition is None:
        return ""
    from grader.spec import SpecError, all_specs

    try:
        specs = all_specs()
    except SpecError as error:
        return f"assignment specs are broken: {error}"
    if name is not None and name not in specs:
        return f"--assignment {name}: unknown (known: {', '.join(sorted(specs))})"
    if edition is not None:
        candidates = [specs[name]] if name is not None else list(specs.values())
        if not any(edition in spec.editions for spec in candidates):
            known = sorted({e for spec in candidates for e in spec.editions})
            return f"--edition {edition}: no such edition" + (f" (known: {', '.join(known)})" if known else
                                                             " (these exercises have one edition each)")
    return ""
