"""The suite's own helper for printed floats: last digits never matter, real differences always do."""

import math

from printed import contains, contains_line, same_text

# Full-precision floats as machines print them, built here rather than written out: the helper's own input.
DIFFERENCE = 2 / 7
COST = 1 / 3 + 0.55
LONG_COST = 1.7864859 + 1 / 3 * 1e-8


def test_last_digits_of_a_float_do_not_matter():
    next_up = math.nextafter(DIFFERENCE, 1)  # differs in the last printed digit only
    assert repr(next_up) != repr(DIFFERENCE)
    assert same_text(f"difference = {DIFFERENCE!r}", f"difference = {next_up!r}")
    assert same_text(f"Cost after iteration 0: {COST!r}", f"Cost after iteration 0: {repr(COST)[:-1]}")


def test_different_numbers_or_text_do_not_match():
    assert len(repr(LONG_COST)) > 14
    assert not same_text(f"cost = {LONG_COST!r}", "cost = 1.7864859")  # only 8 digits agree
    assert not same_text("cost = 1.78", "cost = 1.79")
    assert not same_text("cost = 1.78", "Cost = 1.78")
    assert not same_text("W1 = [[1. 2.]]", "W1 = [[1. 2. 3.]]")


def test_special_values_and_blocks():
    assert same_text("Cost after iteration 0: inf", "Cost after iteration 0: inf")
    assert not same_text("x = inf", "x = nan")
    assert contains_line("a\nAccuracy: 0.96\nb", "Accuracy: 0.96")
    accuracy = 298 / 300  # as the course prints a training accuracy: full precision
    next_up = math.nextafter(accuracy, 1)
    assert repr(next_up) != repr(accuracy) and len(repr(accuracy)) > 14
    assert contains(f"x\nAccuracy: {next_up!r}\nOn the test set:\nAccuracy: 0.96\n",
                    f"Accuracy: {accuracy!r}\nOn the test set:\nAccuracy: 0.96")
    assert not contains("Accuracy: 0.99\nOn the test set:\n", "Accuracy: 0.99\nOn the test set:\nAccuracy: 0.96")
