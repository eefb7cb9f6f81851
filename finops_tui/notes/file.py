"""notes.toml in the config directory: a file that never loses the user's notes.

No Textual. :class:`NotesFile` saves every change at once, atomically, under a lock, re-reading
the file first when another process changed it, so two running copies (or the app and
``finops-tui import``) lose neither's edits. A file it cannot read is moved aside, never
overwritten. What a change does is finops_tui.notes.changes; the text of the file is
finops_tui.notes.format.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from finops_tui.core.fileio import (
    atomic_write,
    describe_os_error,
    fsync_directory,
    remove_temp_files,
    resolve_target,
    temp_files_of,
)
from finops_tui.core.models import NOTES_SCHEMA_VERSION, NotesDocument
from finops_tui.core.paths import NOTES_FILE, notes_path
from finops_tui.notes.changes import (
    NoteChange,
    SetResponsibilityNote,
    SetRoleNote,
    apply_change,
    merge_documents,
    normalize_timestamps,
)
from finops_tui.notes.errors import NewerNotesSchemaError, NoteConflict, NotesError, NotesFormatError
from finops_tui.notes.format import (
    FileContent,
    NotesRenderer,
    dump_notes,
    parse_newer_notes,
    parse_notes_file,
)

if TYPE_CHECKING:
    from filelock import FileLock

LOCK_SUFFIX = ".lock"
CORRUPT_INFIX = ".corrupt-"
BACKUP_INFIX = ".backup-"
UNSAVED_INFIX = ".unsaved-"
# Long enough to wait out another copy's save (milliseconds), short enough not to hang the UI.
LOCK_TIMEOUT_SECONDS = 5.0
# At open, leftover temp files are only removed under the lock; without it, only old ones.
_STALE_TEMP_LOCK_TIMEOUT_SECONDS = 1.0
_STALE_TEMP_MIN_AGE_SECONDS = 3600.0
# Entries named in the message about a hand-edited file; the rest are counted.
_REPAIRS_NAMED = 5


FileSignature = tuple[int, int, int]
"""(st_mtime_ns, st_size, st_ino): changes whenever another process replaces the file."""


class _Snapshot(NamedTuple):
    data: bytes
    signature: FileSignature


class _Reading(NamedTuple):
    """What is in notes.toml right now."""

    kind: Literal["missing", "good", "newer", "corrupt"]
    document: NotesDocument | None = None
    signature: FileSignature | None = None
    problem: NotesFormatError | None = None
    content: FileContent | None = None
    repairs: tuple[str, ...] = ()


class NotesFile:
    """notes.toml in one config directory: the user's annotations, never lost."""

    def __init__(self, directory: Path) -> None:
        """Use :meth:`open`; this makes an empty, unloaded file object."""
        self.directory = directory
        self.path = notes_path(directory)
        self.document = NotesDocument()
        self.messages: list[str] = []
        self.can_save = True
        self.pending: list[NoteChange] = []
        self._read_only_reason = ""
        self._signature: FileSignature | None = None
        self._told_save_failure = False
        self._renderer = NotesRenderer()
        self._content_at_open: FileContent | None = None
        self._guard = threading.RLock()
        self._file_lock: FileLock | None = None
        self._read_only = False
        # Entries left out when the file was read: the next write first keeps a copy of it.
        self._keep_copy_before_writing = False

    @property
    def _lock(self) -> FileLock:
        # filelock is loaded on the first save, not before the first frame.
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(
                str(self.directory / f"{NOTES_FILE}{LOCK_SUFFIX}"),
                timeout=LOCK_TIMEOUT_SECONDS,
                mode=0o600,
            )
        return self._file_lock

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, *, read_only: bool = False) -> NotesFile:
        """Load the notes in ``directory``; never raises for a bad file or directory.

        What went wrong is in ``messages``; ``can_save`` is False when writing could lose data.
        ``read_only`` (for commands that only read, like ``export``) changes nothing on disk: an
        unreadable file is reported and left where it is, and nothing can be saved.
        """
        notes = cls(directory)
        notes._read_only = read_only
        notes._load()
        if read_only:
            notes.can_save = False
            notes._read_only_reason = notes._read_only_reason or "the notes were opened only to read them"
        return notes

    def _load(self) -> None:
        try:
            if self.directory.exists() and not self.directory.is_dir():
                self._become_read_only(
                    f"the config directory {self.directory} is a file, not a directory: notes "
                    "start empty and will not be saved (move that file away or choose another "
                    "config directory)"
                )
                return
            reading = self._examine()
            if reading.kind == "corrupt" and self._read_only:
                assert reading.problem is not None
                self._become_read_only(
                    f"{self.path.name} could not be read ({reading.problem.detail}); it was left as "
                    "it is and no notes are shown"
                )
                return
            if reading.kind == "corrupt":
                reading = self._quarantine_at_open(reading)
        except OSError as error:
            self._become_read_only(
                f"{self.path} could not be read ({describe_os_error(error)}): notes start "
                "empty and will not be saved"
            )
            return
        if reading.kind == "newer":
            self._open_newer(reading)
            return
        if reading.document is not None:
            self.document = reading.document
        self._signature = reading.signature
        self._note_repairs(reading)
        if not self._read_only:
            self._remove_stale_temp_files()
        self._content_at_open = reading.content

    def _note_repairs(self, reading: _Reading) -> None:
        """Say which entries were left out or repaired (a few by name, then how many more)."""
        if not reading.repairs:
            return
        self._keep_copy_before_writing = True
        shown = list(reading.repairs[:_REPAIRS_NAMED])
        more = len(reading.repairs) - len(shown)
        if more:
            shown.append(f"and {more} more")
        kept = (
            "the file is left as it is"
            if self._read_only
            else "the file is unchanged until the next save, which first keeps a copy of it"
        )
        self.messages.append(f"{self.path.name}: {'; '.join(shown)} ({kept})")

    def prepare_saving(self) -> None:
        """Make the first save as fast as the later ones: load what saving needs and render the
        notes as opened.

        Takes a few hundred milliseconds with 10,000 annotations: the app runs it in a thread
        once its first frame is drawn. A section that fails its check is reported by the save
        that needs it.
        """
        # Kept off the first frame, but the first key that saves would wait for them.
        import filelock  # noqa: F401
        import tomli_w  # noqa: F401

        with self._guard:
            content, self._content_at_open = self._content_at_open, None
            if content is None:
                return  # nothing on disk, or saved since: the renderer is already current
            with contextlib.suppress(NotesError):
                self._renderer.render(self.document, on_disk=content)

    def _quarantine_at_open(self, reading: _Reading) -> _Reading:
        """Move a corrupt file aside under the lock, unless another process just repaired it."""
        assert reading.problem is not None
        try:
            with self._lock:
                again = self._examine()
                if again.kind != "corrupt":
                    return again
                assert again.problem is not None
                moved_to = self._move_aside()
        except OSError as error:
            self._become_read_only(
                f"{self.path.name} could not be read ({reading.problem.detail}) and could not be "
                f"moved aside ({_lock_or_os_reason(error)}): notes start empty and nothing will "
                f"be saved until {self.path} is fixed or removed"
            )
            return _Reading("missing")
        self.messages.append(
            f"{self.path.name} could not be read ({again.problem.detail}); it was moved to "
            f"{moved_to} and you start with empty notes"
        )
        return _Reading("missing")

    def _open_newer(self, reading: _Reading) -> None:
        if reading.document is not None:
            self.document = reading.document
        self._become_read_only(self._newer_reason(reading, shown=reading.document is not None))

    def _newer_reason(self, reading: _Reading, *, shown: bool) -> str:
        problem = reading.problem
        assert isinstance(problem, NewerNotesSchemaError)
        return (
            f"{self.path} was written by a newer finops-tui (schema_version {problem.version}; "
            f"this version understands {NOTES_SCHEMA_VERSION}): "
            + ("notes are shown read-only" if shown else "notes cannot be shown")
            + " and changes will not be saved; upgrade finops-tui to edit them"
        )

    def _remove_stale_temp_files(self) -> None:
        """A save killed mid-write leaves a '.notes.toml.*.tmp' file: remove those."""
        try:
            target = resolve_target(self.path)
            if not temp_files_of(target):
                return
            from filelock import Timeout

            try:
                with self._lock.acquire(timeout=_STALE_TEMP_LOCK_TIMEOUT_SECONDS):
                    # Under the lock no save is running: every temp file is a leftover.
                    remove_temp_files(target)
            except Timeout:
                remove_temp_files(target, older_than_seconds=_STALE_TEMP_MIN_AGE_SECONDS)
        except OSError:
            pass  # cleaning up is a courtesy; a directory we cannot write shows up at save

    # -- changing and saving ---------------------------------------------------------------

    def apply(self, change: NoteChange, *, started_from: str | None = None) -> None:
        """Make ``change`` in memory at once, then save.

        Raises ``NotesError`` when the save fails; the change then stays in ``document`` and in
        ``pending`` and is saved with the next one. When ``can_save`` is False the change is
        refused (``document`` is left as it was) and ``NotesError`` says why.

        ``started_from``, for a note's new text: the text the user started editing from. When
        the note on disk is now neither that nor the new text, another copy changed it
        meanwhile: ``NoteConflict`` is raised and nothing is changed.
        """
        with self._guard:
            self._require_writable()
            if started_from is not None and isinstance(change, SetRoleNote | SetResponsibilityNote):
                self._check_unchanged_elsewhere(change, started_from)
            try:
                changed = apply_change(self.document, change)
            except ValueError as error:
                raise NotesError(str(error)) from None
            self.document = changed
            self.pending.append(change)
            self.save()

    def _check_unchanged_elsewhere(
        self, change: SetRoleNote | SetResponsibilityNote, started_from: str
    ) -> None:
        if self._disk_signature() == self._signature:
            document = self.document  # the file is what we last read or wrote
        else:
            try:
                with self._lock:
                    reading = self._examine()
            except OSError:
                return  # the save that follows reports what is wrong with the file
            if reading.document is None or reading.kind != "good":
                return
            document = reading.document
        role = document.roles.get(change.role_id)
        if isinstance(change, SetRoleNote):
            current = role.note if role else ""
        else:
            note = role.responsibilities.get(change.responsibility_id) if role else None
            current = note.note if note else ""
        if current not in (started_from, change.text):
            raise NoteConflict(current)

    def save(self) -> None:
        """Write the pending changes, on top of whatever another process saved meanwhile."""
        with self._guard:
            if not self.pending:
                return
            self._require_writable()
            try:
                self._create_directory()
                with self._lock:
                    document = self._current_document_locked()
                    self._write_locked(document)
            except OSError as error:
                raise self._save_failed(error) from None
            self._adopt_saved(document)

    def import_document(self, incoming: NotesDocument, *, replace: bool) -> Path | None:
        """Merge ``incoming`` into the notes (newer annotation wins), or with ``replace`` make it
        the notes after writing a backup of the current file; returns the backup's path.

        Runs under the same lock as saves, so an import beside a running app loses nothing.
        Raises ``NotesError`` when it cannot happen; the notes are then unchanged.
        """
        with self._guard:
            self._require_writable()
            if incoming.schema_version > NOTES_SCHEMA_VERSION:
                raise NewerNotesSchemaError("the imported notes", incoming.schema_version)
            incoming = normalize_timestamps(incoming)
            try:
                self._create_directory()
                with self._lock:
                    current = self._current_document_locked()
                    backup = self._write_backup_locked(current) if replace else None
                    result = (
                        dataclasses.replace(incoming, schema_version=NOTES_SCHEMA_VERSION)
                        if replace
                        else merge_documents(current, incoming)
                    )
                    self._write_locked(result)
            except OSError as error:
                raise NotesError(self._failure_reason(error)) from None
            self._adopt_saved(result)
            return backup

    def keep_unsaved_copy(self) -> Path:
        """Write every note in memory to a new file beside notes.toml (or, when that directory
        cannot be written, in the temporary directory); returns where.

        For changes that could not be saved when the app must stop: ``finops-tui import`` reads
        the copy back. Raises OSError when no copy could be written anywhere.
        """
        with self._guard:
            data = dump_notes(self.document).encode("utf-8")
        name = f"{NOTES_FILE}{UNSAVED_INFIX}{_utc_stamp()}"
        try:
            return atomic_write(_unused_path(self.directory / name), data, private=True)
        except OSError:
            import tempfile

            return atomic_write(_unused_path(Path(tempfile.gettempdir()) / name), data, private=True)

    def _require_writable(self) -> None:
        if not self.can_save or self._read_only:
            raise NotesError(self._read_only_reason)

    def _create_directory(self) -> None:
        # One mkdir call, not "is it there? then create": another process may create the
        # directory in between. Private (0700): notes can say a lot about a person's job.
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except FileExistsError:  # something that is not a directory stands at that path
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(self.directory)) from None

    def _current_document_locked(self) -> NotesDocument:
        """This process's view, re-based on the file when another process changed it."""
        if self._disk_signature() == self._signature:
            return self.document  # the file is what we last read or wrote: no re-read needed
        reading = self._examine()
        if reading.kind == "newer":
            # Keep showing our own notes (export still works); just never write over theirs.
            self._become_read_only(self._newer_reason(reading, shown=True))
            raise NotesError(self._read_only_reason)
        if reading.kind == "corrupt":
            assert reading.problem is not None
            moved_to = self._move_aside()
            self.messages.append(
                f"{self.path.name} had become unreadable ({reading.problem.detail}); it was "
                f"moved to {moved_to} and your notes were saved again from memory"
            )
            return self.document
        if reading.kind == "missing":
            return self.document  # deleted behind our back: write back everything we have
        assert reading.document is not None
        self._note_repairs(reading)
        document = reading.document
        for change in self.pending:
            document = apply_change(document, change)
        return document

    def _write_locked(self, document: NotesDocument) -> None:
        data = self._renderer.render(document)
        if self._keep_copy_before_writing:
            self._keep_copy_of_file_locked()
        atomic_write(self.path, data, private=True)
        self._signature = self._disk_signature()

    def _adopt_saved(self, document: NotesDocument) -> None:
        self._content_at_open = None
        self.document = document
        self.pending.clear()
        self._told_save_failure = False

    def _keep_copy_of_file_locked(self) -> None:
        """Before writing over a file some entries of which were left out: a copy, as it is."""
        snapshot = _read_snapshot(self.path)
        if snapshot is not None:
            copy = _unused_path(self.directory / f"{NOTES_FILE}{BACKUP_INFIX}{_utc_stamp()}")
            atomic_write(copy, snapshot.data, private=True)
            self.messages.append(f"the entries of {self.path.name} that were left out are kept in {copy}")
        self._keep_copy_before_writing = False

    def _write_backup_locked(self, current: NotesDocument) -> Path | None:
        """The current notes, as they are on disk when nothing is pending, else as shown."""
        snapshot = None if self.pending else _read_snapshot(self.path)
        if snapshot is not None:
            data = snapshot.data
        elif current.roles:
            data = dump_notes(current).encode("utf-8")
        else:
            return None  # nothing to lose
        backup = _unused_path(self.directory / f"{NOTES_FILE}{BACKUP_INFIX}{_utc_stamp()}")
        atomic_write(backup, data, private=True)
        return backup

    def _save_failed(self, error: OSError) -> NotesError:
        reason = self._failure_reason(error)
        if not self._told_save_failure:
            self._told_save_failure = True
            self.messages.append(
                f"{reason}; your changes are kept in memory and saved with the next change "
                "that can be saved (export still works)"
            )
        return NotesError(reason)

    def _failure_reason(self, error: OSError) -> str:
        return f"cannot save notes to {self.path}: {_lock_or_os_reason(error)}"

    def _become_read_only(self, reason: str) -> None:
        self.can_save = False
        self._read_only_reason = reason
        self.messages.append(reason)

    # -- the file on disk ------------------------------------------------------------------

    def _disk_signature(self) -> FileSignature | None:
        try:
            return _signature(os.stat(self.path))
        except FileNotFoundError:
            return None

    def _examine(self) -> _Reading:
        """Read and classify notes.toml; raises OSError only when it cannot be read at all."""
        try:
            snapshot = _read_snapshot(self.path)
        except NotesFormatError as problem:
            return _Reading("corrupt", problem=problem)
        if snapshot is None:
            return _Reading("missing")
        source = str(self.path)
        changed_at = datetime.fromtimestamp(snapshot.signature[0] / 1e9, UTC)
        try:
            parsed = parse_notes_file(snapshot.data, source, default_time=changed_at)
        except NewerNotesSchemaError as problem:
            return _Reading("newer", parse_newer_notes(snapshot.data, source), problem=problem)
        except NotesFormatError as problem:
            return _Reading("corrupt", problem=problem)
        return _Reading(
            "good", parsed.document, snapshot.signature, content=parsed.content, repairs=parsed.repairs
        )

    def _move_aside(self) -> Path:
        """Rename the unreadable file to notes.toml.corrupt-<UTC time>; never overwrite it."""
        # A symlinked notes.toml keeps its link: the real file is the one moved aside.
        target = resolve_target(self.path)
        moved_to = _unused_path(target.parent / f"{target.name}{CORRUPT_INFIX}{_utc_stamp()}")
        os.rename(target, moved_to)
        fsync_directory(target.parent)
        return moved_to


def _read_snapshot(path: Path) -> _Snapshot | None:
    """The file's bytes and signature (taken from the same open file), or None if absent."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise NotesFormatError(str(path), "it is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise NotesFormatError(str(path), "it is not a regular file")
    try:
        with open(path, "rb") as handle:
            signature = _signature(os.fstat(handle.fileno()))
            return _Snapshot(handle.read(), signature)
    except FileNotFoundError:
        return None  # replaced or removed between the two calls: as good as absent


def _signature(info: os.stat_result) -> FileSignature:
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _lock_or_os_reason(error: OSError) -> str:
    from filelock import Timeout

    if isinstance(error, Timeout):
        return (
            f"another finops-tui is still saving (waited {LOCK_TIMEOUT_SECONDS:g} s for "
            f"{error.lock_file}); try again"
        )
    return describe_os_error(error)


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _unused_path(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``... : a sidecar never replaces an earlier one."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate
