"""One capability: its summary and Framework page, the suggested letters, and the responsibilities
it covers grouped by role with the user's own letters; enter opens the role at one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from finops_tui.tui.store import NotesChanged
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.capability_sections import (
    SUGGESTED_NOTE,
    LinkedResponsibilityList,
    capability_heading,
    suggested_letters,
)
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import SteadyHeader

if TYPE_CHECKING:
    from finops_tui.core.models import Capability
    from finops_tui.tui.app import FinopsApp


class CapabilityDetailScreen(Screen[None]):
    CSS_PATH = stylesheet("capabilities")
    # The list is focused without scrolling to it: the capability opens at its heading.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="capability.back"),
        Binding("enter", "open", "Open role", id="capability.open", priority=True),
        Binding("y", "copy_link", "Copy link", id="capability.copy-link"),
    ]

    app: FinopsApp

    def __init__(self, capability_id: str) -> None:
        super().__init__()
        self.capability_id = capability_id
        self._stale = False

    @property
    def capability(self) -> Capability:
        capability = self.app.store.catalog.capabilities.capability(self.capability_id)
        assert capability is not None, "a capability's detail is only opened for a known one"
        return capability

    def compose(self) -> ComposeResult:
        catalog = self.app.store.catalog
        capability = self.capability
        self.sub_title = capability.name
        yield SteadyHeader()
        with VerticalScroll(id="capability-detail"):
            yield Static(capability_heading(catalog, capability), id="capability-heading")
            yield Static("Suggested letters", classes="section-title")
            yield Static(Content.styled(SUGGESTED_NOTE, "italic $text-muted"), classes="section-note")
            yield Static(suggested_letters(catalog, capability), id="capability-letters")
            yield Static("Responsibilities it covers, with your letters", classes="section-title")
            yield LinkedResponsibilityList(id="linked-responsibilities")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_links()
        self.query_one(LinkedResponsibilityList).focus(scroll_visible=False)
        self.app.store.notes_changed.subscribe(self, self._notes_changed)

    def show_capability(self, capability_id: str) -> None:
        """Show another capability, as a new screen opened on it would (the app reuses this one)."""
        self.capability_id = capability_id
        self._stale = False
        catalog = self.app.store.catalog
        capability = self.capability
        self.sub_title = capability.name
        self.query_one("#capability-heading", Static).update(capability_heading(catalog, capability))
        self.query_one("#capability-letters", Static).update(suggested_letters(catalog, capability))
        links = self.query_one(LinkedResponsibilityList)
        links.clear_options()  # the cursor starts at the first responsibility, not where it was
        self._show_links()
        links.focus(scroll_visible=False)
        self.query_one("#capability-detail", VerticalScroll).scroll_home(animate=False)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._show_links()

    def _notes_changed(self, _: NotesChanged) -> None:
        if self.is_active:
            self._show_links()
        else:
            self._stale = True  # changed in a role opened from here: redrawn when back

    def _show_links(self) -> None:
        store = self.app.store
        self.query_one(LinkedResponsibilityList).show(
            store.catalog, self.capability, store.responsibility_note
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and self.query_one(LinkedResponsibilityList).highlighted_link is None:
            return None
        if action == "copy_link" and not self.capability.source_url:
            return None
        return True

    @on(OptionList.OptionSelected, "#linked-responsibilities")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        link = self.query_one(LinkedResponsibilityList).highlighted_link
        if link is not None:
            role_id, responsibility_id = link
            self.app.open_role(role_id, responsibility_id=responsibility_id)

    def action_back(self) -> None:
        self.dismiss()

    def action_copy_link(self) -> None:
        capability = self.capability
        if capability.source_url:
            self.app.copy_link(capability.source_url, capability.name)
