"""dl-grader: grades the Improving Deep Neural Networks week-1 exercises."""

__version__ = "0.1.0"
