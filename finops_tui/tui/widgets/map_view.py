"""What the two views of the collaboration map share: the cursor, styles, clicks, staying in view.

The matrix and the focus diagram each draw the map their own way; the screen owns the cursor
(a row role and a column role), sets it on the view shown, and asks the view where a move lands
(:meth:`MapView.moved`), so both views answer the same keys listed once in help and footer.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView

from finops_tui.catalog.collabmap import CollaborationMatrix


class MapView(ScrollView, can_focus=True, inherit_bindings=False):
    """A view of the map with a cursor on a cell: ``row`` is a role, ``col`` the role it meets.

    It has no key bindings of its own (the screen has them all, so help and footer list them).
    """

    COMPONENT_PREFIX: ClassVar[str] = ""
    """The prefix of the view's component classes (``map-matrix`` for ``map-matrix--label``)."""

    class CellClicked(Message):
        """The mouse pointed at a cell of the map: a row, a column, or both (None: unchanged)."""

        def __init__(self, row: int | None, col: int | None) -> None:
            super().__init__()
            self.row = row
            """The row role's index, or None when the click chose no row."""
            self.col = col
            """The column role's index, or None when the click chose no column."""

    row: reactive[int] = reactive(0)
    col: reactive[int] = reactive(0)

    def __init__(self, matrix: CollaborationMatrix, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matrix = matrix
        self._styles: dict[str, Style] = {}

    # -- what the cursor does -------------------------------------------------------------------

    def moved(self, row: int, col: int, rows: int, cols: int) -> tuple[int, int]:
        """Where the cursor lands after a move of ``rows`` down and ``cols`` right (kept in bounds)."""
        last = len(self.matrix) - 1
        return max(0, min(last, row + rows)), max(0, min(last, col + cols))

    def cursor_changed(self) -> None:
        """The cursor, the size or the visibility changed: redraw, then bring the cursor into view."""
        self.refresh()
        self.call_after_refresh(self.scroll_cursor_into_view)

    def scroll_cursor_into_view(self) -> None:
        """Scroll so that the cursor's cell (or connection) shows."""

    def watch_row(self) -> None:
        self.cursor_changed()

    def watch_col(self) -> None:
        self.cursor_changed()

    def on_resize(self) -> None:
        self.cursor_changed()

    def on_show(self) -> None:
        self.cursor_changed()

    def clicked(self, row: int | None, col: int | None) -> None:
        if row is not None or col is not None:
            self.post_message(self.CellClicked(row, col))

    # -- styles ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def component_style(self, names: str) -> Style:
        """The style of a piece: one component name, or a foreground name and a background name.

        Component colours are resolved in full (theme colours with alpha need the background
        they sit on), so layering takes the colour of the first and the rest of the second.
        """
        if names not in self._styles:
            first, *background = (
                self.get_component_rich_style(f"{self.COMPONENT_PREFIX}--{name}") for name in names.split()
            )
            style = first
            if background:
                style = background[0] + Style(color=first.color, bold=first.bold, italic=first.italic)
            self._styles[names] = style
        return self._styles[names]
