"""``grader setup``: create the kernel environment and check the sandbox, once per machine.

Grading does this by itself on first use; ``grader setup`` does it ahead (CI, Gradescope's
setup.sh, a machine image) and says what it found. Exit status 0 when student kernels can run
isolated here, 1 when the environment or the sandbox is not available (with the reason).
"""

from __future__ import annotations

import argparse
import sys

from grader.kernel import environment
from grader.kernel.confine import confinement
from grader.kernel.sandbox import SandboxError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("setup", help="create the kernel environment and check the sandbox",
                                 description="Create the kernel environment (once) and check the sandbox.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        env = environment.ensure()
    except (environment.KernelEnvironmentError, OSError) as error:
        print(f"grader setup: the kernel environment could not be created: {error}", file=sys.stderr)
        return 1
    packages = ", ".join(f"{name} {version}" for name, version in env.versions.items())
    print(f"kernel environment: {env.path} ({packages})")
    try:
        _, sandbox = confinement("auto")
    except SandboxError as error:
        print(f"grader setup: student kernels cannot be isolated here: {error}", file=sys.stderr)
        return 1
    print(f"sandbox: bubblewrap ({sandbox.origin}: {sandbox.binary}), unprivileged, allowlisted filesystem")
    return 0
