"""The focus view of the map: one role in a box, its collaborators on both sides, joined by lines.

::

    FinOps   ─ Enforce and auto… ─┐
                                  │                 ┌─ Keep CMDB record… ─ ITSM
    Mgmt     ─ Balance optimiza… ─┤                 │
                                  │ ┌─────────────┐ ├─ Review licensing… ─ ITAM
    Product  ─ Build forecast m… ─┼─┤ Engineering ├─┤
                                  │ └─────────────┘ ├─ Estimate the car… ─ Sustain

Each connection is labelled with its first topic; the screen's pane shows them all. The layout
(:func:`build_diagram`) is pure; :class:`FocusView` draws it and keeps the selection in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from finops_tui.catalog.collabmap import CollaborationMatrix
from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.models import Collaboration, Role
from finops_tui.tui.widgets.map_matrix import cell_text
from finops_tui.tui.widgets.map_view import MapView

LEFT, RIGHT = 0, 1
MIN_SIDE_WIDTH = 18  # a label, the line and a few characters of topic
NO_COLLABORATION = "The catalog records no collaboration for this role."

# Box-drawing junction for the directions a trunk cell connects: (north, south, east, west).
_JUNCTIONS = {
    (True, True, True, True): "┼",
    (True, True, True, False): "├",
    (True, True, False, True): "┤",
    (True, False, True, True): "┴",
    (False, True, True, True): "┬",
    (False, True, True, False): "┌",
    (False, True, False, True): "┐",
    (True, False, True, False): "└",
    (True, False, False, True): "┘",
    (True, True, False, False): "│",
    (False, False, True, True): "─",
}


def junction(north: bool, south: bool, east: bool, west: bool) -> str:
    """The box-drawing character joining the given directions (a lone end is a plain line)."""
    if (north, south, east, west) in _JUNCTIONS:
        return _JUNCTIONS[(north, south, east, west)]
    return "│" if north or south else "─"


def nearest_collaborator(matrix: CollaborationMatrix, row: int, col: int) -> int:
    """A column for the focus view: ``col`` if it is a collaborator of ``row``, else the next one
    in display order (the last one if none follows), else ``row`` itself for a role with none."""
    if not matrix.roles:
        return 0
    role_id = matrix.roles[row].id
    columns = [matrix.index(other.id) for other, _edge in matrix.collaborators(role_id)]
    if not columns:
        return row
    return next((column for column in columns if column >= col), columns[-1])


# ---------------------------------------------------------------------------------------------
# The layout (pure)


@dataclass(frozen=True)
class Piece:
    """A run of text on a line of the diagram, with the component style it is drawn in."""

    text: str
    style: str
    connection: int | None = None  # the connection this piece draws, if any


@dataclass(frozen=True)
class Connection:
    """One collaborator: where its line is drawn and what the pair works on."""

    role: Role
    column: int  # the collaborator's index in the matrix
    edge: Collaboration
    side: int
    line: int


@dataclass(frozen=True)
class FocusDiagram:
    lines: tuple[tuple[Piece, ...], ...]
    connections: tuple[Connection, ...]

    def connection_for(self, column: int) -> int | None:
        """The index of the connection to the role at ``column``, if it is one."""
        return next((n for n, c in enumerate(self.connections) if c.column == column), None)


def build_diagram(matrix: CollaborationMatrix, row: int, width: int, height: int) -> FocusDiagram:
    """The focus diagram of the role at ``row``, laid out to ``width`` cells and, where the
    collaborators allow, ``height`` lines (one blank line between connections when they fit)."""
    role = matrix.roles[row]
    collaborators = matrix.collaborators(role.id)
    half = (len(collaborators) + 1) // 2
    sides = (collaborators[:half], collaborators[half:])  # the left side is never the shorter
    tallest = max(len(sides[LEFT]), 1)
    step = 2 if (tallest - 1) * 2 + 1 <= height else 1
    total = max(3, (tallest - 1) * step + 1)  # the box alone takes three lines
    top = max(0, (height - total) // 2)  # a small diagram sits in the middle of the view
    centre = top + (total - 1) // 2
    connections: list[Connection] = []
    for side, members in enumerate(sides):
        first_line = centre - ((len(members) - 1) * step) // 2
        connections += [
            Connection(other, matrix.index(other.id), edge, side, first_line + number * step)
            for number, (other, edge) in enumerate(members)
        ]
    layout = _Layout(matrix, _Frame.fitting(matrix, role, width), centre, tuple(connections))
    lines = [layout.line(y) for y in range(top + total)]
    if not collaborators:
        indent = " " * max(0, (width - len(NO_COLLABORATION)) // 2)
        lines.append((Piece(indent + NO_COLLABORATION, "note"),))
    return FocusDiagram(tuple(lines), layout.connections)


BOX_EXTRA = 6  # around the box's text: a space and an edge either side, and the lines to the trunks


@dataclass(frozen=True)
class _Frame:
    """Widths across a line: [side][trunk]─┤ box text ├─[trunk][side]."""

    side_width: int
    label_width: int
    box_text: str

    @classmethod
    def fitting(cls, matrix: CollaborationMatrix, role: Role, width: int) -> _Frame:
        others = [other for other, _edge in matrix.collaborators(role.id)]
        label_width = max((display_width(cell_text(matrix.label(o.id))) for o in others), default=0)
        name = cell_text(role.name)
        # The box gives way to the sides down to MIN_SIDE_WIDTH each; then the name is cut.
        box_text = fit(name, max(6, width - 2 * MIN_SIDE_WIDTH - 2 - BOX_EXTRA))
        side_width = max(MIN_SIDE_WIDTH, (width - 2 - BOX_EXTRA - display_width(box_text)) // 2)
        return cls(side_width, label_width, box_text)

    @property
    def inner_width(self) -> int:
        """The inside of the box: its text with a space either side."""
        return display_width(self.box_text) + 2


@dataclass(frozen=True)
class _Layout:
    """Draws each line of a diagram whose connections are already placed."""

    matrix: CollaborationMatrix
    frame: _Frame
    centre: int
    connections: tuple[Connection, ...]

    def line(self, y: int) -> tuple[Piece, ...]:
        left_trunk = Piece(self._trunk(LEFT, y), "line")
        right_trunk = Piece(self._trunk(RIGHT, y), "line")
        return (*self._side(LEFT, y), left_trunk, *self._box(y), right_trunk, *self._side(RIGHT, y))

    def _side(self, side: int, y: int) -> list[Piece]:
        """A collaborator's label, a line and its first topic, the topic next to the trunk."""
        frame = self.frame
        here = next((n for n, c in enumerate(self.connections) if c.side == side and c.line == y), None)
        if here is None:
            return [Piece(" " * frame.side_width, "line")]
        role_id = self.connections[here].role.id
        label_style = "label" if self.matrix.group_of(role_id) is self.matrix.groups[0] else "label-other"
        label = Piece(pad(cell_text(self.matrix.label(role_id)), frame.label_width), label_style, here)
        room = frame.side_width - frame.label_width - 5  # " ─ " + topic + " ─"
        topic_text = fit(cell_text(self.connections[here].edge.topics[0]), max(1, room))
        topic = Piece(topic_text, "topic", here)
        fill = Piece(" " + "─" * (room + 1 - display_width(topic_text)) + " ", "line", here)
        if side == LEFT:
            return [label, fill, topic, Piece(" ─", "line", here)]
        return [Piece("─ ", "line", here), topic, fill, label]

    def _trunk(self, side: int, y: int) -> str:
        """The vertical line joining one side's connections to the line into the box."""
        lines = [c.line for c in self.connections if c.side == side]
        if not lines:
            return " "
        top, bottom = min(*lines, self.centre), max(*lines, self.centre)
        if not top <= y <= bottom:
            return " "
        outward, inward = y in lines, y == self.centre
        east, west = (inward, outward) if side == LEFT else (outward, inward)
        return junction(y > top, y < bottom, east, west)

    def _box(self, y: int) -> list[Piece]:
        inner = self.frame.inner_width
        if y == self.centre - 1:
            return [Piece(" ┌" + "─" * inner + "┐ ", "line")]
        if y == self.centre + 1:
            return [Piece(" └" + "─" * inner + "┘ ", "line")]
        if y != self.centre:
            return [Piece(" " * (inner + 4), "line")]
        has_left = any(c.side == LEFT for c in self.connections)
        has_right = any(c.side == RIGHT for c in self.connections)
        return [
            Piece("─┤" if has_left else " │", "line"),
            Piece(f" {self.frame.box_text} ", "centre"),
            Piece("├─" if has_right else "│ ", "line"),
        ]


# ---------------------------------------------------------------------------------------------
# The widget


class FocusView(MapView):
    """The diagram of the role at ``row``, with the connection to the role at ``col`` selected."""

    COMPONENT_PREFIX = "map-focus"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map-focus--line",
        "map-focus--centre",
        "map-focus--label",
        "map-focus--label-other",
        "map-focus--topic",
        "map-focus--selected",
        "map-focus--note",
    }

    def __init__(self, matrix: CollaborationMatrix, *, id: str | None = None) -> None:
        super().__init__(matrix, id=id)
        self._diagram: FocusDiagram | None = None
        self._laid_out_for: tuple[int, int, int] | None = None

    @property
    def diagram(self) -> FocusDiagram:
        """The diagram as last laid out (for the current role and size)."""
        if self._diagram is None:
            self._lay_out()
        assert self._diagram is not None
        return self._diagram

    def _lay_out(self) -> None:
        """Lay the diagram out again if the role or the size changed.

        Never called while drawing: a layout that changed half-way through a repaint would
        leave lines of two layouts on screen.
        """
        width, height = self.scrollable_content_region.size
        key = (self.row, width, height)
        if self._diagram is not None and self._laid_out_for == key:
            return
        self._diagram = build_diagram(self.matrix, self.row, max(width, 1), height)
        self._laid_out_for = key
        self.virtual_size = Size(width, len(self._diagram.lines))
        self.refresh()

    # -- what the cursor does -------------------------------------------------------------------

    def moved(self, row: int, col: int, rows: int, cols: int) -> tuple[int, int]:
        """Up and down step through the connections; left and right cross to the other side."""
        connections = self.diagram.connections
        current = self.diagram.connection_for(col)
        if not connections:
            return row, row
        if current is None:
            return row, connections[0].column
        if rows:
            return row, connections[max(0, min(len(connections) - 1, current + rows))].column
        here = connections[current]
        wanted = RIGHT if cols > 0 else LEFT
        across = [c for c in connections if c.side == wanted]
        if here.side == wanted or not across:
            return row, col
        return row, min(across, key=lambda c: abs(c.line - here.line)).column

    def cursor_changed(self) -> None:
        self._lay_out()  # the role or the size may have changed: the diagram first
        super().cursor_changed()

    def scroll_cursor_into_view(self) -> None:
        diagram = self.diagram
        selected = diagram.connection_for(self.col)
        if selected is None or not self.size:
            return
        line = diagram.connections[selected].line
        self.scroll_to_region(Region(0, line, 1, 1), animate=False, force=True, immediate=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + self.scroll_offset.y
        x = 0
        for piece in self.diagram.lines[line] if line < len(self.diagram.lines) else ():
            x += display_width(piece.text)
            if offset.x < x:
                if piece.connection is not None:
                    column = self.diagram.connections[piece.connection].column
                    self.clicked(self.row, column)
                return

    # -- drawing --------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        diagram, width, base = self._diagram, self.size.width, self.rich_style
        line = y + self.scroll_offset.y
        if diagram is None or line >= len(diagram.lines):
            return Strip.blank(width, base)
        selected = diagram.connection_for(self.col)

        def style(piece: Piece) -> Style:
            is_selected = selected is not None and piece.connection == selected
            return self.component_style("selected" if is_selected else piece.style)

        segments = [Segment(piece.text, style(piece)) for piece in diagram.lines[line]]
        return Strip(segments).crop(0, width).apply_style(base).extend_cell_length(width, base)
