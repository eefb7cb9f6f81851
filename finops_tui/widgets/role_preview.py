"""The pane beside the role list: a short view of the highlighted role.

Its widgets are made once and updated in place, so following the cursor stays cheap.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from finops_tui.models import Catalog, RoleNotes, kind_heading
from finops_tui.search import RoleMatch
from finops_tui.widgets.content import highlighted, plain

PREVIEW_DUTIES = 5
NUMBER_WIDTH = 4


class NumberedLines(Widget):
    """Numbered lines of text, each wrapping under itself rather than under its number.

    One widget draws every line: the preview is redrawn on each cursor move, and laying out a
    row of containers per line (a number and a text widget in each) cost most of that redraw.
    """

    DEFAULT_CSS = "NumberedLines { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: list[tuple[str, Content]] = []
        self._wrapped: tuple[int, list[Content]] | None = None

    def show(self, items: list[tuple[str, Content]]) -> None:
        """Show ``(number, text)`` pairs, e.g. ``(" 1.", Content("Set the tagging..."))``."""
        self._items = items
        self._wrapped = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        """The screen lines at ``width``, each a number (or indent) and a piece of its text."""
        if self._wrapped is None or self._wrapped[0] != width:
            text_width = max(1, width - NUMBER_WIDTH)
            lines = [
                Content.assemble(number.ljust(NUMBER_WIDTH) if index == 0 else " " * NUMBER_WIDTH, line)
                for number, text in self._items
                for index, line in enumerate(text.wrap(text_width))
            ]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))


class RolePreview(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield Static(id="preview-head")
        yield Static("Responsibilities", id="preview-duties-title", classes="preview-title")
        yield NumberedLines(id="preview-duties")
        yield Static(id="preview-more")
        yield Static("Works with", classes="preview-title")
        yield Static(id="preview-partners")
        yield Static(id="preview-note")

    def show(self, catalog: Catalog, match: RoleMatch | None, notes: RoleNotes | None) -> None:
        head = self.query_one("#preview-head", Static)
        for child in self.children:
            child.display = child is head or match is not None
        if match is None:
            head.update(Content.styled("Nothing to preview.\nescape clears the filter.", "$text-muted"))
            return
        role = match.role
        self.query_one("#preview-head", Static).update(_heading(match, notes))

        duties = role.responsibilities
        # While filtering, the responsibilities that matched come first so the reason shows.
        order = sorted(range(len(duties)), key=lambda i: i not in match.responsibility_spans)[:PREVIEW_DUTIES]
        self.query_one("#preview-duties-title").display = bool(duties)
        lines = self.query_one(NumberedLines)
        lines.display = bool(duties)
        spans = match.responsibility_spans
        lines.show(
            [(f"{index + 1:>2}.", highlighted(duties[index].text, spans.get(index, ()))) for index in order]
        )
        more = self.query_one("#preview-more", Static)
        hidden = len(duties) - len(order)
        more.display = hidden > 0
        more.update(Content.styled(f"    … and {hidden} more: enter shows the full role", "$text-muted"))

        partners = [catalog.role(edge.other(role.id)) for edge in catalog.collaborations_of(role.id)]
        names = [partner.name for partner in partners if partner is not None]
        self.query_one("#preview-partners", Static).update(
            plain(", ".join(names)) if names else Content.styled("No collaborations recorded", "$text-muted")
        )
        note = self.query_one("#preview-note", Static)
        note.display = bool(notes and notes.note)
        if notes and notes.note:
            note.update(Content.assemble(Content.styled("Your note\n", "bold"), plain(notes.note, "italic")))
        self.scroll_home(animate=False)


def _heading(match: RoleMatch, notes: RoleNotes | None) -> Content:
    role = match.role
    kind = kind_heading(role.kind).removesuffix(" roles")
    parts = [
        highlighted(role.name, match.name_spans, "bold $text-primary"),
        Content.styled(f"\n{kind} role", "italic $text-muted"),
    ]
    if notes is not None and notes.held:
        parts.append(Content.styled("  ★ you hold this role", "$text-warning"))
    parts += [Content("\n\n"), highlighted(role.summary, match.summary_spans)]
    return Content.assemble(*parts)
