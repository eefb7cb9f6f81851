"""A TextArea that applies the keys typed into it in the order typed (see ``in_order.py``).

Apart from the Input so that TextArea (and its syntax themes) load with the note editor, not
before the first frame.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from finops_tui.tui.widgets._textual_seams import run_own_binding


class InOrderTextArea(TextArea):
    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
