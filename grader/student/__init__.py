"""The student distribution's own code: the self-check on public cases held as data, and ``grader check``
for an assignment repository's CI. Nothing here needs, or may import, the reference (docs/student.md)."""
