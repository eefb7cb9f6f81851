"""Annotations in the TUI (issue 5): hold a role, RACI letters, notes in the editor, My notes.

Pilot tests walk the flows a user walks; snapshot tests freeze how the screens look at 80x24
and 120x40. Every app runs on the isolated config directory of conftest, with a fixed clock.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from apptools import make_app, run_from_palette
from textual.pilot import Pilot
from textual.widgets import Static

from finops_tui.core.models import NOTE_MAX_LENGTH
from finops_tui.notes import file as notes_module
from finops_tui.notes.file import NotesFile
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.my_notes import ORPHANED_HEADING, MyNotesScreen, NotesList
from finops_tui.tui.screens.note_editor import DiscardChanges, NoteArea, NoteEditor
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen
from finops_tui.tui.widgets.role_list import RoleList
from finops_tui.tui.widgets.role_sections import HangingIndent, ResponsibilityList

PRACTITIONER = "finops-practitioner"
FIRST_RESPONSIBILITY = "define-allocation-standards"
SECOND_RESPONSIBILITY = "agree-shared-cost-splits"
ENGINEERING = "engineering"
ENGINEERING_RESPONSIBILITY = "investigate-cost-anomalies"

MARKUP_NOTE = "[@click=app.quit]y[/] and [red]x[/red]"
ESCAPE_NOTE = "title \x1b]0;title\x07 clear \x1b[2J"
# What plain() makes of ESCAPE_NOTE: every control character as its visible symbol.
ESCAPE_NOTE_SHOWN = "title ␛]0;title␇ clear ␛[2J"

HAND_WRITTEN_NOTES = """\
schema_version = 1

[roles.finops-practitioner]
held = true
note = "I run the practice.\\nSecond line\\nThird line"
updated_at = 2026-11-27T09:30:00Z

[roles.finops-practitioner.responsibilities.agree-shared-cost-splits]
raci = "R"
note = "Split by usage"
updated_at = 2026-11-27T09:30:00Z

[roles.finops-practitioner.responsibilities.retired-duty]
raci = "A"
note = "A responsibility the catalog dropped"
updated_at = 2026-11-27T09:30:00Z

[roles.engineering.responsibilities.investigate-cost-anomalies]
raci = "C"
updated_at = 2026-11-27T09:30:00Z

[roles.retired-role]
held = true
note = "A role the catalog dropped"
updated_at = 2026-11-27T09:30:00Z
"""


def write_notes(config_dir: Path, text: str) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "notes.toml").write_text(text, encoding="utf-8")


def record_notifications(app: FinopsApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(message, severity) of every notification the app is asked to show."""
    shown: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        shown.append((str(message), kwargs.get("severity", "information")))
        original(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return shown


def responsibility_row(app: FinopsApp, responsibility_id: str) -> HangingIndent:
    prompt = app.screen.query_one(ResponsibilityList).get_option(responsibility_id).prompt
    assert isinstance(prompt, HangingIndent)
    return prompt


def shown_text(widget: Static) -> str:
    return widget.content.plain  # type: ignore[union-attr]


def responsibility_marker(app: FinopsApp, responsibility_id: str) -> str:
    return responsibility_row(app, responsibility_id).marker.plain


def responsibility_text(app: FinopsApp, responsibility_id: str) -> str:
    return responsibility_row(app, responsibility_id).text.plain


def note_list_lines(app: FinopsApp) -> list[str]:
    notes_list = app.screen.query_one(NotesList)
    return [option.prompt.plain for option in notes_list.options]  # type: ignore[union-attr]


def highlight_entry(app: FinopsApp, key: str) -> None:
    notes_list = app.screen.query_one(NotesList)
    notes_list.highlighted = notes_list.get_option_index(key)


async def open_detail(pilot: Pilot[None], role_id: str = PRACTITIONER) -> None:
    app: FinopsApp = pilot.app  # type: ignore[assignment]
    app.open_role(role_id)
    await pilot.pause()
    assert isinstance(app.screen, RoleDetailScreen)


async def open_my_notes(pilot: Pilot[None]) -> None:
    await pilot.press("M")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MyNotesScreen)


async def open_editor_on(pilot: Pilot[None], responsibility_index: int) -> NoteEditor:
    """The editor on the note of a responsibility of the role shown."""
    pilot.app.screen.query_one(ResponsibilityList).highlighted = responsibility_index
    await pilot.press("n")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    return editor


# ---------------------------------------------------------------------------------------------
# The flow of the issue: annotate, quit, start again


async def test_held_raci_and_note_survive_a_restart(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.screen.role_id == PRACTITIONER
        await pilot.press("h", "r", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Owns tagging", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        await pilot.press("q")
    assert app.return_code == 0

    again = make_app(config_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        role_row = again.screen.query_one(RoleList).get_option(PRACTITIONER).prompt
        assert role_row.plain.startswith("★ FinOps practitioner")  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        heading = shown_text(again.screen.query_one("#detail-heading", Static))
        assert "★ you hold this role" in heading
        assert responsibility_marker(again, FIRST_RESPONSIBILITY).endswith(" R ")
        assert "✎\nOwns tagging" in responsibility_text(again, FIRST_RESPONSIBILITY)
        assert responsibility_marker(again, SECOND_RESPONSIBILITY).endswith(" · ")


async def test_raci_keys_cycle_set_and_clear(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)

        def letter() -> str | None:
            note = app.store.responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY)
            return note.raci if note else None

        seen = []
        for _ in range(5):
            await pilot.press("space")
            seen.append(letter())
        assert seen == ["R", "A", "C", "I", None]
        for key in "raci":
            await pilot.press(key)
            assert letter() == key.upper()
            assert responsibility_marker(app, FIRST_RESPONSIBILITY).endswith(f" {key.upper()} ")
        await pilot.press("x")
        assert letter() is None


async def test_raci_asks_for_a_responsibility_when_the_collaborations_have_focus(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = record_notifications(app, monkeypatch)
        await open_detail(pilot)
        app.screen.query_one("#collaborations").focus()
        await pilot.press("r")
        assert app.store.role_notes(PRACTITIONER) is None
        assert shown == [("Move to a responsibility first (tab)", "information")]


async def test_role_note_is_edited_from_the_collaborations(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        app.screen.query_one("#collaborations").focus()
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one(NoteArea).insert("About the role")
        await pilot.press("ctrl+s")
        await pilot.pause()
        notes = app.store.role_notes(PRACTITIONER)
        assert notes is not None and notes.note == "About the role"
        assert "✎ Your note\nAbout the role" in shown_text(app.screen.query_one("#detail-heading", Static))


# ---------------------------------------------------------------------------------------------
# The note editor


async def test_escape_with_changes_asks_and_keep_editing_keeps_the_text(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        editor = await open_editor_on(pilot, 0)
        await pilot.press(*"draft")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor
        assert editor.text == "draft"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#discard-keep")
        await pilot.pause()
        assert app.screen is editor
        assert editor.text == "draft"


async def test_discard_drops_the_changes(config_dir: Path) -> None:
    app = make_app(config_dir)
    app_notes_before = NotesFile.open(config_dir).document
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await open_editor_on(pilot, 0)
        await pilot.press(*"draft", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.store.responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY) is None

        await open_editor_on(pilot, 0)
        await pilot.press(*"draft", "escape")
        await pilot.pause()
        await pilot.click("#discard-yes")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.store.responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY) is None
    assert NotesFile.open(config_dir).document == app_notes_before


async def test_escape_without_changes_closes_at_once(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await open_editor_on(pilot, 0)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)


async def test_save_button_saves(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        await open_editor_on(pilot, 1)
        await pilot.press(*"by usage")
        await pilot.click("#editor-save")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        note = app.store.responsibility_note(PRACTITIONER, SECOND_RESPONSIBILITY)
        assert note is not None and note.note == "by usage"
        assert "by usage" in responsibility_text(app, SECOND_RESPONSIBILITY)


async def test_ctrl_s_saves_and_cancel_button_asks(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        editor = await open_editor_on(pilot, 1)
        await pilot.press(*"first")
        await pilot.click("#editor-cancel")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("escape")  # escape in the question means "keep editing"
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = app.store.responsibility_note(PRACTITIONER, SECOND_RESPONSIBILITY)
        assert note is not None and note.note == "first"
    assert (
        NotesFile.open(config_dir).document.roles[PRACTITIONER].responsibilities[SECOND_RESPONSIBILITY].note
        == "first"
    )


async def test_a_note_left_alone_is_not_rewritten(config_dir: Path) -> None:
    """The TextArea reads U+2028 as a line break: saving an untouched note must not change it."""
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.store.set_responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY, "one\u2028two")
        await open_detail(pilot)
        await open_editor_on(pilot, 0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = app.store.responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY)
        assert note is not None and note.note == "one\u2028two"


async def test_the_editor_shows_control_characters_as_symbols(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.store.set_responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY, ESCAPE_NOTE)
        await open_detail(pilot)
        editor = await open_editor_on(pilot, 0)
        area = editor.query_one(NoteArea)
        assert area.get_line(0).plain == ESCAPE_NOTE_SHOWN
        assert area.text == ESCAPE_NOTE  # only the display changes
        screen_text = "".join(segment.text for segment in area.render_line(0))
        assert "\x1b" not in screen_text and "␛]0;title␇" in screen_text


async def test_a_failed_save_is_reported_and_the_change_kept(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = record_notifications(app, monkeypatch)
        await open_detail(pilot)
        monkeypatch.setattr(notes_module, "atomic_write", refuse)
        await pilot.press("h")
        await open_editor_on(pilot, 0)
        await pilot.press(*"kept", "ctrl+s")
        await pilot.pause()

        assert len(shown) == 2
        assert all(severity == "error" and "cannot save notes" in message for message, severity in shown)
        assert app.store.holds(PRACTITIONER)
        note = app.store.responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY)
        assert note is not None and note.note == "kept"
        assert "kept" in responsibility_text(app, FIRST_RESPONSIBILITY)

        monkeypatch.undo()  # the disk works again: the next change saves everything
        app.store.set_raci(PRACTITIONER, FIRST_RESPONSIBILITY, "A")
    saved = NotesFile.open(config_dir).document.roles[PRACTITIONER]
    assert saved.held
    assert saved.responsibilities[FIRST_RESPONSIBILITY].note == "kept"


async def test_an_unreadable_notes_file_is_reported_at_start(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_notes(config_dir, "this is [not toml")
    app = make_app(config_dir)
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert any("could not be read" in message and "moved to" in message for message, _ in shown)


# ---------------------------------------------------------------------------------------------
# My roles


async def test_my_roles_explains_when_none_is_held(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        message = app.screen.query_one("#no-match", Static)
        assert message.display
        assert not app.screen.query_one(RoleList).display
        assert "You hold no roles yet" in shown_text(message)
        assert "press o to show all" in shown_text(message)


async def test_my_roles_lists_only_held_roles(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.store.toggle_held(PRACTITIONER)
        app.store.toggle_held(ENGINEERING)
        await pilot.press("o")
        await pilot.pause()
        roles = app.screen.query_one(RoleList)
        assert [option.id for option in roles.options if option.id] == [PRACTITIONER, ENGINEERING]
        await pilot.press("h")  # let go of the highlighted role: it leaves the narrowed list
        await pilot.pause()
        assert [option.id for option in roles.options if option.id] == [ENGINEERING]
        await pilot.press("o")
        await pilot.pause()
        assert len([option for option in roles.options if option.id]) == len(app.store.roles)


# ---------------------------------------------------------------------------------------------
# My notes


async def test_my_notes_lists_everything_grouped_by_role(config_dir: Path) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        lines = note_list_lines(app)
        assert lines[0] == (
            "FinOps practitioner  ★ held  · updated 2026-11-27 09:30 UTC\n"
            "  ✎ I run the practice.\n"
            "  ✎ Second line\n"
            "    … 1 more line"
        )
        assert lines[1].startswith("   R  Work out with service owners")
        assert lines[1].endswith("\n      ✎ Split by usage\n      updated 2026-11-27 09:30 UTC")
        assert lines[2] == "Engineering"
        assert lines[3].startswith("   C  Investigate cost anomaly alerts")
        orphans = lines[lines.index(next(line for line in lines if line.startswith(ORPHANED_HEADING))) :]
        assert orphans[1].startswith("   A  FinOps practitioner / retired-duty\n")
        assert "✎ A responsibility the catalog dropped" in orphans[1]
        assert orphans[2].startswith("role retired-role  ★ held")
        assert "✎ A role the catalog dropped" in orphans[2]
        summary = shown_text(app.screen.query_one("#my-notes-summary", Static))
        assert summary == "Annotated: 2 roles, 2 responsibilities; 2 orphaned."


async def test_my_notes_from_the_command_palette(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_from_palette(pilot, "My notes")
        assert isinstance(app.screen, MyNotesScreen)


async def test_enter_opens_the_role_at_the_responsibility(config_dir: Path) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        highlight_entry(app, f"{ENGINEERING}/{ENGINEERING_RESPONSIBILITY}")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, RoleDetailScreen)
        assert detail.role_id == ENGINEERING
        responsibilities = detail.query_one(ResponsibilityList)
        assert responsibilities.highlighted_responsibility_id == ENGINEERING_RESPONSIBILITY
        assert detail.focused is responsibilities
        assert app.store.selected_role_id == ENGINEERING

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)


async def test_enter_on_a_role_entry_opens_the_role(config_dir: Path) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        highlight_entry(app, ENGINEERING)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.screen.role_id == ENGINEERING


async def test_a_click_opens_an_entry(config_dir: Path) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        # The role entry takes the list's first four lines; the fifth starts its responsibility.
        assert await pilot.click(NotesList, offset=(10, 4))
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, RoleDetailScreen)
        assert detail.role_id == PRACTITIONER
        assert detail.query_one(ResponsibilityList).highlighted_responsibility_id == SECOND_RESPONSIBILITY


async def test_orphaned_notes_cannot_be_opened_but_can_be_edited(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = record_notifications(app, monkeypatch)
        await open_my_notes(pilot)
        for key in ("retired-role", f"{PRACTITIONER}/retired-duty"):
            highlight_entry(app, key)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MyNotesScreen)
        assert len(shown) == 2
        assert all("no longer in the role catalog" in message for message, _ in shown)

        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == "A responsibility the catalog dropped"
        editor.query_one(NoteArea).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = app.store.responsibility_note(PRACTITIONER, "retired-duty")
        assert note is not None and note.note == "" and note.raci == "A"
        assert not any("A responsibility the catalog dropped" in line for line in note_list_lines(app))


async def test_n_edits_the_note_of_the_highlighted_entry(config_dir: Path) -> None:
    write_notes(config_dir, HAND_WRITTEN_NOTES)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        highlight_entry(app, f"{ENGINEERING}/{ENGINEERING_RESPONSIBILITY}")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Mine", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
        note = app.store.responsibility_note(ENGINEERING, ENGINEERING_RESPONSIBILITY)
        assert note is not None and note.note == "Mine"
        lines = note_list_lines(app)
        assert "✎ Mine" in lines[3]
        notes_list = app.screen.query_one(NotesList)
        assert notes_list.highlighted_option is not None
        assert notes_list.highlighted_option.id == f"{ENGINEERING}/{ENGINEERING_RESPONSIBILITY}"

        highlight_entry(app, PRACTITIONER)
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == "I run the practice.\nSecond line\nThird line"


async def test_my_notes_follows_changes_made_elsewhere(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_notes(pilot)
        assert app.screen.query_one("#my-notes-empty").display
        app.store.set_raci(ENGINEERING, ENGINEERING_RESPONSIBILITY, "I")
        await pilot.pause()
        assert not app.screen.query_one("#my-notes-empty").display
        assert note_list_lines(app)[0] == "Engineering"
        assert note_list_lines(app)[1].startswith("   I  Investigate")
        app.store.set_raci(ENGINEERING, ENGINEERING_RESPONSIBILITY, None)
        await pilot.pause()
        assert app.screen.query_one("#my-notes-empty").display


async def test_my_notes_empty_state_explains_how_to_annotate(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = record_notifications(app, monkeypatch)
        await open_my_notes(pilot)
        empty = app.screen.query_one("#my-notes-empty", Static)
        assert empty.display
        assert not app.screen.query_one(NotesList).display
        assert "You have not annotated anything yet" in shown_text(empty)
        assert "mark the role as one you hold" in shown_text(empty)
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
        assert shown == []
        bindings = app.screen.active_bindings
        assert not bindings["n"].enabled and not bindings["enter"].enabled  # shown greyed out


async def test_every_my_notes_binding_has_an_id() -> None:
    bindings = [*MyNotesScreen.BINDINGS, *NotesList.BINDINGS]
    assert all(binding.id and binding.id.startswith("notes.") for binding in bindings)  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------
# Notes hold anything, shown literally, never acted on


async def test_markup_and_escape_sequences_show_literally_and_do_nothing(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        store = app.store
        store.set_role_note(PRACTITIONER, MARKUP_NOTE)
        store.set_responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY, f"{MARKUP_NOTE}\n{ESCAPE_NOTE}")
        await open_detail(pilot)
        assert MARKUP_NOTE in shown_text(app.screen.query_one("#detail-heading", Static))
        shown = responsibility_text(app, FIRST_RESPONSIBILITY)
        assert MARKUP_NOTE in shown and ESCAPE_NOTE_SHOWN in shown
        assert "\x1b" not in shown and "\x07" not in shown

        responsibilities = app.screen.query_one(ResponsibilityList)
        assert responsibilities.get_option_index(FIRST_RESPONSIBILITY) == 0
        text_column = responsibility_row(app, FIRST_RESPONSIBILITY).marker_width + 2
        for row in range(2, 5):  # the text wraps onto two lines, then the note
            await pilot.click(responsibilities, offset=(text_column, row))
        await pilot.pause()
        assert app.is_running

        await pilot.press("escape", "M")
        await pilot.pause()
        listed = "\n".join(note_list_lines(app))
        assert MARKUP_NOTE in listed and ESCAPE_NOTE_SHOWN in listed
        assert "\x1b" not in listed
        await pilot.click(NotesList, offset=(5, 1))
        await pilot.pause()
        assert app.is_running


TRICKY_NOTES = {
    "markup": "[@click=app.quit]y[/] [red]x[/red] [b]bold",
    "escapes": "\x1b]0;title\x07 \x1b[2J \x1b[31mred\x1b[0m \x00\x7f\x9b\u202e",
    # The TextArea reads these as line breaks: the editor cannot keep them, the file does.
    "line separators": "NEL\x85 LS\u2028 PS\u2029 FF\x0c",
    "emoji": "👍🏽 family 👨‍👩‍👧 flags 🇫🇷",
    "right-to-left": "שלום עולם and مرحبا",
    "line endings": "one\r\ntwo\rthree\n\n",
    "huge": "x" * (NOTE_MAX_LENGTH // 2 - 500) + "\n" + "é" * (NOTE_MAX_LENGTH // 2 - 500),
}


@pytest.mark.parametrize("text", TRICKY_NOTES.values(), ids=TRICKY_NOTES.keys())
async def test_any_note_round_trips_unchanged_and_renders(config_dir: Path, text: str) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.store.set_responsibility_note(PRACTITIONER, FIRST_RESPONSIBILITY, text) is None
        assert app.store.set_role_note(PRACTITIONER, text) is None
        await open_detail(pilot)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
    reread = NotesFile.open(config_dir).document.roles[PRACTITIONER]
    assert reread.note == text
    assert reread.responsibilities[FIRST_RESPONSIBILITY].note == text


async def test_a_note_typed_in_the_editor_is_saved_exactly(config_dir: Path) -> None:
    text = "\n".join(
        value for key, value in TRICKY_NOTES.items() if key not in ("line endings", "line separators")
    )
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot)
        editor = await open_editor_on(pilot, 0)
        editor.query_one(NoteArea).insert(text)
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = NotesFile.open(config_dir).document.roles[PRACTITIONER].responsibilities[FIRST_RESPONSIBILITY]
    assert saved.note == text


# ---------------------------------------------------------------------------------------------
# Snapshots (look at each SVG before accepting it: see the module docstring)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def annotate(app: FinopsApp) -> None:
    """The annotations every snapshot starts from."""
    store = app.store
    store.toggle_held(PRACTITIONER)
    store.set_role_note(PRACTITIONER, "I run the practice for the platform group.")
    store.set_raci(PRACTITIONER, FIRST_RESPONSIBILITY, "A")
    store.set_raci(PRACTITIONER, SECOND_RESPONSIBILITY, "R")
    store.set_responsibility_note(
        PRACTITIONER, SECOND_RESPONSIBILITY, f"Split by usage.\n{MARKUP_NOTE}\n{ESCAPE_NOTE}"
    )
    store.set_raci(ENGINEERING, ENGINEERING_RESPONSIBILITY, "C")


def snapshot_setup(then: Callable[[FinopsApp], object]) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        app: FinopsApp = pilot.app  # type: ignore[assignment]
        annotate(app)
        then(app)
        await pilot.pause()
        await pilot.pause()

    return run_before


def show_detail(app: FinopsApp) -> None:
    app.store.select(PRACTITIONER)
    app.push_screen(RoleDetailScreen(PRACTITIONER, focus_responsibility_id=SECOND_RESPONSIBILITY))


def show_my_notes(app: FinopsApp) -> None:
    write_orphans(app)
    app.action_my_notes()


def write_orphans(app: FinopsApp) -> None:
    app.store.set_responsibility_note(PRACTITIONER, "retired-duty", "A responsibility the catalog dropped")
    app.store.set_role_note("retired-role", "A role the catalog dropped")


def show_editor(app: FinopsApp) -> None:
    show_detail(app)
    note = app.store.responsibility_note(PRACTITIONER, SECOND_RESPONSIBILITY)
    assert note is not None
    app.push_screen(
        NoteEditor("Your note on: Work out with service owners how shared costs are split", note.note)
    )


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_detail_with_annotations(snap_compare: Any, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), terminal_size=size, run_before=snapshot_setup(show_detail))


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_my_notes(snap_compare: Any, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), terminal_size=size, run_before=snapshot_setup(show_my_notes))


def test_snapshot_my_notes_empty(snap_compare: Any, config_dir: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.action_my_notes()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(config_dir), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_note_editor(snap_compare: Any, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), terminal_size=size, run_before=snapshot_setup(show_editor))


def test_snapshot_role_list_with_held_roles(snap_compare: Any, config_dir: Path) -> None:
    def held_only(app: FinopsApp) -> None:
        app.store.toggle_held(ENGINEERING)
        app.store.set_mine_only(True)

    assert snap_compare(make_app(config_dir), terminal_size=(80, 24), run_before=snapshot_setup(held_only))
