"""The collaboration map: which roles work together, and on what.

:class:`CollaborationMatrix` is the model both the ``map`` command and the map screen read; the
``render_*`` functions turn it into plain text, Mermaid or Graphviz DOT. Pure logic, no Textual.

Every string here comes from role data, which validation keeps free of control characters, but
it may still hold quotes, brackets, backslashes, pipes, markup-like text and wide characters: each
renderer escapes for its own format and never lets data change the structure around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.models import Catalog, Collaboration, Role, kind_heading
from finops_tui.core.text import plural

# ---------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class RoleGroup:
    """The roles of one kind, as a contiguous block of the matrix."""

    kind: str
    heading: str
    roles: tuple[Role, ...]
    start: int  # index of the group's first role in CollaborationMatrix.roles


class CollaborationMatrix:
    """Roles in display order (grouped by kind) and the collaboration between any two of them.

    Build it with :meth:`from_catalog`. Role ids that are not in the matrix raise ``KeyError``.
    """

    def __init__(self, groups: Sequence[RoleGroup], collaborations: Iterable[Collaboration]) -> None:
        self.groups: tuple[RoleGroup, ...] = tuple(groups)
        self.roles: tuple[Role, ...] = tuple(role for group in self.groups for role in group.roles)
        self._index = {role.id: position for position, role in enumerate(self.roles)}
        self._labels = dict(zip(self._index, unique_labels(self.roles), strict=True))
        self._cells: dict[frozenset[str], Collaboration] = {}
        for edge in collaborations:
            self._add_cell(edge)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> CollaborationMatrix:
        groups: list[RoleGroup] = []
        start = 0
        for kind in catalog.kinds():
            roles = tuple(role for role in catalog.roles if role.kind == kind)
            groups.append(RoleGroup(kind, kind_heading(kind), roles, start))
            start += len(roles)
        return cls(groups, catalog.collaborations)

    def _add_cell(self, edge: Collaboration) -> None:
        # A catalog has already been validated; these checks only stop a hand-built matrix
        # from silently dropping or doubling an edge.
        first, second = edge.roles
        for role_id in edge.roles:
            if role_id not in self._index:
                raise ValueError(f"collaboration names unknown role '{role_id}'")
        if first == second:
            raise ValueError(f"role '{first}' cannot collaborate with itself")
        if edge.pair in self._cells:
            raise ValueError(f"duplicate collaboration between '{first}' and '{second}'")
        self._cells[edge.pair] = edge

    # -- roles ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.roles)

    def role(self, role_id: str) -> Role:
        return self.roles[self.index(role_id)]

    def index(self, role_id: str) -> int:
        """Position of the role in display order (its row and its column)."""
        return self._index[role_id]

    def label(self, role_id: str) -> str:
        """The role's short label, unique within the matrix."""
        return self._labels[role_id]

    def group_of(self, role_id: str) -> RoleGroup:
        position = self.index(role_id)
        return next(g for g in self.groups if g.start <= position < g.start + len(g.roles))

    # -- cells and edges ------------------------------------------------------------------------

    def cell(self, row_id: str, col_id: str) -> Collaboration | None:
        """The collaboration between two roles; None on the diagonal or where there is none."""
        self._require(row_id, col_id)
        return self._cells.get(frozenset((row_id, col_id)))

    def topic_count(self, row_id: str, col_id: str) -> int:
        edge = self.cell(row_id, col_id)
        return 0 if edge is None else len(edge.topics)

    def edges(self) -> list[Collaboration]:
        """Every collaboration exactly once, ordered by the display order of its two ends."""
        return sorted(self._cells.values(), key=lambda edge: self._position_pair(edge))

    def ends(self, edge: Collaboration) -> tuple[Role, Role]:
        """The two roles of a collaboration, the one shown first first."""
        first, second = self._position_pair(edge)
        return self.roles[first], self.roles[second]

    def collaborators(self, role_id: str) -> list[tuple[Role, Collaboration]]:
        """Each role this one works with, in display order, with what they work on."""
        self._require(role_id)
        return [
            (other, edge)
            for other in self.roles
            if (edge := self._cells.get(frozenset((role_id, other.id)))) is not None
        ]

    def _require(self, *role_ids: str) -> None:
        """Raise KeyError for an id not in the matrix: asking about one is a caller's bug."""
        for role_id in role_ids:
            self.index(role_id)

    def _position_pair(self, edge: Collaboration) -> tuple[int, int]:
        first, second = sorted(self.index(role_id) for role_id in edge.roles)
        return first, second


def unique_labels(roles: Sequence[Role]) -> list[str]:
    """Each role's short label; a label already taken gets the lowest free number appended."""
    return numbered_apart([role.label.strip() or role.id for role in roles], separator="")


def numbered_apart(bases: Iterable[str], *, separator: str) -> list[str]:
    """``bases`` made all different: one already taken gets the lowest free number appended."""
    taken: set[str] = set()
    unique: list[str] = []
    for base in bases:
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}{separator}{number}", number + 1
        taken.add(candidate)
        unique.append(candidate)
    return unique


# ---------------------------------------------------------------------------------------------
# Plain text

DIAGONAL_MARK = "—"
EMPTY_MARK = "·"
COLLABORATION_MARK = "●"
EDGE_DASH = "—"
MAX_COLUMN_WIDTH = 8
MIN_COLUMN_WIDTH = 3  # room for "●50", the most topics an edge may have


def render_text(matrix: CollaborationMatrix) -> str:
    """The matrix, a legend of labels, and every collaboration with its topics."""
    title = (
        f"Collaboration map: {plural(len(matrix), 'role')}, {plural(len(matrix.edges()), 'collaboration')}"
    )
    if not matrix.roles:
        return f"{title}\n"
    sections = [[title], _grid(matrix), _legend(matrix), _edge_list(matrix)]
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def cell_mark(matrix: CollaborationMatrix, row_id: str, col_id: str) -> str:
    """What the text matrix shows in one cell: '—' diagonal, '●N' N topics, '·' none."""
    if row_id == col_id:
        return DIAGONAL_MARK
    count = matrix.topic_count(row_id, col_id)
    return f"{COLLABORATION_MARK}{count}" if count else EMPTY_MARK


def _grid(matrix: CollaborationMatrix) -> list[str]:
    labels = [_plain(matrix.label(role.id)) for role in matrix.roles]
    label_width = max(display_width(label) for label in labels)
    column_width = _column_width(labels)

    def line(first: str, cell_for: dict[str, str], fill: str = " ", join: str = " │ ") -> str:
        blocks = [fill.join(cell_for[role.id] for role in group.roles) for group in matrix.groups]
        return join.join([first, *blocks]).rstrip()

    header = {
        role.id: pad(fit(label, column_width), column_width)
        for role, label in zip(matrix.roles, labels, strict=True)
    }
    rule = {role.id: "─" * column_width for role in matrix.roles}
    lines = [line(" " * label_width, header)]
    for group in matrix.groups:
        lines.append(line("─" * label_width, rule, fill="─", join="─┼─"))
        for row in group.roles:
            marks = {col.id: pad(cell_mark(matrix, row.id, col.id), column_width) for col in matrix.roles}
            lines.append(line(pad(_plain(matrix.label(row.id)), label_width), marks))
    return lines


def _column_width(labels: Sequence[str]) -> int:
    """The narrowest width, from the longest label capped at MAX_COLUMN_WIDTH upwards,
    at which no two column headings are cut down to the same text."""
    longest = max(MIN_COLUMN_WIDTH, *(display_width(label) for label in labels))
    for width in range(min(longest, MAX_COLUMN_WIDTH), longest + 1):
        if len({fit(label, width) for label in labels}) == len(labels):
            return width
    return longest


def _legend(matrix: CollaborationMatrix) -> list[str]:
    lines = [
        f"{COLLABORATION_MARK}N  the two roles work together on N topics    "
        f"{EMPTY_MARK}  no collaboration    {DIAGONAL_MARK}  same role"
    ]
    label_width = max(display_width(_plain(matrix.label(role.id))) for role in matrix.roles)
    for group in matrix.groups:
        lines.append("")
        lines.append(_plain(group.heading))
        for role in group.roles:
            label = pad(_plain(matrix.label(role.id)), label_width)
            lines.append(f"  {label}  {_plain(role.name)} ({role.id})")
    return lines


def _edge_list(matrix: CollaborationMatrix) -> list[str]:
    edges = matrix.edges()
    if not edges:
        return ["No collaborations."]
    lines = [f"Collaborations ({len(edges)})"]
    for edge in edges:
        first, second = matrix.ends(edge)
        first_label, second_label = (_plain(matrix.label(role.id)) for role in (first, second))
        topics = "; ".join(_plain(topic) for topic in edge.topics)
        lines.append(f"  {first_label} {EDGE_DASH} {second_label}: {topics}")
    return lines


def _plain(text: str) -> str:
    # Tabs are the one whitespace control data may hold; they would break the alignment.
    return text.replace("\t", " ")


# ---------------------------------------------------------------------------------------------
# Mermaid

# Inside a quoted Mermaid string, '"' ends the string and '#name;' is decoded as an entity, so
# both are replaced by entity codes; the rest are not syntax inside quotes, but are escaped too
# because labels are rendered as HTML ('<', '>', '&') or have bitten Mermaid versions before.
# '¶' and 'ﬂ' are escaped because Mermaid's entity decoder uses them in its own placeholders
# ('ﬂ°' for '&', '¶ß' for ';'), so data holding them could otherwise turn into an entity.
_MERMAID_ENTITIES = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "[": "#91;",
        "]": "#93;",
        "{": "#123;",
        "}": "#125;",
        "|": "#124;",
        "`": "#96;",
        "¶": "#182;",
        "ﬂ": "#64258;",
    }
)
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9]+")
MERMAID_LINE_BREAK = "<br/>"


def mermaid_escape(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label, shown exactly as given."""
    return text.translate(_MERMAID_ENTITIES)


def mermaid_ids(names: Iterable[str], prefix: str) -> list[str]:
    """Identifiers Mermaid accepts (``^[A-Za-z][A-Za-z0-9_]*$``), one per name, all different.

    The prefix keeps ids off Mermaid's keywords ('end', 'graph', ...) and off a leading 'o' or
    'x', which Mermaid can read as an edge ending.
    """
    bases = [f"{prefix}_{_NOT_IDENTIFIER.sub('_', name).strip('_')}".rstrip("_") for name in names]
    return numbered_apart(bases, separator="_")


def render_mermaid(matrix: CollaborationMatrix, *, topics: bool = False) -> str:
    """A Mermaid flowchart: one subgraph per kind of role, one undirected edge per collaboration.

    Each edge is labelled with its number of topics, and the topics follow as comments, which
    Mermaid does not draw: with every topic on its edge the picture grew too wide to read.
    ``topics=True`` puts the topics themselves on the edges.
    """
    node_ids = dict(
        zip(
            (r.id for r in matrix.roles),
            mermaid_ids((r.id for r in matrix.roles), "role"),
            strict=True,
        )
    )
    group_ids = mermaid_ids((group.kind for group in matrix.groups), "group")
    lines = ["graph LR"]
    for group, group_id in zip(matrix.groups, group_ids, strict=True):
        lines.append(f'  subgraph {group_id}["{mermaid_escape(group.heading)}"]')
        lines.extend(f'    {node_ids[role.id]}["{mermaid_escape(role.name)}"]' for role in group.roles)
        lines.append("  end")
    for edge in matrix.edges():
        first, second = (node_ids[role.id] for role in matrix.ends(edge))
        if topics:
            label = MERMAID_LINE_BREAK.join(mermaid_escape(topic) for topic in edge.topics)
        else:
            label = str(len(edge.topics))
            # Escaped as labels are: Mermaid reads '%%{...}%%' as a directive even inside a comment.
            lines.extend(
                f"  %% {first} --- {second}: {mermaid_escape(_one_line(topic))}" for topic in edge.topics
            )
        lines.append(f'  {first} ---|"{label}"| {second}')
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


# ---------------------------------------------------------------------------------------------
# Graphviz DOT


def _dot_escape(text: str) -> str:
    # Inside a DOT quoted string only backslash and quote matter to the lexer.
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot_id(text: str) -> str:
    """A DOT quoted identifier for ``text``."""
    return f'"{_dot_escape(text)}"'


def dot_label(*lines: str) -> str:
    """A DOT quoted label showing each of ``lines`` exactly, one per line.

    Beyond the lexer's escapes, '&' becomes '&amp;' because Graphviz decodes HTML entities in
    labels (a name holding '&lt;' would show as '<'), and the lines are joined with DOT's own
    '\\n' only after escaping, so no data can become a line break or any other escape.
    """
    return '"' + "\\n".join(_dot_escape(line).replace("&", "&amp;") for line in lines) + '"'


MAP_NOTE = "Numbers: the topics two roles work on together (finops-tui map --topics lists them)"


def render_dot(matrix: CollaborationMatrix, *, topics: bool = False) -> str:
    """An undirected Graphviz graph: one cluster per kind of role, one edge per collaboration.

    Each edge is labelled with its number of topics and holds the topics as its tooltip (shown
    on hover in SVG): with every topic as an edge label the picture was thousands of pixels
    wide. ``topics=True`` writes the topics as the edge labels.
    """
    lines = [
        "graph collaboration_map {",
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for group in matrix.groups:
        lines.append(f"  subgraph {dot_id('cluster_' + group.kind)} {{")
        lines.append(f"    label={dot_label(group.heading)};")
        lines.extend(f"    {dot_id(role.id)} [label={dot_label(role.name)}];" for role in group.roles)
        lines.append("  }")
    for edge in matrix.edges():
        first, second = matrix.ends(edge)
        if topics:
            attributes = f"label={dot_label(*edge.topics)}"
        else:
            listed = dot_label(*edge.topics)
            attributes = f'label="{len(edge.topics)}", tooltip={listed}, labeltooltip={listed}'
        lines.append(f"  {dot_id(first.id)} -- {dot_id(second.id)} [{attributes}];")
    if not topics:
        # Last: the clusters above would otherwise take labelloc and put their titles at the bottom.
        lines.append(f'  labelloc=b; fontname="Helvetica"; fontsize=10; label={dot_label(MAP_NOTE)};')
    lines.append("}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[CollaborationMatrix], str]] = {
    "text": render_text,
    "mermaid": render_mermaid,
    "dot": render_dot,
}
# The pictures, whose edges carry topic counts unless asked for the topics (the text lists them).
TOPIC_RENDERERS: dict[str, Callable[..., str]] = {"mermaid": render_mermaid, "dot": render_dot}
