"""The suite's own helper for printed floats: last digits never matter, real differences always do."""

from printed import contains, contains_line, same_text


def test_last_digits_of_a_float_do_not_matter():
    assert same_text("difference = 0.2850931567761623", "difference = 0.2850931567761624")
    assert same_text("Cost after iteration 0: 0.8830537463419761", "Cost after iteration 0: 0.883053746341976")


def test_different_numbers_or_text_do_not_match():
    assert not same_text("cost = 1.7864859451590758", "cost = 1.7864859")  # only 8 digits agree
    assert not same_text("cost = 1.78", "cost = 1.79")
    assert not same_text("cost = 1.78", "Cost = 1.78")
    assert not same_text("W1 = [[1. 2.]]", "W1 = [[1. 2. 3.]]")


def test_special_values_and_blocks():
    assert same_text("Cost after iteration 0: inf", "Cost after iteration 0: inf")
    assert not same_text("x = inf", "x = nan")
    assert contains_line("a\nAccuracy: 0.96\nb", "Accuracy: 0.96")
    assert contains("x\nAccuracy: 0.9933333333333334\nOn the test set:\nAccuracy: 0.96\n",
                    "Accuracy: 0.9933333333333333\nOn the test set:\nAccuracy: 0.96")
    assert not contains("Accuracy: 0.99\nOn the test set:\n", "Accuracy: 0.99\nOn the test set:\nAccuracy: 0.96")
