"""Canonical inputs of the Initialization exercise's checks (course module name ``testCases``).

Each graded function takes one argument, ``layers_dims``; these are the layer sizes the course
checks them with. The initializers seed numpy themselves (``np.random.seed(3)``), so the layer
sizes alone determine the expected weights.
"""


def initialize_parameters_zeros_test_case():
    """Layer sizes for initialize_parameters_zeros: 3 inputs, 2 hidden units, 1 output."""
    return [3, 2, 1]


def initialize_parameters_random_test_case():
    """Layer sizes for initialize_parameters_random: 3 inputs, 2 hidden units, 1 output."""
    return [3, 2, 1]


def initialize_parameters_he_test_case():
    """Layer sizes for initialize_parameters_he: 2 inputs, 4 hidden units, 1 output."""
    return [2, 4, 1]


def initialize_parameters_he_test_case_2():
    """A second case for initialize_parameters_he: 3 inputs, 1 hidden unit, 2 outputs."""
    return [3, 1, 2]
