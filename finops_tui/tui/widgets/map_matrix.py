"""The collaboration matrix: every role as a row and a column, a mark where two roles work together.

A DataTable cannot do this at 80 columns: it cuts each header label to its column's width, and
eleven 8-character labels do not fit side by side. So the matrix draws its own lines (Textual's
line API): column labels are staggered over two header lines, each one free to run over the
column next to it; the header and the label column stay in view while the cells scroll.

Every string from role data is drawn as a plain text segment, so it can never act as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.strip import Strip

from finops_tui.catalog.collabmap import CollaborationMatrix, RoleGroup, cell_mark
from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.models import Role
from finops_tui.core.text import make_visible, plural
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.map_view import MapView

CELL_WIDTH = 5  # " ●50 ": the widest mark with a space either side
MAX_HEADER_LINES = 3
RULE = "─"
BAR = "│"
CROSS = "┼"
BULLET = "•"


def cell_text(text: str) -> str:
    """Role data as one line of terminal cells: control characters visible, tabs as spaces."""
    return make_visible(text).replace("\t", " ").replace("\n", " ")


# ---------------------------------------------------------------------------------------------
# Where everything goes (pure geometry: nothing here draws)


@dataclass(frozen=True)
class MatrixGeometry:
    """The matrix in terminal cells.

    The fixed part (label column) is ``" label │"``; the scrolling part holds the columns, one
    group after another with a ``│`` between groups. Lines: the header (group headings, the
    staggered column labels, a rule) and then the body (each group's rows, a rule between groups).
    """

    label_width: int
    column_x: tuple[int, ...]  # x of each column in the scrolling part
    separator_x: tuple[int, ...]  # x of the bar between two groups, in the scrolling part
    group_spans: tuple[tuple[int, int], ...]  # (x, width) of each group's columns
    cells_width: int
    label_lines: int  # header lines the staggered column labels take
    body: tuple[int | None, ...]  # each body line: a role's index, or None for a rule
    row_y: tuple[int, ...]  # the body line of each role

    @classmethod
    def of(cls, matrix: CollaborationMatrix) -> MatrixGeometry:
        label_widths = [display_width(cell_text(matrix.label(role.id))) for role in matrix.roles]
        label_width = max(label_widths, default=1)
        column_x: list[int] = []
        separator_x: list[int] = []
        group_spans: list[tuple[int, int]] = []
        body: list[int | None] = []
        x = 0
        for number, group in enumerate(matrix.groups):
            if number:
                separator_x.append(x)
                x += 1
                body.append(None)
            group_spans.append((x, len(group.roles) * CELL_WIDTH))
            for offset in range(len(group.roles)):
                column_x.append(x)
                x += CELL_WIDTH
                body.append(group.start + offset)
        row_y = tuple(body.index(index) for index in range(len(matrix.roles)))
        # A label may run over the columns after it up to the next label on its line, so it needs
        # ceil((width + 1 space) / CELL_WIDTH) lines to show in full.
        label_lines = min(MAX_HEADER_LINES, max(1, ceil((label_width + 1) / CELL_WIDTH)))
        label_room = label_lines * CELL_WIDTH - 1
        # The last labels run past the last column: the scrolling part is wide enough for them.
        label_ends = (
            start + 1 + min(width, label_room) for start, width in zip(column_x, label_widths, strict=True)
        )
        cells_width = max(x, *label_ends) if label_widths else x
        return cls(
            label_width,
            tuple(column_x),
            tuple(separator_x),
            tuple(group_spans),
            cells_width,
            label_lines,
            tuple(body),
            row_y,
        )

    @property
    def fixed_width(self) -> int:
        return 1 + self.label_width + 1 + len(BAR)

    @property
    def header_height(self) -> int:
        return 1 + self.label_lines + 1

    @property
    def label_room(self) -> int:
        """Cells a column label may take before it meets the next label on its line."""
        return self.label_lines * CELL_WIDTH - 1

    @property
    def width(self) -> int:
        return self.fixed_width + self.cells_width

    @property
    def height(self) -> int:
        return self.header_height + len(self.body)

    def cell_region(self, row: int, col: int) -> Region:
        """Where a cell is, in the whole (unscrolled) matrix."""
        return Region(
            self.fixed_width + self.column_x[col], self.header_height + self.row_y[row], CELL_WIDTH, 1
        )

    def column_at(self, x: int) -> int | None:
        """The column under x of the scrolling part."""
        for col, start in enumerate(self.column_x):
            if start <= x < start + CELL_WIDTH:
                return col
        return None


# ---------------------------------------------------------------------------------------------
# The widget


class MatrixView(MapView):
    """The matrix, drawn line by line; the screen owns the cursor and moves it with ``row``/``col``."""

    COMPONENT_PREFIX = "map-matrix"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map-matrix--heading",
        "map-matrix--label",
        "map-matrix--label-other",
        "map-matrix--active-label",
        "map-matrix--rule",
        "map-matrix--mark",
        "map-matrix--empty",
        "map-matrix--diagonal",
        "map-matrix--crosshair",
        "map-matrix--cursor",
    }

    def __init__(self, matrix: CollaborationMatrix, *, id: str | None = None) -> None:
        super().__init__(matrix, id=id)
        self.geometry = MatrixGeometry.of(matrix)
        self.virtual_size = Size(self.geometry.width, self.geometry.height)

    # -- what the cursor does -------------------------------------------------------------------

    def mark_at(self, row: int, col: int) -> str:
        """What the cell shows: '—' on the diagonal, '●N' for N topics, '·' for none."""
        roles = self.matrix.roles
        return cell_mark(self.matrix, roles[row].id, roles[col].id)

    def scroll_cursor_into_view(self) -> None:
        if not self.matrix.roles or not self.size:
            return
        geometry = self.geometry
        region = geometry.cell_region(self.row, self.col)
        line = geometry.row_y[self.row]
        if line and geometry.body[line - 1] is None:
            # The first row of a group brings the rule above it, so the group's start shows.
            region = region.union(region.translate((0, -1)))
        spacing = Spacing(geometry.header_height, 0, 0, 0)
        self.scroll_to_region(
            region, spacing=spacing, animate=False, force=True, immediate=True, x_axis=False
        )
        self.scroll_to(x=self._scroll_x_showing(self.col), animate=False, force=True, immediate=True)

    def _scroll_x_showing(self, col: int) -> int:
        """The least horizontal scroll that shows the column and its label whole.

        It lands on a column's edge, so no cell or label is cut at the left of the view.
        """
        geometry = self.geometry
        view = self.scrollable_content_region.width - geometry.fixed_width
        start = geometry.column_x[col]
        label = display_width(cell_text(self.matrix.label(self.matrix.roles[col].id)))
        end = max(start + CELL_WIDTH, start + 1 + min(label, geometry.label_room))
        current = round(self.scroll_x)
        if start < current:
            return start
        if end <= current + view:
            return current
        return next((x for x in geometry.column_x if end <= x + view), start)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        geometry = self.geometry
        scroll_x, scroll_y = self.scroll_offset
        col = None
        if offset.x >= geometry.fixed_width:
            col = geometry.column_at(offset.x - geometry.fixed_width + scroll_x)
        row = None
        if offset.y >= geometry.header_height:
            line = offset.y + scroll_y - geometry.header_height
            row = geometry.body[line] if line < len(geometry.body) else None
        self.clicked(row, col)

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        geometry = self.geometry
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y < geometry.header_height:
            # The view ends where the scrollbar begins (the line itself runs under it).
            view_end = scroll_x + self.scrollable_content_region.width - geometry.fixed_width
            fixed, cells = self._header_line(y, scroll_x, view_end)
        elif (line := y + scroll_y - geometry.header_height) < len(geometry.body):
            fixed, cells = self._body_line(geometry.body[line])
        else:
            return Strip.blank(width, base)
        visible = cells.crop(scroll_x, scroll_x + max(0, width - geometry.fixed_width))
        return Strip.join([fixed, visible]).crop(0, width).apply_style(base).extend_cell_length(width, base)

    def _header_line(self, y: int, view_start: int, view_end: int) -> tuple[Strip, Strip]:
        """A header line; view_start and view_end bound the part of the columns in view."""
        geometry = self.geometry
        if y == geometry.header_height - 1:
            return self._fixed_rule(), self._rule_cells()
        fixed = self._strip([(" " * (geometry.fixed_width - 1), "rule"), (BAR, "rule")])
        if y == 0:
            return fixed, self._group_headings(view_start, view_end)
        return fixed, self._column_labels(y - 1, view_start, view_end)

    def _body_line(self, row: int | None) -> tuple[Strip, Strip]:
        if row is None:
            return self._fixed_rule(), self._rule_cells()
        role = self.matrix.roles[row]
        label = " " + pad(cell_text(self.matrix.label(role.id)), self.geometry.label_width) + " "
        label_style = "active-label" if row == self.row else self._label_style(role)
        return self._strip([(label, label_style), (BAR, "rule")]), self._row_cells(row)

    def _fixed_rule(self) -> Strip:
        return self._strip([(RULE * (self.geometry.fixed_width - 1) + CROSS, "rule")])

    def _group_headings(self, view_start: int, view_end: int) -> Strip:
        """Each group's heading over its columns; it stays in view while its group is."""
        geometry = self.geometry
        canvas = _Canvas(geometry.cells_width)
        for x in geometry.separator_x:
            canvas.put(x, BAR, "rule")
        for group, (x, span) in zip(self.matrix.groups, geometry.group_spans, strict=True):
            start = view_start if x < view_start < x + span else x
            room = min(x + span, view_end) - start
            if room > 0:
                canvas.put(start, fit(" " + cell_text(group.heading), room), "heading")
        return self._strip(canvas.pieces())

    def _column_labels(self, line: int, view_start: int, view_end: int) -> Strip:
        """One line of the staggered labels: every label_lines-th column, starting at ``line``.

        A label that would start left of the view is left out (its column is out of view too);
        one running out at the right ends in '…' rather than being cut silently.
        No group bars here: a label may run across one, and the heading line shows the groups.
        """
        geometry = self.geometry
        canvas = _Canvas(geometry.cells_width)
        for col in range(line, len(self.matrix), geometry.label_lines):
            x = geometry.column_x[col] + 1
            if x < view_start or x >= view_end:
                continue
            role = self.matrix.roles[col]
            style = "active-label" if col == self.col else self._label_style(role)
            room = min(geometry.label_room, view_end - x)
            canvas.put(x, fit(cell_text(self.matrix.label(role.id)), room), style)
        return self._strip(canvas.pieces())

    def _rule_cells(self) -> Strip:
        geometry = self.geometry
        pieces: list[tuple[str, str]] = []
        separators = set(geometry.separator_x)
        for col, x in enumerate(geometry.column_x):
            if x - 1 in separators:
                pieces.append((CROSS, "rule"))
            pieces.append((RULE * CELL_WIDTH, "rule crosshair" if col == self.col else "rule"))
        return self._strip(pieces)

    def _row_cells(self, row: int) -> Strip:
        geometry = self.geometry
        separators = set(geometry.separator_x)
        pieces: list[tuple[str, str]] = []
        for col, x in enumerate(geometry.column_x):
            if x - 1 in separators:
                pieces.append((BAR, "rule"))
            mark = self.mark_at(row, col)
            text = pad(" " + mark, CELL_WIDTH)
            if row == self.row and col == self.col:
                pieces.append((text, "cursor"))
            elif row == self.row or col == self.col:
                pieces.append((text, f"{_mark_style(mark)} crosshair"))
            else:
                pieces.append((text, _mark_style(mark)))
        return self._strip(pieces)

    def _label_style(self, role: Role) -> str:
        return "label" if self.matrix.group_of(role.id) is self.matrix.groups[0] else "label-other"

    def _strip(self, pieces: list[tuple[str, str]]) -> Strip:
        return Strip([Segment(text, self.component_style(names)) for text, names in pieces])


def _mark_style(mark: str) -> str:
    if mark.startswith("●"):
        return "mark"
    return "diagonal" if mark == "—" else "empty"


class _Canvas:
    """One line of cells to write text into at given places, then read back as styled pieces."""

    def __init__(self, width: int) -> None:
        self._chars = [" "] * width
        self._styles = ["rule"] * width

    def put(self, x: int, text: str, style: str) -> None:
        for char in text:
            width = display_width(char)
            if width == 0:  # a combining mark joins the character before it
                if 0 < x <= len(self._chars):
                    self._chars[x - 1] += char
                continue
            for cell in (char, "")[:width]:  # a wide character fills two cells
                if 0 <= x < len(self._chars):
                    self._chars[x], self._styles[x] = cell, style
                x += 1

    def pieces(self) -> list[tuple[str, str]]:
        """Neighbouring cells of one style joined into one piece."""
        pieces: list[tuple[str, str]] = []
        for char, style in zip(self._chars, self._styles, strict=True):
            if pieces and pieces[-1][1] == style:
                pieces[-1] = (pieces[-1][0] + char, style)
            else:
                pieces.append((char, style))
        return pieces


# ---------------------------------------------------------------------------------------------
# The pane under (or beside) the map


def pair_details(matrix: CollaborationMatrix, row: int, col: int) -> Content:
    """The two roles of a cell and every topic they work on, or plainly that there is none."""
    if not matrix.roles:
        return plain("The catalog holds no roles.")
    first, second = matrix.roles[row], matrix.roles[col]
    if first.id == second.id:
        return _role_summary(matrix, first)
    edge = matrix.cell(first.id, second.id)
    if edge is None:
        return Content.assemble(
            "The catalog records no collaboration between ",
            _name(first),
            " and ",
            _name(second),
            ".",
        )
    count = len(edge.topics)
    heading = Content.assemble(
        _name(first), " and ", _name(second), f" work together on {plural(count, 'topic')}:"
    )
    topics = [Content.assemble(f"\n{BULLET} ", plain(cell_text(topic))) for topic in edge.topics]
    return Content.assemble(heading, *topics)


def _role_summary(matrix: CollaborationMatrix, role: Role) -> Content:
    others = [other for other, _edge in matrix.collaborators(role.id)]
    if not others:
        return Content.assemble(_name(role), ": the catalog records no collaboration with any other role.")
    names = Content(", ").join(plain(cell_text(other.name)) for other in others)
    count = len(others)
    return Content.assemble(
        _name(role),
        f" ({_group_word(matrix.group_of(role.id))}) works with {plural(count, 'role')}: ",
        names,
        ".",
    )


def _group_word(group: RoleGroup) -> str:
    return cell_text(group.kind.replace("-", " "))


def _name(role: Role) -> Content:
    return plain(cell_text(role.name), "bold")
