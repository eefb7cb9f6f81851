"""Two copies, or an old export, never silently undo someone's edit (review findings F7, F8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apptools import make_app
from textual import events
from textual.pilot import Pilot

from finops_tui.cli import main
from finops_tui.notes.changes import SetRaci, SetResponsibilityNote, SetRoleNote
from finops_tui.notes.errors import NoteConflict
from finops_tui.notes.file import NotesFile
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.note_conflict import NoteConflictDialog
from finops_tui.tui.screens.note_editor import NoteEditor
from finops_tui.tui.screens.role_detail import RoleDetailScreen

ROLE = "finops-practitioner"
DUTY = "define-allocation-standards"
EARLIER = datetime(2026, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("export_format", ["json", "toml"])
def test_a_merge_import_does_not_bring_back_what_was_deleted_after_the_export(
    config_dir: Path, tmp_path: Path, export_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = NotesFile.open(config_dir)
    notes.apply(SetRaci(ROLE, DUTY, "R", EARLIER))
    notes.apply(SetResponsibilityNote(ROLE, DUTY, "old note", EARLIER))
    export = tmp_path / f"old.{export_format}"
    assert main(["export", "--format", export_format, "-o", str(export)]) == 0
    # Then cleared in the app: the note and the letter.
    notes.apply(SetResponsibilityNote(ROLE, DUTY, "", LATER))
    notes.apply(SetRaci(ROLE, DUTY, None, LATER))
    assert main(["import", str(export)]) == 0
    capsys.readouterr()
    after = NotesFile.open(config_dir).document.roles[ROLE].responsibilities.get(DUTY)
    assert after is None or after.is_empty
    # The deletion marker is kept with its time, in a file an older finops-tui reads too.
    assert after is not None and after.updated_at == LATER


# -- two copies editing the same note (F7) ------------------------------------------------------


def test_a_save_over_a_note_changed_elsewhere_is_refused_with_their_text(config_dir: Path) -> None:
    first, second = NotesFile.open(config_dir), NotesFile.open(config_dir)
    first.apply(SetResponsibilityNote(ROLE, DUTY, "from-A", LATER), started_from="")
    with pytest.raises(NoteConflict) as caught:
        second.apply(SetResponsibilityNote(ROLE, DUTY, "from-B", LATER), started_from="")
    assert caught.value.theirs == "from-A"
    assert NotesFile.open(config_dir).document.roles[ROLE].responsibilities[DUTY].note == "from-A"
    assert second.pending == []


@pytest.mark.parametrize("on_disk", ["", "same text"], ids=["unchanged", "already-saved"])
def test_no_conflict_when_the_note_on_disk_is_the_start_or_the_new_text(
    config_dir: Path, on_disk: str
) -> None:
    first, second = NotesFile.open(config_dir), NotesFile.open(config_dir)
    if on_disk:
        first.apply(SetResponsibilityNote(ROLE, DUTY, on_disk, EARLIER))
    second.apply(SetResponsibilityNote(ROLE, DUTY, "same text", LATER), started_from="")
    assert NotesFile.open(config_dir).document.roles[ROLE].responsibilities[DUTY].note == "same text"


def test_a_role_note_changed_elsewhere_is_a_conflict_too(config_dir: Path) -> None:
    first, second = NotesFile.open(config_dir), NotesFile.open(config_dir)
    first.apply(SetRoleNote(ROLE, "theirs", LATER))
    with pytest.raises(NoteConflict):
        second.apply(SetRoleNote(ROLE, "mine", LATER), started_from="")


async def editing_while_another_copy_saves(pilot: Pilot[None], config_dir: Path, mine: str) -> NoteEditor:
    app: FinopsApp = pilot.app  # type: ignore[assignment]
    app.open_role(ROLE)
    await pilot.pause()
    await pilot.press("n")  # the first responsibility's note (the detail opens focused on them)
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, NoteEditor)
    await pilot.press(*mine)
    NotesFile.open(config_dir).apply(SetResponsibilityNote(ROLE, DUTY, "theirs", LATER))
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, NoteConflictDialog)
    return editor


def saved_note(config_dir: Path) -> str:
    return NotesFile.open(config_dir).document.roles[ROLE].responsibilities[DUTY].note


@pytest.mark.parametrize(
    ("key", "expected"),
    [("m", "mine"), ("t", "theirs"), ("b", "theirs\n\nmine")],
    ids=["keep-mine", "keep-theirs", "keep-both"],
)
async def test_the_app_asks_which_text_to_keep(config_dir: Path, key: str, expected: str) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editing_while_another_copy_saves(pilot, config_dir, "mine")
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.store.responsibility_note(ROLE, DUTY).note == expected  # type: ignore[union-attr]
    assert saved_note(config_dir) == expected


async def test_buttons_choose_too(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editing_while_another_copy_saves(pilot, config_dir, "mine")
        await pilot.click("#conflict-both-button")
        await pilot.pause()
    assert saved_note(config_dir) == "theirs\n\nmine"


async def test_escape_goes_back_to_editing_with_nothing_lost(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editing_while_another_copy_saves(pilot, config_dir, "mine")
        await pilot.press("escape")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == "mine" and editor.original == "theirs"
        await pilot.press(*" too", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)  # no second conflict: theirs was seen
    assert saved_note(config_dir) == "mine too"


@pytest.mark.parametrize("key", ["m", "t", "b", "escape"])
async def test_a_choice_typed_in_a_burst_ends_as_typed_slowly(
    config_dir: Path, tmp_path: Path, key: str
) -> None:
    ends = []
    for way in ("slow", "burst"):
        directory = tmp_path / way
        app = make_app(directory)
        async with app.run_test(size=(80, 24)) as pilot:
            await editing_while_another_copy_saves(pilot, directory, "mine")
            keys = [key, "x", "y"]
            if way == "slow":
                await pilot.press(*keys)
            else:
                for pressed in keys:
                    app.post_message(events.Key(pressed, pressed if len(pressed) == 1 else None))
            await pilot.pause()
            await pilot.pause()
            ends.append((type(app.screen).__name__, NotesFile.open(directory).document.roles[ROLE]))
    assert ends[0] == ends[1]


def show_conflict(mine: str, theirs: str):
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(NoteConflictDialog(mine, theirs))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_conflict_dialog(snap_compare: Any, config_dir: Path, size: tuple[int, int]) -> None:
    theirs = "Agree the tagging policy with the platform team.\nReview it every quarter [bold]now[/]."
    mine = "Agree the tagging policy with finance first.\nThen the platform team.\nThen\nthe\nrest."
    assert snap_compare(make_app(config_dir), terminal_size=size, run_before=show_conflict(mine, theirs))


def test_deletion_markers_are_read_alike_by_the_fast_reader_and_the_schema() -> None:
    import tomllib

    from finops_tui.core.models import NotesDocument
    from finops_tui.notes import schema
    from finops_tui.notes.changes import SetHeld, apply_change
    from finops_tui.notes.format import _document_as_written, dump_notes, parse_notes

    document = NotesDocument()
    for change in (
        SetRaci(ROLE, DUTY, "R", EARLIER),
        SetHeld("finance", True, EARLIER),
        SetRaci(ROLE, DUTY, None, LATER),
        SetHeld("finance", False, LATER),
    ):
        document = apply_change(document, change)
    text = dump_notes(document)
    raw = tomllib.loads(text)
    assert raw["roles"][ROLE]["responsibilities"][DUTY] == {"updated_at": LATER}
    assert raw["roles"]["finance"] == {"held": False, "updated_at": LATER}
    fast = _document_as_written(raw)
    assert fast is not None
    assert fast == schema.NotesDocument.model_validate(raw).to_model() == parse_notes(text, "notes.toml")
