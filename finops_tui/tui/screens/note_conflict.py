"""Asked at save when another copy of the app changed the same note meanwhile."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.content import plain

Choice = Literal["mine", "theirs", "both"]
# How much of each version the dialog shows: enough to tell them apart.
PREVIEW_LINES = 4


class NoteConflictDialog(ModalScreen["Choice | None"]):
    """Returns which text to keep: "mine", "theirs" or "both"; None to go back to editing."""

    CSS_PATH = stylesheet("conflict")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Keep theirs", id="conflict.theirs"),
        Binding("b", "choose('both')", "Keep both", id="conflict.both"),
        Binding("escape,e", "choose(None)", "Back to editing", id="conflict.edit"),
    ]

    def __init__(self, mine: str, theirs: str) -> None:
        super().__init__()
        self._mine = mine
        self._theirs = theirs

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog"):
            yield Label(plain("This note was changed elsewhere while you edited it", "bold"))
            yield Label("Saved meanwhile (theirs):", classes="conflict-heading")
            yield Static(plain(_preview(self._theirs)), id="conflict-theirs", classes="conflict-text")
            yield Label("Yours:", classes="conflict-heading")
            yield Static(plain(_preview(self._mine)), id="conflict-mine", classes="conflict-text")
            with Horizontal(id="conflict-buttons"):
                yield Button("Keep mine (m)", id="conflict-mine-button", variant="primary")
                yield Button("Keep theirs (t)", id="conflict-theirs-button")
                yield Button("Keep both (b)", id="conflict-both-button")
            yield Label("escape: back to editing", id="conflict-hint")

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choices: dict[str | None, Choice] = {
            "conflict-mine-button": "mine",
            "conflict-theirs-button": "theirs",
            "conflict-both-button": "both",
        }
        self.dismiss(choices.get(event.button.id))


def _preview(text: str) -> str:
    if not text:
        return "(empty: the note was deleted)"
    lines = text.splitlines()
    shown = "\n".join(lines[:PREVIEW_LINES])
    return shown + ("\n…" if len(lines) > PREVIEW_LINES else "")
