"""The capabilities screen: the FinOps Framework's capabilities grouped by domain, with a filter
and a preview of the highlighted one. Kept between visits (the app makes it once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from finops_tui.catalog.search import CapabilityIndex, CapabilityMatch
from finops_tui.tui.store import NotesChanged
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets._textual_seams import css_generation
from finops_tui.tui.widgets.capability_sections import (
    CapabilityList,
    capability_preview,
)
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import AppHeader

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp

TITLE = "Capabilities"


class CapabilitiesScreen(Screen[None]):
    CSS_PATH = stylesheet("capabilities")
    SUB_TITLE = TITLE
    AUTO_FOCUS = "CapabilityList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="capabilities.filter", key_display="/"),
        Binding("escape", "back", "Back", id="capabilities.back"),
        Binding("y", "copy_link", "Copy link", id="capabilities.copy-link"),
    ]

    app: FinopsApp

    def __init__(self) -> None:
        super().__init__()
        self._matches: list[CapabilityMatch] = []
        self._stale = False
        self._styled_for: tuple[int, bool] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="capabilities-home"):
            with Vertical(id="capability-list-pane"):
                yield Input(placeholder="/ filter capabilities", id="capability-filter", compact=True)
                yield CapabilityList(id="capability-list")
                yield Static(id="capability-no-match")
            with VerticalScroll(id="capability-preview"):
                yield Static(id="capability-preview-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        catalog = self.app.store.catalog
        self._index = CapabilityIndex(catalog.capabilities, self._role_name)
        self.query_one("#capability-filter", Input).cursor_blink = False
        self._show_matches("")
        self.watch(self.query_one(CapabilityList), "highlighted", self._show_preview, init=False)
        self.app.store.notes_changed.subscribe(self, self._notes_changed)

    def _role_name(self, role_id: str) -> str:
        role = self.app.store.catalog.role(role_id)
        return role.name if role else role_id

    def start(self) -> None:
        """A new visit starts unfiltered, at the first capability."""
        filter_box = self.query_one("#capability-filter", Input)
        if filter_box.value:
            filter_box.value = ""  # the watcher below lists every capability again
        capabilities = self.query_one(CapabilityList)
        capabilities.highlight_capability(self._matches[0].capability.id if self._matches else None)
        capabilities.focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # As the role detail does: a kept screen was styled when last shown, and only new CSS (a
        # theme) or the terminal's focus, changed while it was hidden, makes its styles stale.
        # Restyling it anyway was most of the time it took to show it again.
        styled_for = (css_generation(self.app), self.app.app_focus)
        if styled_for == self._styled_for:
            event.refresh_styles = False
        self._styled_for = styled_for
        if self._stale:
            self._stale = False
            self._show_preview()

    def _notes_changed(self, _: NotesChanged) -> None:
        # The preview counts the user's letters; hidden, it is redrawn once when shown again.
        if self.is_active:
            self._show_preview()
        else:
            self._stale = True

    @on(Input.Changed, "#capability-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    def _show_matches(self, query: str) -> None:
        self._matches = self._index.filter(query)
        capabilities = self.query_one(CapabilityList)
        capabilities.show_matches(self.app.store.catalog, self._matches)
        empty = not self._matches
        capabilities.display = not empty
        no_match = self.query_one("#capability-no-match", Static)
        no_match.display = empty
        if empty:
            no_match.update(plain(f"No capability matches '{query}'."))
        self._show_preview()

    def _highlighted_match(self) -> CapabilityMatch | None:
        capability_id = self.query_one(CapabilityList).highlighted_capability_id
        return next((m for m in self._matches if m.capability.id == capability_id), None)

    def _show_preview(self) -> None:
        store = self.app.store
        match = self._highlighted_match()
        capability = match.capability if match else None
        domain = store.catalog.capabilities.domain(capability.domain) if capability else None
        domain_name = domain.name if domain else (capability.domain if capability else "")
        preview = capability_preview(store.catalog, match, domain_name, store.responsibility_note)
        text = self.query_one("#capability-preview-text", Static)
        pane = self.query_one("#capability-preview", VerticalScroll).scrollable_content_region
        region = text.content_region
        # A preview that fits the pane, replacing one that did, leaves every size as it was:
        # repainting it is enough (a layout of the screen was most of a cursor move).
        fits = bool(region.width) and preview.get_height(text.styles, region.width) <= region.height
        text.update(preview, layout=not (fits and text.outer_size.height == pane.height))

    @on(OptionList.OptionSelected, "#capability-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_capability(event.option.id)

    @on(Input.Submitted, "#capability-filter")
    def _filter_submitted(self) -> None:
        self.query_one(CapabilityList).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#capability-filter", Input).focus()

    def action_back(self) -> None:
        """Escape: clears the filter first, then leaves the screen."""
        filter_box = self.query_one("#capability-filter", Input)
        if filter_box.value or filter_box.has_focus:
            filter_box.value = ""
            self.query_one(CapabilityList).focus()
            return
        self.dismiss()

    def action_copy_link(self) -> None:
        match = self._highlighted_match()
        if match is None:
            return
        if match.capability.source_url:
            self.app.copy_link(match.capability.source_url, match.capability.name)
        else:
            self.notify("This capability names no FinOps Framework page", markup=False)
