"""The team's RACI matrix on screen: people as columns, responsibilities (or roles, or people) as rows.

Drawn line by line like the collaboration matrix (a ScrollView returning Strips), so that 500
people and 100 rows scroll and move the cursor without a widget per cell: the label column and
the heads stay in view while the cells scroll both ways; the cursor's row and column are
highlighted. A row with a failing check carries its severity's symbol (``✗``, ``!``, ``i``) in
its own colour, so a gap never shows by colour alone.

The rows, the cells and their text come from finops_tui.exchange.team_formats.view_table; every
piece of user text is drawn as a plain text segment, never read as markup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.text import make_visible
from finops_tui.exchange.team import YOU, TeamReport, initials
from finops_tui.exchange.team_formats import (
    EMPTY_CELL,
    GROUPED_HEADS,
    SEVERITY_MARKS,
    Table,
    TableRow,
    View,
    view_table,
    worst_severity,
)
from finops_tui.tui.widgets._textual_seams import set_scroll_size

MAX_LABEL_WIDTH = 44
Pieces = list[tuple[str, str]]
"""Text and the component names styling it, as drawn in a line."""
HEADER_HEIGHT = 2  # the heads, then a rule
RULE = "─"
BAR = "│"


def one_line(text: str) -> str:
    return make_visible(text).replace("\t", " ").replace("\n", " ")


@dataclass(frozen=True)
class TeamGrid:
    """What the widget draws: the rows in sight (after "gaps only"), the heads and the widths."""

    table: Table
    rows: tuple[TableRow, ...]
    severities: tuple[str | None, ...]
    """The worst failing check of each row (None: none fails)."""
    heads: tuple[str, ...]
    widths: tuple[int, ...]
    column_x: tuple[int, ...]
    label_width: int

    @classmethod
    def of(cls, report: TeamReport, view: View, *, gaps_only: bool) -> TeamGrid:
        table = view_table(report, view)
        severities = [worst_severity(report.findings_for(row.subject)) for row in table.rows]
        rows = list(zip(table.rows, severities, strict=True))
        if gaps_only:
            rows = _gap_rows(rows)
        people = len(report.members) if table.people_columns else 0
        heads = initials(table.heads[:people]) + table.heads[people:]
        heads = [
            YOU if index < people and report.members[index].is_you else head
            for index, head in enumerate(heads)
        ]
        widths = [max(3, display_width(one_line(head)) + 1) for head in heads]
        # The longest cell of each column, measured by length first (cells are short and plain).
        columns = zip(*(row.cells for row, _ in rows), strict=True) if rows else ()
        for index, column in enumerate(columns):
            longest = max(column, key=len)
            if len(longest) >= widths[index]:
                widths[index] = max(widths[index], display_width(one_line(longest)) + 1)
        column_x, x = [], 0
        for width in widths:
            column_x.append(x)
            x += width
        labels = [display_width(one_line(row.label)) + (0 if row.group else 2) for row, _ in rows]
        label_width = min(MAX_LABEL_WIDTH, max([len(table.label_head), *labels]))
        return cls(
            table,
            tuple(row for row, _ in rows),
            tuple(severity for _, severity in rows),
            tuple(heads),
            tuple(widths),
            tuple(column_x),
            label_width,
        )

    @property
    def fixed_width(self) -> int:
        """The mark, a space, the label, a space and the bar."""
        return 2 + self.label_width + 1 + len(BAR)

    @property
    def cells_width(self) -> int:
        return sum(self.widths)

    def cell_region(self, row: int, col: int) -> Region:
        width = self.widths[col] if self.widths else 1
        x = self.column_x[col] if self.column_x else 0
        return Region(self.fixed_width + x, HEADER_HEIGHT + row, width, 1)

    def column_at(self, x: int) -> int | None:
        for col, start in enumerate(self.column_x):
            if start <= x < start + self.widths[col]:
                return col
        return None


def _gap_rows(rows: list[tuple[TableRow, str | None]]) -> list[tuple[TableRow, str | None]]:
    """Rows with a failing check, and the heading of each role that keeps one."""
    kept: list[tuple[TableRow, str | None]] = []
    heading: tuple[TableRow, str | None] | None = None
    for row, severity in rows:
        if row.group:
            heading = (row, severity)
            if severity is not None:
                kept.append(heading)
                heading = None
            continue
        if severity is None:
            continue
        if heading is not None:
            kept.append(heading)
            heading = None
        kept.append((row, severity))
    return kept


class TeamMatrix(ScrollView, can_focus=True, inherit_bindings=False):
    """The matrix; the screen owns the cursor (``row``, ``col``) and every key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "team-matrix--head",
        "team-matrix--label",
        "team-matrix--group",
        "team-matrix--rule",
        "team-matrix--letter",
        "team-matrix--held",
        "team-matrix--empty",
        "team-matrix--you",
        "team-matrix--error",
        "team-matrix--warning",
        "team-matrix--info",
        "team-matrix--crosshair",
        "team-matrix--cursor",
        "team-matrix--active-label",
    }

    row: reactive[int] = reactive(0)
    col: reactive[int] = reactive(0)

    class CellClicked(Message):
        """The mouse pointed at a cell: a row, a column, or both (None: unchanged)."""

        def __init__(self, row: int | None, col: int | None) -> None:
            super().__init__()
            self.row = row
            self.col = col

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grid: TeamGrid | None = None
        self._you_column: int | None = None
        self._styles: dict[str, Style] = {}
        self._line_styles: dict[str, Style] = {}
        self._base: Style | None = None

    def show(self, grid: TeamGrid, you_column: int | None) -> None:
        self.grid = grid
        self._you_column = you_column
        size = Size(grid.fixed_width + grid.cells_width, HEADER_HEIGHT + len(grid.rows))
        if self.size and self.styles.overflow_x == "scroll" and self.styles.overflow_y == "scroll":
            set_scroll_size(self, size)  # the scrollbars stay: no layout needed
        else:
            self.virtual_size = size
            self.refresh()
        self._cursor_moved()

    # -- the cursor -----------------------------------------------------------------------------

    def watch_row(self) -> None:
        self._cursor_moved()

    def watch_col(self) -> None:
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self.refresh()
        if self.size:
            # Scrolled now, drawn in the same frame (after a refresh it would take one more).
            self.scroll_cursor_into_view()
        else:
            self.call_after_refresh(self.scroll_cursor_into_view)

    def scroll_cursor_into_view(self) -> None:
        grid = self.grid
        if grid is None or not grid.rows or not self.size:
            return
        row = min(self.row, len(grid.rows) - 1)
        col = min(self.col, max(0, len(grid.widths) - 1))
        region = grid.cell_region(row, col)
        spacing = Spacing(HEADER_HEIGHT, 0, 0, grid.fixed_width)
        self.scroll_to_region(region, spacing=spacing, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_cursor_into_view)

    def on_click(self, event: events.Click) -> None:
        grid = self.grid
        offset = event.get_content_offset(self)
        if grid is None or offset is None:
            return
        scroll_x, scroll_y = self.scroll_offset
        col = grid.column_at(offset.x - grid.fixed_width + scroll_x) if offset.x >= grid.fixed_width else None
        row = None
        if offset.y >= HEADER_HEIGHT:
            line = offset.y - HEADER_HEIGHT + scroll_y
            row = line if line < len(grid.rows) else None
        if row is not None or col is not None:
            self.post_message(self.CellClicked(row, col))

    # -- drawing --------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._line_styles.clear()

    def _style(self, names: str) -> Style:
        """One component's style, or a foreground component's colour over a background one's."""
        if names not in self._styles:
            first, *background = (self.get_component_rich_style(f"team-matrix--{n}") for n in names.split())
            style = first
            if background:
                style = background[0] + Style(color=first.color, bold=first.bold, italic=first.italic)
            self._styles[names] = style
        return self._styles[names]

    def _segments(self, pieces: list[tuple[str, str]]) -> list[Segment]:
        """The pieces as segments over the widget's own style (its background), styles cached."""
        base = self.rich_style
        if base != self._base:
            self._base = base
            self._line_styles.clear()
        styles = self._line_styles
        segments = []
        for text, names in pieces:
            style = styles.get(names)
            if style is None:
                style = styles[names] = base + self._style(names)
            segments.append(Segment(text, style))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        grid = self.grid
        if grid is None:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        view = max(0, width - grid.fixed_width)
        # Only the columns in view are drawn: 500 people would be 500 cells a line.
        first = max(0, bisect_right(grid.column_x, scroll_x) - 1)
        last = bisect_left(grid.column_x, scroll_x + view)
        offset = grid.column_x[first] if grid.column_x else 0
        if y == 0:
            fixed, cells = self._head_line(first, last)
        elif y == 1:
            fixed = [(RULE * (grid.fixed_width - 1) + "┼", "rule")]
            cells = [(RULE * (grid.cells_width - offset), "rule")]
        elif (line := y - HEADER_HEIGHT + scroll_y) < len(grid.rows):
            fixed, cells = self._body_line(line, first, last)
        else:
            return Strip.blank(width, base)
        # Few strips a line: each costs more than the text in it (a full frame draws every line).
        visible = Strip(self._segments(cells)).crop(scroll_x - offset, scroll_x - offset + view)
        line_strip = Strip([*self._segments(fixed), *visible])
        if line_strip.cell_length > width:
            return line_strip.crop(0, width)
        return line_strip.extend_cell_length(width, base)

    def _head_line(self, first: int, last: int) -> tuple[Pieces, Pieces]:
        grid = self.grid
        assert grid is not None
        label = pad("  " + grid.table.label_head, grid.fixed_width - 1)
        pieces: list[tuple[str, str]] = []
        for col in range(first, last):
            head, width = grid.heads[col], grid.widths[col]
            style = "head"
            if col == self._you_column:
                style = "you"
            if col == self.col:
                style = "active-label"
            pieces.append((pad(fit(one_line(head), width - 1), width), style))
        return [(label, "head"), (BAR, "rule")], pieces

    def _body_line(self, line: int, first: int, last: int) -> tuple[Pieces, Pieces]:
        grid = self.grid
        assert grid is not None
        row = grid.rows[line]
        severity = grid.severities[line]
        mark = SEVERITY_MARKS[severity] if severity else " "
        indent = "  " if not row.group and grid.table.label_head in GROUPED_HEADS else ""
        label = pad(fit(one_line(indent + row.label), grid.label_width), grid.label_width)
        label_style = "active-label" if line == self.row else ("group" if row.group else "label")
        fixed = [
            (mark, severity or "label"),
            (" ", "label"),
            (label, label_style),
            (" ", "label"),
            (BAR, "rule"),
        ]
        pieces: list[tuple[str, str]] = []
        for col in range(first, last):
            cell, width = row.cells[col], grid.widths[col]
            shown = cell or ("" if row.group else EMPTY_CELL)
            kind = "letter" if cell else "empty"
            if row.group and cell:
                kind = "held"
            elif not cell and severity == "error":
                kind = "error"  # an empty cell on a failing row: the gap, in the gap's colour
            text = pad(fit(one_line(shown), width - 1), width)
            if line == self.row and col == self.col:
                pieces.append((text, "cursor"))
            elif line == self.row or col == self.col:
                pieces.append((text, f"{kind} crosshair"))
            else:
                pieces.append((text, kind))
        return fixed, pieces
