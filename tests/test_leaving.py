"""No ordinary way out drops a draft or an unsaved change (review findings F5, F6, F10).

Quitting and the palette commands that close screens ask while a note editor or the export
dialog holds unsaved input; changes that could not be saved are tried again at quit; a signal
keeps open drafts for the next start and gives the terminal back.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from apptools import make_app
from textual.app import SystemCommand
from textual.pilot import Pilot

from finops_tui.exchange.importer import read_import_file
from finops_tui.notes import file as notes_module
from finops_tui.notes.file import NotesFile
from finops_tui.notes.recovery import Draft, NoteTarget, drafts_path, keep_drafts, kept_drafts
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.export_dialog import ExportDialog
from finops_tui.tui.screens.note_editor import DiscardChanges, NoteEditor
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen

ROLE = "finops-practitioner"
# The detail opens with its responsibilities focused: `n` edits the first one's note.
DUTY = "define-allocation-standards"
TARGET = NoteTarget(ROLE, DUTY)
DRAFT = "important draft"


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def editor_with_draft(pilot: Pilot[None], text: str = DRAFT) -> NoteEditor:
    """The role's own note open in the editor, with ``text`` typed and not saved."""
    app: FinopsApp = pilot.app  # type: ignore[assignment]
    app.open_role(ROLE)
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, NoteEditor)
    assert editor.target == TARGET
    await pilot.press(*text)
    await settle(pilot)
    assert editor.text == text
    return editor


def system_command(app: FinopsApp, title: str) -> SystemCommand:
    return next(command for command in app.get_system_commands(app.screen) if command.title == title)


def saved_note(config_dir: Path, target: NoteTarget = TARGET) -> str:
    role = NotesFile.open(config_dir).document.roles.get(target.role_id)
    if role is None:
        return ""
    if target.responsibility_id is None:
        return role.note
    note = role.responsibilities.get(target.responsibility_id)
    return note.note if note else ""


# -- quitting with a draft open ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["ctrl+q", "palette Quit"])
async def test_quitting_with_a_draft_asks_and_no_keeps_it(config_dir: Path, how: str) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_with_draft(pilot)
        if how == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app.call_next(system_command(app, "Quit").callback)  # as the palette runs it
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is editor
        assert editor.text == DRAFT
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved_note(config_dir) == DRAFT


async def test_quitting_again_while_asked_does_not_stack_questions(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editor_with_draft(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, DiscardChanges)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen is question and app.is_running
        assert sum(isinstance(screen, DiscardChanges) for screen in app.screen_stack) == 1


async def test_quitting_with_a_draft_and_discarding_quits(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editor_with_draft(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert not app.is_running
    assert saved_note(config_dir) == ""


async def test_quitting_with_an_untouched_editor_quits_at_once(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_role(ROLE)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


@pytest.mark.parametrize("command", ["Role list", "Collaboration map"])
async def test_palette_commands_that_close_the_editor_ask_first(config_dir: Path, command: str) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_open_map()  # the map lower in the stack: going "to the map" pops down to it
        await settle(pilot)
        editor = await editor_with_draft(pilot)
        commands = {name: callback for name, callback, _ in _palette_entries(app)}
        commands[command]()
        await settle(pilot)
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is editor and editor.text == DRAFT
        commands[command]()
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
        if command == "Role list":
            assert isinstance(app.screen, RoleListScreen)


def _palette_entries(app: FinopsApp) -> list[tuple[str, object, str]]:
    from finops_tui.tui.palette import FinopsCommands

    provider = FinopsCommands(app.screen)
    return provider._commands()


async def test_palette_go_to_role_keeps_the_draft_without_asking(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_with_draft(pilot)
        app.open_role("finance")
        await settle(pilot)
        assert isinstance(app.screen, RoleDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is editor and editor.text == DRAFT


async def test_quitting_with_a_typed_export_name_asks(config_dir: Path, tmp_path: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert not dialog.has_unsaved_input
        await pilot.press("ctrl+u", *"quarterly.json")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, DiscardChanges)
        assert "export" in str(app.screen.query_one("#discard-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is dialog


async def test_quitting_with_the_offered_export_name_quits(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


# -- changes kept in memory after a failed save -----------------------------------------------


def failing_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(notes_module, "atomic_write", refuse)


async def test_changes_kept_in_memory_are_saved_at_quit(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        failing_writes(monkeypatch)
        await pilot.press("h")  # hold the role under the cursor: the save fails
        await settle(pilot)
        assert app.store.notes.pending
        monkeypatch.undo()  # the cause is fixed
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running
    assert NotesFile.open(config_dir).document.roles[ROLE].held


async def test_changes_that_still_cannot_be_saved_are_copied_and_asked_about(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        failing_writes(monkeypatch)
        await pilot.press("h")
        await settle(pilot)
        monkeypatch.undo()
        monkeypatch.setattr(NotesFile, "save", _failing_save)
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running
        question = app.screen
        assert isinstance(question, DiscardChanges)
        shown = str(question.query_one("#discard-question").render())
        copies = sorted(config_dir.glob("notes.toml.unsaved-*"))
        assert len(copies) == 1
        assert str(copies[0]) in shown.replace("\n", "")
        assert read_import_file(copies[0]).roles[ROLE].held
        await pilot.press("n")  # stay
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, DiscardChanges)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("d")  # quit anyway
        await settle(pilot)
        assert not app.is_running


def _failing_save(self: NotesFile) -> None:
    from finops_tui.notes.errors import NotesError

    raise NotesError(f"cannot save notes to {self.path}: permission denied")


# -- signals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
async def test_a_signal_keeps_the_open_draft_and_ends_the_app(config_dir: Path, name: str) -> None:
    number = getattr(signal, name)
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await editor_with_draft(pilot)
        os.kill(os.getpid(), number)
        for _ in range(50):
            if not app.is_running:
                break
            await pilot.pause(0.02)
        assert not app.is_running
    assert app.return_code == 128 + number
    assert kept_drafts(config_dir) == [Draft(TARGET, DRAFT, "")]
    assert any(str(drafts_path(config_dir)) in message for message in app.exit_messages)
    # The app gave the signal back when it ended.
    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)


async def test_the_next_start_offers_kept_drafts_to_open_again(config_dir: Path) -> None:
    keep_drafts(config_dir, [Draft(TARGET, DRAFT, "")])
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")  # open them again
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == DRAFT and editor.has_unsaved_input
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved_note(config_dir) == DRAFT
    assert not drafts_path(config_dir).exists()


async def test_kept_drafts_can_be_dropped(config_dir: Path) -> None:
    keep_drafts(config_dir, [Draft(NoteTarget(ROLE), DRAFT, "")])
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, RoleListScreen)
    assert not drafts_path(config_dir).exists()
    assert saved_note(config_dir, NoteTarget(ROLE)) == ""


def test_drafts_survive_odd_characters(config_dir: Path) -> None:
    odd = "bidi \u202e lone \ud800 esc \x1b[2J"
    keep_drafts(config_dir, [Draft(NoteTarget(ROLE), odd, "before")])
    assert kept_drafts(config_dir) == [Draft(NoteTarget(ROLE), odd, "before")]


@pytest.mark.skipif(shutil.which("tmux") is None or sys.platform == "win32", reason="needs tmux")
@pytest.mark.parametrize("name", ["TERM", "HUP"])
def test_a_signal_gives_the_terminal_back(config_dir: Path, tmp_path: Path, name: str) -> None:
    session = f"finops-leaving-{os.getpid()}-{name}"
    command = f"FINOPS_TUI_CONFIG_DIR={config_dir} {sys.executable} -m finops_tui; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True)
    try:
        _wait_for_screen(session, "FinOps")
        for key in ("Enter", "n"):
            subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
            time.sleep(0.8)
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "unsaved-draft"], check=True)
        time.sleep(0.8)
        pane_pid = _tmux(session, "#{pane_pid}")
        app_pid = subprocess.run(
            ["pgrep", "-P", pane_pid, "-f", "finops_tui"], capture_output=True, text=True, check=True
        ).stdout.split()[0]
        os.kill(int(app_pid), getattr(signal, f"SIG{name}"))
        _wait_for_screen(session, "drafts were kept")
        state = _tmux(session, "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}")
        assert state == "0 0 0 1"
        assert kept_drafts(config_dir) == [Draft(TARGET, "unsaved-draft", "")]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def _tmux(session: str, template: str) -> str:
    return subprocess.run(
        ["tmux", "display", "-p", "-t", session, template], capture_output=True, text=True, check=True
    ).stdout.strip()


def _wait_for_screen(session: str, text: str) -> None:
    for _ in range(100):
        shown = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
        ).stdout
        if text in shown:
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared:\n{shown}")


# -- small terminals (F17) ------------------------------------------------------------------------


async def test_at_40x10_the_editor_still_shows_where_the_text_goes(config_dir: Path) -> None:
    from textual.widgets import TextArea

    app = make_app(config_dir)
    async with app.run_test(size=(40, 10)) as pilot:
        editor = await editor_with_draft(pilot, "typed text")
        area = editor.query_one(TextArea).region
        assert area.height >= 3
        assert area.y >= 0 and area.bottom <= 10


def test_snapshot_note_editor_at_40x10(snap_compare: Any, config_dir: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await editor_with_draft(pilot, "typed text")

    assert snap_compare(make_app(config_dir), terminal_size=(40, 10), run_before=run_before)


def _show_question(question: str, **labels: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(DiscardChanges(question, **labels))
        await pilot.pause()

    return run_before


QUESTIONS = {
    "quit-with-unsaved-changes": (
        "2 changes could not be saved: cannot save notes to /home/user/.config/finops-tui/notes.toml: "
        "permission denied. A copy of all your notes is in /home/user/.config/finops-tui/notes.toml."
        "unsaved-20261127T093000Z (`finops-tui import` reads it). Quit and leave them unsaved?",
        {"keep": "Stay (n)", "discard": "Quit (d)"},
    ),
    "kept-drafts-offered": (
        "1 unsaved note draft was kept when finops-tui was last stopped. Open again to save, or drop?",
        {"keep": "Open (n)", "discard": "Drop (d)"},
    ),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", QUESTIONS)
def test_snapshot_questions_asked_when_leaving(
    snap_compare: Any, config_dir: Path, name: str, size: tuple[int, int]
) -> None:
    question, labels = QUESTIONS[name]
    assert snap_compare(
        make_app(config_dir), terminal_size=size, run_before=_show_question(question, **labels)
    )
