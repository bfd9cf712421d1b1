"""One module per ``grader`` command; each has ``register(subparsers)``."""
