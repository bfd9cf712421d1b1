# The data channel between the grader and a kernel: constants both sides use, defined once.
# Plain assignments only: this file is executed in the kernel (before harness.py) and
# imported by the grader as grader.kernel.inside.protocol.

# Results travel as display data of this MIME type, one message per call.
MIME = "application/vnd.dlgrader.result.v1+json"
# Each call gets a fresh nonce of this many hex digits; a result without it is ignored.
NONCE_HEX = 32
# What the kernel may send: at most this many bytes of array data per returned value, this
# deep, this many items. The grader refuses any single kernel message larger than
# MAX_MESSAGE_BYTES where it is received (the socket drops it) and queues at most
# MAX_QUEUED_MESSAGES, so no payload, traceback or output of a kernel can take more than
# their product of the grader's memory at a time.
MAX_ARRAY_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 8
MAX_ITEMS = 10_000
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
# Messages a client socket queues before the kernel's side drops more (a flood waits, or is lost).
MAX_QUEUED_MESSAGES = 8
# How much of an exception the kernel reports, and how much of it the grader keeps.
MAX_FRAMES = 8
MAX_ERROR_CHARS = 500
MAX_CODE_CHARS = 200
# Where the kernel works inside the sandbox: a size-capped tmpfs, with the assignment's files
# (read-only) in GIVEN_DIR below it and linked into it by the harness.
SANDBOX_WORKDIR = "/submission"
GIVEN_DIR = "/submission/.given"
