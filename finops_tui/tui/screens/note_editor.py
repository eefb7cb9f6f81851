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

from finops_tui.core.text import HIDDEN_CHARACTERS
from finops_tui.notes.recovery import Draft, NoteTarget
from finops_tui.notes.rules import note_problem
from finops_tui.tui.screens.question import YesOrNo
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.in_order_text_area import InOrderTextArea

if TYPE_CHECKING:
    from finops_tui.core.models import Catalog
    from finops_tui.tui.app import FinopsApp


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the "control pictures" block mirrors C0: ESC shows as ␛
    return "\u2421" if code == 0x7F else "\ufffd"


class NoteArea(InOrderTextArea):
    """A TextArea that shows control and invisible characters as symbols (never sent raw).

    A stock TextArea writes a note's ESC sequences straight to the screen (a note holding
    "\\x1b[2J" cleared it). Only the display changes: the text, and so the saved note, keeps
    every character. One symbol per character keeps the cursor and selection on the right
    characters; only soft wrapping counts such characters as zero-width, so a line holding
    them may wrap a few cells late.
    """

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text(HIDDEN_CHARACTERS.sub(_symbol, line), end="", no_wrap=True)


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


def edit_note(
    app: FinopsApp,
    role_id: str,
    responsibility_id: str | None = None,
    *,
    draft: str | None = None,
    started_from: str | None = None,
) -> None:
    """Open the editor on a note of the user's; what it saves goes to the store.

    The one way every screen edits a note (a problem saving it is shown by the app). ``draft``
    is what the editor starts with (a kept draft, or the user's text after a conflict);
    ``started_from`` the note it counts as unchanged (default: the note as saved now).
    """
    store = app.store
    title = note_title(store.catalog, role_id, responsibility_id)
    original = store.note_text(role_id, responsibility_id) if started_from is None else started_from
    editor = NoteEditor(title, original, target=NoteTarget(role_id, responsibility_id), draft=draft)

    def save(text: str | None) -> None:
        if text is not None:
            save_edited_note(app, role_id, responsibility_id, text, started_from=editor.original)

    app.push_screen(editor, save)


def save_edited_note(
    app: FinopsApp, role_id: str, responsibility_id: str | None, text: str, *, started_from: str
) -> None:
    """Save ``text``; when another copy changed the note meanwhile, ask which text to keep."""
    from finops_tui.notes.errors import NoteConflict
    from finops_tui.tui.screens.note_conflict import NoteConflictDialog

    store = app.store
    try:
        store.set_note(role_id, responsibility_id, text, started_from=started_from)
    except NoteConflict as conflict:
        theirs = conflict.theirs

        def decided(choice: str | None) -> None:
            both = f"{theirs}\n\n{text}" if theirs else text
            if choice == "mine":
                store.set_note(role_id, responsibility_id, text)
            elif choice == "theirs":
                store.set_note(role_id, responsibility_id, theirs)
            elif choice == "both" and note_problem(both) is None:
                store.set_note(role_id, responsibility_id, both)
            else:  # back to editing (or both together too long to save): nothing is lost
                kept = both if choice == "both" else text
                edit_note(app, role_id, responsibility_id, draft=kept, started_from=theirs)

        app.push_screen(NoteConflictDialog(text, theirs), decided)


class NoteEditor(ModalScreen[str | None]):
    """Returns the new text on save, or None when the user leaves without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", priority=True),
    ]

    def __init__(
        self, title: str, text: str, *, target: NoteTarget | None = None, draft: str | None = None
    ) -> None:
        """``text`` is the note as saved; ``draft``, when given, is what the editor starts with
        (a draft kept from an earlier run); ``target`` says which note, for keeping drafts."""
        super().__init__()
        self._title = title
        self._original = text
        self._draft = draft
        self.target = target

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
        if self._draft is not None:
            area.load_text(self._draft)
            area.move_cursor(area.document.end)

    @property
    def original(self) -> str:
        """The note as it was when the editor opened (as the TextArea holds it)."""
        return self._original

    @property
    def has_unsaved_input(self) -> bool:
        return self.is_mounted and self.text != self._original

    def unsaved_draft(self) -> Draft | None:
        """What would be lost if the app stopped now, when it can be kept for the next start."""
        if self.target is None or not self.has_unsaved_input:
            return None
        return Draft(self.target, self.text, self._original)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        text = self.text
        problem = note_problem(text)
        if problem is not None:
            # Refused here, with the text still in the editor: once closed it would be lost.
            self.notify(f"This note cannot be saved: it {problem}.", severity="error", markup=False)
            return
        self.dismiss(text if text != self._original else None)

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
    """Asks before unsaved changes are dropped; returns True to discard them.

    The question and the button labels can be changed for other things that would be lost
    (quitting with a draft open, changes that could not be saved); the keys stay the same.
    """

    YES_BUTTON = "discard-yes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,d", "answer(True)", "Discard", id="discard.yes"),
        Binding("n,escape", "answer(False)", "Keep editing", id="discard.no"),
    ]

    def __init__(
        self,
        question: str = "Discard your changes to this note?",
        *,
        keep: str = "Keep editing (n)",
        discard: str = "Discard (d)",
    ) -> None:
        super().__init__()
        self._question = question
        self._keep = keep
        self._discard = discard

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            yield Label(plain(self._question), id="discard-question")
            with Horizontal(id="discard-buttons"):
                yield Button(self._keep, id="discard-keep", variant="primary")
                yield Button(self._discard, id="discard-yes", variant="error")
