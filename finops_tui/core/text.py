"""Rules for characters that must never reach the terminal, and how to show them harmlessly.

Pure functions, no Textual: used by validation (role data), display (notes) and exports.
"""

from __future__ import annotations

import re

# Bidirectional embedding, override and isolate controls can reorder what a reader sees
# ("Trojan Source"), so role data may not carry them either.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls.
UNSAFE_CHARACTERS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")

# Characters that draw nothing, or only steer the direction of what is around them, though they
# are not controls: zero-width space, non-joiner and joiner, the marks LRM, RLM and ALM, line and
# paragraph separators, word joiner and invisible operators, the byte order mark, Hangul fillers,
# the Mongolian vowel separator and tag characters. "Fin\u200bance" looks exactly like "Finance".
_INVISIBLE = (
    "\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u2060-\u2064\u3164\ufeff\uffa0\U000e0000-\U000e007f"
)
INVISIBLE_CHARACTERS = re.compile(f"[{_INVISIBLE}]")

# Everything shown as a stand-in rather than as itself.
HIDDEN_CHARACTERS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}{_INVISIBLE}]")

# What notes.toml holds only as a \u escape, so that `cat notes.toml` shows what is there.
ESCAPED_IN_FILES = re.compile(f"[\x80-\x9f{_BIDI_CONTROLS}{_INVISIBLE}]")


def first_unsafe_character(text: str) -> tuple[int, str] | None:
    """The index and character of the first character that could drive a terminal."""
    match = UNSAFE_CHARACTERS.search(text)
    if match is None:
        return None
    return match.start(), match.group()


def first_invisible_character(text: str) -> tuple[int, str] | None:
    """The index and character of the first character that draws nothing (see above)."""
    match = INVISIBLE_CHARACTERS.search(text)
    if match is None:
        return None
    return match.start(), match.group()


def describe_character(char: str) -> str:
    return f"U+{ord(char):04X}"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        # The Unicode "control pictures" block mirrors C0: U+241B is a visible ESC symbol.
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def escape_hidden(toml_text: str) -> str:
    """TOML text with every character of ``ESCAPED_IN_FILES`` as a ``\\u`` escape.

    Only for TOML in which such characters can stand only inside basic strings (keys are plain
    ids): there an escape reads back as the same character.
    """

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"

    return ESCAPED_IN_FILES.sub(escaped, toml_text)


def make_visible(text: str) -> str:
    """Replace every unsafe character by a visible stand-in, so it is shown but never acted on.

    Windows line endings are shown as plain line breaks rather than as a stray symbol.
    """
    return HIDDEN_CHARACTERS.sub(_visible, text.replace("\r\n", "\n"))


def strip_unsafe(text: str) -> str:
    """Drop every unsafe character (for plain-text exports meant to be read by people)."""
    return UNSAFE_CHARACTERS.sub("", text.replace("\r\n", "\n"))


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """``1 role``, ``2 roles``, ``1,000 responsibilities``: a count with its noun."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"
