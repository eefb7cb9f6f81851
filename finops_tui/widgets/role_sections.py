"""The parts of the role detail: heading, sections, and the two selectable lists."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ListItem, ListView, Static

from finops_tui.models import RACI_MEANINGS, Catalog, Responsibility, Role, RoleNotes, kind_heading
from finops_tui.widgets.content import plain

NOTE_MARK = "✎"
HELD_MARK = "★"
_VIM_KEYS = [
    Binding("j", "cursor_down", "Down", show=False, id="detail.down"),
    Binding("k", "cursor_up", "Up", show=False, id="detail.up"),
]


def role_heading(role: Role, notes: RoleNotes | None) -> Content:
    kind = kind_heading(role.kind).removesuffix(" roles")
    parts = [
        plain(role.name, "bold $text-primary"),
        Content.styled(f"  {kind} role", "italic $text-muted"),
    ]
    if notes is not None and notes.held:
        parts.append(Content.styled(f"  {HELD_MARK} you hold this role", "$text-warning"))
    parts += [Content("\n"), plain(role.summary)]
    if role.description:
        parts += [Content("\n\n"), plain(role.description)]
    if notes is not None and notes.note:
        parts += [Content.styled(f"\n\n{NOTE_MARK} Your note\n", "bold"), plain(notes.note, "italic")]
    return Content.assemble(*parts)


def _section(title: str, items: tuple[str, ...]) -> list[Content]:
    parts = [Content.styled(f"\n{title}\n", "bold $text-accent")]
    if not items:
        return [*parts, Content.styled("  None recorded\n", "$text-muted")]
    for item in items:
        parts += [Content("  • "), plain(item), Content("\n")]
    return parts


def role_body(role: Role) -> Content:
    """Perspective, challenges, metrics and outcomes."""
    perspective = role.perspective
    parts = [Content.styled("Perspective\n", "bold $text-accent")]
    if perspective.titles:
        parts += [
            Content.styled("  Typical titles: ", "italic"),
            plain(", ".join(perspective.titles)),
            Content("\n"),
        ]
    if perspective.view:
        parts += [Content("  "), plain(perspective.view), Content("\n")]
    if not perspective.titles and not perspective.view:
        parts.append(Content.styled("  None recorded\n", "$text-muted"))
    parts += _section("Challenges", role.challenges)
    parts += _section("Metrics (KPIs)", role.metrics)
    parts += _section("Desired outcomes", role.outcomes)
    return Content.assemble(*parts)


class ResponsibilityItem(ListItem):
    """Number and RACI badge on the left; the text (and your note) wraps beside them."""

    def __init__(self, number: int, duty: Responsibility, notes: RoleNotes | None) -> None:
        self.number = number
        self.responsibility_id = duty.id
        self.duty = duty
        marker, text = self._contents(notes)
        super().__init__(Horizontal(Static(marker, classes="duty-marker"), Static(text, classes="duty-text")))

    def _contents(self, notes: RoleNotes | None) -> tuple[Content, Content]:
        note = notes.responsibilities.get(self.duty.id) if notes else None
        letter = note.raci if note and note.raci else None
        badge = (
            Content.styled(f" {letter} ", "bold reverse $text-success")
            if letter
            else Content.styled(" · ", "$text-muted")
        )
        marker = Content.assemble(Content(f"{self.number:>2}. "), badge)
        parts = [plain(self.duty.text)]
        if note and note.note:
            parts += [Content.styled(f" {NOTE_MARK}", "$text-warning")]
            parts += [Content("\n"), plain(note.note, "italic $text-muted")]
        return marker, Content.assemble(*parts)

    def refresh_annotation(self, notes: RoleNotes | None) -> None:
        marker, text = self._contents(notes)
        # A new layout of the whole detail costs more than the rest of a RACI key: the marker
        # keeps its one-line size, and the text only changes (and may resize) with the note.
        self.query_one(".duty-marker", Static).update(marker, layout=False)
        duty_text = self.query_one(".duty-text", Static)
        if duty_text.content != text:
            duty_text.update(text)


def responsibility_items(role: Role, notes: RoleNotes | None) -> list[ResponsibilityItem]:
    return [
        ResponsibilityItem(number, duty, notes) for number, duty in enumerate(role.responsibilities, start=1)
    ]


class ResponsibilityList(ListView):
    """The numbered responsibilities; RACI letters and notes show beside each."""

    BINDINGS = _VIM_KEYS

    def on_mount(self) -> None:
        self.tooltip = " ".join(f"{letter} {meaning}." for letter, meaning in RACI_MEANINGS.items())

    async def show(self, role: Role, notes: RoleNotes | None) -> None:
        await self.clear()
        await self.extend(responsibility_items(role, notes))
        if role.responsibilities:
            self.index = 0

    def refresh_annotation(self, responsibility_id: str, notes: RoleNotes | None) -> None:
        for item in self.query(ResponsibilityItem):
            if item.responsibility_id == responsibility_id:
                item.refresh_annotation(notes)


class CollaborationItem(ListItem):
    def __init__(self, role_id: str, name: str, topics: tuple[str, ...]) -> None:
        self.role_id = role_id
        lines = [plain(name, "bold")]
        for topic in topics:
            lines += [Content("\n• "), plain(topic)]
        super().__init__(Static(Content.assemble(*lines)))


def collaboration_items(catalog: Catalog, role: Role) -> list[CollaborationItem]:
    items = []
    for edge in catalog.collaborations_of(role.id):
        other = catalog.role(edge.other(role.id))
        if other is not None:
            items.append(CollaborationItem(other.id, other.name, edge.topics))
    return items


class CollaborationList(ListView):
    """Each role this one works with and on what; enter opens that role."""

    BINDINGS = _VIM_KEYS

    async def show(self, catalog: Catalog, role: Role) -> None:
        await self.clear()
        items = collaboration_items(catalog, role)
        await self.extend(items)
        if items:
            self.index = 0
