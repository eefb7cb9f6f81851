"""What makes a note's text acceptable: one rule shared by every reader and writer of notes.

No Textual, no pydantic. The fast reader of notes.toml, the pydantic schema, the importer and
the changes the app makes all ask :func:`note_problem`, so none of them accepts a note another
refuses. The maximum length is what the note editor can edit at a keystroke well under 50 ms
(benchmarks/README.md has the figures).
"""

from __future__ import annotations

import re

from finops_tui.core.models import NOTE_MAX_LENGTH, RACI_LETTERS, Raci

# A lone surrogate (half of a broken paste) is not a character: it cannot be written as UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def note_problem(value: object) -> str | None:
    """Why ``value`` cannot be a note, in a few words; None when it can."""
    if type(value) is not str:
        return "expected a string"
    if len(value) > NOTE_MAX_LENGTH:
        return f"is too long ({len(value):,} characters; at most {NOTE_MAX_LENGTH:,})"
    surrogate = LONE_SURROGATE.search(value)
    if surrogate is not None:
        return (
            f"holds a lone surrogate (\\ud800-\\udfff) at character {surrogate.start() + 1}, "
            "which is not a character"
        )
    return None


def is_note(value: object) -> bool:
    return note_problem(value) is None


def checked_note(value: str) -> str:
    """``value`` if it is a note; else ValueError saying why (a pydantic validator uses this)."""
    problem = note_problem(value)
    if problem is not None:
        raise ValueError(f"the note {problem}")
    return value


def repaired_raci(value: object) -> Raci | None:
    """The RACI letter a hand-edited value means (``"r"`` is R), or None when it means none."""
    if type(value) is str and value.strip().upper() in RACI_LETTERS:
        return value.strip().upper()  # type: ignore[return-value]
    return None
