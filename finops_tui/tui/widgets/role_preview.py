"""The pane beside the role list: a short view of the highlighted role."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from finops_tui.catalog.search import RoleMatch
from finops_tui.core.models import Catalog, RoleNotes, kind_heading
from finops_tui.tui.widgets.content import HELD_TEXT, highlighted, plain

PREVIEW_RESPONSIBILITIES = 5
NUMBER_WIDTH = 4
NOTHING_TO_PREVIEW = Content.styled("Nothing to preview.\nescape clears the filter.", "$text-muted")


@dataclass(frozen=True)
class Paragraph:
    """Text that wraps under itself; with a number (e.g. " 1."), beside it in a column of its own."""

    text: Content
    number: str | None = None

    def lines(self, width: int) -> list[Content]:
        if self.number is None:
            return self.text.wrap(width)
        wrapped = self.text.wrap(max(1, width - NUMBER_WIDTH))
        margins = [self.number.ljust(NUMBER_WIDTH), *[" " * NUMBER_WIDTH] * (len(wrapped) - 1)]
        return [Content.assemble(margin, line) for margin, line in zip(margins, wrapped, strict=True)]


BLANK = Paragraph(Content(""))


class RolePreview(ScrollView, can_focus=False):
    """The highlighted role in short, every line drawn by this one widget.

    The preview changes on each cursor move. As a column of widgets, each move laid the screen
    out twice (once for the new text, once more because the widgets' heights had changed). This
    widget keeps its size and its scrollable size while the role fits the pane, so a move only
    repaints it; a role longer than the pane changes the scrollable size, for the scrollbar.
    """

    DEFAULT_CSS = "RolePreview { overflow-x: hidden; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paragraphs: list[Paragraph] = []
        # The role's text wrapped, and drawn, at the last width asked: sizing the scrolling and
        # drawing want the same lines, once per cursor move.
        self._wrapped: tuple[int, list[Content]] | None = None
        self._rendered: tuple[int, list[Strip]] | None = None

    def show(self, catalog: Catalog, match: RoleMatch | None, notes: RoleNotes | None) -> None:
        if match is None:
            self._paragraphs = [BLANK, Paragraph(NOTHING_TO_PREVIEW)]
        else:
            self._paragraphs = [BLANK, Paragraph(_heading(match, notes))]
            self._paragraphs += _responsibilities(match) + _partners(catalog, match) + _note(notes)
        self._wrapped = self._rendered = None
        self._update_virtual_size()
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def _lines(self, width: int) -> list[Content]:
        width = max(1, width)  # a terminal shrunk to almost nothing still draws
        if self._wrapped is None or self._wrapped[0] != width:
            lines = [line for paragraph in self._paragraphs for line in paragraph.lines(width)]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def _update_virtual_size(self) -> None:
        """Wrap the text to the pane (narrower if it needs the scrollbar) and size the scrolling.

        A role that fits is given the pane's height: the scrollable size then stays the same
        from one role to the next, and changing it would lay the whole screen out again.
        """
        width, height = self.container_size
        if not width:
            return  # not laid out yet: done on the first resize
        lines = self._lines(width)
        if len(lines) > height:
            width -= self.styles.scrollbar_size_vertical
            lines = self._lines(width)
        self.virtual_size = Size(width, max(len(lines), height))

    def on_resize(self, event: events.Resize) -> None:
        self._rendered = None
        self._update_virtual_size()

    def notify_style_update(self) -> None:
        self._rendered = None  # a new theme: colours are resolved when rendering
        super().notify_style_update()

    def _strips(self) -> list[Strip]:
        width = self.scrollable_content_region.width
        if self._rendered is None or self._rendered[0] != width:
            text = Content("\n").join(self._lines(width))
            self._rendered = (width, Visual.to_strips(self, text, width, None, self.visual_style, pad=True))
        return self._rendered[1]

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        index = self.scroll_offset.y + y
        if index < len(strips):
            return strips[index]
        return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)


def _heading(match: RoleMatch, notes: RoleNotes | None) -> Content:
    role = match.role
    kind = kind_heading(role.kind).removesuffix(" roles")
    parts = [
        highlighted(role.name, match.name_spans, "bold $text-primary"),
        Content.styled(f"\n{kind} role", "italic $text-muted"),
    ]
    if notes is not None and notes.held:
        parts.append(Content.styled(f"  {HELD_TEXT}", "$text-warning"))
    parts += [Content("\n\n"), highlighted(role.summary, match.summary_spans)]
    return Content.assemble(*parts)


def _title(title: str) -> list[Paragraph]:
    return [BLANK, Paragraph(Content.styled(title, "bold"))]


def _responsibilities(match: RoleMatch) -> list[Paragraph]:
    """The first responsibilities, numbered; while filtering, the ones that matched come first."""
    responsibilities = match.role.responsibilities
    if not responsibilities:
        return []
    spans = match.responsibility_spans
    order = sorted(range(len(responsibilities)), key=lambda i: i not in spans)[:PREVIEW_RESPONSIBILITIES]
    paragraphs = _title("Responsibilities")
    paragraphs += [
        Paragraph(highlighted(responsibilities[i].text, spans.get(i, ())), f"{i + 1:>2}.") for i in order
    ]
    hidden = len(responsibilities) - len(order)
    if hidden:
        more = f"    … and {hidden} more: enter shows the full role"
        paragraphs.append(Paragraph(Content.styled(more, "$text-muted")))
    return paragraphs


def _partners(catalog: Catalog, match: RoleMatch) -> list[Paragraph]:
    role = match.role
    partners = [catalog.role(edge.other(role.id)) for edge in catalog.collaborations_of(role.id)]
    names = [partner.name for partner in partners if partner is not None]
    text = plain(", ".join(names)) if names else Content.styled("No collaborations recorded", "$text-muted")
    return [*_title("Works with"), Paragraph(text)]


def _note(notes: RoleNotes | None) -> list[Paragraph]:
    if not (notes and notes.note):
        return []
    return [Paragraph(Content.assemble(Content.styled("Your note\n", "bold"), plain(notes.note, "italic")))]
