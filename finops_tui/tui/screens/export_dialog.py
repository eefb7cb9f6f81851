"""The export dialog: choose a format and a file, confirm before overwriting, then write.

In a browser (``finops-tui serve``) the dialog asks no path: the export goes to the browser as a
download, since a path typed in the page would be one on the server, written as the server's user.

What an export holds and how it is written safely (temp file + replace, never the notes file)
is finops_tui.exchange.export; this screen gathers the choices, writes off the UI thread and reports the
outcome. It only reads the notes in memory, so it works when the notes cannot be saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from finops_tui.core.settings import NAME_MAX_LENGTH
from finops_tui.core.text import plural
from finops_tui.exchange.export import (
    DEFAULT_FORMAT,
    EXPORT_FORMATS,
    ExportError,
    ExportFormat,
    ExportTargetExistsError,
    default_export_filename,
    export_notes,
    write_export,
)
from finops_tui.notes.entries import role_entries
from finops_tui.tui.screens.question import YesOrNo
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.in_order import InOrderInput

if TYPE_CHECKING:
    from finops_tui.core.models import Catalog, NotesDocument
    from finops_tui.tui.app import FinopsApp


# What a browser is told each download is.
MIME_TYPES = {
    "markdown": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "toml": "application/toml",
}


class ExportDialog(ModalScreen[Path | None]):
    """Returns the file written, or None when the user cancels or the export went to the browser."""

    CSS_PATH = stylesheet("export")

    app: FinopsApp
    AUTO_FOCUS = "#export-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.confirm", priority=True),
        Binding("escape", "cancel", "Cancel", id="export.cancel", priority=True),
    ]

    def __init__(self, directory: Path | None = None, today: date | None = None) -> None:
        """``directory`` and ``today`` make the pre-filled path; tests fix them for stable snapshots."""
        super().__init__()
        self._directory = directory or working_directory()
        self._today = today or date.today()
        self._format = EXPORT_FORMATS[DEFAULT_FORMAT]
        self._exporting = False

    def compose(self) -> ComposeResult:
        store = self.app.store
        with Vertical(id="export-dialog"):
            yield Label(plain("Export notes", "bold"), id="export-title")
            with RadioSet(id="export-format") as formats:
                formats.border_title = "Format"
                for export_format in EXPORT_FORMATS.values():
                    pressed = export_format == self._format
                    yield RadioButton(
                        export_format.label,
                        value=pressed,
                        name=export_format.name,
                        id=f"export-format-{export_format.name}",
                    )
            if self.app.is_web:
                yield Static(plain(self._download_line()), id="export-download")
            else:
                path_input = InOrderInput(str(self._default_path()), id="export-path", select_on_focus=False)
                path_input.border_title = "File"
                yield path_input
            yield Checkbox(
                "Letters only: held roles and RACI letters, no note text",
                id="export-letters-only",
            )
            offered = self.app.name_to_ask()
            if offered is not None:
                # The first export without a name: ask for it here, once; it is kept in config.toml.
                person = Input(offered, id="export-person", max_length=NAME_MAX_LENGTH, select_on_focus=False)
                person.border_title = "Your name, in the export for your team (kept for next time)"
                yield person
            yield Static(plain(summarise_notes(store.catalog, store.notes.document)), id="export-summary")
            yield Static(id="export-error", markup=False)
            with Horizontal(id="export-buttons"):
                yield Label(id="export-hint")
                yield Button("Cancel", id="export-cancel")
                yield Button("Export", id="export-confirm", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#export-error").display = False
        # Built from the live bindings, so a [keymap] override in config.toml shows here too.
        hint = f"enter or {self._key_for('export.confirm')} export · {self._key_for('export.cancel')} cancel"
        self.query_one("#export-hint", Label).update(hint)
        if self.app.is_web:
            self.query_one("#export-confirm", Button).focus()
        else:
            self.call_after_refresh(self._show_end_of_path)

    def _key_for(self, binding_id: str) -> str:
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "?"

    def _show_end_of_path(self) -> None:
        """Cursor and view at the end: the file name is what people check, not the directory."""
        path_input = self._path_input
        path_input.cursor_position = len(path_input.value)
        path_input.scroll_to(x=path_input.max_scroll_x, animate=False, immediate=True)

    def _default_path(self) -> Path:
        return self._directory / self._download_name()

    def _download_name(self) -> str:
        return default_export_filename(self._format.name, self._today)

    def _download_line(self) -> str:
        return f"Your browser downloads it as {self._download_name()}"

    @property
    def has_unsaved_input(self) -> bool:
        """Whether the user typed a file name of their own (the offered one costs nothing to lose)."""
        return self.is_mounted and self._path_input.value != str(self._default_path())

    def _person(self) -> str | None:
        """Who makes the export: the name typed here the first time, else the name setting."""
        asked = self.query("#export-person")
        if asked:
            return asked.only_one(Input).value.strip() or None
        return self.app.settings.name

    def _remember_person(self) -> None:
        """After an export, keep the name typed here (if any) for the next ones."""
        person = self._person()
        if self.query("#export-person") and person:
            self.app.remember_name(person)

    @property
    def _path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    # -- choices --------------------------------------------------------------------------------

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        chosen = EXPORT_FORMATS[event.pressed.name or DEFAULT_FORMAT]
        if self.app.is_web:
            self._format = chosen
            self.query_one("#export-download", Static).update(plain(self._download_line()))
            return
        self._path_input.value = with_extension_of(self._path_input.value, self._format, chosen)
        self._format = chosen
        self.call_after_refresh(self._show_end_of_path)

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        self._show_error("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-confirm")
    def _confirm_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- exporting ------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self._exporting:
            return  # a second enter while the first write runs would ask to overwrite it
        if self.app.is_web:
            self._exporting = True
            self._download()
            return
        target = target_path(self._path_input.value, self._directory)
        if target is None:
            self._show_error("Give a file name to export to.")
            return
        self._exporting = True  # set before the worker starts, so a quick second enter sees it
        self._export(target)

    @work(group="export")
    async def _export(self, target: Path) -> None:
        try:
            written = await self._write_asking_before_overwrite(target)
        except ExportError as error:
            self._show_error(str(error))
            return
        finally:
            self._exporting = False
        if written is None:
            self._path_input.focus()  # the user declined to overwrite: let them pick another name
            return
        self.app.notify(f"Exported notes to {written}", markup=False)
        self._remember_person()
        self.dismiss(written)

    @work(group="export")
    async def _download(self) -> None:
        store = self.app.store
        name = self._download_name()
        letters_only = self.query_one("#export-letters-only", Checkbox).value
        try:
            text = await asyncio.to_thread(
                partial(render_export, person=self._person(), letters_only=letters_only),
                self._format,
                store.catalog,
                store.notes.document,
            )
        except ExportError as error:
            self._show_error(str(error))
            return
        finally:
            self._exporting = False
        self.app.deliver_text(
            io.StringIO(text),
            save_filename=name,
            open_method="download",
            encoding="utf-8",
            mime_type=MIME_TYPES[self._format.name],
        )
        self.app.notify(f"Sent {name} to your browser as a download", markup=False)
        self._remember_person()
        self.dismiss(None)

    async def _write_asking_before_overwrite(self, target: Path) -> Path | None:
        try:
            return await self._write(target, overwrite=False)
        except ExportTargetExistsError:
            if not await self.app.push_screen_wait(ConfirmOverwrite(target)):
                return None
            return await self._write(target, overwrite=True)

    async def _write(self, target: Path, *, overwrite: bool) -> Path:
        store = self.app.store
        letters_only = self.query_one("#export-letters-only", Checkbox).value
        # The document is immutable (every change makes a new one), so the thread reads a
        # consistent snapshot even if a note changes meanwhile.
        return await asyncio.to_thread(
            render_and_write,
            self._format,
            store.catalog,
            store.notes.document,
            target,
            overwrite=overwrite,
            notes_file=store.notes.path,
            person=self._person(),
            letters_only=letters_only,
        )

    def _show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(plain(message))
        error.display = bool(message)
        if message and not self.app.is_web:
            self._path_input.focus()


class ConfirmOverwrite(YesOrNo):
    """Asks before an export replaces an existing file; returns True to overwrite."""

    CSS_PATH = stylesheet("export")
    YES_BUTTON = "overwrite-confirm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "answer(True)", "Overwrite", id="export.overwrite"),
        Binding("n,escape", "answer(False)", "Cancel", id="export.keep"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="overwrite-dialog"):
            yield Static(plain(f"Overwrite {self._path}?"), id="overwrite-question")
            yield Label("The file already exists; its content will be replaced.", id="overwrite-detail")
            with Horizontal(id="overwrite-buttons"):
                # Cancel comes first and has the focus: enter alone never destroys a file.
                yield Button("Cancel (n)", id="overwrite-cancel", variant="primary")
                yield Button("Overwrite (o)", id="overwrite-confirm", variant="error")


# -- the little logic behind the dialog, kept free of widgets ----------------------------------


def working_directory() -> Path:
    """Where exports go by default: the current directory, or home if it was deleted under us."""
    try:
        return Path.cwd()
    except OSError:
        return Path.home()


def target_path(text: str, directory: Path) -> Path | None:
    """The absolute file the user typed: ``~`` expanded, a relative name taken from ``directory``.

    Surrounding blanks are dropped: they are almost always a slip of the keyboard, and a file
    name ending in a space is near impossible to find again.
    """
    text = text.strip()
    if not text:
        return None
    path = Path(text)
    with contextlib.suppress(RuntimeError):  # "~someone" with no such user: keep the name as typed
        path = path.expanduser()
    return Path(os.path.abspath(directory / path))


def with_extension_of(text: str, previous: ExportFormat, chosen: ExportFormat) -> str:
    """The path with ``previous``'s extension swapped for ``chosen``'s; other names as they are."""
    old_suffix = f".{previous.extension}"
    if not text.lower().endswith(old_suffix):
        return text
    return f"{text[: -len(old_suffix)]}.{chosen.extension}"


def render_and_write(
    export_format: ExportFormat,
    catalog: Catalog,
    document: NotesDocument,
    target: Path,
    *,
    overwrite: bool,
    notes_file: Path,
    person: str | None = None,
    letters_only: bool = False,
) -> Path:
    """Build the export and write it atomically; runs in a thread, raises ExportError."""
    text = render_export(export_format, catalog, document, person=person, letters_only=letters_only)
    return write_export(target, text, overwrite=overwrite, notes_file=notes_file)


def render_export(
    export_format: ExportFormat,
    catalog: Catalog,
    document: NotesDocument,
    *,
    person: str | None = None,
    letters_only: bool = False,
) -> str:
    """The export's text, stamped now, made by ``person``; raises ExportError."""
    exported_at = datetime.now(UTC).replace(microsecond=0)
    return export_notes(
        export_format.name,
        catalog,
        document,
        exported_at=exported_at,
        person=person,
        letters_only=letters_only,
    )


def summarise_notes(catalog: Catalog, document: NotesDocument) -> str:
    """One line on what an export will hold, e.g. ``3 roles (2 held) · 1 role note · 7 responsibilities``."""
    roles = [entry for entry in role_entries(catalog, document) if entry.is_annotated]
    if not roles:
        return "No notes yet: the export will say there are none."
    held = sum(entry.notes.held for entry in roles)
    role_notes = sum(bool(entry.notes.note) for entry in roles)
    responsibilities = sum(len(entry.annotated_responsibilities) for entry in roles)
    orphaned = sum(entry.orphaned for entry in roles)
    parts = [
        f"{plural(len(roles), 'role')} ({held:,} held)",
        plural(role_notes, "role note"),
        plural(responsibilities, "responsibility", "responsibilities") + " marked",
    ]
    if orphaned:
        parts.append(f"{orphaned:,} no longer in the catalog")
    return " · ".join(parts)
