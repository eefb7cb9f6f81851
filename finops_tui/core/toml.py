"""TOML in and out: one writer for every TOML file we write, one way to describe a syntax error.

Writing uses tomli-w (imported when first needed: nothing writes TOML before the first frame).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any, NamedTuple

from finops_tui.core.text import make_visible

__all__ = ["TomlSyntaxError", "describe_toml_error", "dumps"]


def dumps(table: dict[str, Any]) -> str:
    """``table`` as TOML text, every string on one line.

    Multiline strings would turn "\\r\\n" into "\\n" on reading: single-line strings with escapes
    read back exactly as written.
    """
    import tomli_w

    return tomli_w.dumps(table, multiline_strings=False)


class TomlSyntaxError(NamedTuple):
    """Where a TOML document stops making sense, and what the parser said (one harmless line)."""

    location: str
    """``line 3, column 7``, with ``(end of file)`` when the text ends too early."""
    message: str
    """``invalid TOML: Invalid value``."""


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def describe_toml_error(error: tomllib.TOMLDecodeError, text: str) -> TomlSyntaxError:
    """Turn tomllib's 'Invalid value (at line 3, column 7)' into a location and a message."""
    detail = str(error)
    location = ""
    if position := _POSITION.search(detail):
        location = f"line {position[1]}, column {position[2]}"
        detail = detail[: position.start()]
    elif end := _AT_END.search(detail):
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        location = f"line {line}, column {column} (end of file)"
        detail = detail[: end.start()]
    return TomlSyntaxError(location, f"invalid TOML: {make_visible(detail).replace(chr(10), chr(0x2424))}")
