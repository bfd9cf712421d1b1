"""grader.text: nothing a submission prints can rewrite a terminal line, a CI log or a summary."""

from grader.text import inert, inert_line, markdown

SPOOF = "oops\r  PASS    initialize_parameters_he  1/1\n\x1b[2K\x1b[1A\x1b[32mTotal: 3/3\x1b[0m\u202e"


def test_control_characters_become_visible_escapes():
    shown = inert(SPOOF)
    assert "\r" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert "\\x0d" in shown and "\\x1b[2K" in shown and "\\u202e" in shown
    assert inert("plain text\twith a tab\nand a line") == "plain text\twith a tab\nand a line"


def test_one_line_means_one_line():
    assert "\n" not in inert_line(SPOOF) and inert_line("a\nb") == "a\\nb"


def test_markdown_is_literal():
    shown = markdown("| **bold** | <img src=x onerror=alert(1)> [link](http://x) `code`")
    assert "\\|" in shown and "\\*\\*bold\\*\\*" in shown and "\\<img" in shown and "\\[link\\]" in shown
    assert "|" not in shown.replace("\\|", "")
