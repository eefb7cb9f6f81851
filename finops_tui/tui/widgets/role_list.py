"""The grouped list of roles on the home screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets.option_list import Option, OptionDoesNotExist

from finops_tui.catalog.search import RoleMatch, Span
from finops_tui.core.cells import display_width
from finops_tui.core.models import kind_heading
from finops_tui.tui.widgets._textual_seams import (
    OptionListSizedByItsRows,
    forget_drawn_options,
    line_of_each_option,
    set_option_prompt,
)
from finops_tui.tui.widgets.content import HELD_MARK, highlighted

NAME_COLUMN_MAX = 22


class RoleList(OptionListSizedByItsRows):
    """Roles under a heading per kind; each row is the name and the one-line summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="list.open"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # What each row shows (a role id, or a kind for its heading): when a new filter lists
        # the same rows, their text is replaced in place.
        self._row_keys: list[str] = []

    def show_matches(self, matches: Sequence[RoleMatch], holds: Callable[[str], bool]) -> None:
        """Show ``matches``, keeping the cursor on the same role where it is still listed."""
        keep = self.highlighted_role_id
        rows = _rows(matches, holds)
        if [key for key, _, _ in rows] == self._row_keys:
            self._replace_prompts([prompt for _, prompt, _ in rows])
        else:
            self._row_keys = [key for key, _, _ in rows]
            self.set_options(
                Option(prompt, id=role_id, disabled=role_id is None) for _, prompt, role_id in rows
            )
        listed = {match.role.id for match in matches}
        if keep in listed:
            self.highlight_role(keep)
        elif matches:
            self.highlight_role(matches[0].role.id)

    def _replace_prompts(self, prompts: Sequence[Visual]) -> None:
        """Give the same rows new text, redrawing only the rows whose text changed.

        A keystroke in the filter often keeps the same roles and changes only what is
        highlighted in some of them. ``set_options`` (and ``replace_option_prompt``) forget how
        every row was drawn and redraw the whole list, which was most of a keystroke's time.
        """
        changed: set[Option] = set()
        line_of = line_of_each_option(self)
        top = round(self.scroll_y)
        shown = range(top, top + self.scrollable_content_region.height)
        for index, (option, prompt) in enumerate(zip(self.options, prompts, strict=True)):
            if option.prompt is prompt:
                continue  # rows are cached (see _row): the same object is the same text
            set_option_prompt(option, prompt)
            changed.add(option)
            if line_of[index] in shown:  # rows scrolled out of sight are drawn when shown
                self.refresh_line(line_of[index])
        if changed:
            forget_drawn_options(self, changed)

    @property
    def highlighted_role_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_role(self, role_id: str) -> None:
        with suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(role_id)


Row = tuple[str, Visual, str | None]  # what it shows (a role id or a kind), its text, its role id


def _rows(matches: Sequence[RoleMatch], holds: Callable[[str], bool]) -> list[Row]:
    """A heading for each kind, then its roles."""
    # Terminal cells, not characters: a name in Chinese or with an emoji takes two per glyph.
    name_width = min(NAME_COLUMN_MAX, max((display_width(m.role.name) for m in matches), default=0))
    rows: list[Row] = []
    for kind in dict.fromkeys(match.role.kind for match in matches):
        rows.append((f"kind:{kind}", _heading(kind), None))
        rows += [
            (
                match.role.id,
                _row(
                    match.role.name,
                    match.role.summary,
                    match.name_spans,
                    match.summary_spans,
                    name_width,
                    holds(match.role.id),
                ),
                match.role.id,
            )
            for match in matches
            if match.role.kind == kind
        ]
    return rows


@lru_cache(maxsize=64)
def _heading(kind: str) -> Content:
    return Content.styled(kind_heading(kind), "bold $text-accent")


@dataclass(frozen=True)
class _Row(Visual):
    """A role's row, its text built when first drawn or read.

    The list asks every row for its height as soon as it is given its rows, but draws only
    those in sight: with a large catalog, building the text of every matching row on each
    keystroke in the filter cost more than the filtering.
    """

    name: str
    summary: str
    name_spans: tuple[Span, ...]
    summary_spans: tuple[Span, ...]
    name_width: int
    held: bool

    @cached_property
    def content(self) -> Content:
        mark = Content.styled(f"{HELD_MARK} ", "$text-warning") if self.held else Content("  ")
        padding = " " * max(1, self.name_width - display_width(self.name) + 2)
        return Content.assemble(
            mark,
            highlighted(self.name, self.name_spans, "bold"),
            padding,
            highlighted(self.summary, self.summary_spans, "$text-muted"),
        )

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.plain  # reads as its text, as Content does

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if rules.get("text_wrap") == "nowrap":
            return 1  # as the list is styled: known without building the text, which has no newline
        return self.content.get_height(rules, width)


# Rows are kept: most come back unchanged from one keystroke to the next (no match in the name
# or summary, or the filter cleared again), and an unchanged row is then the same object.
_row = lru_cache(maxsize=4096)(_Row)
