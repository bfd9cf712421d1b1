"""Running code in a Jupyter kernel: the session (grader side) and the harness (kernel side)."""
