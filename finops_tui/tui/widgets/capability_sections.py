"""The parts that show capabilities: tags beside a responsibility, a role's capabilities, the
grouped capability list with its preview, and a capability's detail.

Suggested letters are finops-tui's suggestion (never the FinOps Foundation's); the user's own
letters come from their notes. Every name and text is shown through ``plain``: an overlay's
capability data is user text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from finops_tui.catalog.search import CapabilityMatch
from finops_tui.catalog.sections import NONE_RECORDED
from finops_tui.core.models import RACI_MEANINGS, Capability, Catalog, ResponsibilityNote, Role
from finops_tui.tui.widgets.content import highlighted, plain
from finops_tui.tui.widgets.role_sections import DetailList, HangingIndent

# Accountable first: it is the letter a reader looks for in a capability.
LETTER_ORDER = ("A", "R", "C", "I")
SUGGESTED_NOTE = "Suggested letters are finops-tui's suggestion, not the FinOps Foundation's."
NAME_COLUMN = 24
NoteOf = Callable[[str, str], ResponsibilityNote | None]


def letter_badge(letter: str | None) -> Content:
    if letter:
        return Content.styled(f" {letter} ", "bold reverse $text-success")
    return Content.styled(" · ", "$text-muted")


def suggested_badge(letter: str | None) -> Content:
    if letter:
        return Content.styled(f" {letter} ", "bold $text-accent")
    return Content.styled(" · ", "$text-muted")


# ---------------------------------------------------------------------------------------------
# In a role's detail


def role_capability_options(catalog: Catalog, role: Role) -> list[Option]:
    """One option per capability the role is involved in (its id), with the suggested letter."""
    options = []
    for capability in catalog.capabilities.involving(role.id):
        domain = catalog.capabilities.domain(capability.domain)
        text = Content.assemble(
            plain(capability.name, "bold"),
            plain(f"  {domain.name}" if domain else "", "$text-muted"),
        )
        marker = Content.assemble("   ", suggested_badge(capability.suggested_letter(role.id)))
        options.append(Option(HangingIndent(marker, text), id=capability.id))
    return options


class RoleCapabilityList(DetailList):
    """The capabilities a role is involved in, each with the role's suggested letter; enter opens one."""

    def __init__(self, catalog: Catalog, role: Role, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show(catalog, role)

    def on_mount(self) -> None:
        self.tooltip = SUGGESTED_NOTE

    def show(self, catalog: Catalog, role: Role) -> None:
        options = role_capability_options(catalog, role)
        if not options:
            # A disabled option: the cursor, the mouse and the highlight all pass it by.
            options = [Option(Content.styled(f"  {NONE_RECORDED}", "$text-muted"), disabled=True)]
        self.set_options(options)
        self.action_first()


# ---------------------------------------------------------------------------------------------
# The capabilities screen


def capability_row(match: CapabilityMatch, name_width: int) -> Content:
    capability = match.capability
    padding = " " * max(1, name_width - len(capability.name) + 2)
    return Content.assemble(
        "  ",
        highlighted(capability.name, match.name_spans, "bold"),
        padding,
        highlighted(capability.summary, match.summary_spans, "$text-muted"),
    )


class CapabilityList(OptionList):
    """Capabilities under a heading per domain; each row is the name and the one-line summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="capabilities.open"),
        Binding("j", "cursor_down", "Down", show=False, id="capabilities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="capabilities.up"),
        Binding("g", "first", "First", show=False, id="capabilities.first"),
        Binding("G", "last", "Last", show=False, id="capabilities.last"),
    ]

    def show_matches(self, catalog: Catalog, matches: Sequence[CapabilityMatch]) -> None:
        """Show ``matches`` grouped by domain, keeping the cursor on the same capability if listed."""
        keep = self.highlighted_capability_id
        name_width = min(NAME_COLUMN, max((len(m.capability.name) for m in matches), default=0))
        options: list[Option] = []
        for domain_id in dict.fromkeys(match.capability.domain for match in matches):
            domain = catalog.capabilities.domain(domain_id)
            heading = plain(domain.name if domain else domain_id, "bold $text-accent")
            options.append(Option(heading, id=f"domain:{domain_id}", disabled=True))
            options += [
                Option(capability_row(match, name_width), id=match.capability.id)
                for match in matches
                if match.capability.domain == domain_id
            ]
        self.set_options(options)
        listed = [match.capability.id for match in matches]
        self.highlight_capability(keep if keep in listed else (listed[0] if listed else None))

    @property
    def highlighted_capability_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_capability(self, capability_id: str | None) -> None:
        if capability_id is None:
            return
        with suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(capability_id)


LETTER_LABEL_WIDTH = len(" A Accountable: ")


def suggested_letter_lines(catalog: Catalog, capability: Capability) -> list[HangingIndent]:
    """One line per suggested letter: the letter and its meaning, beside the roles given it,
    which wrap under themselves."""
    lines = []
    for letter in LETTER_ORDER:
        names = [_role_name(catalog, role_id) for role_id, given in capability.raci if given == letter]
        if names:
            marker = Content.assemble(
                suggested_badge(letter), Content.styled(f"{RACI_MEANINGS[letter]}: ", "$text-muted")
            )
            line = HangingIndent(marker, plain(", ".join(names)))
            line.marker_width = LETTER_LABEL_WIDTH
            lines.append(line)
    return lines


class Stacked(Visual):
    """Visuals drawn one under the other, so that a pane of several parts is one widget's update
    (one layout per cursor move, not one per part)."""

    def __init__(self, parts: Sequence[Visual]) -> None:
        self.parts = list(parts)

    def __str__(self) -> str:
        """The text, a line per part (a letter line as its marker and text), as Content reads."""
        lines = []
        for part in self.parts:
            if isinstance(part, HangingIndent):
                lines.append(f"{part.marker.plain}{part.text.plain}")
            else:
                lines.append(str(part))
        return "\n".join(lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [strip for part in self.parts for strip in part.render_strips(width, None, style, options)]
        return strips if height is None else strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((part.get_optimal_width(rules, container_width) for part in self.parts), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((part.get_minimal_width(rules) for part in self.parts), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(part.get_height(rules, width) for part in self.parts)


def capability_preview(
    catalog: Catalog, match: CapabilityMatch | None, domain_name: str, note_of: NoteOf
) -> Stacked:
    """The highlighted capability in short: what it is, the suggested letters, what it covers."""
    capability = match.capability if match else None
    letters = suggested_letter_lines(catalog, capability) if capability else []
    return Stacked(
        [
            capability_preview_top(match, domain_name),
            *letters,
            Content(""),
            capability_preview_bottom(capability, note_of),
        ]
    )


def suggested_letters(catalog: Catalog, capability: Capability) -> Stacked:
    """A capability's suggested letters as one visual, a line for each letter given."""
    return Stacked(suggested_letter_lines(catalog, capability))


def _role_name(catalog: Catalog, role_id: str) -> str:
    role = catalog.role(role_id)
    return role.name if role else role_id


def capability_preview_top(match: CapabilityMatch | None, domain_name: str) -> Content:
    """Above the suggested letters: the name, the domain and the summary."""
    if match is None:
        return Content.styled("Nothing to preview.\nescape clears the filter.", "$text-muted")
    capability = match.capability
    return Content.assemble(
        highlighted(capability.name, match.name_spans, "bold $text-primary"),
        plain(f"\n{domain_name}", "italic $text-muted"),
        Content("\n\n"),
        highlighted(capability.summary, match.summary_spans),
        Content.styled("\n\nSuggested letters", "bold"),
    )


def capability_preview_bottom(capability: Capability | None, note_of: NoteOf) -> Content:
    """Below the suggested letters: how many responsibilities it covers, and your letters on them."""
    if capability is None:
        return Content("")
    linked = [
        (role_id, responsibility_id)
        for role_id in capability.roles_involved()
        for responsibility_id in capability.responsibility_ids_of(role_id)
    ]
    yours = [
        note.raci
        for role_id, responsibility_id in linked
        if (note := note_of(role_id, responsibility_id)) and note.raci
    ]
    roles = len({role for role, _ in linked})
    parts = [
        Content.styled("Responsibilities it covers\n", "bold"),
        Content(f"{len(linked)} across {roles} role{'s' if roles != 1 else ''}"),
    ]
    if yours:
        counts = ", ".join(f"{yours.count(letter)} {letter}" for letter in LETTER_ORDER if letter in yours)
        parts.append(Content.styled(f"\nYour letters on them: {counts}", "$text-success"))
    parts.append(Content.styled("\n\nenter shows them all", "$text-muted"))
    return Content.assemble(*parts)


# ---------------------------------------------------------------------------------------------
# A capability's detail


def capability_heading(catalog: Catalog, capability: Capability) -> Content:
    domain = catalog.capabilities.domain(capability.domain)
    parts = [
        plain(capability.name, "bold $text-primary"),
        plain(f"  {domain.name if domain else capability.domain}", "italic $text-muted"),
        Content("\n"),
        plain(capability.summary),
    ]
    if capability.source_url:
        parts += [
            Content.styled("\n\nFinOps Framework page: ", "$text-muted"),
            plain(capability.source_url, "underline"),
            Content.styled("  (y copies it)", "$text-muted"),
        ]
    return Content.assemble(*parts)


def linked_responsibility_options(catalog: Catalog, capability: Capability, note_of: NoteOf) -> list[Option]:
    """A heading per role (with its suggested letter), then its linked responsibilities with the
    user's own letters; each responsibility's id is ``role-id/responsibility-id``."""
    options: list[Option] = []
    for role_id in capability.roles_by_letter():
        role = catalog.role(role_id)
        covered = [
            responsibility
            for responsibility_id in capability.responsibility_ids_of(role_id)
            if role is not None and (responsibility := role.responsibility(responsibility_id)) is not None
        ]
        if role is None or not covered:
            continue
        if options:
            options.append(Option(Content(""), disabled=True))
        letter = capability.suggested_letter(role_id)
        heading = Content.assemble(
            plain(role.name, "bold $text-accent"),
            Content.styled(
                f"  suggested {letter} ({RACI_MEANINGS[letter]})" if letter else "", "$text-muted"
            ),
        )
        options.append(Option(heading, id=f"role:{role_id}", disabled=True))
        for responsibility in covered:
            note = note_of(role_id, responsibility.id)
            marker = Content.assemble("  ", letter_badge(note.raci if note else None))
            options.append(
                Option(HangingIndent(marker, plain(responsibility.text)), id=f"{role_id}/{responsibility.id}")
            )
    return options


class LinkedResponsibilityList(DetailList):
    """The responsibilities a capability covers, grouped by role; enter opens the role at one."""

    def on_mount(self) -> None:
        self.tooltip = "Your own RACI letters; enter opens the role at this responsibility."

    def show(self, catalog: Catalog, capability: Capability, note_of: NoteOf) -> None:
        keep = self.highlighted
        self.set_options(linked_responsibility_options(catalog, capability, note_of))
        enabled = [index for index, option in enumerate(self.options) if not option.disabled]
        if keep is not None and keep in enabled:
            self.highlighted = keep
        elif enabled:
            self.highlighted = enabled[0]

    @property
    def highlighted_link(self) -> tuple[str, str] | None:
        option = self.highlighted_option
        if option is None or option.id is None or "/" not in option.id:
            return None
        role_id, _, responsibility_id = option.id.partition("/")
        return role_id, responsibility_id
