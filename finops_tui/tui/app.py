"""The Textual app: the screens, the global keys and the command palette."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from finops_tui.core.models import Catalog
from finops_tui.core.settings import Settings, os_full_name, save_name, save_team_dir, save_theme
from finops_tui.notes.file import NotesFile
from finops_tui.tui import leaving
from finops_tui.tui.screens.role_list import RoleListScreen
from finops_tui.tui.store import Store, now
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.typeahead import TypeAhead, is_typed

if TYPE_CHECKING:
    from finops_tui.exchange.team import TeamFiles
    from finops_tui.tui.screens.capability_detail import CapabilityDetailScreen
    from finops_tui.tui.screens.role_detail import RoleDetailScreen

# The map and My notes are composed once and kept: composing either again cost most of opening it.
MAP_SCREEN = "collaboration-map"
MY_NOTES_SCREEN = "my-notes"
CAPABILITIES_SCREEN = "capabilities"
TEAM_SCREEN = "team"
KeptScreen = TypeVar("KeptScreen", bound=Screen[None])


def _palette_commands() -> type:
    # Imported when the palette first opens, not at start-up.
    from finops_tui.tui.palette import FinopsCommands

    return FinopsCommands


class FinopsApp(App[None]):
    TITLE = "finops-tui"
    # Each other screen loads its own stylesheet when first shown: parsing them all at start-up
    # was a large share of what start-up costs over the minimal Textual app's.
    CSS_PATH: ClassVar = [stylesheet("app")]
    COMMANDS: ClassVar = App.COMMANDS | {_palette_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit", show=False),
        Binding("m", "open_map", "Map", id="map"),
        Binding("C", "capabilities", "Capabilities", id="capabilities"),
        Binding("M", "my_notes", "My notes", id="my-notes", show=False),
        Binding("E", "export_notes", "Export", id="export", show=False),
        Binding("T", "team", "Team coverage", id="team", show=False),
    ]

    def __init__(
        self,
        catalog: Catalog,
        notes: NotesFile,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        clock: Callable[[], datetime] = now,
        team_dir: Path | None = None,
    ) -> None:
        """``team_dir`` (``--team DIR``) opens the Team screen on that folder at start."""
        super().__init__()
        self.store = Store(catalog, notes, owner=self, clock=clock)
        self.settings = settings or Settings(raw={})
        self.store.team_thresholds = self.settings.team
        self._team_dir_at_start = team_dir
        self._settings_file = settings_file
        self._detail_screens: list[RoleDetailScreen] = []
        self._capability_screens: list[CapabilityDetailScreen] = []
        # Asked once per run: skipping the question is an answer too.
        self._name_asked = False
        # What to tell the user on the terminal after the app has stopped (e.g. after a signal).
        self.exit_messages: list[str] = []
        self._uninstall_stop_signals: Callable[[], None] = lambda: None
        # Keys typed ahead wait for the ones before them (typeahead.py explains why).
        self.typeahead = TypeAhead(self, super().on_event)

    async def on_event(self, event: events.Event) -> None:
        if is_typed(event):
            await self.typeahead.take(event)
        else:
            await super().on_event(event)

    def on_mount(self) -> None:
        self._apply_settings()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.store.save_failed.subscribe(self, self._report_save_problem)
        for message in self.store.take_messages():
            self.notify(message, severity="warning", timeout=12, markup=False)
        self._uninstall_stop_signals = leaving.install_stop_signals(self)
        leaving.offer_kept_drafts(self)

    def on_unmount(self) -> None:
        self._uninstall_stop_signals()
        self.typeahead.stop()

    async def action_quit(self) -> None:
        """Quit (``q``, ``ctrl+q``, the palette), asking first when something would be lost."""
        leaving.quit_safely(self)

    def on_app_focus(self) -> None:
        # Runs before Textual's own handler has set app_focus: look once that is done.
        self.call_later(self._focus_if_nothing_is)

    def _focus_if_nothing_is(self) -> None:
        """Give the screen its AUTO_FOCUS widget if the app gains focus with nothing focused.

        In a browser the web driver reports the app blurred before the first screen mounts, so
        Textual skips that screen's auto focus, and the keyboard did nothing until a click. In a
        terminal a widget is focused by then, and this does nothing.
        """
        screen = self.screen
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if not self.app_focus or screen.focused is not None or not selector:
            return
        for widget in screen.query(selector):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                return

    def on_ready(self) -> None:
        # After the first frame: rendering a large notes file is slow and not needed to draw it.
        self.run_worker(self.store.notes.prepare_saving, thread=True, group="notes", exit_on_error=False)
        # The capabilities too (role detail, filter, their screen): read from their file once.
        self.run_worker(self._read_capabilities, thread=True, group="catalog", exit_on_error=False)

    def _read_capabilities(self) -> None:
        _ = self.store.catalog.capabilities
        if self._team_dir_at_start is not None:
            self.open_team_folder(self._team_dir_at_start)

    def get_default_screen(self) -> RoleListScreen:
        return RoleListScreen()

    def _apply_settings(self) -> None:
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        theme = self.settings.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme '{theme}' in settings; using the default", markup=False)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            # Needs every screen's bindings: checked once the first frame is drawn.
            self.call_after_refresh(self._report_unknown_bindings)

    def _report_unknown_bindings(self) -> None:
        from finops_tui.tui.keymap import binding_ids, unknown_binding_problems

        source = str(self._settings_file) if self._settings_file else "config.toml"
        known = binding_ids(extra=type(self).__mro__)
        for problem in unknown_binding_problems(self.settings.keymap, known, source):
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def _report_save_problem(self, problem: str) -> None:
        self.notify(problem, severity="error", markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        if self._settings_file is None or theme.name == self.settings.theme:
            return
        problem = save_theme(self._settings_file, self.settings, theme.name)
        if problem:
            self.notify(problem, severity="warning", markup=False)

    # -- navigation shared by every screen ------------------------------------------------------

    def open_role(self, role_id: str, responsibility_id: str | None = None) -> None:
        """Push the detail of a role on top of whatever is showing, optionally at one responsibility."""
        from finops_tui.tui.screens.role_detail import RoleDetailScreen

        if self.store.catalog.role(role_id) is None:
            self.notify("That role is not in the catalog", severity="warning", markup=False)
            return
        self.store.select(role_id)
        # A detail screen is kept once made, and shown again with the next role opened:
        # composing and mounting a new one was most of the time it took to open a role. One is
        # made for each level of roles opened from one another, so escape still walks back.
        screen = next((s for s in self._detail_screens if s not in self.screen_stack), None)
        if screen is None:
            screen = RoleDetailScreen(role_id, focus_responsibility_id=responsibility_id)
            self.install_screen(screen, f"role-detail-{len(self._detail_screens)}")
            self._detail_screens.append(screen)
        else:
            screen.show_role(role_id, focus_responsibility_id=responsibility_id)
        self.push_screen(screen)

    def action_role_list(self) -> None:
        """Back to the role list, closing every screen above it (asking first about drafts)."""

        def close() -> None:
            while len(self.screen_stack) > 1:
                self.pop_screen()

        leaving.confirm_closing(self, self.screen_stack[1:], close)

    def action_help(self) -> None:
        from finops_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open_map(self, role_id: str | None = None) -> None:
        """Open the map, or go back to the one already open rather than stacking a second."""
        from finops_tui.tui.screens.collaboration_map import CollaborationMapScreen

        def back(screen: CollaborationMapScreen) -> None:
            if role_id is not None:
                screen.focus_role(role_id)

        self._visit_kept(
            MAP_SCREEN,
            lambda: CollaborationMapScreen(focus_role_id=role_id),
            start=lambda screen: screen.start(role_id),
            back=back,
        )

    def action_my_notes(self) -> None:
        from finops_tui.tui.screens.my_notes import MyNotesScreen

        self._visit_kept(MY_NOTES_SCREEN, MyNotesScreen, start=MyNotesScreen.start)

    def _visit_kept(
        self,
        name: str,
        make: Callable[[], KeptScreen],
        *,
        start: Callable[[KeptScreen], None],
        back: Callable[[KeptScreen], None] | None = None,
    ) -> None:
        """Show the screen kept under ``name``: made the first time; brought back (then ``back``)
        when it is in the stack already; else shown again for a new visit (``start`` first)."""
        if not self.is_screen_installed(name):
            self.install_screen(make(), name)
            self.push_screen(name)
            return
        kept = cast(KeptScreen, self.get_screen(name))
        if kept in self.screen_stack:

            def close_above() -> None:
                while self.screen is not kept:
                    self.pop_screen()
                if back is not None:
                    back(kept)

            above = self.screen_stack[self.screen_stack.index(kept) + 1 :]
            leaving.confirm_closing(self, above, close_above)
            return
        start(kept)
        self.push_screen(kept)

    def action_capabilities(self) -> None:
        from finops_tui.tui.screens.capabilities import CapabilitiesScreen

        self._visit_kept(CAPABILITIES_SCREEN, CapabilitiesScreen, start=CapabilitiesScreen.start)

    def open_capability(self, capability_id: str) -> None:
        """Push the detail of a capability on top of whatever is showing."""
        from finops_tui.tui.screens.capability_detail import CapabilityDetailScreen

        if self.store.catalog.capabilities.capability(capability_id) is None:
            self.notify("That capability is not in the catalog", severity="warning", markup=False)
            return
        # Kept once made, as a role's detail is: one per level opened from one another.
        screen = next((s for s in self._capability_screens if s not in self.screen_stack), None)
        if screen is None:
            screen = CapabilityDetailScreen(capability_id)
            self.install_screen(screen, f"capability-detail-{len(self._capability_screens)}")
            self._capability_screens.append(screen)
        else:
            screen.show_capability(capability_id)
        self.push_screen(screen)

    def action_export_notes(self) -> None:
        from finops_tui.tui.screens.export_dialog import ExportDialog

        if not isinstance(self.screen, ExportDialog):
            self.push_screen(ExportDialog())

    def name_to_ask(self) -> str | None:
        """The name to offer in the export dialog the first time it opens without one (the OS
        user's full name, or ''); None when the name is known or was asked this run already."""
        if self.settings.name is not None or self._name_asked:
            return None
        self._name_asked = True  # leaving the field empty is an answer too
        return self._os_name()

    def action_set_name(self) -> None:
        """Ask for the name written in exports, pre-filled with the current one."""
        from finops_tui.tui.screens.name_dialog import NameDialog

        if isinstance(self.screen, NameDialog):
            return

        def save(name: str | None) -> None:
            if name is not None:
                self.remember_name(name)

        self._name_asked = True
        self.push_screen(NameDialog(self.settings.name or self._os_name()), save)

    def _os_name(self) -> str:
        """The OS user's full name to offer, except in a browser (it would be the server's user)."""
        return "" if self.is_web else os_full_name()

    def remember_name(self, name: str) -> None:
        """Use ``name`` in exports from now on, and keep it in config.toml when there is one."""
        if self._settings_file is None:
            self.settings.name = name.strip()
            return
        problem = save_name(self._settings_file, self.settings, name)
        if problem:
            self.settings.name = name.strip()
            self.notify(f"Your name is used for this run only: {problem}", severity="warning", markup=False)
        else:
            self.notify("Saved your name; your exports will carry it", markup=False)

    # -- team coverage ----------------------------------------------------------------------------

    def action_team(self) -> None:
        """The Team screen: the team already read, else the folder remembered, else ask for one."""
        if self.store.team_files is not None:
            # Read again if an export changed, came or went since (a look at the folder, no file
            # opened); otherwise the team as read.
            from finops_tui.exchange.team import files_state

            directory = self.store.team_dir
            if directory is not None and files_state([directory]) != self.store.team_files.state:
                self.open_team_folder(directory)
            else:
                self._show_team()
            return
        remembered = self.settings.team_dir
        if remembered:
            self.open_team_folder(Path(remembered).expanduser())
        else:
            self.action_open_team_folder()

    def action_open_team_folder(self) -> None:
        """Ask for the folder of the team's exports, remember it in config.toml, and open it."""
        from finops_tui.tui.screens.team import TeamFolderDialog

        if isinstance(self.screen, TeamFolderDialog):
            return
        current = self.store.team_dir or (Path(self.settings.team_dir) if self.settings.team_dir else None)

        def chosen(folder: Path | None) -> None:
            if folder is None:
                return
            if self._settings_file is not None:
                problem = save_team_dir(self._settings_file, self.settings, str(folder))
                if problem:
                    self.notify(problem, severity="warning", markup=False)
            else:
                self.settings.team_dir = str(folder)
            self.open_team_folder(folder)

        self.push_screen(TeamFolderDialog(str(current) if current else ""), chosen)

    def open_team_folder(self, directory: Path | None, *, reload: bool = False) -> None:
        """Read the exports in ``directory`` off the UI thread, then show them."""
        if directory is None:
            self.action_open_team_folder()
            return
        self._read_team(directory, reload)

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def _read_team(self, directory: Path, reload: bool) -> None:
        from finops_tui.tui.screens.team import read_team_folder

        files = read_team_folder(directory)
        self.call_from_thread(self._team_read, directory, files, reload)

    def _team_read(self, directory: Path, files: TeamFiles, reload: bool) -> None:
        from finops_tui.tui.screens.team import unreadable_warning

        warning = unreadable_warning(files)
        if warning:
            self.notify(warning, severity="warning", timeout=15, markup=False)
        if not files.members and not files.problems:
            self.notify(f"No export found in {directory}", severity="warning", markup=False)
        self.store.set_team(directory, files)
        if reload:
            count = len(files.members)
            self.notify(f"Read {count} {'export' if count == 1 else 'exports'} again", markup=False)
        else:
            self._show_team()

    def _show_team(self) -> None:
        from finops_tui.tui.screens.team import TeamScreen

        self._visit_kept(TEAM_SCREEN, TeamScreen, start=lambda screen: None)

    def copy_text(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what} to the clipboard as Markdown", markup=False)

    def copy_link(self, url: str, what: str) -> None:
        """Copy a web address for the user to open; the app never opens one itself."""
        self.copy_to_clipboard(url)
        self.notify(f"Copied the FinOps Framework page of {what}: {url}", markup=False)
