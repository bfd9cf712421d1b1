"""The words of every named diagnosis: what is wrong, the same for hidden cases, and a hint.

``says`` may use ``{path}`` (the returned key), ``{subject}`` (a parameter or mask it is about)
and the finding's ``numbers`` (statistics of the returned values, never inputs of a hidden
case); ``reason`` is the same without numbers (for hidden cases and class summaries; empty:
``says`` has none); ``hint`` points at the fix without giving the code (empty: the spec's hint
of the function applies).
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    says: str
    reason: str = ""
    hint: str = ""

    @property
    def has_numbers(self) -> bool:
        """Whether ``says`` quotes numbers (then findings with this diagnosis are not merged on one line)."""
        fields = {name for _, name, _, _ in string.Formatter().parse(self.says) if name}
        return bool(fields - {"path", "subject"})


STREAM = "Draw the weights with a standard normal generator (np.random.randn, or a Generator's standard_normal)."
HE_SCALE = "He initialisation scales the standard normal draws of W_l by sqrt(2 / layers_dims[l-1])."
KEEP = "Keep a unit when its uniform draw in [0, 1) is below keep_prob, so that it survives with probability keep_prob."
DIVIDE_GRAD = "After masking dA2 and dA1, divide each by keep_prob, as the forward pass divided A2 and A1."
L2_GRAD = "The L2 cost lambd / (2m) times the sum of W_l squared adds lambd / m times W_l to dW_l, once."
COST = "The L2 term is lambd / (2m) times the sum of the squared entries of W1, W2 and W3."
TWO_SIDED = "gradapprox is the two-sided difference (J(theta + epsilon) - J(theta - epsilon)) / (2 epsilon)."
RELATIVE = ("difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||): the norm of the difference over the sum "
            "of the norms.")
FRESH = "For parameter i, start theta_plus and theta_minus from fresh copies of the parameters and move only entry i."

@dataclass(frozen=True)
class Note:
    """Why values that differ from the reference's are accepted: for the case, and for the function."""

    case: str
    function: str


NOTES: dict[str, Note] = {
    "inline_cost": Note(
        "accepted: J computed from the exercise's cost theta * x, not through forward_propagation",
        "J is computed from the exercise's cost theta * x directly instead of calling forward_propagation; "
        "accepted, since gradient_check checks backward_propagation against that cost (the cases that replace "
        "forward_propagation are judged with theta * x, and every case with the exercise's forward pass passed)"),
}

DIAGNOSES: dict[str, Diagnosis] = {
    # ------------------------------------------------------------ initialisation (grader.semantics)
    "bias_nonzero": Diagnosis("{path}: the biases are not all zero",
                              hint="Initialise every b_l with zeros of shape (layers_dims[l], 1); only the weights "
                                   "are random."),
    "weights_mean": Diagnosis("{path}: the weights have mean {got:.2g}, not 0", "{path}: the weights are not centred "
                              "at 0", "Draw from a normal distribution centred at 0 (randn), not a uniform one on "
                              "[0, 1)."),
    "weights_std": Diagnosis("{path}: the weights have standard deviation {got:.2g}, expected {expected:.2g}",
                             "{path}: wrong scale of the weights"),
    "weights_unscaled": Diagnosis("{path}: the weights have standard deviation 1: the draws are not scaled"),
    "weights_not_normal": Diagnosis("{path}: the weights are not normally distributed", hint=STREAM),
    "draws_repeated": Diagnosis("{path}: its draws repeat those of {subject} (correlation {got:.2f} in drawing "
                                "order): the layers are not drawn independently",
                                "{path}: its draws repeat those of {subject}",
                                "Seed once, before the loop, and draw every W_l from the same generator in turn: "
                                "reseeding inside the loop starts every layer from the same numbers."),
    "he_layer_size": Diagnosis("{path}: the scale uses the layer's own size n_l; He initialisation uses n_{{l-1}}, "
                               "the size of the previous layer", hint=HE_SCALE),
    "he_xavier": Diagnosis("{path}: the scale is sqrt(1 / n_{{l-1}}) (Xavier initialisation), not sqrt(2 / n_{{l-1}})",
                           hint=HE_SCALE),
    "he_no_sqrt": Diagnosis("{path}: the scale is 2 / n_{{l-1}}, without the square root", hint=HE_SCALE),
    # ------------------------------------------------------------ dropout forward (grader.semantics)
    "mask_not_binary": Diagnosis("{path}: not a mask of 0s and 1s",
                                 hint="Keep the 0/1 mask in the cache (the draws compared with keep_prob), not the "
                                      "uniform draws themselves."),
    "kept_fraction": Diagnosis("{path}: keeps {got:.1%} of the units where keep_prob is {expected:.0%}",
                               "{path}: wrong fraction of kept units", KEEP),
    "mask_pattern": Diagnosis("{path}: whole rows or columns are kept or dropped together",
                              hint="Draw one independent number per unit and per example: the mask has the shape of "
                                   "the activation."),
    "mask_not_random": Diagnosis("{path}: neighbouring {subject} are kept or dropped together more or less often "
                                 "than independent draws would be: the mask follows a pattern", hint=KEEP),
    "masks_dependent": Diagnosis("{path}: drawn from the same random numbers as {subject}: where {subject} keeps a "
                                 "unit, {path} keeps {got:.0%} of them, not {expected:.0%}",
                                 "{path}: drawn from the same random numbers as {subject}",
                                 "Seed once at the top of the function and draw D1, then D2, from the same "
                                 "generator: reseeding before D2 repeats the draws of D1."),
    "dropout_not_scaled": Diagnosis("{path}: not divided by keep_prob (inverted dropout)",
                                    hint="After applying the mask, divide the activation by keep_prob so that its "
                                         "expected value does not change."),
    "dropout_scaled_wrong_way": Diagnosis("{path}: multiplied by keep_prob instead of divided by it",
                                          hint="Inverted dropout divides the masked activation by keep_prob."),
    "dropout_mask_not_applied": Diagnosis("{path}: not multiplied by its mask {subject}",
                                          hint="Multiply each hidden activation by its own mask before dividing by "
                                               "keep_prob."),
    "dropout_not_applied": Diagnosis("{path}: no dropout, neither masked by {subject} nor divided by keep_prob",
                                     hint="Shut units of each hidden activation down with its mask, then divide it "
                                          "by keep_prob."),
    "dropout_inconsistent": Diagnosis("{path}: not relu(Z)·{subject} / keep_prob of your own mask {subject}"),
    "output_dropped": Diagnosis("{path}: dropout applied to the output layer; only the hidden layers are masked",
                                hint="Compute A3 = sigmoid(Z3) with no mask: dropout applies to the hidden layers "
                                     "only."),
    "output_inconsistent": Diagnosis("{path}: not sigmoid(W3·A2 + b3) of your own A2"),
    # ------------------------------------------------------------ backward passes (grader.oracle)
    "l2_missing": Diagnosis("{path}: the L2 term lambd/m·{subject} is missing", hint=L2_GRAD),
    "l2_doubled": Diagnosis("{path}: the L2 term lambd/m·{subject} is added twice", hint=L2_GRAD),
    "l2_half": Diagnosis("{path}: the L2 term is lambd/(2m)·{subject}, half of lambd/m·{subject}",
                         hint="The derivative of the squared weights brings a factor 2: the term in dW_l is lambd / m "
                              "times W_l."),
    "l2_subtracted": Diagnosis("{path}: the L2 term lambd/m·{subject} is subtracted instead of added", hint=L2_GRAD),
    "l2_without_m": Diagnosis("{path}: the L2 term is lambd·{subject}, not lambd/m·{subject}",
                              hint="Divide the L2 term by m like the rest of the gradient: lambd / m times W_l."),
    "bias_regularized": Diagnosis("{path}: the bias gradient includes an L2 term in {subject}; biases are not "
                                  "regularized",
                                  hint="Leave the bias gradients db_l as without regularization: only the weights are "
                                       "in the L2 cost."),
    "gradient_no_mean": Diagnosis("{path}: the 1/m average over the examples is missing",
                                  hint="Average the gradient over the m examples: the sum over examples times 1/m."),
    "gradient_mean_twice": Diagnosis("{path}: 1/m× the expected values; divided by m twice",
                                     hint="Divide by m once: dZ3 = A3 - Y is not averaged, dW_l and db_l are."),
    "grad_mask_missing": Diagnosis("{path}: not zero where {subject} is 0; the forward pass's mask is not applied",
                                   hint="Multiply dA1 and dA2 by the same masks D1 and D2 as the forward pass, then "
                                        "divide by keep_prob."),
    "grad_not_scaled": Diagnosis("{path}: keep_prob× the expected values; a division by keep_prob is missing",
                                 hint=DIVIDE_GRAD),
    "grad_scale_squared": Diagnosis("{path}: keep_prob²× the expected values; multiplied by keep_prob instead of "
                                    "divided, or the division is missing twice", hint=DIVIDE_GRAD),
    "grad_scaled_twice": Diagnosis("{path}: 1/keep_prob× the expected values; divided by keep_prob once too often",
                                   hint="Divide dA2 and dA1 by keep_prob once each."),
    "gradient_wrong": Diagnosis("{path}: disagrees with the numerical gradient of the cost (relative error "
                                "{error:.2g})", "{path}: disagrees with the numerical gradient of the cost",
                                "Check the backward pass step by step from dZ3 down: the first wrong gradient named "
                                "(in backward order) is where the error starts."),
    # ------------------------------------------------------------ generic (grader.compare's own diagnosis)
    "transposed": Diagnosis("{path}: transposed",
                            hint="A transposed result: check the order of the dimensions, or of the operands of the "
                                 "product that makes it and where a transpose (.T) belongs."),
    "sign": Diagnosis("{path}: wrong sign", hint="The values have the opposite sign: check the order of a "
                                                  "subtraction."),
    # ------------------------------------------------------------ cost (grader.hypotheses)
    "cost_l2_missing": Diagnosis("{path}: the L2 term is missing (the cost is the cross-entropy alone)", hint=COST),
    "cost_half_missing": Diagnosis("{path}: the L2 term is lambd/m times the sum of squares, twice lambd/(2m) times it",
                                   hint="The L2 term's factor is lambd / (2m): the 1/2 is missing."),
    "cost_times_m": Diagnosis("{path}: the L2 term is multiplied by m instead of divided by it (lambd / 2 * m is "
                              "(lambd / 2) * m)", hint="Divide by 2m as a whole: lambd / (2 * m)."),
    "cost_no_m": Diagnosis("{path}: the L2 term is not divided by m",
                           hint="Divide the L2 term by m as well: its factor is lambd / (2m)."),
    "cost_layer_missing": Diagnosis("{path}: the L2 term leaves out {subject}",
                                    hint="Sum the squared entries of all three weight matrices W1, W2 and W3."),
    "cost_not_squared": Diagnosis("{path}: the L2 term sums the weights, not their squares",
                                  hint="Square the entries of each W_l before summing them (the squared Frobenius "
                                       "norm)."),
    "cost_abs": Diagnosis("{path}: the L2 term sums absolute values (an L1 term), not squares",
                          hint="Square the entries of each W_l before summing them (the squared Frobenius norm)."),
    "cost_norm_not_squared": Diagnosis("{path}: the L2 term adds the norms of the W_l, not their squares",
                                       hint="Square each Frobenius norm: the term sums the squared entries."),
    "cost_mean_squares": Diagnosis("{path}: the L2 term averages the squared weights instead of summing them",
                                   hint="Sum the squared entries of each W_l; the only division is by 2m."),
    "cost_biases_included": Diagnosis("{path}: the L2 term includes the biases",
                                      hint="Regularize the weights only: leave b1, b2 and b3 out of the L2 term."),
    "cost_l2_subtracted": Diagnosis("{path}: the L2 term is subtracted from the cross-entropy",
                                    hint="Add the L2 term to the cross-entropy cost."),
    "cost_ce_missing": Diagnosis("{path}: the cross-entropy part is missing (the cost is the L2 term alone)",
                                 hint="The cost is the cross-entropy (compute_cost) plus the L2 term."),
    # ------------------------------------------------------------ gradient checks (grader.hypotheses)
    "gc_no_two": Diagnosis("{path}: gradapprox is not divided by 2·epsilon", hint=TWO_SIDED),
    "gc_one_sided": Diagnosis("{path}: gradapprox is the one-sided difference (J(theta + epsilon) - J(theta)) / "
                              "epsilon", hint=TWO_SIDED),
    "gc_minus_at_theta": Diagnosis("{path}: J_minus is computed at theta instead of theta - epsilon",
                                   hint="J_minus is the cost at theta - epsilon, moved down from the original "
                                        "parameters, not from theta_plus."),
    "gc_sign": Diagnosis("{path}: the value of a sign error: grad and gradapprox are compared with opposite signs "
                         "(J_minus - J_plus in gradapprox, or a sign flipped in grad or in the numerator)",
                         hint=TWO_SIDED),
    "gc_default_epsilon": Diagnosis("{path}: the epsilon argument is ignored (1e-7 is used instead)",
                                    hint="Use the epsilon passed to the function for both perturbations."),
    "gc_all_at_once": Diagnosis("{path}: every parameter is moved at once instead of one at a time", hint=FRESH),
    "gc_not_reset": Diagnosis("{path}: the perturbations add up from one parameter to the next", hint=FRESH),
    "gc_minus_at_plus": Diagnosis("{path}: 1 on every case, which is what a gradapprox of 0 gives (J_minus equal to "
                                  "J_plus, as when both are costs at theta + epsilon)",
                                  hint="J_minus is the cost at theta - epsilon, and gradapprox[i] holds the "
                                       "difference of the two costs."),
    "gc_plus_not_copied": Diagnosis("{path}: theta_plus is not a copy: each +epsilon stays in the parameters for the "
                                    "entries after it", hint=FRESH),
    "gc_minus_not_copied": Diagnosis("{path}: theta_minus is not a copy: each -epsilon stays in the parameters for "
                                     "the entries after it", hint=FRESH),
    "gc_wrong_default": Diagnosis("{path}: with epsilon left to its default the result is that of epsilon = "
                                  "{subject}: the default must be 1e-7",
                                  hint="Keep the signature's default epsilon=1e-7."),
    "gc_grad_not_from_backward": Diagnosis("{path}: grad is x, the exercise's derivative, whatever "
                                           "backward_propagation returns: the check does not consult "
                                           "backward_propagation",
                                           hint="Take grad from backward_propagation(x, theta): the check exists to "
                                                "test that function."),
    "gc_backward_arguments_swapped": Diagnosis("{path}: grad is backward_propagation(theta, x), with the arguments "
                                               "swapped", hint="Call backward_propagation(x, theta)."),
    "gc_always_zero": Diagnosis("{path}: 0 on every case, also where the gradients are wrong"),
    "gc_difference_zero": Diagnosis("{path}: 0 (to rounding error), as if grad equalled gradapprox, but the gradients "
                                    "in this case are wrong", hint="Compare grad (from the backward pass) with "
                                    "gradapprox (from the costs): difference = ||grad - gradapprox|| / (||grad|| + "
                                    "||gradapprox||)."),
    "gc_difference_one": Diagnosis("{path}: exactly 1, which happens only when grad and gradapprox have opposite "
                                   "signs or one of them is 0",
                                   hint="Check the signs: J_plus is the cost at theta + epsilon, J_minus at theta - "
                                        "epsilon, and grad comes from backward_propagation."),
    "gc_denominator_norm_of_sum": Diagnosis("{path}: the denominator is ||grad + gradapprox||, not ||grad|| + "
                                            "||gradapprox|| (they differ when the signs differ)", hint=RELATIVE),
    "gc_no_denominator": Diagnosis("{path}: ||grad - gradapprox|| is not divided by ||grad|| + ||gradapprox||",
                                   hint=RELATIVE),
    "gc_denominator_grad": Diagnosis("{path}: the denominator is ||grad|| alone, not ||grad|| + ||gradapprox||",
                                     hint=RELATIVE),
    "gc_denominator_approx": Diagnosis("{path}: the denominator is ||gradapprox|| alone, not ||grad|| + "
                                       "||gradapprox||", hint=RELATIVE),
    "gc_signed": Diagnosis("{path}: the numerator is grad - gradapprox, not its norm", hint=RELATIVE),
    "gc_returns_approx": Diagnosis("{path}: gradapprox is returned instead of the relative difference",
                                   hint=RELATIVE),
    "gc_returns_grad": Diagnosis("{path}: grad is returned instead of the relative difference", hint=RELATIVE),
}
