"""Code the students are given in the notebook, not graded."""

from grader.notebook_text import code

INIT_MODEL = code(r'''
def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """
    Trains the three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

    Arguments:
    X -- input data, of shape (2, number of examples)
    Y -- labels (0 or 1), of shape (1, number of examples)
    learning_rate -- step size of gradient descent
    num_iterations -- number of gradient descent steps
    print_cost -- if True, print the cost every 1000 iterations
    initialization -- how to set the starting parameters: "zeros", "random" or "he"

    Returns:
    parameters -- the trained parameters, ready for predict()
    """
    grads = {}
    costs = []  # the cost every 1000 iterations, for the learning curve
    m = X.shape[1]
    layers_dims = [X.shape[0], 10, 5, 1]

    # Starting point
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)
    else:
        raise ValueError("unknown initialization: " + str(initialization))

    # Gradient descent
    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
            costs.append(cost)

    # Learning curve
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (per thousand)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()

    return parameters
''')
