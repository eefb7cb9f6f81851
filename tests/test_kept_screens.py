"""The map and My notes are composed once and kept: each visit must still start as a new one."""

from __future__ import annotations

from pathlib import Path

from apptools import make_app

from finops_tui.tui.screens.collaboration_map import CollaborationMapScreen
from finops_tui.tui.screens.my_notes import MyNotesScreen, NotesList
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen

PRACTITIONER = "finops-practitioner"


async def test_the_map_opens_at_the_start_each_visit_and_is_the_same_screen(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CollaborationMapScreen)
        start = (first.view, first.cursor_row, first.cursor_col)
        await pilot.press("down", "down", "f")
        await pilot.pause()
        assert (first.view, first.cursor_row) == ("focus", 2)
        await pilot.press("escape", "m")
        await pilot.pause()
        assert app.screen is first
        assert (first.view, first.cursor_row, first.cursor_col) == start
        assert first.sub_title == "Collaboration map"

        # From a role, the same screen opens on that role's focus view.
        await pilot.press("escape")
        app.open_role("finance")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is first
        assert first.view == "focus"
        assert first.matrix.roles[first.cursor_row].id == "finance"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)


async def test_my_notes_shows_what_changed_while_hidden_from_the_first_entry(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("h", "down", "h", "M")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, MyNotesScreen)
        notes_list = first.query_one(NotesList)
        assert notes_list.option_count == 2
        await pilot.press("down")
        assert notes_list.highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)

        rebuilt: list[None] = []
        show_entries = first._show_entries
        first._show_entries = lambda: rebuilt.append(None) or show_entries()  # type: ignore[method-assign]
        await pilot.press("down", "h", "down", "h")  # two more roles held while it is hidden
        await pilot.pause()
        assert rebuilt == []

        await pilot.press("M")
        await pilot.pause()
        assert app.screen is first
        assert rebuilt == [None]
        assert notes_list.option_count == 4
        assert notes_list.highlighted == 0

        # Open a role from it and ask for My notes again: back to the same screen, not a second one.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        await pilot.press("M")
        await pilot.pause()
        assert app.screen is first
        assert [type(screen) for screen in app.screen_stack] == [RoleListScreen, MyNotesScreen]
