"""Canonical inputs of the Regularization exercise's checks (course module name ``testCases``).

The course drew most inputs from ``np.random.seed(1)`` followed by ``randn`` calls in a fixed
order; here the same stream comes from a private ``np.random.RandomState(1)`` so that calling a
test case leaves numpy's global random state alone. Activations and caches that the course wrote
out as literals are literals here too (8 significant digits, as printed by the course).
"""

import numpy as np

Y_ASSESS = ((1, 1, 0, 1, 0),)
W1_CACHE = ((-1.09989127, -0.17242821, -0.87785842),
            (0.04221375, 0.58281521, -1.10061918))
B1_CACHE = ((1.14472371,), (0.90159072,))
W2_CACHE = ((0.50249434, 0.90085595),
            (-0.68372786, -0.12289023),
            (-0.93576943, -0.26788808))
B2_CACHE = ((0.53035547,), (-0.69166075,), (-0.39675353,))
W3_CACHE = ((-0.6871727, -0.84520564, -0.67124613),)
B3_CACHE = ((-0.0126646,),)
Z1_CACHE = ((-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115),
            (-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242))
A3_COST = ((0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402),)


def _parameters(rng, dims):
    """W1, b1, W2, b2, W3, b3 drawn in that order, W_l of shape (dims[l], dims[l-1])."""
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W" + str(l)] = rng.randn(dims[l], dims[l - 1])
        parameters["b" + str(l)] = rng.randn(dims[l], 1)
    return parameters


def _array(rows, dtype=float):
    return np.array(rows, dtype=dtype)


def compute_cost_with_regularization_test_case():
    """Returns A3 (1, 5), Y (1, 5) and the parameters of a [3, 2, 3, 1] network (use lambd = 0.1)."""
    rng = np.random.RandomState(1)
    Y_assess = _array(Y_ASSESS, dtype=np.int64)
    parameters = _parameters(rng, [3, 2, 3, 1])
    a3 = _array(A3_COST)
    return a3, Y_assess, parameters


def backward_propagation_with_regularization_test_case():
    """Returns X (3, 5), Y (1, 5) and the cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    of a forward pass (use lambd = 0.7)."""
    rng = np.random.RandomState(1)
    X_assess = rng.randn(3, 5)
    Y_assess = _array(Y_ASSESS, dtype=np.int64)
    cache = (
        _array(Z1_CACHE),
        _array(((0.0, 3.32524635, 2.13994541, 2.60700654, 0.0),
                (0.0, 4.1600994, 0.79051021, 1.46493512, 0.0))),
        _array(W1_CACHE),
        _array(B1_CACHE),
        _array(((0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547),
                (-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075),
                (-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353))),
        _array(((0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547),
                (0.0, 0.0, 0.0, 0.0, 0.0),
                (0.0, 0.0, 0.0, 0.0, 0.0))),
        _array(W2_CACHE),
        _array(B2_CACHE),
        _array(((-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104),)),
        _array(A3_COST),
        _array(W3_CACHE),
        _array(B3_CACHE),
    )
    return X_assess, Y_assess, cache


def forward_propagation_with_dropout_test_case():
    """Returns X (3, 5) and the parameters of a [3, 2, 3, 1] network (use keep_prob = 0.7)."""
    rng = np.random.RandomState(1)
    X_assess = rng.randn(3, 5)
    parameters = _parameters(rng, [3, 2, 3, 1])
    return X_assess, parameters


def backward_propagation_with_dropout_test_case():
    """Returns X (3, 5), Y (1, 5) and the dropout cache
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) of a forward pass (use keep_prob = 0.8)."""
    rng = np.random.RandomState(1)
    X_assess = rng.randn(3, 5)
    Y_assess = _array(Y_ASSESS, dtype=np.int64)
    cache = (
        _array(Z1_CACHE),
        _array(((True, False, True, True, True),
                (True, True, True, True, False)), dtype=bool),
        _array(((0.0, 0.0, 4.27989081, 5.21401307, 0.0),
                (0.0, 8.32019881, 1.58102041, 2.92987024, 0.0))),
        _array(W1_CACHE),
        _array(B1_CACHE),
        _array(((0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547),
                (-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075),
                (-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353))),
        _array(((True, False, True, False, True),
                (False, True, False, True, True),
                (False, False, True, False, False)), dtype=bool),
        _array(((1.06071093, 0.0, 8.21049603, 0.0, 1.06071093),
                (0.0, 0.0, 0.0, 0.0, 0.0),
                (0.0, 0.0, 0.0, 0.0, 0.0))),
        _array(W2_CACHE),
        _array(B2_CACHE),
        _array(((-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562),)),
        _array(((0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394),)),
        _array(W3_CACHE),
        _array(B3_CACHE),
    )
    return X_assess, Y_assess, cache
