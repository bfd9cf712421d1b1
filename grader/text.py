"""Student text made inert wherever it is shown outside HTML (Jinja2 escapes that).

Anything a submission controls — exception names and messages, printed output, function
names, notebook names — can hold carriage returns, ANSI escape sequences, bidirectional
overrides or newlines that would rewrite a terminal line ("PASS … Total: 3/3"), hide text in a
CI log, or add lines of its own. ``inert`` shows every such character as a visible escape;
``inert_line`` also escapes newlines (for one-line summaries); ``markdown`` additionally
escapes what Markdown or HTML would interpret (GitHub's job summary).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and Unicode's bidi and invisible formatting.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: object) -> str:
    """Control and formatting characters shown as escapes (newlines and tabs kept)."""
    return _CONTROL.sub(_escape, str(text))


def inert_line(text: object) -> str:
    """One line: control characters and newlines shown as escapes."""
    return inert(text).replace("\n", "\\n")


def markdown(text: object) -> str:
    """One line of Markdown that shows ``text`` literally."""
    return _MARKDOWN.sub(r"\\\1", inert_line(text))
