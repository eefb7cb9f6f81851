"""The parts of the role detail: heading, sections, and the two selectable lists.

Each list is one OptionList whose options are drawn rather than built from widgets: with a row
of widgets per responsibility and per collaboration, styling and laying them out was most of
the time it took to open a role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, visualize
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from finops_tui.catalog.sections import NONE_RECORDED, PERSPECTIVE, TYPICAL_TITLES, list_sections
from finops_tui.core.models import (
    RACI_MEANINGS,
    Capabilities,
    Capability,
    Catalog,
    Responsibility,
    Role,
    RoleNotes,
    kind_heading,
)
from finops_tui.tui.widgets.content import HELD_TEXT, NOTE_MARK, plain

MARKER_WIDTH = 8  # "12. " and a three-cell RACI badge, then a space before the text


def role_heading(role: Role, notes: RoleNotes | None) -> Content:
    kind = kind_heading(role.kind).removesuffix(" roles")
    parts = [
        plain(role.name, "bold $text-primary"),
        Content.styled(f"  {kind} role", "italic $text-muted"),
    ]
    if notes is not None and notes.held:
        parts.append(Content.styled(f"  {HELD_TEXT}", "$text-warning"))
    parts += [Content("\n"), plain(role.summary)]
    if role.description:
        parts += [Content("\n\n"), plain(role.description)]
    if notes is not None and notes.note:
        parts += [Content.styled(f"\n\n{NOTE_MARK} Your note\n", "bold"), plain(notes.note, "italic")]
    return Content.assemble(*parts)


def _section(title: str, items: tuple[str, ...]) -> list[Content]:
    parts = [Content.styled(f"\n{title}\n", "bold $text-accent")]
    if not items:
        return [*parts, Content.styled(f"  {NONE_RECORDED}\n", "$text-muted")]
    for item in items:
        parts += [Content("  • "), plain(item), Content("\n")]
    return parts


def role_body(role: Role) -> Content:
    """Perspective, challenges, metrics and outcomes."""
    perspective = role.perspective
    parts = [Content.styled(f"{PERSPECTIVE}\n", "bold $text-accent")]
    if perspective.titles:
        parts += [
            Content.styled(f"  {TYPICAL_TITLES}", "italic"),
            plain(", ".join(perspective.titles)),
            Content("\n"),
        ]
    if perspective.view:
        parts += [Content("  "), plain(perspective.view), Content("\n")]
    if not perspective.titles and not perspective.view:
        parts.append(Content.styled(f"  {NONE_RECORDED}\n", "$text-muted"))
    for section in list_sections(role):
        parts += _section(section.title, section.items)
    return Content.assemble(*parts)


class HangingIndent(Visual):
    """A one-line marker with a text beside it that wraps under itself, not under the marker."""

    def __init__(self, marker: Content, text: Content) -> None:
        self.marker = marker
        self.text = text
        self.marker_width = MARKER_WIDTH

    def _text_width(self, width: int) -> int:
        return max(1, width - self.marker_width)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.marker_width + self.text.get_optimal_width(rules, self._text_width(container_width))

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.marker_width + self.text.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.text.get_height(rules, self._text_width(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        text_lines = self.text.render_strips(self._text_width(width), height, style, options)
        gap = style.rich_style
        marker = Strip.join(self.marker.render_strips(self.marker_width, 1, style, options))
        first = marker.crop_extend(0, self.marker_width, gap)
        indent = Strip.blank(self.marker_width, gap)
        return [Strip.join([first if row == 0 else indent, line]) for row, line in enumerate(text_lines)]


class DetailList(OptionList):
    """An option list as tall as its options, inside the scrolling detail."""

    # No limit in practice, rather than OptionList's 100% (the height of the screen). Not
    # "initial": Textual would then lay the detail out again on each restyle (focus, hover).
    # It never scrolls itself either: no scrollbar of its own, whose coming and going while
    # its options change would lay the detail out once more.
    DEFAULT_CSS = """
    DetailList {
        height: auto;
        max-height: 1000000;
        overflow-y: hidden;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="detail.down"),
        Binding("k", "cursor_up", "Up", show=False, id="detail.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn_width = 0

    def on_resize(self, event: events.Resize) -> None:
        # OptionList draws every option again on any resize, yet they change only with the
        # width: the height changes with each role shown, and that redraw cost one more frame.
        # Handlers run from the most derived class down; preventing the default skips OptionList's.
        if event.size.width == self._drawn_width:
            event.prevent_default()
        self._drawn_width = event.size.width

    def watch_highlighted(self, previous: int | None, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        # The first highlight comes with the options, and a role opens at its top: only a move
        # (a key, a click) brings the option into view.
        if previous is not None and highlighted is not None:
            self.scroll_highlight_into_view()

    def scroll_highlight_into_view(self) -> None:
        """Scroll the container around the list until the highlighted option shows in full.

        The list never scrolls itself (it is as tall as its options), so OptionList's own
        scroll_to_highlight moves nothing.
        """
        container = self.parent
        lines = self._highlighted_lines()
        if lines is not None and isinstance(container, Widget):
            offset = self.virtual_region.offset + self.content_offset
            container.scroll_to_region(lines.translate(offset), animate=False, immediate=True)

    def _highlighted_lines(self) -> Region | None:
        """The lines of the highlighted option in the list, once the list is laid out."""
        width = self.scrollable_content_region.width
        if self.highlighted is None or not width:
            return None
        text_width = width - self.get_component_styles("option-list--option").padding.width
        heights = [
            visualize(self, option.prompt).get_height(self.styles, text_width)
            for option in self.options[: self.highlighted + 1]
        ]
        return Region(0, sum(heights[:-1]), width, heights[-1])


TeamLetters = Callable[[str, str], Sequence[tuple[str, str]]]
"""The team's letters on a responsibility (role id, responsibility id) -> [(name, letter)]."""


def responsibility_prompt(
    number: int,
    responsibility: Responsibility,
    notes: RoleNotes | None,
    serves: tuple[Capability, ...] = (),
    team: Sequence[tuple[str, str]] | None = None,
) -> HangingIndent:
    """The number and RACI badge, beside the text of the responsibility, the capabilities it
    serves (short names) and your note on it.

    ``team``: when a team is open, the team's letters, on a line of their own ('Team: none' when
    nobody has one).
    """
    note = notes.responsibilities.get(responsibility.id) if notes else None
    letter = note.raci if note and note.raci else None
    badge = (
        Content.styled(f" {letter} ", "bold reverse $text-success")
        if letter
        else Content.styled(" · ", "$text-muted")
    )
    parts = [plain(responsibility.text)]
    parts += [plain(f" [{capability.label}]", "$text-secondary") for capability in serves]
    if note and note.note:
        parts += [Content.styled(f" {NOTE_MARK}", "$text-warning")]
        parts += [Content("\n"), plain(note.note, "italic $text-muted")]
    if team is not None:
        letters = " · ".join(f"{name} {letter}" for name, letter in team) if team else "none"
        parts += [
            Content("\n"),
            Content.styled("Team: ", "bold $text-accent"),
            plain(letters, "$text-accent"),
        ]
    return HangingIndent(Content.assemble(f"{number:>2}. ", badge), Content.assemble(*parts))


class ResponsibilityList(DetailList):
    """The numbered responsibilities; RACI letters and notes show beside each."""

    def __init__(
        self,
        role: Role,
        notes: RoleNotes | None,
        capabilities: Capabilities,
        *,
        team_letters: TeamLetters | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.team_letters = team_letters
        """Set while a team is open: its letters show under each responsibility."""
        self.show(role, notes, capabilities)

    def on_mount(self) -> None:
        self.tooltip = " ".join(f"{letter} {meaning}." for letter, meaning in RACI_MEANINGS.items())

    def show(self, role: Role, notes: RoleNotes | None, capabilities: Capabilities) -> None:
        numbered = enumerate(role.responsibilities, start=1)
        self._role_id = role.id
        self._numbered = {
            responsibility.id: (number, responsibility, capabilities.serving(role.id, responsibility.id))
            for number, responsibility in numbered
        }
        self.set_options(
            Option(
                responsibility_prompt(number, responsibility, notes, serves, self._team(responsibility_id)),
                id=responsibility_id,
            )
            for responsibility_id, (number, responsibility, serves) in self._numbered.items()
        )
        self.action_first()

    def _team(self, responsibility_id: str) -> Sequence[tuple[str, str]] | None:
        if self.team_letters is None:
            return None
        return self.team_letters(self._role_id, responsibility_id)

    @property
    def highlighted_responsibility_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def refresh_annotation(self, responsibility_id: str, notes: RoleNotes | None) -> None:
        """Redraw one responsibility after its RACI letter or note changed."""
        numbered = self._numbered.get(responsibility_id)
        if numbered is None:
            return  # a note kept on a responsibility the catalog no longer has
        shown = self.get_option(responsibility_id).prompt
        number, responsibility, serves = numbered
        prompt = responsibility_prompt(number, responsibility, notes, serves, self._team(responsibility_id))
        self.replace_option_prompt(responsibility_id, prompt)
        # A new layout of the whole detail costs more than the rest of a RACI key: only a
        # changed note can change the height of the list.
        if not isinstance(shown, HangingIndent) or shown.text != prompt.text:
            self.refresh(layout=True)


def collaboration_prompt(name: str, topics: tuple[str, ...]) -> Content:
    lines = [plain(name, "bold")]
    for topic in topics:
        lines += [Content("\n• "), plain(topic)]
    return Content.assemble(*lines)


def collaboration_options(catalog: Catalog, role: Role) -> list[Option]:
    """One option per role this one works with (its id), a blank line between two of them."""
    options: list[Option] = []
    for edge in catalog.collaborations_of(role.id):
        other = catalog.role(edge.other(role.id))
        if other is None:
            continue
        if options:
            # A disabled option: the cursor, the mouse and the highlight all pass it by.
            options.append(Option(Content(""), disabled=True))
        options.append(Option(collaboration_prompt(other.name, edge.topics), id=other.id))
    return options


class CollaborationList(DetailList):
    """Each role this one works with and on what; enter opens that role."""

    def __init__(self, catalog: Catalog, role: Role, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show(catalog, role)

    def show(self, catalog: Catalog, role: Role) -> None:
        self.set_options(collaboration_options(catalog, role))
        self.action_first()
