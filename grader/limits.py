"""Limits on what a submission may be, in one place (the kernel's protocol limits are in
grader/kernel/inside/protocol.py, the sandbox's resource limits in grader/kernel/sandbox.py)."""

MAX_NOTEBOOK_BYTES = 16 * 2**20  # a notebook file or archive member
MAX_CELLS = 2_000  # cells of one notebook
MAX_ARCHIVE_BYTES = 2 * 2**30  # uncompressed bytes read from one archive
MAX_ARCHIVE_MEMBERS = 20_000
