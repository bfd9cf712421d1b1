"""Mutation testing of the grader: first-order mutants of every reference function, labelled by
running them against the reference, then graded through the real pipeline.

- :mod:`grader.mutants.generate` — the mutants (operators, constants, comparisons, keyword
  arguments, removed statements, swapped variables and arguments, signs, transposes);
- :mod:`grader.mutants.label` — equivalent or different, decided in this process by running a
  mutant and the reference on a broad battery of valid inputs;
- :mod:`grader.mutants.run` — notebooks of mutants graded by the real pipeline (real kernels),
  survivors (different but passed) and false fails (equivalent but failed), and the report.

Run ``python -m grader.mutants --help``.
"""
