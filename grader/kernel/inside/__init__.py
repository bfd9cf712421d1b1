"""Code that runs inside the student's kernel, and nothing else.

These files are never imported there: the grader reads their source and sends it as the
kernel's first cell (the grader package is not even mounted in the sandbox). ``protocol``
holds the constants both sides share — it is also an ordinary module of the grader, so each
constant is defined exactly once; ``harness`` is the kernel's side of the data channel.
"""

from pathlib import Path

FILES = ("protocol.py", "harness.py")


def source() -> str:
    """What a kernel runs as the harness: the protocol's constants, then the harness."""
    return "\n".join((Path(__file__).parent / name).read_text(encoding="utf-8") for name in FILES)
