"""The notes.toml format: reading it into a ``NotesDocument`` and writing one back.

Pure logic, no Textual, no files. A file in the form this app writes is read straight into the
models; anything else (hand-edited, older) goes through the pydantic schema, which says where it
went wrong. Writing uses tomli-w without multiline strings, and reads every written section back
before trusting it. :class:`NotesRenderer` remembers the sections it checked, so that saving one
change among thousands of annotations stays fast.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from finops_tui.core import toml
from finops_tui.core.models import (
    NOTES_SCHEMA_VERSION,
    RACI_LETTERS,
    NotesDocument,
    ResponsibilityNote,
    RoleNotes,
    is_identifier,
)
from finops_tui.core.text import escape_hidden, make_visible
from finops_tui.core.toml import describe_toml_error
from finops_tui.notes.changes import normalize_timestamps
from finops_tui.notes.errors import NewerNotesSchemaError, NotesError, NotesFormatError
from finops_tui.notes.rules import is_note, repaired_raci

if TYPE_CHECKING:
    from pydantic import ValidationError

# ---------------------------------------------------------------------------------------------
# Reading notes.toml

_UTF8_BOM = b"\xef\xbb\xbf"


def parse_notes(text: str, source: str) -> NotesDocument:
    """The document in ``text``; raises ``NotesFormatError`` (a ``NotesError``) saying where.

    A leading byte order mark is accepted, an empty text is empty notes, a missing
    ``schema_version`` is taken as the current one. A newer ``schema_version`` raises
    ``NewerNotesSchemaError``.
    """
    return _document(_parse_toml(text, source), source)


def parse_notes_bytes(data: bytes, source: str) -> NotesDocument:
    """:func:`parse_notes` for the raw bytes of a file (checks that they are UTF-8)."""
    return parse_notes(_decode(data, source), source)


class FileContent(NamedTuple):
    """Bytes read from notes.toml (without a BOM) and what tomllib made of them."""

    data: bytes
    raw: dict[str, Any]


class ParsedFile(NamedTuple):
    document: NotesDocument
    content: FileContent
    """Handed to :meth:`NotesRenderer.render`, which then need not check a file it writes back."""
    repairs: tuple[str, ...] = ()
    """One line per entry left out or repaired (``location: what was done``); empty when none."""


def parse_notes_file(data: bytes, source: str, *, default_time: datetime | None = None) -> ParsedFile:
    """:func:`parse_notes_bytes`, keeping what was read beside the document.

    Unlike :func:`parse_notes`, one bad value costs only its entry: an entry that cannot be
    read is left out, a lowercase RACI letter is read as the capital, and a responsibility
    without ``updated_at`` gets ``default_time`` (the file's time); ``repairs`` says what was
    done. Only a file that cannot be read at all (TOML syntax, encoding, ``schema_version``,
    ``roles`` not a table) raises ``NotesFormatError``.
    """
    raw = _parse_toml(_decode(data, source), source)
    content = FileContent(data.removeprefix(_UTF8_BOM), raw)
    _check_schema_version(raw, source)
    try:
        return ParsedFile(normalize_timestamps(_validate(raw, source)), content)
    except NotesFormatError:
        salvaged = _salvage(raw, default_time or datetime.now(UTC))
        if salvaged is None:
            raise
        document, repairs = salvaged
        return ParsedFile(normalize_timestamps(document), content, tuple(repairs))


def _salvage(raw: dict[str, Any], default_time: datetime) -> tuple[NotesDocument, list[str]] | None:
    """Every entry of ``raw`` that can be read, and what was left out or repaired."""
    raw_roles = raw.get("roles", {})
    if type(raw_roles) is not dict:
        return None
    repairs = [f"{_printable(key)}: not a notes field; left out" for key in raw if key not in _DOCUMENT_KEYS]
    roles: dict[str, RoleNotes] = {}
    for role_id, fields in raw_roles.items():
        where = f"roles.{_printable(role_id)}"
        if not is_identifier(role_id):
            repairs.append(f"{where}: not a valid id (lowercase letters, digits and dashes); left out")
            continue
        if type(fields) is not dict:
            repairs.append(f"{where}: expected a table; left out")
            continue
        role = _salvage_role(where, fields, default_time, repairs)
        if not role.is_empty or role.updated_at is not None:
            roles[role_id] = role
    return NotesDocument(roles=roles), repairs


def _salvage_role(
    where: str, fields: dict[str, Any], default_time: datetime, repairs: list[str]
) -> RoleNotes:
    from pydantic import ValidationError

    from finops_tui.notes import schema

    own = {key: value for key, value in fields.items() if key != "responsibilities"}
    _drop_unknown(own, _ROLE_KEYS, where, repairs)
    try:
        checked = schema.RoleNotes.model_validate(own).to_model()
    except ValidationError as error:
        repairs.append(f"{where}: {_first_problem(error)}; the role's own note and hold were left out")
        checked = RoleNotes()
    raw_duties = fields.get("responsibilities", {})
    responsibilities: dict[str, ResponsibilityNote] = {}
    if type(raw_duties) is not dict:
        repairs.append(f"{where}.responsibilities: expected a table; left out")
        raw_duties = {}
    for responsibility_id, duty in raw_duties.items():
        duty_where = f"{where}.responsibilities.{_printable(responsibility_id)}"
        if not is_identifier(responsibility_id):
            repairs.append(f"{duty_where}: not a valid id (lowercase letters, digits and dashes); left out")
            continue
        note = _salvage_responsibility(duty_where, duty, default_time, repairs)
        if note is not None and not note.is_empty:
            responsibilities[responsibility_id] = note
    return RoleNotes(
        held=checked.held, note=checked.note, updated_at=checked.updated_at, responsibilities=responsibilities
    )


def _salvage_responsibility(
    where: str, fields: Any, default_time: datetime, repairs: list[str]
) -> ResponsibilityNote | None:
    from pydantic import ValidationError

    from finops_tui.notes import schema

    if type(fields) is not dict:
        repairs.append(f"{where}: expected a table; left out")
        return None
    fields = dict(fields)
    _drop_unknown(fields, _RESPONSIBILITY_KEYS, where, repairs)
    raci = fields.get("raci")
    if raci is not None and raci not in RACI_LETTERS and repaired_raci(raci) is not None:
        fields["raci"] = repaired_raci(raci)
        repairs.append(f"{where}.raci: {_printable(str(raci))!r} read as {fields['raci']!r}")
    if "updated_at" not in fields:
        fields["updated_at"] = default_time
        moment = f"{default_time:%Y-%m-%d %H:%M} UTC"
        repairs.append(f"{where}.updated_at: missing; set to {moment}, when the file was last changed")
    try:
        return schema.ResponsibilityNote.model_validate(fields).to_model()
    except ValidationError as error:
        repairs.append(f"{where}: {_first_problem(error)}; left out")
        return None


def _drop_unknown(fields: dict[str, Any], known: frozenset[str], where: str, repairs: list[str]) -> None:
    for key in [key for key in fields if key not in known]:
        del fields[key]
        repairs.append(f"{where}.{_printable(key)}: not a notes field; left out")


def _first_problem(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[0]
    location = ".".join(str(part) for part in first["loc"])
    message = _lower_first(first["msg"]).removeprefix("value error, ")
    return _printable(f"{location}: {message}" if location else message)


def parse_newer_notes(data: bytes, source: str) -> NotesDocument | None:
    """A newer file's notes, if they happen to fit this version's model (shown read-only)."""
    try:
        raw = _parse_toml(_decode(data, source), source)
        raw["schema_version"] = NOTES_SCHEMA_VERSION
        return normalize_timestamps(_validate(raw, source))
    except NotesFormatError:
        return None


def _document(raw: dict[str, Any], source: str) -> NotesDocument:
    _check_schema_version(raw, source)
    return normalize_timestamps(_validate(raw, source))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise NotesFormatError(source, f"line {line}: not valid UTF-8 text (byte 0x{byte:02X})") from None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        described = describe_toml_error(error, text)
        raise NotesFormatError(source, f"{described.location}: {described.message}") from None
    except RecursionError:
        raise NotesFormatError(source, "the TOML is nested too deeply") from None


def _check_schema_version(raw: dict[str, Any], source: str) -> None:
    version = raw.get("schema_version", NOTES_SCHEMA_VERSION)
    if type(version) is not int:
        raise NotesFormatError(source, "schema_version: must be a whole number, like 1")
    if version > NOTES_SCHEMA_VERSION:
        raise NewerNotesSchemaError(source, version)
    if version < 1:
        raise NotesFormatError(source, f"schema_version {version} is not a notes format")


def _validate(raw: dict[str, Any], source: str) -> NotesDocument:
    document = _document_as_written(raw)
    if document is not None:
        return document
    # Not in the form we write: pydantic decides, and says what is wrong. Imported only now, as
    # loading it costs start-up about as much as drawing the first frame.
    from pydantic import ValidationError

    from finops_tui.notes.schema import NotesDocument as NotesSchema

    try:
        return NotesSchema.model_validate(raw).to_model()
    except ValidationError as error:
        raise NotesFormatError(source, _describe_validation_error(error)) from None


_DOCUMENT_KEYS = frozenset({"schema_version", "roles"})
_ROLE_KEYS = frozenset({"held", "note", "updated_at", "responsibilities"})
_RESPONSIBILITY_KEYS = frozenset({"raci", "note", "updated_at"})


def _document_as_written(raw: dict[str, Any]) -> NotesDocument | None:
    """The document, if ``raw`` has exactly the types and fields this app writes; else None.

    A strict subset of what the schema accepts, converted as the schema would convert it (the
    tests hold the two to that), so that opening a file needs no pydantic.
    """
    version = raw.get("schema_version", NOTES_SCHEMA_VERSION)
    raw_roles = raw.get("roles", {})
    if not raw.keys() <= _DOCUMENT_KEYS or type(version) is not int or type(raw_roles) is not dict:
        return None
    roles: dict[str, RoleNotes] = {}
    for role_id, fields in raw_roles.items():
        role = _role_as_written(role_id, fields)
        if role is None:
            return None
        roles[role_id] = role
    return NotesDocument(schema_version=version, roles=roles)


def _role_as_written(role_id: str, fields: Any) -> RoleNotes | None:
    if not is_identifier(role_id) or type(fields) is not dict or not fields.keys() <= _ROLE_KEYS:
        return None
    held = fields.get("held", False)
    note = fields.get("note", "")
    updated_at = fields.get("updated_at")
    raw_responsibilities = fields.get("responsibilities", {})
    if (
        type(held) is not bool
        or not _is_note(note)
        or not (updated_at is None or type(updated_at) is datetime)
        or type(raw_responsibilities) is not dict
    ):
        return None
    responsibilities: dict[str, ResponsibilityNote] = {}
    for responsibility_id, responsibility in raw_responsibilities.items():
        checked = _responsibility_as_written(responsibility_id, responsibility)
        if checked is None:
            return None
        responsibilities[responsibility_id] = checked
    return RoleNotes(held=held, note=note, updated_at=updated_at, responsibilities=responsibilities)


def _responsibility_as_written(responsibility_id: str, fields: Any) -> ResponsibilityNote | None:
    if not is_identifier(responsibility_id) or type(fields) is not dict:
        return None
    raci = fields.get("raci")
    note = fields.get("note", "")
    updated_at = fields.get("updated_at")
    if (
        not fields.keys() <= _RESPONSIBILITY_KEYS
        or not (raci is None or (type(raci) is str and raci in RACI_LETTERS))
        or not _is_note(note)
        or type(updated_at) is not datetime
    ):
        return None
    return ResponsibilityNote(raci=raci, note=note, updated_at=updated_at)


def _is_note(value: Any) -> bool:
    return is_note(value)


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
    return NotesRenderer().render(document).decode("utf-8")


_HEADER = f"schema_version = {NOTES_SCHEMA_VERSION}\n".encode()


class _Unchecked(NamedTuple):
    """A section rendered but not yet read back, and the table it must read back as."""

    data: bytes
    table: dict[str, Any]


class _RenderedRole(NamedTuple):
    role: RoleNotes
    data: bytes
    own_section: tuple[tuple[Any, ...], bytes] | None  # keyed by (held, note, updated_at)
    sections: dict[str, tuple[ResponsibilityNote, bytes]]


class NotesRenderer:
    """Renders documents to UTF-8, remembering each section's verified bytes.

    Saving one change among 10,000 annotations must take milliseconds, but tomli-w and the
    read-back check cost tens of microseconds per section; so a section is rendered and checked
    once, and reused while its annotation is unchanged (the same object, or an equal one re-read
    from disk). Sections are independent TOML tables, so checked sections concatenate safely.
    """

    def __init__(self) -> None:
        self._roles: dict[str, _RenderedRole] = {}

    def render(self, document: NotesDocument, *, on_disk: FileContent | None = None) -> bytes:
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
    # Bidi controls and invisible characters as \u escapes: `cat notes.toml` shows them as such.
    data = escape_hidden(toml.dumps(table)).encode("utf-8")
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


def _is_known_good(data: bytes, document: NotesDocument, on_disk: FileContent | None) -> bool:
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
