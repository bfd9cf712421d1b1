"""Loads the course's helper modules from the assignment folders for use in the grader process.

In a student's kernel, ``init_utils`` and friends are top-level modules of the working
directory. Here they are imported the same way, under a lock with the assignment folder on
``sys.path`` for the duration of the import only, and then kept under private names so that
no top-level ``init_utils`` or ``nn_utils`` leaks into the grader process.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from types import ModuleType

SHARED_MODULES = ("nn_utils",)
_lock = threading.Lock()
_cache: dict[tuple[str, str], ModuleType] = {}


def assignments_root() -> Path:
    """The folder that holds one folder per assignment and ``_shared``."""
    # Installed: grader/reference/course.py beside grader/assignments/; in a checkout the
    # package-dir mapping puts reference/ beside assignments/ — both are the parent's child.
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "assignments", here.parent.parent / "assignments"):
        if (candidate / "_shared").is_dir():
            return candidate
    raise FileNotFoundError(f"assignment folders not found next to {here}")


def assignment_dir(assignment: str) -> Path:
    """The folder of one assignment (notebook, helper modules, spec)."""
    path = assignments_root() / assignment
    if not path.is_dir():
        raise FileNotFoundError(f"no assignment folder {path}")
    return path


def shared_dir() -> Path:
    """The folder of the modules every assignment's working directory receives."""
    return assignments_root() / "_shared"


def load(assignment: str, module: str) -> ModuleType:
    """Imports ``module`` (for example ``"reg_utils"``) of ``assignment`` as the kernel would."""
    key = (assignment, module)
    with _lock:
        if key in _cache:
            return _cache[key]
        folder = assignment_dir(assignment)
        names = {p.stem for p in folder.glob("*.py")} | set(SHARED_MODULES)
        saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
        sys.path[:0] = [str(folder), str(shared_dir())]
        try:
            loaded = importlib.import_module(module)
        finally:
            del sys.path[:2]
            for name in names:
                sys.modules.pop(name, None)
            sys.modules.update(saved)
        _cache[key] = loaded
        return loaded
