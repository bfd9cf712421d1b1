"""What the grader is known to catch in this exercise, and what it accepts (the mistake catalog).

Mistakes are edits of the reference functions with what the grader must say and the hint the
student must get; alternatives are edits that must pass. tests/test_catalog.py grades them all
through the real pipeline and docs/catalog.md lists them (grader/catalog.py explains the format).
"""

from __future__ import annotations

from grader.catalog import Alternative, Mistake

NO_PRINT_MSG = ((", print_msg=False)", ")"), ("if print_msg:", "if True:"))

MISTAKES: list[Mistake] = [
    # ------------------------------------------------------------ forward_propagation
    Mistake("forward_propagation", "theta + x", (("np.dot(theta, x)", "theta + x"),), "J: got 6, expected 8"),
    Mistake("forward_propagation", "theta squared times x", (("np.dot(theta, x)", "theta ** 2 * x"),),
            "J: got 32, expected 8"),
    Mistake("forward_propagation", "returns x", (("np.dot(theta, x)", "x"),), "J: got 2, expected 8"),
    Mistake("forward_propagation", "returns theta", (("np.dot(theta, x)", "theta"),), "J: got 4, expected 8"),
    Mistake("forward_propagation", "theta / x", (("np.dot(theta, x)", "theta / x"),), "J: got 2, expected 8"),
    # ------------------------------------------------------------ backward_propagation
    Mistake("backward_propagation", "returns theta", (("return x", "return theta"),), "dtheta: got 4, expected 2"),
    Mistake("backward_propagation", "returns theta * x", (("return x", "return theta * x"),),
            "dtheta: got 8, expected 2"),
    Mistake("backward_propagation", "returns 1", (("return x", "return 1"),), "dtheta: got 1, expected 2"),
    Mistake("backward_propagation", "returns 2 * x (derivative of x squared)", (("return x", "return 2 * x"),),
            "dtheta: got 4, expected 2"),
    Mistake("backward_propagation", "returns nothing", (("return x", "dtheta = x"),), "returned None"),
    # ------------------------------------------------------------ gradient_check
    Mistake("gradient_check", "one-sided difference",
            (("J_minus = forward_propagation(x, theta - epsilon)", "J_minus = forward_propagation(x, theta)"),
             ("/ (2 * epsilon)", "/ epsilon")), "gradapprox is the one-sided difference", "gc_one_sided"),
    Mistake("gradient_check", "factor 2 missing", (("/ (2 * epsilon)", "/ epsilon"),),
            "gradapprox is not divided by 2·epsilon", "gc_no_two"),
    Mistake("gradient_check", "no denominator", (("difference = numerator / denominator", "difference = numerator"),),
            "is not divided by ||grad|| + ||gradapprox||", "gc_no_denominator"),
    Mistake("gradient_check", "sign error", (("(J_plus - J_minus)", "(J_minus - J_plus)"),),
            "the value of a sign error: grad and gradapprox are compared with opposite signs", "gc_sign"),
    Mistake("gradient_check", "J_minus at theta",
            (("J_minus = forward_propagation(x, theta - epsilon)", "J_minus = forward_propagation(x, theta)"),),
            "J_minus is computed at theta instead of theta - epsilon", "gc_minus_at_theta"),
    Mistake("gradient_check", "epsilon argument ignored",
            (("theta + epsilon)", "theta + 1e-7)"), ("theta - epsilon)", "theta - 1e-7)"),
             ("(2 * epsilon)", "(2 * 1e-7)")), "the epsilon argument is ignored", "gc_default_epsilon"),
    Mistake("gradient_check", "numerator not a norm",
            (("numerator = np.linalg.norm(grad - gradapprox)", "numerator = grad - gradapprox"),),
            "the numerator is grad - gradapprox, not its norm", "gc_signed"),
    Mistake("gradient_check", "denominator without gradapprox",
            (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad)"),),
            "the denominator is ||grad|| alone", "gc_denominator_grad"),
    Mistake("gradient_check", "returns gradapprox", (("return difference", "return gradapprox"),),
            "gradapprox is returned instead of the relative difference", "gc_returns_approx"),
    Mistake("gradient_check", "grad hard-coded as x", (("grad = backward_propagation(x, theta)", "grad = x"),),
            "hidden case 1: difference: grad is x, the exercise's derivative, whatever backward_propagation returns",
            "gc_grad_not_from_backward"),
    Mistake("gradient_check", "wrong default epsilon", (("epsilon=1e-7", "epsilon=1e-2"),),
            "with epsilon left to its default the result is that of epsilon = 0.01", "gc_wrong_default"),
    Mistake("gradient_check", "denominator ||grad + gradapprox|| (blind to signs)",
            (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad + gradapprox)"),),
            "hidden case 1: difference: the denominator is ||grad + gradapprox||", "gc_denominator_norm_of_sum"),
    Mistake("gradient_check", "backward pass at -theta", (("backward_propagation(x, theta)", "backward_propagation(x, -theta)"),),
            "hidden case 2: difference: wrong values"),
    Mistake("gradient_check", "J_minus at theta + epsilon (gradapprox 0)",
            (("J_minus = forward_propagation(x, theta - epsilon)", "J_minus = forward_propagation(x, theta + epsilon)"),),
            "x 2, theta 4: difference: 1 on every case, which is what a gradapprox of 0 gives", "gc_minus_at_plus"),
    # ------------------------------------------------------------ gradient_check_n
    Mistake("gradient_check_n", "no denominator", (("difference = numerator / denominator", "difference = numerator"),),
            "is not divided by ||grad|| + ||gradapprox||", "gc_no_denominator"),
    Mistake("gradient_check_n", "factor 2 missing", (("/ (2 * epsilon)", "/ epsilon"),),
            "gradapprox is not divided by 2·epsilon", "gc_no_two"),
    Mistake("gradient_check_n", "theta_minus not reset",
            (("theta_minus = np.copy(parameters_values)", "theta_minus = theta_plus"),),
            "J_minus is computed at theta instead of theta - epsilon", "gc_minus_at_theta"),
    Mistake("gradient_check_n", "denominator without gradapprox",
            (("np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad)"),),
            "the denominator is ||grad|| alone", "gc_denominator_grad"),
    Mistake("gradient_check_n", "every parameter moved at once",
            (("theta_plus[i][0] = theta_plus[i][0] + epsilon", "theta_plus = theta_plus + epsilon"),
             ("theta_minus[i][0] = theta_minus[i][0] - epsilon", "theta_minus = theta_minus - epsilon")),
            "every parameter is moved at once", "gc_all_at_once"),
    Mistake("gradient_check_n", "copies made once, before the loop",
            (("    for i in range(num_parameters):\n        theta_plus = np.copy(parameters_values)\n",
              "    theta_plus = np.copy(parameters_values)\n    theta_minus = np.copy(parameters_values)\n"
              "    for i in range(num_parameters):\n"),
             ("        theta_minus = np.copy(parameters_values)\n", "")),
            "the perturbations add up from one parameter to the next", "gc_not_reset"),
    Mistake("gradient_check_n", "theta_minus not a copy",
            (("theta_minus = np.copy(parameters_values)", "theta_minus = parameters_values"),),
            "theta_minus is not a copy", "gc_minus_not_copied"),
    Mistake("gradient_check_n", "J_minus at theta_plus",
            (("J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))",
              "J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))"),),
            "1 on every case, which is what a gradapprox of 0 gives", "gc_minus_at_plus"),
    Mistake("gradient_check_n", "sign error", (("(J_plus - J_minus)", "(J_minus - J_plus)"),),
            "the value of a sign error: grad and gradapprox are compared with opposite signs", "gc_sign"),
    Mistake("gradient_check_n", "epsilon argument ignored",
            (("+ epsilon\n", "+ 1e-7\n"), ("- epsilon\n", "- 1e-7\n"), ("(2 * epsilon)", "(2 * 1e-7)")),
            "the epsilon argument is ignored", "gc_default_epsilon"),
    Mistake("gradient_check_n", "one-sided difference",
            (("        theta_minus[i][0] = theta_minus[i][0] - epsilon\n", ""), ("/ (2 * epsilon)", "/ epsilon")),
            "gradapprox is the one-sided difference", "gc_one_sided"),
]

ALTERNATIVES: list[Alternative] = [
    # ------------------------------------------------------------ gradient checking
    Alternative("forward_propagation", "theta * x", (("np.dot(theta, x)", "theta * x"),)),
    Alternative("forward_propagation", "np.multiply(x, theta)", (("np.dot(theta, x)", "np.multiply(x, theta)"),)),
    Alternative("backward_propagation", "through a variable", (("return x", "dtheta = x\n    return dtheta"),)),
    Alternative("backward_propagation", "as a float", (("return x", "return x * 1.0"),)),
    Alternative("gradient_check", "v1 signature, without print_msg", NO_PRINT_MSG),
    Alternative("gradient_check", "theta_plus / theta_minus variables and np.abs",
                (("J_plus = forward_propagation(x, theta + epsilon)",
                  "theta_plus = theta + epsilon\n    J_plus = forward_propagation(x, theta_plus)"),
                 ("np.linalg.norm(grad - gradapprox)", "np.abs(grad - gradapprox)"))),
    Alternative("gradient_check", "J computed inline from the exercise's cost theta * x",
                (("J_plus = forward_propagation(x, theta + epsilon)", "J_plus = (theta + epsilon) * x"),
                 ("J_minus = forward_propagation(x, theta - epsilon)", "J_minus = np.dot(theta - epsilon, x)"))),
    Alternative("gradient_check_n", "theta_plus through a one-hot vector",
                (("theta_plus = np.copy(parameters_values)\n        theta_plus[i][0] = theta_plus[i][0] + epsilon",
                  "one_hot = np.zeros_like(parameters_values)\n        one_hot[i] = 1\n"
                  "        theta_plus = parameters_values + epsilon * one_hot"),)),
    Alternative("gradient_check_n", "v1 signature, without print_msg", NO_PRINT_MSG),
    Alternative("gradient_check_n", "J_plus and J_minus kept in arrays, as in the course",
                (("gradapprox = np.zeros((num_parameters, 1))",
                  "gradapprox = np.zeros((num_parameters, 1))\n    J_plus = np.zeros((num_parameters, 1))\n"
                  "    J_minus = np.zeros((num_parameters, 1))"),
                 ("J_plus, _ = forward", "J_plus[i], _ = forward"), ("J_minus, _ = forward", "J_minus[i], _ = forward"),
                 ("(J_plus - J_minus)", "(J_plus[i] - J_minus[i])"))),
]
