"""Cells of the Optimization methods notebook: Adam (exercises 5 and 6)."""

from grader.notebook_text import code, md

ADAM_TEXT = md(r"""
## 4 - Adam

Adam keeps two moving averages per parameter: $v$, of the gradients (as momentum does), and $s$, of the
squared gradients. Each step divides $v$ by the square root of $s$, so that parameters whose gradients
are large take smaller steps and those whose gradients are small take larger ones. Because both
averages start at zero, they are too small during the first steps: dividing them by $1 - \beta^t$ (the
**bias correction**, $t$ being the number of steps taken so far) makes up for it. For each layer $l$:

$$\begin{cases}
v_{dW^{[l]}} = \beta_1 v_{dW^{[l]}} + (1 - \beta_1) \, dW^{[l]} \\
v^{corrected}_{dW^{[l]}} = \dfrac{v_{dW^{[l]}}}{1 - (\beta_1)^t} \\
s_{dW^{[l]}} = \beta_2 s_{dW^{[l]}} + (1 - \beta_2) \, (dW^{[l]})^2 \\
s^{corrected}_{dW^{[l]}} = \dfrac{s_{dW^{[l]}}}{1 - (\beta_2)^t} \\
W^{[l]} = W^{[l]} - \alpha \dfrac{v^{corrected}_{dW^{[l]}}}{\sqrt{s^{corrected}_{dW^{[l]}}} + \varepsilon}
\end{cases}$$

and the same for $b^{[l]}$. The square of a gradient is elementwise; $\varepsilon$, added *after* the
square root, keeps the division away from zero.

<a name='ex-5'></a>
### Exercise 5 - initialize_adam

Write `initialize_adam(parameters)`: two dictionaries `v` and `s` of zeros, with the same keys and
shapes as the velocity of momentum.
""")

ADAM_INIT = code(r'''
# GRADED FUNCTION: initialize_adam

def initialize_adam(parameters) :
    """
    Initializes the moving averages v and s of Adam with zeros.

    Arguments:
    parameters -- dictionary of the parameters: parameters['W' + str(l)], parameters['b' + str(l)]

    Returns:
    v -- dictionary of the moving averages of the gradients: v['dW' + str(l)], v['db' + str(l)]
    s -- dictionary of the moving averages of the squared gradients: s['dW' + str(l)], s['db' + str(l)]
    """
    L = len(parameters) // 2  # number of layers in the network
    v = {}
    s = {}

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 4 lines)
        v["dW" + str(l)] = None
        v["db" + str(l)] = None
        s["dW" + str(l)] = None
        s["db" + str(l)] = None
        ### END CODE HERE ###
    return v, s
''')

ADAM_INIT_TEST = code(r"""
parameters = initialize_adam_test_case()
v, s = initialize_adam(parameters)

print("v[\"dW1\"] =\n" + str(v["dW1"]))
print("v[\"db1\"] =\n" + str(v["db1"]))
print("v[\"dW2\"] =\n" + str(v["dW2"]))
print("v[\"db2\"] =\n" + str(v["db2"]))
print("s[\"dW1\"] =\n" + str(s["dW1"]))
print("s[\"db1\"] =\n" + str(s["db1"]))
print("s[\"dW2\"] =\n" + str(s["dW2"]))
print("s[\"db2\"] =\n" + str(s["db2"]))

initialize_adam_test(initialize_adam)
""")

ADAM_STEP_TEXT = md(r"""
<a name='ex-6'></a>
### Exercise 6 - update_parameters_with_adam

Write `update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)`:
one step of Adam on every parameter, following the formulas above. It also returns the corrected
averages, so that they can be checked.
""")

ADAM = code(r'''
# GRADED FUNCTION: update_parameters_with_adam

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    """
    Takes one step of Adam on every parameter.

    Arguments:
    parameters -- dictionary of the parameters: parameters['W' + str(l)], parameters['b' + str(l)]
    grads -- dictionary of their gradients: grads['dW' + str(l)], grads['db' + str(l)]
    v -- moving averages of the gradients: v['dW' + str(l)], v['db' + str(l)]
    s -- moving averages of the squared gradients: s['dW' + str(l)], s['db' + str(l)]
    t -- the number of Adam steps taken, this one included
    learning_rate -- the learning rate, a number
    beta1 -- exponential decay of the moving average of the gradients
    beta2 -- exponential decay of the moving average of the squared gradients
    epsilon -- keeps the division away from zero

    Returns:
    parameters -- the dictionary of the updated parameters
    v -- the updated moving averages of the gradients
    s -- the updated moving averages of the squared gradients
    v_corrected -- the bias-corrected moving averages of the gradients
    s_corrected -- the bias-corrected moving averages of the squared gradients
    """
    L = len(parameters) // 2  # number of layers in the network
    v_corrected = {}
    s_corrected = {}

    for l in range(1, L + 1):
        ### START CODE HERE ### (approx. 10 lines)
        # moving average of the gradients
        v["dW" + str(l)] = None
        v["db" + str(l)] = None
        # bias-corrected first moment
        v_corrected["dW" + str(l)] = None
        v_corrected["db" + str(l)] = None
        # moving average of the squared gradients
        s["dW" + str(l)] = None
        s["db" + str(l)] = None
        # bias-corrected second moment
        s_corrected["dW" + str(l)] = None
        s_corrected["db" + str(l)] = None
        # the parameters
        parameters["W" + str(l)] = None
        parameters["b" + str(l)] = None
        ### END CODE HERE ###
    return parameters, v, s, v_corrected, s_corrected
''')

ADAM_TEST = code(r"""
parametersi, grads, vi, si, t, learning_rate, beta1, beta2, epsilon = update_parameters_with_adam_test_case()
parameters, v, s, vc, sc = update_parameters_with_adam(parametersi, grads, vi, si, t, learning_rate, beta1, beta2,
                                                       epsilon)

print("W1 =\n" + str(parameters["W1"]))
print("W2 =\n" + str(parameters["W2"]))
print("b1 =\n" + str(parameters["b1"]))
print("b2 =\n" + str(parameters["b2"]))

update_parameters_with_adam_test(update_parameters_with_adam)
""")
