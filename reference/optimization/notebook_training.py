"""Cells of the Optimization methods notebook: the model trained with each optimizer, and learning-rate decay
(exercises 7 and 8)."""

from grader.notebook_text import code, md

MODEL_TEXT = md(r"""
## 5 - Model with different optimizers

The data are scikit-learn's "moons": 300 points in the plane, in two interleaved half-circles with
noise 0.2 (`load_dataset()` sets `np.random.seed(3)` first, so everyone gets the same points).
""")

LOAD = code(r"""
train_X, train_Y = load_dataset()
""")

MODEL_INTRO = md(r"""
`model()` below trains the three-layer network `[2, 5, 2, 1]` (He-initialized by `initialize_parameters`)
for `num_epochs` passes over the data with the optimizer you name: `"gd"`, `"momentum"` or `"adam"`. Each
epoch shuffles the data anew (the seed changes), makes mini-batches of 64 and takes a step per
mini-batch; the cost printed is the average over the epoch. Read it and run the cell; nothing is graded
in it.
""")

GD_RUN = md(r"""
### 5.1 - Mini-batch gradient descent

Train with plain mini-batch gradient descent (learning rate 0.0007, 5000 epochs; it takes a few seconds).
""")

GD_RUN_EXPECTED = md(r"""
**Expected output**: the cost starts at `0.702405` (epoch 0) and is about `0.573367` at epoch 4000; the
accuracy is `0.7166666666666667`.
""")

MOMENTUM_RUN = md(r"""
### 5.2 - Mini-batch gradient descent with momentum

The same, with momentum ($\beta = 0.9$).
""")

MOMENTUM_RUN_EXPECTED = md(r"""
**Expected output**: the cost starts at `0.702413` and is about `0.573444` at epoch 4000; the accuracy is
again `0.7166666666666667`. With so small a learning rate and a dataset this simple, momentum's
smoothing barely shows.
""")

ADAM_RUN = md(r"""
### 5.3 - Mini-batch with Adam

And with Adam.
""")

ADAM_RUN_EXPECTED = md(r"""
**Expected output**: the cost falls from `0.702166` to about `0.167845` by epoch 1000 and `0.136066` at
epoch 4000; the accuracy is `0.9433333333333334`.
""")

SUMMARY = md(r"""
### 5.4 - Summary

| optimizer | accuracy | cost curve |
| --- | --- | --- |
| gradient descent | > 71% | smooth |
| momentum | > 71% | smooth |
| Adam | > 94% | smoother |

Momentum usually helps, but with this small learning rate and simple data its effect is negligible.
Adam converges much faster, and it needs little memory and works well with its default
hyperparameters (except the learning rate).
""")

DECAY_TEXT = md(r"""
## 6 - Learning rate decay

Steps that are right at the start of training can be too large near the minimum: the parameters keep
circling around it instead of settling. Decaying the learning rate as training goes on lets the first
steps be large and the last ones small:

$$\alpha = \frac{1}{1 + decayRate \times epochNumber} \alpha_{0}$$

<a name='ex-7'></a>
### Exercise 7 - update_lr

Write `update_lr(learning_rate0, epoch_num, decay_rate)`: the learning rate after `epoch_num` epochs.
""")

UPDATE_LR = code(r'''
# GRADED FUNCTION: update_lr

def update_lr(learning_rate0, epoch_num, decay_rate):
    """
    Calculates the decayed learning rate.

    Arguments:
    learning_rate0 -- the learning rate at epoch 0
    epoch_num -- the epoch number, an integer
    decay_rate -- the decay rate, a number

    Returns:
    learning_rate -- the learning rate at epoch epoch_num
    """
    ### START CODE HERE ### (approx. 1 line)
    learning_rate = None
    ### END CODE HERE ###
    return learning_rate
''')

UPDATE_LR_TEST = code(r"""
learning_rate = 0.5
print("Original learning rate: ", learning_rate)
epoch_num = 2
decay_rate = 1
learning_rate_2 = update_lr(learning_rate, epoch_num, decay_rate)
print("Updated learning rate: ", learning_rate_2)

update_lr_test(update_lr)
""")

DECAY_RUN = md(r"""
Train with gradient descent starting at the larger learning rate 0.1, decayed by `update_lr` after every
epoch.
""")

DECAY_RUN_EXPECTED = md(r"""
**Expected output**: the learning rate is `0.000100` after epoch 1000 and the cost stalls near `0.655`;
the accuracy is `0.6533333333333333`.

Decaying after every epoch makes the learning rate tiny within a few epochs: after 1000 epochs it is a
thousandth of where it started, and the network stops learning.
""")

SCHEDULE_TEXT = md(r"""
### 6.1 - Fixed interval scheduling

Decaying less often avoids this: keep the learning rate for `time_interval` epochs, then lower it:

$$\alpha = \frac{1}{1 + decayRate \times \lfloor\frac{epochNum}{timeInterval}\rfloor} \alpha_{0}$$

<a name='ex-8'></a>
### Exercise 8 - schedule_lr_decay

Write `schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)`; `np.floor` rounds down.
""")

SCHEDULE = code(r'''
# GRADED FUNCTION: schedule_lr_decay

def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """
    Calculates the learning rate decayed every time_interval epochs.

    Arguments:
    learning_rate0 -- the learning rate at epoch 0
    epoch_num -- the epoch number, an integer
    decay_rate -- the decay rate, a number
    time_interval -- the number of epochs between two decays

    Returns:
    learning_rate -- the learning rate at epoch epoch_num
    """
    ### START CODE HERE ### (approx. 1 line)
    learning_rate = None
    ### END CODE HERE ###
    return learning_rate
''')

SCHEDULE_TEST = code(r"""
learning_rate = 0.5
print("Original learning rate: ", learning_rate)

epoch_num_1 = 10
epoch_num_2 = 100
decay_rate = 0.3
time_interval = 100
learning_rate_1 = schedule_lr_decay(learning_rate, epoch_num_1, decay_rate, time_interval)
learning_rate_2 = schedule_lr_decay(learning_rate, epoch_num_2, decay_rate, time_interval)
print("Updated learning rate after {} epochs: ".format(epoch_num_1), learning_rate_1)
print("Updated learning rate after {} epochs: ".format(epoch_num_2), learning_rate_2)

schedule_lr_decay_test(schedule_lr_decay)
""")

SCHEDULE_RUNS = md(r"""
### 6.2 - Using learning rate decay for each optimization method

Train all three optimizers again, each with its learning rate decayed every 1000 epochs
(`schedule_lr_decay`'s default `time_interval`).
""")

SCHEDULE_SUMMARY = md(r"""
With the learning rate decayed this way, even plain gradient descent and momentum reach about the
accuracy of Adam:

| optimizer | accuracy |
| --- | --- |
| gradient descent | > 94.6% |
| momentum | > 95.6% |
| Adam | 94% |

What to remember:

- Mini-batches give many steps per pass over the data; shuffle before cutting them.
- Momentum averages the gradients over the last steps; Adam also scales each step by the root mean
  square of the recent gradients, with a bias correction for the first steps.
- A decaying learning rate lets training take large steps at first and settle at the end.
""")
