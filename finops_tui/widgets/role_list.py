"""The grouped list of roles on the home screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import lru_cache
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from finops_tui.models import kind_heading
from finops_tui.search import RoleMatch, Span
from finops_tui.widgets.content import highlighted

HELD_MARK = "★"
NAME_COLUMN_MAX = 22


class RoleList(OptionList):
    """Roles under a heading per kind; each row is the name and the one-line summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="list.open"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]

    def show_matches(self, matches: Sequence[RoleMatch], holds: Callable[[str], bool]) -> None:
        """Rebuild the rows, keeping the cursor on the same role where it is still listed."""
        keep = self.highlighted_role_id
        name_width = min(NAME_COLUMN_MAX, max((len(m.role.name) for m in matches), default=0))
        options: list[Option] = []
        kinds = list(dict.fromkeys(match.role.kind for match in matches))
        for kind in kinds:
            options.append(Option(Content.styled(kind_heading(kind), "bold $text-accent"), disabled=True))
            options += [
                Option(
                    _row(
                        match.role.name,
                        match.role.summary,
                        match.name_spans,
                        match.summary_spans,
                        name_width,
                        holds(match.role.id),
                    ),
                    id=match.role.id,
                )
                for match in matches
                if match.role.kind == kind
            ]
        self.set_options(options)
        listed = {match.role.id for match in matches}
        if keep in listed:
            self.highlight_role(keep)
        elif matches:
            self.highlight_role(matches[0].role.id)

    @property
    def highlighted_role_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_role(self, role_id: str) -> None:
        with suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(role_id)


# Rows are kept: with a large catalog, building a row for every role on each keystroke in the
# filter cost more than the filtering, and most rows come back unchanged (no match in the name
# or summary, or the filter cleared again).
@lru_cache(maxsize=4096)
def _row(
    name: str,
    summary: str,
    name_spans: tuple[Span, ...],
    summary_spans: tuple[Span, ...],
    name_width: int,
    held: bool,
) -> Content:
    mark = Content.styled(f"{HELD_MARK} ", "$text-warning") if held else Content("  ")
    padding = " " * max(1, name_width - len(name) + 2)
    return Content.assemble(
        mark,
        highlighted(name, name_spans, "bold"),
        padding,
        highlighted(summary, summary_spans, "$text-muted"),
    )
