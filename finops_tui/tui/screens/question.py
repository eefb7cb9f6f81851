"""A yes-or-no question in a modal dialog: the answer is what the screen returns."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Button


class YesOrNo(ModalScreen[bool]):
    """Returns True for the button with id ``YES_BUTTON`` (or the "yes" action), else False.

    Subclasses compose the question and its two buttons, and bind keys to ``answer(True)`` and
    ``answer(False)``.
    """

    YES_BUTTON: ClassVar[str]

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _answered(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == self.YES_BUTTON)
