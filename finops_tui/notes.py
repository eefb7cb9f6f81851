"""The user's notes: changes, merging, the notes.toml format, and a file that never loses them.

Pure logic, no Textual. Layers, bottom up:

- :func:`apply_change` and :func:`merge_documents` are pure functions on ``NotesDocument``;
- :func:`parse_notes` / :func:`dump_notes` read and write the TOML text (tomli-w, no multiline
  strings, every written section read back and compared before it is trusted);
- :class:`NotesFile` owns ``<config dir>/notes.toml``: it saves every change at once, atomically,
  under a lock, re-reading the file first when another process changed it, so two running
  copies (or the app and ``finops-tui import``) lose neither's edits. A file it cannot read is
  moved aside, never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import threading
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import tomli_w
from filelock import FileLock, Timeout
from pydantic import TypeAdapter, ValidationError

from finops_tui.fileio import (
    atomic_write,
    describe_os_error,
    fsync_directory,
    remove_temp_files,
    resolve_target,
    temp_files_of,
)
from finops_tui.models import (
    NOTES_SCHEMA_VERSION,
    Identifier,
    NotesDocument,
    NoteText,
    Raci,
    ResponsibilityNote,
    RoleNotes,
)
from finops_tui.paths import NOTES_FILE, notes_path
from finops_tui.text import make_visible

LOCK_SUFFIX = ".lock"
CORRUPT_INFIX = ".corrupt-"
BACKUP_INFIX = ".backup-"
# Long enough to wait out another copy's save (milliseconds), short enough not to hang the UI.
LOCK_TIMEOUT_SECONDS = 5.0
# At open, leftover temp files are only removed under the lock; without it, only old ones.
_STALE_TEMP_LOCK_TIMEOUT_SECONDS = 1.0
_STALE_TEMP_MIN_AGE_SECONDS = 3600.0


# ---------------------------------------------------------------------------------------------
# Errors


class NotesError(Exception):
    """One-line, user-facing reason a save/import could not happen."""


class NotesFormatError(NotesError):
    """Notes text that cannot be used; ``detail`` says why and where, without the source name."""

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail


class NewerNotesSchemaError(NotesFormatError):
    """Notes written by a newer finops-tui: readable perhaps, but never to be written over."""

    def __init__(self, source: str, version: int) -> None:
        super().__init__(
            source,
            f"schema_version {version} is newer than this finops-tui understands "
            f"({NOTES_SCHEMA_VERSION}); upgrade finops-tui to edit these notes",
        )
        self.version = version


# ---------------------------------------------------------------------------------------------
# Changes


@dataclass(frozen=True, slots=True)
class SetHeld:
    role_id: str
    held: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class SetRoleNote:
    role_id: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SetRaci:
    role_id: str
    responsibility_id: str
    letter: Raci | None
    at: datetime


@dataclass(frozen=True, slots=True)
class SetResponsibilityNote:
    role_id: str
    responsibility_id: str
    text: str
    at: datetime


NoteChange = SetHeld | SetRoleNote | SetRaci | SetResponsibilityNote

_IDENTIFIER = TypeAdapter(Identifier)
_NOTE_TEXT = TypeAdapter(NoteText)
_EMPTY_ROLE = RoleNotes()


def apply_change(document: NotesDocument, change: NoteChange) -> NotesDocument:
    """The document with ``change`` made; the input is left as it was.

    Stamps ``updated_at = change.at`` on the role (held, note) or on the responsibility, and
    drops annotations that become empty. Raises ``ValueError`` for a change that could not be
    saved and read back (an id that is not kebab-case, a naive time, an unencodable note).
    """
    at = _change_time(change.at)
    _check_identifier(change.role_id)
    role = document.roles.get(change.role_id, _EMPTY_ROLE)
    if isinstance(change, SetHeld):
        updated = role.model_copy(update={"held": bool(change.held), "updated_at": at})
    elif isinstance(change, SetRoleNote):
        updated = role.model_copy(update={"note": _checked_note(change.text), "updated_at": at})
    elif isinstance(change, SetRaci | SetResponsibilityNote):
        updated = _with_responsibility_change(role, change, at)
    else:
        raise TypeError(f"not a notes change: {change!r}")
    return _with_role(document, change.role_id, updated)


def _with_responsibility_change(
    role: RoleNotes, change: SetRaci | SetResponsibilityNote, at: datetime
) -> RoleNotes:
    responsibility_id = _check_identifier(change.responsibility_id)
    previous = role.responsibilities.get(responsibility_id)
    raci = previous.raci if previous else None
    note = previous.note if previous else ""
    if isinstance(change, SetRaci):
        raci = change.letter
    else:
        note = _checked_note(change.text)
    responsibilities = dict(role.responsibilities)
    if raci is None and not note:
        responsibilities.pop(responsibility_id, None)
    else:
        responsibilities[responsibility_id] = _checked_responsibility(raci, note, at)
    return role.model_copy(update={"responsibilities": responsibilities})


def _checked_responsibility(raci: Raci | None, note: str, at: datetime) -> ResponsibilityNote:
    # Validated, not constructed: a bad letter must fail here, not when the file is next read.
    try:
        return ResponsibilityNote(raci=raci, note=note, updated_at=at)
    except ValidationError:
        raise ValueError(f"{raci!r} is not a RACI letter (R, A, C or I)") from None


def _with_role(document: NotesDocument, role_id: str, role: RoleNotes) -> NotesDocument:
    roles = dict(document.roles)
    if role.is_empty:
        roles.pop(role_id, None)
    else:
        roles[role_id] = role
    return document.model_copy(update={"roles": roles})


def _change_time(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"the time of a notes change must be timezone-aware, got {at!r}")
    return _as_utc(at)


def _check_identifier(identifier: str) -> str:
    try:
        return _IDENTIFIER.validate_python(identifier)
    except ValidationError:
        raise ValueError(
            f"{identifier!r} is not a valid id (lowercase letters, digits and single dashes)"
        ) from None


def _checked_note(text: str) -> str:
    try:
        _NOTE_TEXT.validate_python(text)
    except ValidationError as error:
        raise ValueError(f"the note cannot be saved: {error.errors()[0]['msg'].lower()}") from None
    try:
        # A lone surrogate (a broken paste) cannot be written as UTF-8.
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"the note cannot be saved: it holds an invalid character at {error.start + 1}"
        ) from None
    return text


def _as_utc(moment: datetime) -> datetime:
    """UTC, so times compare and print alike; a time without zone (hand-edited) is taken as UTC."""
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# ---------------------------------------------------------------------------------------------
# Merging


def merge_documents(current: NotesDocument, incoming: NotesDocument) -> NotesDocument:
    """Both documents combined: per annotation the newer ``updated_at`` wins.

    The annotations are a role's own fields (held and note, together) and each responsibility.
    An annotation on one side only is kept; on a tie ``current`` is kept. Annotations left
    empty (an empty one newer than a full one acts as a deletion) are dropped.
    """
    roles = dict(current.roles)
    for role_id, theirs in incoming.roles.items():
        ours = roles.get(role_id)
        roles[role_id] = theirs if ours is None else _merge_role(ours, theirs)
    kept = {role_id: _without_empty(role) for role_id, role in roles.items()}
    return NotesDocument.model_construct(
        schema_version=NOTES_SCHEMA_VERSION,
        roles={role_id: role for role_id, role in kept.items() if not role.is_empty},
    )


def _merge_role(ours: RoleNotes, theirs: RoleNotes) -> RoleNotes:
    own_fields = theirs if _is_newer(theirs.updated_at, ours.updated_at) else ours
    responsibilities = dict(ours.responsibilities)
    for responsibility_id, their_note in theirs.responsibilities.items():
        our_note = responsibilities.get(responsibility_id)
        if our_note is None or _is_newer(their_note.updated_at, our_note.updated_at):
            responsibilities[responsibility_id] = their_note
    return RoleNotes.model_construct(
        held=own_fields.held,
        note=own_fields.note,
        updated_at=own_fields.updated_at,
        responsibilities=responsibilities,
    )


def _without_empty(role: RoleNotes) -> RoleNotes:
    if not any(note.is_empty for note in role.responsibilities.values()):
        return role
    kept = {key: note for key, note in role.responsibilities.items() if not note.is_empty}
    return role.model_copy(update={"responsibilities": kept})


def _is_newer(candidate: datetime | None, reference: datetime | None) -> bool:
    if candidate is None:
        return False
    return reference is None or _as_utc(candidate) > _as_utc(reference)


def normalize_timestamps(document: NotesDocument) -> NotesDocument:
    """Every ``updated_at`` in UTC (a zone-less one taken as UTC); the same object if all were."""
    roles: dict[str, RoleNotes] = {}
    changed = False
    for role_id, role in document.roles.items():
        normalized = _role_in_utc(role)
        changed = changed or normalized is not role
        roles[role_id] = normalized
    return document.model_copy(update={"roles": roles}) if changed else document


def _role_in_utc(role: RoleNotes) -> RoleNotes:
    update: dict[str, Any] = {}
    if role.updated_at is not None and role.updated_at.tzinfo is not UTC:
        update["updated_at"] = _as_utc(role.updated_at)
    if any(note.updated_at.tzinfo is not UTC for note in role.responsibilities.values()):
        update["responsibilities"] = {
            key: note.model_copy(update={"updated_at": _as_utc(note.updated_at)})
            for key, note in role.responsibilities.items()
        }
    return role.model_copy(update=update) if update else role


# ---------------------------------------------------------------------------------------------
# Reading notes.toml


def parse_notes(text: str, source: str) -> NotesDocument:
    """The document in ``text``; raises ``NotesFormatError`` (a ``NotesError``) saying where.

    A leading byte order mark is accepted, an empty text is empty notes, a missing
    ``schema_version`` is taken as the current one. A newer ``schema_version`` raises
    ``NewerNotesSchemaError``.
    """
    return _parse(text, source).document


def parse_notes_bytes(data: bytes, source: str) -> NotesDocument:
    """:func:`parse_notes` for the raw bytes of a file (checks that they are UTF-8)."""
    return parse_notes(_decode(data, source), source)


@dataclass(frozen=True)
class _Parsed:
    raw: dict[str, Any]
    document: NotesDocument


def _parse(text: str, source: str) -> _Parsed:
    raw = _parse_toml(text.removeprefix("\ufeff"), source)
    _check_schema_version(raw, source)
    return _Parsed(raw, normalize_timestamps(_validate(raw, source)))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise NotesFormatError(source, f"line {line}: not valid UTF-8 text (byte 0x{byte:02X})") from None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise NotesFormatError(source, _describe_toml_error(str(error), text)) from None
    except RecursionError:
        raise NotesFormatError(source, "the TOML is nested too deeply") from None


def _describe_toml_error(message: str, text: str) -> str:
    """'Invalid value (at line 3, column 7)' -> 'line 3, column 7: invalid value'."""
    position = _TOML_POSITION.search(message)
    if position:
        line, column = position.groups()
        return f"line {line}, column {column}: {_lower_first(message[: position.start()])}"
    end = _TOML_END.search(message)
    if end:
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        return f"line {line}, column {column} (end of file): {_lower_first(message[: end.start()])}"
    return _printable(message)


def _check_schema_version(raw: dict[str, Any], source: str) -> None:
    version = raw.get("schema_version", NOTES_SCHEMA_VERSION)
    if type(version) is not int:
        raise NotesFormatError(source, "schema_version: must be a whole number, like 1")
    if version > NOTES_SCHEMA_VERSION:
        raise NewerNotesSchemaError(source, version)
    if version < 1:
        raise NotesFormatError(source, f"schema_version {version} is not a notes format")


def _validate(raw: dict[str, Any], source: str) -> NotesDocument:
    try:
        return NotesDocument.model_validate(raw)
    except ValidationError as error:
        raise NotesFormatError(source, _describe_validation_error(error)) from None


def _describe_validation_error(error: ValidationError) -> str:
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    location = [str(part) for part in first["loc"]]
    if location and location[-1] == "[key]":
        key = location[-2]
        where = _dotted(location[:-2]) or "top level"
        described = f"{where}: {key!r} is not a valid id (lowercase letters, digits and dashes)"
    else:
        described = f"{_dotted(location) or 'top level'}: {_lower_first(first['msg'])}"
    more = len(problems) - 1
    if more:
        described += f" (and {more} more problem{'s' if more > 1 else ''})"
    return _printable(described)


def _dotted(location: list[str]) -> str:
    return ".".join(location)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _printable(text: str) -> str:
    """One harmless line: hand-edited keys may hold escape sequences or line breaks."""
    return make_visible(text).replace("\n", "\u2424")


# ---------------------------------------------------------------------------------------------
# Writing notes.toml


def dump_notes(document: NotesDocument) -> str:
    """notes.toml text for ``document``: ``schema_version`` first, then one section per role and
    per responsibility, sorted by id. Every section is read back and compared before use."""
    return _NotesRenderer().render(document).decode("utf-8")


_HEADER = tomli_w.dumps({"schema_version": NOTES_SCHEMA_VERSION}).encode("utf-8")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _FileContent:
    """Bytes read from notes.toml (without a BOM) and what tomllib made of them."""

    data: bytes
    raw: dict[str, Any]


@dataclass(frozen=True)
class _Unchecked:
    """A section rendered but not yet read back, and the table it must read back as."""

    data: bytes
    table: dict[str, Any]


@dataclass(frozen=True)
class _RenderedRole:
    role: RoleNotes
    data: bytes
    own_section: tuple[tuple[Any, ...], bytes] | None  # keyed by (held, note, updated_at)
    sections: dict[str, tuple[ResponsibilityNote, bytes]]


class _NotesRenderer:
    """Renders documents to UTF-8, remembering each section's verified bytes.

    Saving one change among 10,000 annotations must take milliseconds, but tomli-w and the
    read-back check cost tens of microseconds per section; so a section is rendered and checked
    once, and reused while its annotation is unchanged (the same object, or an equal one re-read
    from disk). Sections are independent TOML tables, so checked sections concatenate safely.
    """

    def __init__(self) -> None:
        self._roles: dict[str, _RenderedRole] = {}

    def render(self, document: NotesDocument, *, on_disk: _FileContent | None = None) -> bytes:
        """The file's bytes; ``on_disk`` is the file ``document`` was just read from, if any."""
        unchecked: list[_Unchecked] = []
        rendered = {
            role_id: self._render_role(role_id, document.roles[role_id], unchecked)
            for role_id in sorted(document.roles)
        }
        data = b"\n".join([_HEADER, *(entry.data for entry in rendered.values() if entry.data)])
        # A file we wrote reads back as exactly what we would write now: checking each section
        # again would only double the time it takes to open a large file.
        if unchecked and not _is_known_good(data, document, on_disk):
            for section in unchecked:
                _check_section(section)
        self._roles = rendered  # only now: a section that failed its check is never reused
        return data

    def _render_role(self, role_id: str, role: RoleNotes, unchecked: list[_Unchecked]) -> _RenderedRole:
        cached = self._roles.get(role_id)
        if cached is not None and cached.role is role:
            return cached
        own_section = _own_section(role_id, role, cached, unchecked)
        previous = cached.sections if cached is not None else {}
        sections: dict[str, tuple[ResponsibilityNote, bytes]] = {}
        for responsibility_id in sorted(role.responsibilities):
            note = role.responsibilities[responsibility_id]
            known = previous.get(responsibility_id)
            if known is not None and (known[0] is note or known[0] == note):
                sections[responsibility_id] = known
                continue
            fields = _responsibility_fields(note)
            table = {"roles": {role_id: {"responsibilities": {responsibility_id: fields}}}}
            sections[responsibility_id] = (note, _section(table, unchecked))
        parts = [own_section[1]] if own_section else []
        parts.extend(section for _, section in sections.values())
        return _RenderedRole(role, b"\n".join(parts), own_section, sections)


def _own_section(
    role_id: str, role: RoleNotes, cached: _RenderedRole | None, unchecked: list[_Unchecked]
) -> tuple[tuple[Any, ...], bytes] | None:
    if not _has_own_fields(role):
        return None  # only responsibilities: no [roles.<id>] table of its own
    key = (role.held, role.note, role.updated_at)
    if cached is not None and cached.own_section is not None and cached.own_section[0] == key:
        return cached.own_section
    return key, _section({"roles": {role_id: _role_fields(role)}}, unchecked)


def _has_own_fields(role: RoleNotes) -> bool:
    """Whether the role itself is annotated (held, a note, or a time they were last changed)."""
    return role.held or bool(role.note) or role.updated_at is not None


def _role_fields(role: RoleNotes) -> dict[str, Any]:
    fields: dict[str, Any] = {"held": role.held}
    if role.note:
        fields["note"] = role.note
    if role.updated_at is not None:
        fields["updated_at"] = role.updated_at
    return fields


def _responsibility_fields(note: ResponsibilityNote) -> dict[str, Any]:
    # TOML has no null: a missing letter or an empty note is simply absent.
    fields: dict[str, Any] = {}
    if note.raci is not None:
        fields["raci"] = note.raci
    if note.note:
        fields["note"] = note.note
    fields["updated_at"] = note.updated_at
    return fields


def _section(table: dict[str, Any], unchecked: list[_Unchecked]) -> bytes:
    """``table`` as TOML, noted in ``unchecked`` until it has been read back."""
    # Multiline strings would turn "\r\n" into "\n" on reading: tomli-w's default avoids them.
    data = tomli_w.dumps(table, multiline_strings=False).encode("utf-8")
    unchecked.append(_Unchecked(data, table))
    return data


def _check_section(section: _Unchecked) -> None:
    """tomli-w does not promise valid TOML: read each section back before trusting it."""
    try:
        matches = tomllib.loads(section.data.decode("utf-8")) == section.table
    except tomllib.TOMLDecodeError:
        matches = False
    if not matches:
        raise NotesError("notes were not saved: the TOML writer produced text that reads back wrong")


def _is_known_good(data: bytes, document: NotesDocument, on_disk: _FileContent | None) -> bool:
    """Whether ``data`` is byte for byte a file that tomllib read as exactly ``document``."""
    return on_disk is not None and data == on_disk.data and on_disk.raw == _plain(document)


def _plain(document: NotesDocument) -> dict[str, Any]:
    """The tables that the rendered file must read back as."""
    roles: dict[str, Any] = {}
    for role_id, role in document.roles.items():
        table = _role_fields(role) if _has_own_fields(role) else {}
        if role.responsibilities:
            table["responsibilities"] = {
                key: _responsibility_fields(note) for key, note in role.responsibilities.items()
            }
        if table:
            roles[role_id] = table
    plain: dict[str, Any] = {"schema_version": NOTES_SCHEMA_VERSION}
    if roles:
        plain["roles"] = roles
    return plain


# ---------------------------------------------------------------------------------------------
# The notes file

FileSignature = tuple[int, int, int]
"""(st_mtime_ns, st_size, st_ino): changes whenever another process replaces the file."""


@dataclass(frozen=True)
class _Snapshot:
    data: bytes
    signature: FileSignature


@dataclass(frozen=True)
class _Reading:
    """What is in notes.toml right now."""

    kind: Literal["missing", "good", "newer", "corrupt"]
    document: NotesDocument | None = None
    signature: FileSignature | None = None
    problem: NotesFormatError | None = None
    content: _FileContent | None = None


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
        self._renderer = _NotesRenderer()
        self._guard = threading.RLock()
        self._lock = FileLock(
            str(directory / f"{NOTES_FILE}{LOCK_SUFFIX}"), timeout=LOCK_TIMEOUT_SECONDS, mode=0o600
        )

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path) -> NotesFile:
        """Load the notes in ``directory``; never raises for a bad file or directory.

        What went wrong is in ``messages``; ``can_save`` is False when writing could lose data.
        """
        notes = cls(directory)
        notes._load()
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
        self._remove_stale_temp_files()
        # Render now, so that the first save after opening is as fast as the later ones; a
        # section that fails its check is reported by that save.
        with contextlib.suppress(NotesError):
            self._renderer.render(self.document, on_disk=reading.content)

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
            try:
                with self._lock.acquire(timeout=_STALE_TEMP_LOCK_TIMEOUT_SECONDS):
                    # Under the lock no save is running: every temp file is a leftover.
                    remove_temp_files(target)
            except Timeout:
                remove_temp_files(target, older_than_seconds=_STALE_TEMP_MIN_AGE_SECONDS)
        except OSError:
            pass  # cleaning up is a courtesy; a directory we cannot write shows up at save

    # -- changing and saving ---------------------------------------------------------------

    def apply(self, change: NoteChange) -> None:
        """Make ``change`` in memory at once, then save.

        Raises ``NotesError`` when the save fails; the change then stays in ``document`` and in
        ``pending`` and is saved with the next one. When ``can_save`` is False the change is
        refused (``document`` is left as it was) and ``NotesError`` says why.
        """
        with self._guard:
            self._require_writable()
            try:
                changed = apply_change(self.document, change)
            except ValueError as error:
                raise NotesError(str(error)) from None
            self.document = changed
            self.pending.append(change)
            self.save()

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
                        incoming.model_copy(update={"schema_version": NOTES_SCHEMA_VERSION})
                        if replace
                        else merge_documents(current, incoming)
                    )
                    self._write_locked(result)
            except OSError as error:
                raise NotesError(self._failure_reason(error)) from None
            self._adopt_saved(result)
            return backup

    def _require_writable(self) -> None:
        if not self.can_save:
            raise NotesError(self._read_only_reason)

    def _create_directory(self) -> None:
        if self.directory.is_dir():
            return
        if self.directory.exists():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(self.directory))
        # Private: notes can say a lot about a person's job.
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)

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
        document = reading.document
        for change in self.pending:
            document = apply_change(document, change)
        return document

    def _write_locked(self, document: NotesDocument) -> None:
        data = self._renderer.render(document)
        atomic_write(self.path, data, private=True)
        self._signature = self._disk_signature()

    def _adopt_saved(self, document: NotesDocument) -> None:
        self.document = document
        self.pending.clear()
        self._told_save_failure = False

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
        try:
            parsed = _parse(_decode(snapshot.data, source), source)
        except NewerNotesSchemaError as problem:
            return _Reading("newer", _best_effort(snapshot.data, source), problem=problem)
        except NotesFormatError as problem:
            return _Reading("corrupt", problem=problem)
        content = _FileContent(snapshot.data.removeprefix(_UTF8_BOM), parsed.raw)
        return _Reading("good", parsed.document, snapshot.signature, content=content)

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


def _best_effort(data: bytes, source: str) -> NotesDocument | None:
    """A newer file's notes, if they happen to fit this version's model (shown read-only)."""
    try:
        raw = _parse_toml(_decode(data, source).removeprefix("\ufeff"), source)
        raw["schema_version"] = NOTES_SCHEMA_VERSION
        return normalize_timestamps(_validate(raw, source))
    except NotesFormatError:
        return None


def _signature(info: os.stat_result) -> FileSignature:
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _lock_or_os_reason(error: OSError) -> str:
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
