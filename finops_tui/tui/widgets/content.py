"""Turning user text into Textual Content that is shown literally and can never act.

Role data and notes are never parsed as markup: a name like ``[@click=app.quit]x[/]`` is shown
as those characters, and control characters are shown as harmless symbols.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from finops_tui.catalog.search import Span
from finops_tui.core.text import make_visible

MATCH_STYLE = "bold reverse"
HELD_MARK = "★"
"""Marks a role the user holds, wherever roles are listed or shown."""
NOTE_MARK = "✎"
"""Marks a role or responsibility the user wrote a note on."""
HELD_TEXT = f"{HELD_MARK} you hold this role"


def plain(text: str, style: str = "") -> Content:
    visible = make_visible(text)
    return Content.styled(visible, style) if style else Content(visible)


def highlighted(text: str, spans: Iterable[Span], style: str = "") -> Content:
    """``text`` with the matched spans stood out (spans index into ``text``)."""
    content = plain(text, style)
    for start, end in spans:
        content = content.stylize(MATCH_STYLE, start, end)
    return content
