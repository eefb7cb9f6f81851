"""A header whose title follows the screen's sub-title in the same frame."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Header

from finops_tui.tui.widgets._textual_seams import HeaderTitle

# Textual's icon (U+2B58) is in neither the browser page's font nor the usual monospace fonts, so a
# browser drew a missing-glyph box; this circle is in all of them. Terminals keep Textual's icon.
WEB_ICON = "○"


class SteadyTitle(HeaderTitle):
    """The header's title: sized by the header, so a new title is only repainted, never laid out."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if not _same(content, self.content):  # the same title comes again: see SteadyHeader
            super().update(content, layout=False)


class AppHeader(Header):
    """Textual's header, with an icon a browser page can draw when the app is served."""

    def compose(self) -> ComposeResult:
        if self.app.is_web:
            self.icon = WEB_ICON
        yield from super().compose()


class SteadyHeader(AppHeader):
    """Textual's header, with a title that changes as the screen's sub-title is set.

    Textual's header sets its title in a watcher it awaits later, once the screen under it has
    been laid out and drawn: a screen showing another role (the detail, with the role's name as
    its sub-title) cost a second layout and frame for the title alone. This header sets it at
    once; Textual's own watcher then finds the same title and leaves it.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield SteadyTitle() if type(widget) is HeaderTitle else widget

    def on_mount(self, event: events.Mount) -> None:
        # Runs before Header's own mount handler (Textual calls the handler of each class).
        self.watch(self.screen, "sub_title", self._show_title, init=False)

    def _show_title(self) -> None:
        self.query_one(SteadyTitle).update(self.format_title())


def _same(content: VisualType, shown: VisualType) -> bool:
    if isinstance(content, Content) and isinstance(shown, Content):
        return content.plain == shown.plain and content.spans == shown.spans
    return False
