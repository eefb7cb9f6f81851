"""Terminal cell width: how many columns text takes, and cutting or padding it to a width.

Wide East Asian characters take two cells; combining marks and format characters take none.
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "fit", "pad"]


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes (wide CJK characters take two)."""
    if text.isascii():  # every ASCII character takes one column: most text, measured fast
        return len(text)
    return sum(_char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in '…' when something was cut."""
    if text.isascii():
        return text if len(text) <= width else text[: max(0, width - 1)] + "…"
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        if used + _char_width(char) > width - 1:
            break
        kept.append(char)
        used += _char_width(char)
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
