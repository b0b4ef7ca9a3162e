"""Characters a terminal would obey rather than show, and how text is made safe to print.

Content files refuse them at validation (``unsafe_characters``); text that comes from somewhere
else — a save received from someone, a note typed by a facilitator — is neutralised wherever it
leaves the program (``printable``): each such character is written as a visible escape (``\\x1b``).
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls, the Unicode line and paragraph separators and
#: the bidirectional controls (an override can make "txt.exe" read as "exe.txt").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def unsafe_characters(text: str) -> list[str]:
    """The characters of ``text`` a terminal could act on, each once, as escapes (``\\x1b``)."""
    return list(dict.fromkeys(_escape(m.group()) for m in _UNSAFE.finditer(text)))


def printable(text: str) -> str:
    """``text`` with every character a terminal could act on written as a visible escape."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
