"""Sample submissions of made-up students, graded by ``grader demo`` (see make_examples.py)."""
