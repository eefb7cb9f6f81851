"""Asks for the user's name, written as ``person`` in their exports so a team sees who made each.

Shown from the palette ("Set your name") and the first time the export dialog is opened without
a name; the app saves the answer in config.toml.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from finops_tui.core.settings import NAME_MAX_LENGTH
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.content import plain


class NameDialog(ModalScreen[str | None]):
    """Returns the name typed (stripped, not empty), or None when the user skips."""

    CSS_PATH = stylesheet("export")
    AUTO_FOCUS = "#name-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="name.skip", priority=True),
    ]

    def __init__(self, prefill: str) -> None:
        super().__init__()
        self._prefill = prefill

    def compose(self) -> ComposeResult:
        with Vertical(id="name-dialog"):
            yield Label(plain("Your name", "bold"), id="name-title")
            yield Static("Your exports carry it, so the team sees who made each one.", id="name-detail")
            name_input = Input(
                self._prefill, id="name-input", max_length=NAME_MAX_LENGTH, select_on_focus=False
            )
            name_input.border_title = "Name"
            yield name_input
            yield Static(id="name-error", markup=False)
            with Horizontal(id="name-buttons"):
                yield Label("enter save · escape skip", id="name-hint")
                yield Button("Skip", id="name-skip")
                yield Button("Save", id="name-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#name-error").display = False

    @on(Input.Submitted, "#name-input")
    @on(Button.Pressed, "#name-save")
    def _save(self) -> None:
        name = self.query_one("#name-input", Input).value.strip()
        if not name:
            error = self.query_one("#name-error", Static)
            error.update("Type a name, or press escape to skip.")
            error.display = True
            return
        self.dismiss(name)

    @on(Button.Pressed, "#name-skip")
    def action_skip(self) -> None:
        self.dismiss(None)
