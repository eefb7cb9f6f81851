"""One role in full: every section, its responsibilities with your annotations, its collaborations."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList

from finops_tui.catalog.sections import COLLABORATIONS, RESPONSIBILITIES
from finops_tui.exchange.role_markdown import role_markdown
from finops_tui.tui.store import NotesChanged
from finops_tui.tui.widgets._textual_seams import LaidOutScroll, LaidOutStatic, css_generation
from finops_tui.tui.widgets.capability_sections import RoleCapabilityList
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import SteadyHeader
from finops_tui.tui.widgets.role_sections import (
    CollaborationList,
    ResponsibilityList,
    role_body,
    role_heading,
)

if TYPE_CHECKING:
    from finops_tui.core.models import Role
    from finops_tui.tui.app import FinopsApp


PREVIOUS_NEXT = Binding.Group("Prev/next", compact=True)


class RoleDetailScreen(Screen[None]):
    # The screen focuses its first list itself: automatic focus (None would mean the app's "*")
    # would first pick the scrolling container, and moving focus again restyles the detail.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding(
            "left_square_bracket,left",
            "step(-1)",
            "Previous role",
            id="detail.previous",
            key_display="[",
            group=PREVIOUS_NEXT,
        ),
        Binding(
            "right_square_bracket,right",
            "step(1)",
            "Next role",
            id="detail.next",
            key_display="]",
            group=PREVIOUS_NEXT,
        ),
        Binding("h", "toggle_held", "Hold", id="detail.toggle-held", tooltip="I hold this role"),
        Binding("n", "edit_note", "Note", id="detail.note"),
        Binding("space", "cycle_raci", "RACI", id="detail.cycle-raci"),
        Binding("r", "set_raci('R')", "Responsible", id="detail.raci-r", show=False),
        Binding("a", "set_raci('A')", "Accountable", id="detail.raci-a", show=False),
        Binding("c", "set_raci('C')", "Consulted", id="detail.raci-c", show=False),
        Binding("i", "set_raci('I')", "Informed", id="detail.raci-i", show=False),
        Binding("x", "set_raci(None)", "Clear RACI", id="detail.raci-clear", show=False),
        Binding("m", "map", "Map", id="detail.map"),
        Binding("y", "copy", "Copy as Markdown", id="detail.copy", show=False),
    ]

    app: FinopsApp

    def __init__(self, role_id: str, focus_responsibility_id: str | None = None) -> None:
        super().__init__()
        self.role_id = role_id
        # Opened from "My notes" on a responsibility: start with the cursor on it.
        self._focus_responsibility_id = focus_responsibility_id
        self._styled_for: tuple[int, bool] | None = None

    @property
    def role(self) -> Role:
        role = self.app.store.catalog.role(self.role_id)
        assert role is not None, "a detail screen is only opened for a known role"
        return role

    def compose(self) -> ComposeResult:
        # The role is composed with the screen, not mounted after it: one layout of the whole
        # detail instead of one per list (laying the detail out is most of opening it).
        store = self.app.store
        role = self.role
        notes = store.role_notes(role.id)
        self.sub_title = role.name  # before the header shows it, rather than a change after
        yield SteadyHeader()
        with LaidOutScroll(id="detail"):
            yield LaidOutStatic(role_heading(role, notes), id="detail-heading")
            yield LaidOutStatic(RESPONSIBILITIES, classes="section-title")
            self._team_shown = store.team_files
            team_letters = store.team_letters if store.team_report is not None else None
            yield ResponsibilityList(
                role, notes, store.catalog.capabilities, team_letters=team_letters, id="responsibilities"
            )
            yield LaidOutStatic("Capabilities (suggested letters)", classes="section-title")
            yield RoleCapabilityList(store.catalog, role, id="role-capabilities")
            yield LaidOutStatic(role_body(role), id="detail-body")
            yield LaidOutStatic(COLLABORATIONS, classes="section-title")
            yield CollaborationList(store.catalog, role, id="collaborations")
        yield SteadyFooter(keys_at_mount=True)

    def on_mount(self) -> None:
        self.app.store.notes_changed.subscribe(self, self._notes_changed)
        self.app.store.team_changed.subscribe(self, self._team_changed)
        self._role_shown()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which restyles the whole detail each time it is
        # shown (a cost of its own, and a frame more for what the restyle repaints after the layout).
        # A kept screen was styled when last shown: only new CSS (a theme; Textual counts each
        # change of its CSS) or the terminal's focus, changed while it was hidden, makes its
        # styles stale. Pinned by a test that picks a theme while the detail is hidden.
        styled_for = (css_generation(self.app), self.app.app_focus)
        if styled_for == self._styled_for:
            event.refresh_styles = False
        self._styled_for = styled_for
        self.app.store.select(self.role_id)

    def show_role(self, role_id: str, focus_responsibility_id: str | None = None) -> None:
        """Show another role, as a new screen opened on it would (the app reuses this one)."""
        self.role_id = role_id
        self._focus_responsibility_id = focus_responsibility_id
        self._show_role()

    def _show_role(self) -> None:
        store = self.app.store
        role = self.role
        notes = store.role_notes(role.id)
        self.query_one("#detail-heading", LaidOutStatic).update(role_heading(role, notes))
        responsibility_list = self.query_one(ResponsibilityList)
        self._team_shown = store.team_files
        responsibility_list.team_letters = store.team_letters if store.team_report is not None else None
        responsibility_list.show(role, notes, store.catalog.capabilities)
        self.query_one(RoleCapabilityList).show(store.catalog, role)
        self.query_one("#detail-body", LaidOutStatic).update(role_body(role))
        self.query_one(CollaborationList).show(store.catalog, role)
        self.sub_title = role.name
        self._role_shown()

    def _role_shown(self) -> None:
        first = self.query_one(ResponsibilityList) if self.role.responsibilities else None
        (first or self.query_one(CollaborationList)).focus(scroll_visible=False)
        self.query_one("#detail", LaidOutScroll).scroll_home(animate=False)
        self._move_to_wanted_responsibility()

    def _move_to_wanted_responsibility(self) -> None:
        """Put the cursor on the responsibility asked for at opening (once; stepping forgets it)."""
        wanted, self._focus_responsibility_id = self._focus_responsibility_id, None
        responsibilities = self.query_one(ResponsibilityList)
        if wanted is not None and self.role.responsibility(wanted) is not None:
            responsibilities.highlighted = responsibilities.get_option_index(wanted)
            # Where the option is on screen is known once the detail is laid out.
            self.call_after_refresh(responsibilities.scroll_highlight_into_view)

    def _notes_changed(self, change: NotesChanged) -> None:
        if change.role_id != self.role_id or self not in self.app.screen_stack:
            return  # a kept screen not showing: it is filled again when next opened
        notes = self.app.store.role_notes(self.role_id)
        # Redraw only what the change touches: the heading shows the role's own notes, each
        # responsibility its own letter and note.
        if change.responsibility_id is None:
            self.query_one("#detail-heading", LaidOutStatic).update(role_heading(self.role, notes))
        else:
            self.query_one(ResponsibilityList).refresh_annotation(change.responsibility_id, notes)

    def _team_changed(self, _report: object) -> None:
        """A team opened or read again: its letters show under the responsibilities.

        A change of the user's own letters publishes this too; the others' letters stay.
        """
        store = self.app.store
        if store.team_files is self._team_shown or self not in self.app.screen_stack:
            return
        self._team_shown = store.team_files
        responsibility_list = self.query_one(ResponsibilityList)
        highlighted = responsibility_list.highlighted
        responsibility_list.team_letters = store.team_letters
        responsibility_list.show(self.role, store.role_notes(self.role_id), store.catalog.capabilities)
        responsibility_list.highlighted = highlighted

    @on(OptionList.OptionSelected, "#collaborations")
    def _open_collaborator(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_role(event.option.id)

    @on(OptionList.OptionSelected, "#role-capabilities")
    def _open_capability(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.open_capability(event.option.id)

    @on(OptionList.OptionSelected, "#responsibilities")
    def _edit_responsibility(self) -> None:
        self.action_edit_note()

    def _current_responsibility(self) -> str | None:
        """The responsibility under the cursor, when the responsibilities have focus."""
        responsibilities = self.query_one(ResponsibilityList)
        return responsibilities.highlighted_responsibility_id if self.focused is responsibilities else None

    def action_back(self) -> None:
        self.dismiss()

    def action_step(self, step: int) -> None:
        self.role_id = self.app.store.neighbour(self.role_id, step)
        self.app.store.select(self.role_id)
        self._show_role()

    def action_toggle_held(self) -> None:
        self.app.store.toggle_held(self.role_id)

    def action_cycle_raci(self) -> None:
        responsibility_id = self._current_responsibility()
        if responsibility_id is None:
            self.notify("Move to a responsibility first (tab)", markup=False)
            return
        self.app.store.cycle_raci(self.role_id, responsibility_id)

    def action_set_raci(self, letter: str | None) -> None:
        responsibility_id = self._current_responsibility()
        if responsibility_id is None:
            self.notify("Move to a responsibility first (tab)", markup=False)
            return
        self.app.store.set_raci(self.role_id, responsibility_id, letter)  # type: ignore[arg-type]

    def action_edit_note(self) -> None:
        from finops_tui.tui.screens.note_editor import edit_note

        edit_note(self.app, self.role_id, self._current_responsibility())

    def action_map(self) -> None:
        self.app.action_open_map(self.role_id)

    def action_copy(self) -> None:
        self.app.copy_text(role_markdown(self.app.store.catalog, self.role), self.role.name)
