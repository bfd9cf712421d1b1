"""What the grader is known to catch in this exercise, and what it accepts (the mistake catalog).

Mistakes are edits of the reference functions with what the grader must say and the hint the
student must get; alternatives are edits that must pass. tests/test_catalog.py grades them all
through the real pipeline and docs/catalog.md lists them (grader/catalog.py explains the format).
"""

from __future__ import annotations

from grader.catalog import Alternative, Mistake

ZEROS_W = "np.zeros((layers_dims[l], layers_dims[l - 1]))"
ZEROS_B = "np.zeros((layers_dims[l], 1))"
RANDN = "np.random.randn(layers_dims[l], layers_dims[l - 1])"
HE = "np.sqrt(2.0 / layers_dims[l - 1])"
RNG_RANDN = (("np.random.seed(3)", "rng = np.random.default_rng(3)"),
             (RANDN, "rng.standard_normal((layers_dims[l], layers_dims[l - 1]))"))

MISTAKES: list[Mistake] = [
    # ------------------------------------------------------------ initialize_parameters_zeros
    Mistake("initialize_parameters_zeros", "biases of shape (n,)", ((ZEROS_B, "np.zeros((layers_dims[l],))"),),
            "b1 has shape (2,), expected (2, 1)"),
    Mistake("initialize_parameters_zeros", "weights transposed",
            ((ZEROS_W, "np.zeros((layers_dims[l - 1], layers_dims[l]))"),), "(it is transposed)", "transposed"),
    Mistake("initialize_parameters_zeros", "last layer forgotten",
            (("range(1, len(layers_dims))", "range(1, len(layers_dims) - 1)"),), "missing key 'W2'"),
    Mistake("initialize_parameters_zeros", "ones instead of zeros", ((ZEROS_W, ZEROS_W.replace("zeros", "ones")),),
            "W1: max abs error 1"),
    Mistake("initialize_parameters_zeros", "keys in lower case", (('"W" + str(l)', '"w" + str(l)'),),
            "missing key 'W1'"),
    Mistake("initialize_parameters_zeros", "small random weights instead of zeros",
            ((ZEROS_W, RANDN + " * 0.01"),), "W1: max abs error"),
    Mistake("initialize_parameters_zeros", "no return statement", (("return parameters", "pass"),), "returned None"),
    Mistake("initialize_parameters_zeros", "extra W0 and b0 entries (the course counts layers by the keys)",
            (("parameters = {}", 'parameters = {"W0": np.zeros((1, 1)), "b0": np.zeros((1, 1))}'),),
            "unexpected key 'W0' (the keys are exactly W1, b1, W2, b2)"),
    # ------------------------------------------------------------ initialize_parameters_random
    Mistake("initialize_parameters_random", "scaled by 0.01 instead of 10", (("* 10", "* 0.01"),),
            "W1, W2, W3: the weights have standard deviation 0.01, expected 10"),
    Mistake("initialize_parameters_random", "uniform instead of normal draws", (("np.random.randn(", "np.random.rand("),),
            "the weights have mean", "weights_mean"),
    Mistake("initialize_parameters_random", "biases random too", ((ZEROS_B, "np.random.randn(layers_dims[l], 1)"),),
            "the biases are not all zero", "bias_nonzero"),
    Mistake("initialize_parameters_random", "draws not scaled", (("* 10", ""),),
            "standard deviation 1: the draws are not scaled"),
    Mistake("initialize_parameters_random", "He's scale mixed in", (("* 10", "* 10 / np.sqrt(layers_dims[l - 1])"),),
            "the weights have standard deviation"),
    Mistake("initialize_parameters_random", "another generator, scaled by 0.01", (*RNG_RANDN, ("* 10", "* 0.01")),
            "the weights have standard deviation 0.01, expected 10"),
    # ------------------------------------------------------------ initialize_parameters_he
    Mistake("initialize_parameters_he", "scaled by the current layer's size",
            ((HE, "np.sqrt(2.0 / layers_dims[l])"),), "the scale uses the layer's own size n_l", "he_layer_size"),
    Mistake("initialize_parameters_he", "Xavier scale sqrt(1/n)", (("np.sqrt(2.0 /", "np.sqrt(1.0 /"),),
            "(Xavier initialisation)", "he_xavier"),
    Mistake("initialize_parameters_he", "no square root", ((HE, "(2.0 / layers_dims[l - 1])"),),
            "without the square root", "he_no_sqrt"),
    Mistake("initialize_parameters_he", "another generator, scaled by the current layer's size",
            (*RNG_RANDN, (HE, "np.sqrt(2.0 / layers_dims[l])")), "W1, W2, W3: the scale uses the layer's own size",
            "he_layer_size"),
    Mistake("initialize_parameters_he", "generator reseeded for every layer",
            (("np.random.seed(3)\n    parameters = {}\n    for l in range(1, len(layers_dims)):\n",
              "parameters = {}\n    for l in range(1, len(layers_dims)):\n        np.random.seed(3)\n"),),
            "large-input check: W2: its draws repeat those of W1", "draws_repeated"),
    Mistake("initialize_parameters_he", "uniform instead of normal draws", (("np.random.randn(", "np.random.rand("),),
            "the weights have mean", "weights_mean"),
    Mistake("initialize_parameters_he", "biases set to the scale", ((ZEROS_B, "np.ones((layers_dims[l], 1)) * " + HE),),
            "the biases are not all zero", "bias_nonzero"),
    Mistake("initialize_parameters_he", "scaled by sqrt(2 * n)", ((HE, "np.sqrt(2.0 * layers_dims[l - 1])"),),
            "the weights have standard deviation"),
]

ALTERNATIVES: list[Alternative] = [
    # ------------------------------------------------------------ initialisation
    Alternative("initialize_parameters_zeros", "np.zeros(shape=...)", ((ZEROS_W, ZEROS_W.replace("((", "(shape=(")),)),
    Alternative("initialize_parameters_zeros", "f-string keys, float dtype spelled out",
                (('"W" + str(l)', 'f"W{l}"'), ('"b" + str(l)', 'f"b{l}"'), (ZEROS_B, ZEROS_B[:-1] + ", dtype=float)"))),
    Alternative("initialize_parameters_random", "np.random.normal(0, 10, size)",
                ((RANDN + " * 10", "np.random.normal(0, 10, (layers_dims[l], layers_dims[l - 1]))"),)),
    Alternative("initialize_parameters_random", "np.random.default_rng(3).standard_normal", RNG_RANDN, semantic=True),
    Alternative("initialize_parameters_random", "no seed", (("np.random.seed(3)", "pass"),), semantic=True),
    Alternative("initialize_parameters_he", "(2 / n) ** 0.5 instead of np.sqrt(2. / n)",
                ((HE, "(2 / layers_dims[l - 1]) ** 0.5"),)),
    Alternative("initialize_parameters_he", "np.random.default_rng(3).standard_normal", RNG_RANDN, semantic=True),
    Alternative("initialize_parameters_he", "np.sqrt(2) / np.sqrt(n)", ((HE, "np.sqrt(2) / np.sqrt(layers_dims[l - 1])"),)),
    Alternative("initialize_parameters_he", "default_rng with normal(0, scale)",
                (("np.random.seed(3)", "rng = np.random.default_rng(2024)"),
                 (RANDN + "\n                                    * " + HE,
                  "rng.normal(0, " + HE + ", (layers_dims[l], layers_dims[l - 1]))")), semantic=True),
]
