"""The modal note editor: multi-line, ctrl+s saves, escape asks before dropping changes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from finops_tui.core.text import UNSAFE_CHARACTERS
from finops_tui.tui.screens.question import YesOrNo
from finops_tui.tui.widgets.content import plain

if TYPE_CHECKING:
    from finops_tui.core.models import Catalog
    from finops_tui.tui.app import FinopsApp


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the "control pictures" block mirrors C0: ESC shows as ␛
    return "\u2421" if code == 0x7F else "\ufffd"


class NoteArea(TextArea):
    """A TextArea that shows control characters as symbols instead of sending them to the terminal.

    A stock TextArea writes a note's ESC sequences straight to the screen (a note holding
    "\\x1b[2J" cleared it). Only the display changes: the text, and so the saved note, keeps
    every character. One symbol per character keeps the cursor and selection on the right
    characters; only soft wrapping counts such characters as zero-width, so a line holding
    them may wrap a few cells late.
    """

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text(UNSAFE_CHARACTERS.sub(_symbol, line), end="", no_wrap=True)


def note_title(catalog: Catalog, role_id: str, responsibility_id: str | None) -> str:
    """What the editor says the note is about: the role, or the responsibility's text."""
    role = catalog.role(role_id)
    role_name = role.name if role else role_id
    if responsibility_id is None:
        return f"Your note on the role {role_name}"
    responsibility = role.responsibility(responsibility_id) if role else None
    return "Your note on: " + (
        responsibility.text if responsibility else f"{role_name} / {responsibility_id}"
    )


def edit_note(app: FinopsApp, role_id: str, responsibility_id: str | None = None) -> None:
    """Open the editor on a note of the user's; what it saves goes to the store.

    The one way every screen edits a note (a problem saving it is shown by the app).
    """
    store = app.store

    def save(text: str | None) -> None:
        if text is not None:
            store.set_note(role_id, responsibility_id, text)

    title = note_title(store.catalog, role_id, responsibility_id)
    app.push_screen(NoteEditor(title, store.note_text(role_id, responsibility_id)), save)


class NoteEditor(ModalScreen[str | None]):
    """Returns the new text on save, or None when the user leaves without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._original = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-dialog"):
            yield Label(plain(self._title, "bold"), id="editor-title")
            yield NoteArea(self._original, id="editor-text", soft_wrap=True, tab_behavior="indent")
            with Horizontal(id="editor-buttons"):
                yield Label("ctrl+s save · escape cancel", id="editor-hint")
                yield Button("Cancel", id="editor-cancel")
                yield Button("Save", id="editor-save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = False
        area.move_cursor(area.document.end)
        area.focus()
        # The text as the TextArea holds it (it reads U+2028 and a few others as line breaks),
        # so that a note opened and left alone is never written back changed.
        self._original = area.text

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text if self.text != self._original else None)

    def action_cancel(self) -> None:
        if self.text == self._original:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardChanges(), decided)

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class DiscardChanges(YesOrNo):
    """Asks before unsaved changes to a note are dropped; returns True to discard them."""

    YES_BUTTON = "discard-yes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,d", "answer(True)", "Discard", id="discard.yes"),
        Binding("n,escape", "answer(False)", "Keep editing", id="discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            yield Label("Discard your changes to this note?")
            with Horizontal(id="discard-buttons"):
                yield Button("Keep editing (n)", id="discard-keep", variant="primary")
                yield Button("Discard (d)", id="discard-yes", variant="error")
