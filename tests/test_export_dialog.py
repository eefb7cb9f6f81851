"""The export dialog as a person uses it: open, choose, confirm, and what lands on disk."""

from __future__ import annotations

import dataclasses
import errno
import importlib.util
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from apptools import FIXED_TIME, make_app, run_from_palette, wait_until
from textual.pilot import Pilot
from textual.widgets import Input, Label, RadioSet, Static

from finops_tui.exchange.export import EXPORT_FORMATS
from finops_tui.notes.file import NotesFile
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.export_dialog import (
    ConfirmOverwrite,
    ExportDialog,
    summarise_notes,
    target_path,
    with_extension_of,
)

ROLE = "finops-practitioner"
ROLE_NAME = "FinOps practitioner"
DUTY = "define-allocation-standards"
ROLE_NOTE = "Own the tagging policy [bold]for real[/]"
TODAY = FIXED_TIME.date()
DEFAULT_NAME = f"finops-notes-{TODAY.isoformat()}"
# A made-up directory: the snapshots show this path and never write to it.
SNAPSHOT_DIRECTORY = Path("/home/user/work")


@pytest.fixture
def work_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current directory during the test: the default export lands here, nothing else does."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def app(config_dir: Path) -> FinopsApp:
    # Named already, so E opens the export dialog itself (asking for the name is tested below).
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('name = "Test Person"\n', encoding="utf-8")
    return make_app(config_dir)


def add_notes(app: FinopsApp) -> None:
    app.store.toggle_held(ROLE)
    app.store.set_role_note(ROLE, ROLE_NOTE)
    app.store.set_raci(ROLE, DUTY, "A")


def record_notifications(app: FinopsApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: calls.append((message, options)))
    return calls


async def open_with_key(pilot: Pilot[None]) -> ExportDialog:
    await pilot.press("E")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def finish_export(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def export_to(pilot: Pilot[None], dialog: ExportDialog, path: Path | str) -> None:
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.press("enter")
    await finish_export(pilot)


def path_value(dialog: ExportDialog) -> str:
    return dialog.query_one("#export-path", Input).value


def error_text(dialog: ExportDialog) -> str:
    error = dialog.query_one("#export-error", Static)
    return str(error.content) if error.display else ""


def files_in(directory: Path) -> list[str]:
    """Every name in ``directory``, hidden temp files included."""
    return sorted(os.listdir(directory))


# -- opening ----------------------------------------------------------------------------------


async def test_key_opens_the_dialog_prefilled_with_the_current_directory(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_with_key(pilot)
        assert path_value(dialog) == str(work_dir / f"finops-notes-{date.today().isoformat()}.md")
        assert dialog.focused is dialog.query_one("#export-path", Input)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert files_in(work_dir) == []


async def test_palette_command_opens_the_dialog(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        await run_from_palette(pilot, "Export notes")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))


async def test_cancel_button_closes_without_writing(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_with_key(pilot)
        await pilot.click("#export-cancel")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert files_in(work_dir) == []


async def test_summary_says_what_will_be_exported(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        empty = await open_with_key(pilot)
        assert "No notes yet" in str(empty.query_one("#export-summary", Static).content)
        await pilot.press("escape")
        add_notes(app)
        dialog = await open_with_key(pilot)
        summary = str(dialog.query_one("#export-summary", Static).content)
        assert summary == "1 role (1 held) · 1 role note · 1 responsibility marked"


async def test_hint_and_keys_follow_the_keymap(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"export.confirm": "ctrl+e"})
        dialog = await open_with_key(pilot)
        assert str(dialog.query_one("#export-hint", Label).content) == "enter or ^e export · esc cancel"
        await pilot.press("ctrl+e")
        await finish_export(pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert len(files_in(work_dir)) == 1


# -- exporting --------------------------------------------------------------------------------


async def test_enter_exports_markdown_and_notifies_the_full_path(
    app: FinopsApp, work_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    notifications = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        dialog = ExportDialog(today=TODAY)
        await app.push_screen(dialog)
        await pilot.pause()
        await pilot.press("enter")
        await finish_export(pilot)
        assert not isinstance(app.screen, ExportDialog)
    written = work_dir / f"{DEFAULT_NAME}.md"
    text = written.read_text(encoding="utf-8")
    assert ROLE_NAME in text
    assert "Own the tagging policy" in text
    assert notifications == [(f"Exported notes to {written}", {"markup": False})]
    assert files_in(work_dir) == [written.name]


async def test_choosing_json_swaps_the_extension_and_writes_valid_json(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        dialog = ExportDialog(today=TODAY)
        await app.push_screen(dialog)
        await pilot.pause()
        await pilot.press("shift+tab")  # from the path back to the format chooser
        assert dialog.focused is dialog.query_one("#export-format", RadioSet)
        await pilot.press("right", "enter")
        await pilot.pause()
        assert path_value(dialog) == str(work_dir / f"{DEFAULT_NAME}.json")
        await pilot.press("ctrl+s")
        await finish_export(pilot)
    payload = json.loads((work_dir / f"{DEFAULT_NAME}.json").read_text(encoding="utf-8"))
    (role,) = payload["roles"]
    assert (role["id"], role["name"], role["held"], role["note"]) == (ROLE, ROLE_NAME, True, ROLE_NOTE)
    assert role["responsibilities"][0]["raci"] == "A"


async def test_every_format_can_be_chosen_by_clicking(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_with_key(pilot)
        for export_format in EXPORT_FORMATS.values():
            await pilot.click(f"#export-format-{export_format.name}")
            await pilot.pause()
            assert path_value(dialog).endswith(f".{export_format.extension}")


async def test_a_typed_relative_name_lands_in_the_current_directory(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_with_key(pilot)
        await export_to(pilot, dialog, "  my notes.md ")
        assert not isinstance(app.screen, ExportDialog)
    assert files_in(work_dir) == ["my notes.md"]
    assert "There are no notes to export." in (work_dir / "my notes.md").read_text(encoding="utf-8")


async def test_export_works_when_notes_cannot_be_saved(
    app: FinopsApp, work_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)

        def refuse_to_save(self: NotesFile) -> None:
            raise AssertionError("exporting must not save the notes")

        app.store.notes.can_save = False
        monkeypatch.setattr(NotesFile, "save", refuse_to_save)
        dialog = await open_with_key(pilot)
        await export_to(pilot, dialog, work_dir / "out.md")
        assert not isinstance(app.screen, ExportDialog)
    assert ROLE_NOTE.split(" [")[0] in (work_dir / "out.md").read_text(encoding="utf-8")


# -- overwriting ------------------------------------------------------------------------------


async def ask_to_overwrite(pilot: Pilot[None], existing: Path) -> None:
    dialog = await open_with_key(pilot)
    dialog.query_one("#export-path", Input).value = str(existing)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmOverwrite))
    question = pilot.app.screen.query_one("#overwrite-question", Static)
    assert str(question.content) == f"Overwrite {existing}?"


# Cancel has the focus, so enter alone never destroys a file.
@pytest.mark.parametrize("key", ["enter", "escape", "n"])
async def test_declining_to_overwrite_keeps_the_old_file_and_the_dialog(
    app: FinopsApp, work_dir: Path, key: str
):
    existing = work_dir / "notes.md"
    existing.write_text("old content\n", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        await ask_to_overwrite(pilot, existing)
        await pilot.press(key)
        await finish_export(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert error_text(app.screen) == ""
    assert existing.read_text(encoding="utf-8") == "old content\n"
    assert files_in(work_dir) == ["notes.md"]


async def test_confirming_overwrite_replaces_the_file(app: FinopsApp, work_dir: Path):
    existing = work_dir / "notes.md"
    existing.write_text("old content\n", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        await ask_to_overwrite(pilot, existing)
        await pilot.press("o")
        await finish_export(pilot)
        assert not isinstance(app.screen, (ExportDialog, ConfirmOverwrite))
    assert "Own the tagging policy" in existing.read_text(encoding="utf-8")
    assert files_in(work_dir) == ["notes.md"]


# -- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/notes.md", "does not exist"),
        (".", "is a directory"),
        ("", "Give a file name"),
    ],
)
async def test_unusable_path_shows_the_reason_and_keeps_the_dialog_open(
    app: FinopsApp, work_dir: Path, target: str, reason: str
):
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_with_key(pilot)
        await export_to(pilot, dialog, target)
        assert app.screen is dialog
        assert reason in error_text(dialog)
        assert dialog.focused is dialog.query_one("#export-path", Input)
        # Editing the path clears the stale reason.
        await pilot.press("x")
        assert error_text(dialog) == ""
    assert files_in(work_dir) == []


async def test_refuses_to_export_onto_the_notes_file(app: FinopsApp, work_dir: Path):
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        notes_file = app.store.notes.path
        before = notes_file.read_bytes()
        dialog = await open_with_key(pilot)
        await export_to(pilot, dialog, notes_file)
        assert app.screen is dialog
        assert "this is the notes file itself" in error_text(dialog)
    assert notes_file.read_bytes() == before


async def test_full_disk_leaves_no_file_and_no_temp_file(
    app: FinopsApp, work_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        dialog = await open_with_key(pilot)
        monkeypatch.setattr(os, "fsync", disk_full)
        await export_to(pilot, dialog, work_dir / "notes.md")
        assert app.screen is dialog
        assert "the disk is full" in error_text(dialog)
    assert files_in(work_dir) == []


async def test_permission_denied_on_overwrite_keeps_the_old_file(
    app: FinopsApp, work_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    # We run as root, where chmod does not stop a write: make the final rename fail instead.
    def denied(source: Any, target: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    existing = work_dir / "notes.md"
    existing.write_text("old content\n", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        monkeypatch.setattr(os, "replace", denied)
        await ask_to_overwrite(pilot, existing)
        await pilot.press("o")
        await finish_export(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert "permission denied" in error_text(dialog)
    assert existing.read_text(encoding="utf-8") == "old content\n"
    assert files_in(work_dir) == ["notes.md"]


# -- the logic behind the dialog --------------------------------------------------------------


def test_extension_follows_the_format_only_when_it_was_the_previous_one():
    markdown, json_format = EXPORT_FORMATS["markdown"], EXPORT_FORMATS["json"]
    assert with_extension_of("/w/finops-notes.md", markdown, json_format) == "/w/finops-notes.json"
    assert with_extension_of("/w/NOTES.MD", markdown, json_format) == "/w/NOTES.json"
    assert with_extension_of("/w/notes.txt", markdown, json_format) == "/w/notes.txt"
    assert with_extension_of("/w/notes", markdown, json_format) == "/w/notes"


def test_target_path_is_absolute_and_expands_home(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", "/home/someone")
    directory = Path("/w")
    assert target_path("  ", directory) is None
    assert target_path("notes.md", directory) == Path("/w/notes.md")
    assert target_path("../notes.md", directory) == Path("/notes.md")
    assert target_path("~/notes.md", directory) == Path("/home/someone/notes.md")
    assert target_path("/elsewhere/notes.md", directory) == Path("/elsewhere/notes.md")


def test_summary_counts_orphaned_roles(app: FinopsApp):
    add_notes(app)
    document = app.store.notes.document
    with_orphan = dataclasses.replace(document, roles={**document.roles, "gone-role": document.roles[ROLE]})
    summary = summarise_notes(app.store.catalog, with_orphan)
    assert (
        summary == "2 roles (2 held) · 2 role notes · 2 responsibilities marked · 1 no longer in the catalog"
    )


# -- snapshots --------------------------------------------------------------------------------


def snapshot_dialog(app: FinopsApp, directory: Path = SNAPSHOT_DIRECTORY) -> Callable[[Pilot[None]], Any]:
    """Open the dialog on a fixed directory and date, so the pre-filled path never varies."""

    async def run_before(pilot: Pilot[None]) -> None:
        add_notes(app)
        await app.push_screen(ExportDialog(directory=directory, today=TODAY))
        await pilot.pause()
        app.screen.query_one("#export-path", Input).cursor_blink = False

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_dialog(app: FinopsApp, snap_compare: Any, size: tuple[int, int]):
    assert snap_compare(app, terminal_size=size, run_before=snapshot_dialog(app))


def test_snapshot_dialog_with_error(app: FinopsApp, snap_compare: Any):
    opened = snapshot_dialog(app, Path("/nonexistent/finops-tui-snapshot/a/rather/long/directory/name"))

    async def run_before(pilot: Pilot[None]) -> None:
        await opened(pilot)
        await pilot.press("enter")
        await finish_export(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_overwrite_confirmation(app: FinopsApp, snap_compare: Any):
    opened = snapshot_dialog(app)

    async def run_before(pilot: Pilot[None]) -> None:
        await opened(pilot)
        await app.push_screen(ConfirmOverwrite(SNAPSHOT_DIRECTORY / f"{DEFAULT_NAME}.md"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# -- who made the export, and letters only ------------------------------------------------------


@pytest.fixture
def unnamed_app(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FinopsApp:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('# my settings\ntheme = "nord"\n', encoding="utf-8")
    monkeypatch.setattr("finops_tui.tui.app.os_full_name", lambda: "Ana Silva")
    return make_app(config_dir)


async def test_first_export_asks_for_the_name_prefilled_and_saves_it(
    unnamed_app: FinopsApp, config_dir: Path, work_dir: Path
):
    async with unnamed_app.run_test(size=(80, 24)) as pilot:
        add_notes(unnamed_app)
        dialog = await open_with_key(pilot)
        name_input = dialog.query_one("#export-person", Input)
        assert name_input.value == "Ana Silva"
        assert dialog.focused is dialog.query_one("#export-path", Input)
        name_input.value = "Ana S."
        await pilot.click("#export-format-json")
        await pilot.click("#export-letters-only")
        await pilot.pause()
        dialog.query_one("#export-path", Input).focus()
        await export_to(pilot, dialog, work_dir / "mine.json")
        assert not isinstance(unnamed_app.screen, ExportDialog)
        again = await open_with_key(pilot)
        assert not again.query("#export-person")  # asked once; now known
    config = (config_dir / "config.toml").read_text(encoding="utf-8")
    assert config == '# my settings\ntheme = "nord"\nname = "Ana S."\n'
    exported = json.loads((work_dir / "mine.json").read_text(encoding="utf-8"))
    assert exported["person"] == "Ana S."
    assert all(role["note"] == "" for role in exported["roles"])
    assert [d["raci"] for d in exported["roles"][0]["responsibilities"]] == ["A"]


async def test_an_empty_name_exports_without_one_and_asks_no_more(
    unnamed_app: FinopsApp, config_dir: Path, work_dir: Path
):
    async with unnamed_app.run_test(size=(80, 24)) as pilot:
        dialog = await open_with_key(pilot)
        dialog.query_one("#export-person", Input).value = "  "
        await pilot.click("#export-format-json")
        dialog.query_one("#export-path", Input).focus()
        await export_to(pilot, dialog, work_dir / "mine.json")
        assert "person" not in json.loads((work_dir / "mine.json").read_text(encoding="utf-8"))
        again = await open_with_key(pilot)
        assert not again.query("#export-person")
    assert "name" not in (config_dir / "config.toml").read_text(encoding="utf-8")


async def test_palette_sets_the_name(unnamed_app: FinopsApp, config_dir: Path):
    from finops_tui.tui.screens.name_dialog import NameDialog

    async with unnamed_app.run_test(size=(80, 24)) as pilot:
        await run_from_palette(pilot, "Set your name")
        await wait_until(pilot, lambda: isinstance(unnamed_app.screen, NameDialog))
        unnamed_app.screen.query_one("#name-input", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(unnamed_app.screen, NameDialog)  # an empty name is refused, said so
        unnamed_app.screen.query_one("#name-input", Input).value = "Bo [b]Chen[/b]"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(unnamed_app.screen, NameDialog)
    assert unnamed_app.settings.name == "Bo [b]Chen[/b]"
    assert 'name = "Bo [b]Chen[/b]"' in (config_dir / "config.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_name_dialog(unnamed_app: FinopsApp, snap_compare: Any, size: tuple[int, int]):
    async def run_before(pilot: Pilot[None]) -> None:
        unnamed_app.action_set_name()
        await pilot.pause()
        unnamed_app.screen.query_one("#name-input", Input).cursor_blink = False

    assert snap_compare(unnamed_app, terminal_size=size, run_before=run_before)


# -- in a browser (finops-tui serve) ----------------------------------------------------------


@pytest.fixture
def in_browser(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The app as textual-serve runs it: ``is_web`` true; what it delivers is recorded, not saved."""
    delivered: list[dict[str, Any]] = []

    def deliver_text(self: FinopsApp, file: Any, **options: Any) -> str:
        delivered.append({"text": file.read(), **options})
        return "key"

    monkeypatch.setattr(FinopsApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(FinopsApp, "deliver_text", deliver_text)
    return delivered


async def test_in_a_browser_the_export_is_a_download_and_no_path_is_asked(
    app: FinopsApp, work_dir: Path, in_browser: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
):
    notified = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        add_notes(app)
        dialog = await open_with_key(pilot)
        assert not dialog.query(Input)  # a path typed in the page would be one on the server
        assert dialog.focused is dialog.query_one("#export-confirm")
        await pilot.click("#export-format-json")
        download_line = str(dialog.query_one("#export-download", Static).content)
        assert download_line == f"Your browser downloads it as finops-notes-{date.today().isoformat()}.json"
        await pilot.press("ctrl+s")
        await finish_export(pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert [(d["save_filename"], d["mime_type"], d["open_method"]) for d in in_browser] == [
        (f"finops-notes-{date.today().isoformat()}.json", "application/json", "download")
    ]
    exported = json.loads(in_browser[0]["text"])
    assert exported["roles"][0]["id"] == ROLE
    assert (
        notified[-1][0] == f"Sent finops-notes-{date.today().isoformat()}.json to your browser as a download"
    )
    assert files_in(work_dir) == []  # nothing written on the server


async def test_in_a_browser_enter_twice_in_a_burst_downloads_once(
    app: FinopsApp, work_dir: Path, in_browser: list[dict[str, Any]]
):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("E", "enter", "enter")
        await finish_export(pilot)
        assert not isinstance(app.screen, ExportDialog)
    assert len(in_browser) == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_dialog_in_a_browser(
    app: FinopsApp, snap_compare: Any, size: tuple[int, int], in_browser: list[dict[str, Any]]
):
    async def run_before(pilot: Pilot[None]) -> None:
        add_notes(app)
        await app.push_screen(ExportDialog(today=TODAY))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# Open the dialog, to the Cancel button, past the name asked the first time and the letters-only
# box to the formats, JSON, chosen, export.
BROWSER_KEYS = ["E", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "right", "enter", "ctrl+s"]
KEY_CHARACTERS = {"E": "E", "enter": "\r", "ctrl+s": "\x13"}
# Keys in a burst reach this dialog before it mounts, and ctrl+s before the format chosen with
# the enter before it is taken in: the type-ahead work (issue 12, finops_tui.tui.typeahead) makes
# each key wait for the one before. Until it is merged, this test is expected to fail.
TYPEAHEAD_MERGED = importlib.util.find_spec("finops_tui.tui.typeahead") is not None


async def export_in_browser_with(keys: list[str], *, burst: bool, config_dir: Path) -> list[tuple[str, str]]:
    """Export in a browser session with ``keys``: pressed one at a time, or posted in one go."""
    from textual import events

    app = make_app(config_dir)
    delivered: list[tuple[str, str]] = []

    def deliver_text(file: Any, **options: Any) -> None:
        delivered.append((options["save_filename"], file.read()[:1]))

    app.deliver_text = deliver_text  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        if burst:
            for key in keys:
                app.post_message(events.Key(key, KEY_CHARACTERS.get(key)))
        else:
            for key in keys:
                await pilot.press(key)
        await wait_until(pilot, lambda: bool(delivered))
        await finish_export(pilot)
    return delivered


@pytest.mark.xfail(not TYPEAHEAD_MERGED, reason="needs the type-ahead work (issue 12)", strict=True)
async def test_in_a_browser_keys_in_a_burst_end_as_keys_pressed_slowly(
    tmp_path: Path, in_browser: list[dict[str, Any]]
):
    slow = await export_in_browser_with(BROWSER_KEYS, burst=False, config_dir=tmp_path / "slow")
    burst = await export_in_browser_with(BROWSER_KEYS, burst=True, config_dir=tmp_path / "burst")
    assert slow == burst == [(f"finops-notes-{date.today().isoformat()}.json", "{")]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_dialog_asking_the_name(unnamed_app: FinopsApp, snap_compare: Any, size: tuple[int, int]):
    async def run_before(pilot: Pilot[None]) -> None:
        add_notes(unnamed_app)
        await unnamed_app.push_screen(ExportDialog(directory=SNAPSHOT_DIRECTORY, today=TODAY))
        await pilot.pause()
        for field in unnamed_app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(unnamed_app, terminal_size=size, run_before=run_before)
