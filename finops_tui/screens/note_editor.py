"""The modal note editor: multi-line, ctrl+s saves, escape asks before dropping changes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from finops_tui.widgets.content import plain


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
            yield TextArea(self._original, id="editor-text", soft_wrap=True, tab_behavior="indent")
            with Horizontal(id="editor-buttons"):
                yield Label("ctrl+s save · escape cancel", id="editor-hint")
                yield Button("Cancel", id="editor-cancel")
                yield Button("Save", id="editor-save", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = False
        area.move_cursor(area.document.end)
        area.focus()

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


class DiscardChanges(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,d", "discard", "Discard", id="discard.yes"),
        Binding("n,escape", "keep", "Keep editing", id="discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            yield Label("Discard your changes to this note?")
            with Horizontal(id="discard-buttons"):
                yield Button("Keep editing (n)", id="discard-keep", variant="primary")
                yield Button("Discard (d)", id="discard-yes", variant="error")

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard-yes")
    def _discard_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#discard-keep")
    def _keep_pressed(self) -> None:
        self.dismiss(False)
