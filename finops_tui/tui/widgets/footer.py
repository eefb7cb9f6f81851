"""A footer that rebuilds its keys only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer

from finops_tui.tui.widgets._textual_seams import footer_keys_ready, show_footer_keys_at_mount


class SteadyFooter(Footer):
    """Textual's footer, without the rebuilds that would show the same keys again.

    Textual rebuilds the footer whenever a screen's keys may have changed: when the focus
    moves, and when the screen is shown or covered by another. Opening a role rebuilt it about
    six times, and going back to the list once more, each rebuild (and the layout after it)
    costing as much as laying out the rest of the screen, and most showing the same keys.
    """

    def __init__(self, *, keys_at_mount: bool = False) -> None:
        """``keys_at_mount``: show the keys in the first frame already.

        Textual's footer starts empty and gets its keys after the first frame, once the focus
        is known; that costs one more layout and frame. A screen whose first focus adds no
        shown key can skip it (on the role list, the list's focus adds "Open").
        """
        super().__init__()
        if keys_at_mount:
            show_footer_keys_at_mount(self)
        self._shown: Hashable = None

    def _keys(self) -> Hashable:
        """What the footer shows of the screen's keys, as Footer.compose picks them.

        The first shown binding of each action (enabled or not, with its tooltip), and the
        command palette's: a focused list binding "left" to scrolling changes nothing shown
        while "[" still goes to the previous role.
        """
        shown: dict[str, tuple[object, ...]] = {}
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        return tuple(shown.items())

    def compose(self) -> ComposeResult:
        # Footer composes nothing until its bindings are ready (its own flag).
        self._shown = self._keys() if footer_keys_ready(self) else None
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await super().recompose()
