"""Text from outside the home (a supplier's message, a bridge's detail) made safe to show.

Bidirectional controls are removed, so what is on screen is what a screen reader says: a
right-to-left override can no longer make "05.32£" look like "£23.50". Other control characters
go too (a line break is kept). Words too long for any line get places where they may break, so
one 480-character word cannot widen a panel past the screen.
"""

from __future__ import annotations

import re
import unicodedata

# LRM, RLM, ALM, the embeddings and overrides (LRE..RLO, PDF) and the isolates (LRI..PDI)
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LONG_WORD = 20
_BREAK = "\u200b"  # zero-width space: a place to break a line, invisible and not spoken
_LONG = re.compile(rf"[^\s{_BREAK}]{{{LONG_WORD + 1},}}")


def plain(text: str) -> str:
    """Without bidirectional or other control characters."""
    text = _BIDI.sub("", text)
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def breakable(text: str) -> str:
    """With a break allowed every `LONG_WORD` characters inside a longer word."""
    return _LONG.sub(lambda m: _BREAK.join(m[0][i:i + LONG_WORD] for i in range(0, len(m[0]), LONG_WORD)), text)
