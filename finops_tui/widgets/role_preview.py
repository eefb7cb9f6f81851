"""The pane beside the role list: a short view of the highlighted role.

Its widgets are made once and updated in place, so following the cursor stays cheap.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from finops_tui.models import Catalog, RoleNotes, kind_heading
from finops_tui.search import RoleMatch
from finops_tui.widgets.content import highlighted, plain

PREVIEW_DUTIES = 5


class NumberedLine(Horizontal):
    """A number and a text that wraps under itself, not under the number."""

    def compose(self) -> ComposeResult:
        yield Static(classes="number")
        yield Static(classes="text")

    def show(self, number: str, text: Content) -> None:
        self.query_one(".number", Static).update(number)
        self.query_one(".text", Static).update(text)


class RolePreview(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield Static(id="preview-head")
        yield Static("Responsibilities", id="preview-duties-title", classes="preview-title")
        for _ in range(PREVIEW_DUTIES):
            yield NumberedLine(classes="preview-duty")
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
        for line, index in zip(self.query(NumberedLine), [*order, *[None] * PREVIEW_DUTIES], strict=False):
            line.display = index is not None
            if index is not None:
                spans = match.responsibility_spans.get(index, ())
                line.show(f"{index + 1:>2}.", highlighted(duties[index].text, spans))
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
