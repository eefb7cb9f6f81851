"""The home screen: every role, grouped by kind, with a filter and a preview of the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from finops_tui.exchange.role_markdown import role_markdown
from finops_tui.tui.store import NotesChanged
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import AppHeader
from finops_tui.tui.widgets.in_order import InOrderInput
from finops_tui.tui.widgets.role_list import RoleList
from finops_tui.tui.widgets.role_preview import RolePreview

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp


class RoleListScreen(Screen[None]):
    SUB_TITLE = "Roles"
    AUTO_FOCUS = "RoleList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="list.filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", id="list.clear-filter"),
        Binding("h", "toggle_held", "Hold", id="list.toggle-held", tooltip="I hold this role"),
        Binding("o", "only_mine", "My roles", id="list.only-mine"),
        Binding("y", "copy", "Copy", id="list.copy"),
        Binding("q", "app.quit", "Quit", id="list.quit"),
    ]

    app: FinopsApp

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="home"):
            with Vertical(id="list-pane"):
                yield InOrderInput(placeholder="/ filter roles", id="filter", compact=True)
                yield RoleList(id="roles")
                yield Static(id="no-match")
            yield RolePreview(id="preview")
        yield SteadyFooter()

    def on_mount(self) -> None:
        store = self.app.store
        self.query_one("#filter", Input).cursor_blink = False
        self._filtering = bool(store.filter_text)
        self._notes_changed_meanwhile = False
        self._rebuilding = False
        self._show_matches()
        # A watcher, not the OptionHighlighted message: the preview then changes before the
        # list's new cursor is drawn, and the key costs one frame instead of two.
        self.watch(self.query_one(RoleList), "highlighted", self._highlight_moved, init=False)
        # Likewise the filter's value rather than Input.Changed, and the store's signal called
        # at once rather than posted: the rows change before the Input's new text is drawn,
        # so a keystroke is one frame, not two.
        self.watch(self.query_one("#filter", Input), "value", store.set_filter, init=False)
        store.filter_changed.subscribe(self, self._filter_changed_in_store, immediate=True)
        store.notes_changed.subscribe(self, self._notes_changed)

    def on_screen_resume(self) -> None:
        store = self.app.store
        roles = self.query_one(RoleList)
        # Back from a role's detail, the list and preview are redrawn only if something they
        # show changed.
        if self._notes_changed_meanwhile:
            self._notes_changed_meanwhile = False
            self._show_matches(highlight=store.selected_role_id)
        elif store.selected_role_id and store.selected_role_id != roles.highlighted_role_id:
            roles.highlight_role(store.selected_role_id)

    def _show_matches(self, highlight: str | None = None) -> None:
        """Rebuild the rows (the cursor on ``highlight`` if given and listed) and the preview."""
        store = self.app.store
        roles = self.query_one(RoleList)
        self._rebuilding = True
        try:
            roles.show_matches(store.matches, store.holds)
            if highlight is not None:
                roles.highlight_role(highlight)
        finally:
            self._rebuilding = False
        empty = not store.matches
        no_match = self.query_one("#no-match", Static)
        no_match.display = empty
        roles.display = not empty
        if empty:
            no_match.update(self._no_match_message())
        self._highlight_moved()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            # Also offered in an empty filter box (escape leaves it), so that typing the
            # first character or deleting the last does not change the footer: rebuilding it
            # cost two more frames on those keystrokes.
            return bool(self.app.store.filter_text) or self.query_one("#filter", Input).has_focus
        return True

    def _filter_changed_in_store(self, _: str) -> None:
        filtering = bool(self.app.store.filter_text)
        if filtering != self._filtering:
            self._filtering = filtering
            # Only "Clear filter" depends on the filter, and refreshing the bindings rebuilds
            # the footer: done only when what it shows changes. Textual refreshes them
            # itself when the focus moves, into or out of the filter box.
            if not self.query_one("#filter", Input).has_focus:
                self.refresh_bindings()
        best = self.app.store.best_match_id()
        self._show_matches(highlight=best if self.app.store.filter_text else None)

    def _no_match_message(self) -> Content:
        store = self.app.store
        if store.filter_text:
            message = f"No role matches '{store.filter_text}'."
        else:
            message = "You hold no roles yet: press h on a role to mark it as yours."
        if store.mine_only:
            message += "\nShowing only your roles: press o to show all."
        return plain(message)

    def _notes_changed(self, change: NotesChanged) -> None:
        if not self.is_active:
            # Under another screen (a role's detail): redraw once when shown again, rather
            # than rebuilding every row on each annotation made there.
            self._notes_changed_meanwhile = True
            return
        self._show_matches()

    def _show_preview(self) -> None:
        store = self.app.store
        role_id = self.query_one(RoleList).highlighted_role_id
        match = next((m for m in store.matches if m.role.id == role_id), None)
        self.query_one(RolePreview).show(store.catalog, match, store.role_notes(role_id) if role_id else None)

    def _highlight_moved(self) -> None:
        if self._rebuilding:
            return  # the rows are changing: shown once they are all there
        role_id = self.query_one(RoleList).highlighted_role_id
        if role_id is not None:
            self.app.store.select(role_id)
        self._show_preview()

    @on(OptionList.OptionSelected, "#roles")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_role(event.option.id)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(RoleList).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_box = self.query_one("#filter", Input)
        filter_box.value = ""
        self.query_one(RoleList).focus()

    def action_toggle_held(self) -> None:
        role_id = self.query_one(RoleList).highlighted_role_id
        if role_id is None:
            return
        self.app.store.toggle_held(role_id)

    def action_only_mine(self) -> None:
        store = self.app.store
        store.set_mine_only(not store.mine_only)
        self.notify("Showing only your roles" if store.mine_only else "Showing all roles", markup=False)

    def action_copy(self) -> None:
        role = self.app.store.catalog.role(self.query_one(RoleList).highlighted_role_id or "")
        if role is not None:
            self.app.copy_text(role_markdown(self.app.store.catalog, role), role.name)
