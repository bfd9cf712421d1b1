"""Trusted reference implementations of the graded functions (installed as ``grader.reference``).

One package per exercise (``grader.reference.<name>``, docs/architecture.md): the graded
functions under the course's names and signatures, the non-graded pieces the exercise uses
(training ``model`` loops) and the generators of the hidden test cases its spec names, and
beside them its judging, notebook text and mistake catalog. The course's helper modules
(``init_utils``, ``reg_utils``, ``gc_utils``) are loaded from the assignment folders by
:mod:`grader.reference.course`, so the grader and the student's kernel run the same helpers.
"""
