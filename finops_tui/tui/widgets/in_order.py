"""Text boxes that apply the keys typed into them in the order typed.

A stock Input or TextArea inserts a character as soon as it gets the key, but runs its editing
keys (backspace, arrows, ctrl+u, ...) only once they have bubbled up to the app: typed fast,
``teh`` backspace backspace ``he cat`` became ``tehhe c...`` (Textual issue 6605). These run
their own bindings at once instead, as Textual's proposed fix (PR 6631) does, until a Textual
release has it. The app already holds keys typed ahead until the one before is done
(tui/typeahead.py); this keeps a text box right wherever it is used, and saves each editing key
its trip up to the app.

The text area is in ``in_order_text_area.py``: TextArea is loaded with the note editor, not
before the first frame.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from finops_tui.tui.widgets._textual_seams import run_own_binding


class InOrderInput(Input):
    async def on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
