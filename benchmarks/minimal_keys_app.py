"""The floor for key latency: the same kinds of key, in a minimal Textual app.

keys.py drives it with the script it plays on finops-tui, so each figure has a Textual-only
counterpart measured the same way on the same machine:

- ``down``/``up`` move an OptionList cursor (the role list);
- ``slash`` focuses an Input, characters and ``backspace`` edit it, ``enter`` goes back to the
  list (the filter);
- ``enter`` on the list pushes a screen of one OptionList, made once and kept as finops-tui
  keeps its detail screens, ``escape`` pops it (a role's detail);
- ``space`` there redraws the highlighted option with a mark toggled (a RACI letter, unsaved).

No footer: Textual's rebuilds its keys several times when a screen is pushed or popped (about
100 ms here), which finops-tui's own footer avoids; it would be the floor of nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList

LINES = [f"Line {number}: a short line of text, as long as a role's name or so" for number in range(1, 41)]


class MarkedList(OptionList):
    """An option list whose highlighted line space marks and unmarks."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_mark", "Mark")]

    def action_toggle_mark(self) -> None:
        index = self.highlighted
        if index is not None:
            prompt = str(self.get_option_at_index(index).prompt)
            marked = prompt[2:] if prompt.startswith("* ") else f"* {prompt}"
            self.replace_option_prompt_at_index(index, marked)


class LinesScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkedList(*LINES)


class MinimalKeysApp(App[None]):
    TITLE = "minimal"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("slash", "focus_input", "Filter")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type here")
        yield OptionList(*LINES)

    def on_mount(self) -> None:
        self.install_screen(LinesScreen(), "lines")
        self.query_one(OptionList).focus()

    def action_focus_input(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _back_to_list(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _open(self) -> None:
        self.push_screen("lines")


if __name__ == "__main__":
    MinimalKeysApp().run()
