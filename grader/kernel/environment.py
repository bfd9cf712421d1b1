"""The kernel's own Python environment: the course's packages and no grader code.

Student kernels never run in the grader's interpreter environment (which holds the grader and
its reference solutions). ``ensure()`` creates, once per machine and set of requirements, a
virtual environment with ipykernel and the packages the course's notebooks import — NumPy 1.26
where the Python allows it (code written for the course relies on NumPy 1 behaviour), the
newest otherwise — and returns it. It is cached under ``$DLGRADER_HOME`` (default
``~/.cache/dl-grader``), keyed by the Python version and the requirements, built in a
temporary folder and renamed into place (so a half-built environment is never used), under a
file lock (so parallel graders build it once). Grading never writes to it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

COURSE_NUMPY = "numpy==1.26.4"
NEWEST_NUMPY = "numpy>=2"
REQUIREMENTS_NUMPY_1 = ("scipy>=1.11,<1.14", "scikit-learn>=1.3,<1.6", "matplotlib>=3.7,<3.10")
REQUIREMENTS_NEWEST = ("scipy>=1.13", "scikit-learn>=1.5", "matplotlib>=3.9")
KERNEL_REQUIREMENTS = ("ipykernel>=6.25,<7",)
PROBE = ("import json, numpy, scipy, sklearn, matplotlib, ipykernel; "
         "print(json.dumps({'numpy': numpy.__version__, 'scipy': scipy.__version__, "
         "'sklearn': sklearn.__version__, 'matplotlib': matplotlib.__version__, 'ipykernel': ipykernel.__version__}))")


class KernelEnvironmentError(RuntimeError):
    """The kernel environment could not be created."""


@dataclass(frozen=True)
class KernelEnvironment:
    path: Path
    versions: dict[str, str]

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    def describe(self) -> dict:
        return {"path": str(self.path), "packages": dict(self.versions),
                "note": "" if self.versions.get("numpy", "").startswith("1.") else
                "NumPy 1.26 has no build for this Python: the kernel runs the newest NumPy"}


def requirements(version: tuple[int, int] | None = None) -> tuple[str, ...]:
    """What the kernel environment holds for a Python ``version`` (default: this one)."""
    major, minor = version or sys.version_info[:2]
    if (major, minor) < (3, 13):
        return (COURSE_NUMPY, *REQUIREMENTS_NUMPY_1, *KERNEL_REQUIREMENTS)
    return (NEWEST_NUMPY, *REQUIREMENTS_NEWEST, *KERNEL_REQUIREMENTS)


def home() -> Path:
    return Path(os.environ.get("DLGRADER_HOME") or Path.home() / ".cache" / "dl-grader")


def _key() -> str:
    base = Path(sys.base_prefix).resolve()
    text = json.dumps([sys.version, str(base), list(requirements())])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def location() -> Path:
    return home() / f"kernel-env-{_key()}"


def _read(path: Path) -> KernelEnvironment | None:
    marker = path / "dlgrader-kernel-env.json"
    if not marker.is_file() or not (path / "bin" / "python").exists():
        return None
    try:
        versions = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return KernelEnvironment(path, versions)


def _build(target: Path, log) -> KernelEnvironment:
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".building-", dir=target.parent))
    try:
        # The base interpreter, not the grader's venv: the kernel must not inherit its packages.
        base_python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        if not base_python.exists():
            base_python = Path(sys.executable)
        _run([str(base_python), "-m", "venv", "--without-pip", str(staging)], log)
        _run([sys.executable, "-m", "pip", "--python", str(staging / "bin" / "python"), "install",
              "--disable-pip-version-check", "--no-input", "-q", *requirements()], log)
        probe = subprocess.run([str(staging / "bin" / "python"), "-c", PROBE], capture_output=True, text=True,
                               timeout=300, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        if probe.returncode != 0:
            raise KernelEnvironmentError(f"the kernel environment does not import its packages: {probe.stderr[-500:]}")
        versions = json.loads(probe.stdout)
        (staging / "dlgrader-kernel-env.json").write_text(json.dumps(versions), encoding="utf-8")
        # The venv's absolute paths point at the staging folder: move it and rewrite them.
        _relocate(staging, target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return KernelEnvironment(target, versions)


def _relocate(staging: Path, target: Path) -> None:
    for path in [staging / "pyvenv.cfg", *(staging / "bin").iterdir()]:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if str(staging) in text:
            path.write_text(text.replace(str(staging), str(target)), encoding="utf-8")


def _run(command: list[str], log) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise KernelEnvironmentError(f"{' '.join(command[:4])} … failed:\n{(done.stderr or done.stdout)[-2000:]}")
    if log is not None and done.stdout.strip():
        print(done.stdout.strip()[-2000:], file=log)


_cached: KernelEnvironment | None = None


def ensure(log=sys.stderr) -> KernelEnvironment:
    """The kernel environment, created on first use (about half a minute, from PyPI)."""
    global _cached
    if _cached is not None and _cached.python.exists():
        return _cached
    target = location()
    found = _read(target)
    if found is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.parent / f"{target.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = _read(target)
            if found is None:
                if target.exists():
                    shutil.rmtree(target)
                if log is not None:
                    print(f"dl-grader: creating the kernel environment in {target} (once; about 30 s)", file=log)
                found = _build(target, log)
    _cached = found
    return found
