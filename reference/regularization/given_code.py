"""Code the students are given in the notebook, not graded."""

from grader.notebook_text import code

REG_MODEL = code(r'''
def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """
    Trains the three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID, with at most one regularizer.

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels (0 or 1), of shape (1, number of examples)
    learning_rate -- step size of gradient descent
    num_iterations -- number of gradient descent steps
    print_cost -- if True, print the cost every 10000 iterations
    lambd -- L2 regularization strength (0: no L2 regularization)
    keep_prob -- probability of keeping a hidden unit in dropout (1: no dropout)

    Returns:
    parameters -- the trained parameters, ready for predict()
    """
    grads = {}
    costs = []  # the cost every 1000 iterations, for the learning curve
    m = X.shape[1]
    layers_dims = [X.shape[0], 20, 3, 1]

    # Starting point
    parameters = initialize_parameters(layers_dims)

    # Gradient descent
    for i in range(0, num_iterations):

        # Forward propagation, with or without dropout
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        elif keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)

        # Cost, with or without the L2 term
        if lambd == 0:
            cost = compute_cost(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)

        # Backward propagation. Both regularizers could be combined; this notebook uses one at a time.
        assert lambd == 0 or keep_prob == 1
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

        # Update
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        if print_cost and i % 1000 == 0:
            costs.append(cost)

    # Learning curve
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (x1,000)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()

    return parameters
''')
