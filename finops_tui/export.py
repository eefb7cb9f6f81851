"""Exporting the notes (Markdown, JSON, CSV, TOML) and reading JSON or TOML exports back.

Pure logic, no Textual: the ``export``/``import`` commands and the in-app export dialog both
build on this module.

- What is exported, and in which order, is decided once (:func:`export_entries`): roles in
  catalog order then orphaned roles by id; within a role, responsibilities in role order then
  orphaned ones by id. Every format renders that same list.
- JSON and TOML are lossless: notes keep every character, escaped by the serializer. Markdown
  and CSV are for people and spreadsheets: control characters are dropped, Markdown syntax is
  escaped, and CSV cells that a spreadsheet would run as a formula are neutralised.
- :func:`read_import_file` validates a whole JSON or TOML export before anything is changed and
  reports every problem as ``FILE: location: message``.
- :func:`write_export` writes atomically, never over the notes file, and only replaces an
  existing file when asked to.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import errno
import io
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from finops_tui.catalog import Problem
from finops_tui.fileio import TEMP_SUFFIX, atomic_write, describe_os_error, temp_prefix
from finops_tui.models import (
    KEBAB_CASE,
    NOTES_SCHEMA_VERSION,
    RACI_LETTERS,
    RACI_MEANINGS,
    Catalog,
    NotesDocument,
    ResponsibilityNote,
    RoleNotes,
)
from finops_tui.text import UNSAFE_CHARACTERS, make_visible, strip_unsafe

ORPHANED_MARKER = "(no longer in the role catalog)"
NO_NOTES_MESSAGE = "There are no notes to export."

# ---------------------------------------------------------------------------------------------
# Formats


@dataclass(frozen=True)
class ExportFormat:
    name: str
    """The value of ``--format``."""
    label: str
    """How a person calls it, for a dialog."""
    extension: str
    """File name extension, without the dot."""
    importable: bool
    """Whether ``finops-tui import`` can read it back (the lossless formats)."""


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "markdown": ExportFormat("markdown", "Markdown", "md", importable=False),
    "json": ExportFormat("json", "JSON", "json", importable=True),
    "csv": ExportFormat("csv", "CSV", "csv", importable=False),
    "toml": ExportFormat("toml", "TOML", "toml", importable=True),
}
DEFAULT_FORMAT = "markdown"


def default_export_filename(format_name: str, today: date) -> str:
    """``finops-notes-2024-05-01.md``: built from the date only, so always a safe file name."""
    return f"finops-notes-{today.isoformat()}.{export_format(format_name).extension}"


def export_format(format_name: str) -> ExportFormat:
    try:
        return EXPORT_FORMATS[format_name]
    except KeyError:
        choices = ", ".join(EXPORT_FORMATS)
        raise ExportError(f"unknown export format '{make_visible(format_name)}' (choose {choices})") from None


# ---------------------------------------------------------------------------------------------
# Errors


class ExportError(Exception):
    """An export that cannot be made as asked; the message is one plain line for the user."""


class ExportTargetExistsError(ExportError):
    """The chosen file exists and overwriting was not allowed: a dialog may ask, then retry."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: the file already exists")
        self.path = path


class ExportWriteError(ExportError):
    """The file system refused the write (permission, full disk...); nothing was left behind."""


class NotesImportError(Exception):
    """A file that cannot be imported; carries every problem found, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# ---------------------------------------------------------------------------------------------
# What is exported, in which order


@dataclass(frozen=True)
class ResponsibilityEntry:
    id: str
    text: str | None
    """The responsibility's wording from the catalog; None when the catalog no longer has it."""
    notes: ResponsibilityNote

    @property
    def orphaned(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class RoleEntry:
    id: str
    name: str | None
    """The role's name from the catalog; None when the catalog no longer has the role."""
    notes: RoleNotes
    responsibilities: tuple[ResponsibilityEntry, ...]

    @property
    def orphaned(self) -> bool:
        return self.name is None

    @property
    def annotated_responsibilities(self) -> tuple[ResponsibilityEntry, ...]:
        return tuple(entry for entry in self.responsibilities if not entry.notes.is_empty)

    @property
    def is_annotated(self) -> bool:
        """Whether a person reading the export would find anything here."""
        return self.notes.held or bool(self.notes.note) or bool(self.annotated_responsibilities)


def export_entries(
    catalog: Catalog,
    document: NotesDocument,
    *,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> list[RoleEntry]:
    """Every role of ``document`` to export, in export order, after the filters.

    ``roles`` limits the export to these ids (catalog roles or orphaned ones in the notes);
    an id that is neither raises :class:`ExportError`. Entries holding nothing are kept here,
    so the lossless formats stay lossless; the readable formats skip them.
    """
    if roles is not None:
        _check_role_filter(catalog, document, roles)
    catalog_ids = [role.id for role in catalog.roles_in_display_order()]
    orphan_ids = sorted(role_id for role_id in document.roles if catalog.role(role_id) is None)
    entries = []
    for role_id in catalog_ids + orphan_ids:
        notes = document.roles.get(role_id)
        if notes is None or (roles is not None and role_id not in roles):
            continue
        if held_only and not notes.held:
            continue
        entries.append(_role_entry(catalog, role_id, notes))
    return entries


def _check_role_filter(catalog: Catalog, document: NotesDocument, roles: Sequence[str]) -> None:
    orphan_ids = [role_id for role_id in document.roles if catalog.role(role_id) is None]
    known = [role.id for role in catalog.roles] + orphan_ids
    unknown = [role_id for role_id in roles if role_id not in known]
    if not unknown:
        return
    role_id = unknown[0]
    close = difflib.get_close_matches(role_id, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ExportError(f"unknown role '{make_visible(role_id)}'{hint}")


def _role_entry(catalog: Catalog, role_id: str, notes: RoleNotes) -> RoleEntry:
    role = catalog.role(role_id)
    catalog_order = [duty.id for duty in role.responsibilities] if role else []
    orphan_ids = sorted(duty_id for duty_id in notes.responsibilities if duty_id not in catalog_order)
    responsibilities = []
    for duty_id in catalog_order + orphan_ids:
        duty_notes = notes.responsibilities.get(duty_id)
        if duty_notes is None:
            continue
        duty = role.responsibility(duty_id) if role else None
        text = duty.text if duty else None
        responsibilities.append(ResponsibilityEntry(duty_id, text, duty_notes))
    name = role.name if role else None
    return RoleEntry(role_id, name, notes, tuple(responsibilities))


# ---------------------------------------------------------------------------------------------
# Exporting


def export_notes(
    format_name: str,
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> str:
    """The export in ``format_name`` (a key of :data:`EXPORT_FORMATS`), as text."""
    exporter = _EXPORTERS[export_format(format_name).name]
    return exporter(catalog, document, exported_at=exported_at, roles=roles, held_only=held_only)


def export_json(
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> str:
    entries = export_entries(catalog, document, roles=roles, held_only=held_only)
    payload = {
        "schema_version": NOTES_SCHEMA_VERSION,
        "exported_at": exported_at.isoformat(),
        "roles": [_role_as_json(entry) for entry in entries],
    }
    # ensure_ascii escapes DEL, C1 and bidi controls too, not only C0: the file is plain ASCII.
    return json.dumps(payload, ensure_ascii=True, indent=2) + "\n"


def _role_as_json(entry: RoleEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "orphaned": entry.orphaned,
        "held": entry.notes.held,
        "note": entry.notes.note,
        "updated_at": _iso_or_none(entry.notes.updated_at),
        "responsibilities": [
            {
                "id": duty.id,
                "text": duty.text,
                "orphaned": duty.orphaned,
                "raci": duty.notes.raci,
                "note": duty.notes.note,
                "updated_at": duty.notes.updated_at.isoformat(),
            }
            for duty in entry.responsibilities
        ],
    }


def _iso_or_none(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_toml(
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> str:
    """The notes.toml layout, plus ``exported_at``, names and ``orphaned`` flags for readers.

    Import ignores those extras, and reads a plain notes.toml as well.
    """
    entries = export_entries(catalog, document, roles=roles, held_only=held_only)
    payload = {
        "schema_version": NOTES_SCHEMA_VERSION,
        "exported_at": exported_at,
        "roles": {entry.id: _role_as_toml(entry) for entry in entries},
    }
    header = "# finops-tui notes export; read it back with: finops-tui import FILE\n"
    if not entries:
        header += f"# {NO_NOTES_MESSAGE}\n"
    return header + _escape_unsafe_in_toml(_toml_dumps(payload))


# tomli-w escapes strings one character at a time in Python, which made a TOML export of 10,000
# annotations several times slower than the other formats. _toml_dumps writes the same bytes as
# ``tomli_w.dumps(table, multiline_strings=False)`` (the same table layout and escapes) for what
# an export holds: tables, strings, booleans, integers and datetimes.
_TOML_STRING_ESCAPES = re.compile('[\x00-\x08\x0a-\x1f\x7f"\\\\]')
_TOML_COMPACT_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_dumps(table: dict[str, Any]) -> str:
    chunks: list[str] = []
    _toml_table(table, "", chunks)
    return "".join(chunks)


def _toml_table(table: dict[str, Any], name: str, chunks: list[str]) -> None:
    literals = [(key, value) for key, value in table.items() if not isinstance(value, dict)]
    tables = [(key, value) for key, value in table.items() if isinstance(value, dict)]
    written = False
    if name and (literals or not tables):
        chunks.append(f"[{name}]\n")
        written = True
    for key, value in literals:
        chunks.append(f"{_toml_key(key)} = {_toml_value(value)}\n")
        written = True
    for key, value in tables:
        if written:
            chunks.append("\n")
        written = True
        _toml_table(value, f"{name}.{_toml_key(key)}" if name else _toml_key(key), chunks)


def _toml_key(key: str) -> str:
    return key if _TOML_BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | datetime):
        return str(value)
    if isinstance(value, str):
        return _toml_string(value)
    raise TypeError(f"not written in a TOML export: {type(value).__qualname__}")


def _toml_string(text: str) -> str:
    return '"' + _TOML_STRING_ESCAPES.sub(_toml_escape, text) + '"'


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _TOML_COMPACT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _role_as_toml(entry: RoleEntry) -> dict[str, Any]:
    # TOML has no null: absent means none, as in notes.toml.
    table: dict[str, Any] = {"name": entry.name} if entry.name else {"orphaned": True}
    table |= {"held": entry.notes.held, "note": entry.notes.note}
    if entry.notes.updated_at is not None:
        table["updated_at"] = entry.notes.updated_at
    if entry.responsibilities:
        table["responsibilities"] = {d.id: _duty_as_toml(d) for d in entry.responsibilities}
    return table


def _duty_as_toml(duty: ResponsibilityEntry) -> dict[str, Any]:
    table: dict[str, Any] = {"text": duty.text} if duty.text else {"orphaned": True}
    if duty.notes.raci is not None:
        table["raci"] = duty.notes.raci
    table |= {"note": duty.notes.note, "updated_at": duty.notes.updated_at}
    return table


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_unsafe_in_toml(text: str) -> str:
    """Escape what tomli-w leaves raw: tab, C1 and bidi controls (it escapes C0 and DEL only).

    Safe on the whole document because every key is a kebab-case id or one of ours and
    indentation is spaces, so these characters can only sit inside tomli-w's basic "..."
    strings, where ``\\t`` and ``\\uXXXX`` are valid. A lone surrogate cannot be written in
    TOML at all; it becomes U+FFFD.
    """
    text = _LONE_SURROGATE.sub(r"\\uFFFD", text).replace("\t", "\\t")
    return UNSAFE_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04X}", text)


CSV_COLUMNS = (
    "role_id",
    "role_name",
    "responsibility_id",
    "responsibility",
    "raci",
    "note",
    "updated_at",
    "held",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
# A line feed is included because a leading carriage return is turned into one.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def export_csv(
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> str:
    """One row per role (when held or with a note) and per annotated responsibility.

    RFC 4180 (CRLF between rows, quoting by the csv module), controls dropped, and cells a
    spreadsheet would run as a formula prefixed with ``'``. ``exported_at`` is not written:
    a CSV has no place for it that would not disturb the rows.
    """
    del exported_at
    entries = export_entries(catalog, document, roles=roles, held_only=held_only)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerows([neutralise_csv_cell(cell) for cell in row] for row in _csv_rows(entry))
    return buffer.getvalue()


def _csv_rows(entry: RoleEntry) -> Iterator[tuple[str, ...]]:
    role_name = entry.name or ORPHANED_MARKER
    held = "yes" if entry.notes.held else "no"
    if entry.notes.held or entry.notes.note:
        role_updated = _iso_or_none(entry.notes.updated_at) or ""
        yield (entry.id, role_name, "", "", "", entry.notes.note, role_updated, held)
    for duty in entry.annotated_responsibilities:
        text = duty.text or ORPHANED_MARKER
        raci = duty.notes.raci or ""
        updated = duty.notes.updated_at.isoformat()
        yield (entry.id, role_name, duty.id, text, raci, duty.notes.note, updated, held)


def neutralise_csv_cell(value: str) -> str:
    """The cell as written: controls dropped, and a ``'`` before formula-like text.

    This alters the data on purpose; a spreadsheet shows the ``'`` or hides it, and never runs
    the cell.
    """
    cleaned = _readable(value)
    return f"'{cleaned}" if cleaned.startswith(_FORMULA_TRIGGERS) else cleaned


def _readable(text: str) -> str:
    """Text for people: every line break becomes ``\\n``, unsafe characters are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _LONE_SURROGATE.sub("", strip_unsafe(text))


def export_markdown(
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
) -> str:
    entries = export_entries(catalog, document, roles=roles, held_only=held_only)
    annotated = [entry for entry in entries if entry.is_annotated]
    blocks = ["# FinOps role notes", f"Exported {_readable_moment(exported_at)}."]
    if not annotated:
        blocks.append(NO_NOTES_MESSAGE)
    for entry in annotated:
        blocks.extend(_markdown_role(entry))
    return "\n\n".join(blocks) + "\n"


def _readable_moment(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _markdown_role(entry: RoleEntry) -> Iterator[str]:
    if entry.name is None:
        yield f"## `{entry.id}` {ORPHANED_MARKER}"
        yield f"Held: {'yes' if entry.notes.held else 'no'}."
    else:
        yield f"## {escape_markdown_line(entry.name)}"
        yield f"Role id: `{entry.id}`. Held: {'yes' if entry.notes.held else 'no'}."
    if entry.notes.note:
        yield "### Role note"
        yield from markdown_paragraphs(entry.notes.note)
    if entry.annotated_responsibilities:
        yield "### Responsibilities"
        yield from (_markdown_responsibility(duty) for duty in entry.annotated_responsibilities)


def _markdown_responsibility(duty: ResponsibilityEntry) -> str:
    letter = duty.notes.raci
    label = f"**{letter}** ({RACI_MEANINGS[letter]})" if letter else "(no RACI letter)"
    text = escape_markdown_line(duty.text) if duty.text else f"`{duty.id}` {ORPHANED_MARKER}"
    item = f"- {label}: {text}"
    if not duty.notes.note:
        return item
    # The note continues the list item: each of its paragraphs indented under the bullet.
    note = "\n\n".join(markdown_paragraphs(duty.notes.note, indent="  "))
    return f"{item}\n\n{note}"


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<|~$#])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKDOWN_LINE_START = re.compile(r"^([>+=-])")
_MARKDOWN_ORDERED_LIST = re.compile(r"^(\d{1,9})([.)])")


def escape_markdown_line(line: str) -> str:
    """One line of user text as Markdown that shows exactly these words and nothing else.

    Escapes emphasis, code, links, raw HTML, table pipes, strikethrough, math, headings (a
    closing ``#`` too) and entities anywhere, and quotes, lists and rules at the start. Surrounding blanks are
    dropped: leading ones would start a code block, trailing ones a line break.
    """
    line = _readable(line).strip()
    line = _MARKDOWN_INLINE.sub(r"\\\1", line)
    line = _MARKDOWN_ENTITY.sub(r"\\&", line)
    line = _MARKDOWN_LINE_START.sub(r"\\\1", line)
    return _MARKDOWN_ORDERED_LIST.sub(r"\1\\\2", line)


def markdown_paragraphs(text: str, *, indent: str = "") -> list[str]:
    """A note as Markdown paragraphs that keep its line breaks.

    Lines inside a paragraph end with a backslash (a CommonMark hard break), except the last:
    at the end of a paragraph the backslash would be shown.
    """
    paragraphs: list[list[str]] = [[]]
    for line in _readable(text).split("\n"):
        escaped = escape_markdown_line(line)
        if escaped:
            paragraphs[-1].append(indent + escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\\\n".join(lines) for lines in paragraphs if lines]


_Exporter = Callable[..., str]
_EXPORTERS: dict[str, _Exporter] = {
    "markdown": export_markdown,
    "json": export_json,
    "csv": export_csv,
    "toml": export_toml,
}


# ---------------------------------------------------------------------------------------------
# Writing an export to a file


def write_export(path: Path, text: str, *, overwrite: bool, notes_file: Path) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns the file written.

    Refuses the notes file itself, directories, paths through a missing directory and special
    files (a FIFO would block); refuses an existing file with :class:`ExportTargetExistsError`
    unless ``overwrite``. A failed write raises :class:`ExportWriteError` and leaves the old
    file, if any, untouched and no temporary file behind.
    """
    _check_export_target(path, notes_file=notes_file)
    if path.exists() and not overwrite:
        raise ExportTargetExistsError(path)
    data = text.encode("utf-8")
    try:
        if overwrite:
            return atomic_write(path, data)
        return _create_atomically(path, data)
    except FileExistsError:
        raise ExportTargetExistsError(path) from None
    except OSError as error:
        raise ExportWriteError(f"{path}: cannot write: {describe_os_error(error)}") from None


def _check_export_target(path: Path, *, notes_file: Path) -> None:
    if _same_file(path, notes_file):
        raise ExportError(f"{path}: this is the notes file itself; choose another file name")
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name")
    parent = path.parent
    if not parent.exists():
        raise ExportError(f"{path}: the directory {parent} does not exist")
    if not parent.is_dir():
        raise ExportError(f"{path}: {parent} is not a directory")
    if path.is_symlink() and not path.exists():
        raise ExportError(f"{path}: is a broken symbolic link")
    if path.exists() and not path.is_file():
        raise ExportError(f"{path}: is not a regular file")


def _same_file(path: Path, other: Path) -> bool:
    try:
        if path.resolve() == other.resolve():
            return True
        # samefile also catches another spelling on a case-insensitive file system.
        return path.exists() and other.exists() and os.path.samefile(path, other)
    except (OSError, RuntimeError):  # Python < 3.13 reports a symlink loop as RuntimeError
        return False


# Errors by which a file system says it has no hard links; then a checked rename is used.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def _create_atomically(target: Path, data: bytes) -> Path:
    """Create ``target`` holding ``data``, or raise FileExistsError if it appeared meanwhile.

    The data goes to a temporary file first and is then hard-linked into place, which fails
    rather than replaces when the name is taken (``O_EXCL`` without the half-written file).
    """
    descriptor, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=temp_prefix(target), suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, _new_file_mode())
        _link_without_replacing(Path(temp_name), target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
    return target


def _link_without_replacing(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        os.replace(source, target)


def _new_file_mode() -> int:
    """The mode a plain ``open(path, "w")`` would give: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# ---------------------------------------------------------------------------------------------
# Importing

MAX_IMPORT_BYTES = 20 * 1024 * 1024
ImportKind = Literal["json", "toml"]
_KINDS_BY_EXTENSION: dict[str, ImportKind] = {".json": "json", ".toml": "toml"}
_NOT_IMPORTABLE = {".md": "Markdown", ".markdown": "Markdown", ".csv": "CSV"}

_TOP_FIELDS = ("schema_version", "exported_at", "roles")
_ROLE_FIELDS = ("name", "orphaned", "held", "note", "updated_at", "responsibilities")
_DUTY_FIELDS = ("text", "orphaned", "raci", "note", "updated_at")
_NOTE_MAX_LENGTH = 1_000_000
_EXAMPLE_MOMENT = "2024-05-01T12:00:00+00:00"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_import_file(path: Path) -> NotesDocument:
    """The notes in a JSON or TOML export (or a notes.toml), checked in full.

    The kind is taken from the extension (``.json``, ``.toml``), else from the content.
    Raises :class:`NotesImportError` listing every problem; nothing is changed anywhere.
    """
    source = str(path)
    kind = _kind_from_extension(path)
    text = _read_import_text(path, source)
    return parse_import_text(text, source=source, kind=kind or _kind_from_content(text))


def parse_import_text(text: str, *, source: str, kind: ImportKind) -> NotesDocument:
    """The notes in the text of a JSON or TOML export; ``source`` names it in messages."""
    problems = _Problems(source)
    raw = _parse_json(text, problems) if kind == "json" else _parse_toml(text, problems)
    if raw is None:
        raise NotesImportError(problems.found)
    return _document_from(raw, problems, keyed_by_id=kind == "toml")


def _kind_from_extension(path: Path) -> ImportKind | None:
    suffix = path.suffix.lower()
    if suffix in _NOT_IMPORTABLE:
        kind = _NOT_IMPORTABLE[suffix]
        message = f"{kind} exports cannot be imported; import a JSON or TOML export"
        raise NotesImportError([Problem(str(path), "", message)])
    return _KINDS_BY_EXTENSION.get(suffix)


def _kind_from_content(text: str) -> ImportKind:
    return "json" if text.lstrip().startswith(("{", "[")) else "toml"


def _read_import_text(path: Path, source: str) -> str:
    def fail(message: str, location: str = "") -> NotesImportError:
        return NotesImportError([Problem(source, location, message)])

    try:
        if path.is_dir():
            raise fail("is a directory, not an export file")
        size = path.stat().st_size
        if not path.is_file():
            raise fail("is not a regular file")
        if size > MAX_IMPORT_BYTES:
            limit = MAX_IMPORT_BYTES // 1_048_576
            raise fail(f"file is too large ({size / 1_048_576:.1f} MB; the limit is {limit} MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as error:
        raise fail(f"cannot read the file: {describe_os_error(error)}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("file is UTF-16 encoded; save it as UTF-8")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        raise fail("file is empty; expected a JSON or TOML notes export")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {error.start + 1}); save the file as UTF-8"
        raise fail(message, f"line {line}") from None


class _Problems:
    """Collects every problem found in one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Problem] = []

    def add(self, location: str, message: str) -> None:
        self.found.append(Problem(self.source, location, message))


def _parse_json(text: str, problems: _Problems) -> dict[str, Any] | None:
    duplicates: list[str] = []

    def object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        document = json.loads(text, object_pairs_hook=object_without_duplicates)
    except json.JSONDecodeError as error:
        location = f"line {error.lineno}, column {error.colno}"
        problems.add(location, f"invalid JSON: {error.msg}")
        return None
    except RecursionError:
        problems.add("", "nesting is too deep to read")
        return None
    for key in duplicates:
        problems.add("", f"duplicate key '{_shown(key)}'")
    if not isinstance(document, dict):
        problems.add("", "expected a JSON object with 'schema_version' and 'roles'")
        return None
    return document


def _parse_toml(text: str, problems: _Problems) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        location = f"line {position[1]}, column {position[2]}" if position else ""
        problems.add(location, f"invalid TOML: {make_visible(_TOML_POSITION.sub('', message))}")
    except RecursionError:
        problems.add("", "nesting is too deep to read")
    return None


def _document_from(raw: dict[str, Any], problems: _Problems, *, keyed_by_id: bool) -> NotesDocument:
    """Check every field of a parsed export; raise with all problems, or return the notes."""
    _check_fields(raw, _TOP_FIELDS, "", problems)
    _check_schema_version(raw, problems)
    roles: dict[str, Any] = {}
    no_roles: Any = {} if keyed_by_id else []
    raw_roles = raw.get("roles", no_roles)
    for location, role_id, fields in _entries(raw_roles, "roles", problems, keyed_by_id):
        if role_id in roles:
            problems.add(location, f"duplicate role id '{role_id}'")
            continue
        roles[role_id] = _role_from(fields, location, problems, keyed_by_id)
    if problems.found:
        raise NotesImportError(problems.found)
    document = {"schema_version": NOTES_SCHEMA_VERSION, "roles": roles}
    try:
        return NotesDocument.model_validate(document)
    except ValidationError as error:
        # A safety net: the checks above are meant to catch everything first.
        for detail in error.errors(include_url=False, include_input=False):
            location = ".".join(str(part) for part in detail["loc"])
            problems.add(location, make_visible(str(detail["msg"])))
        raise NotesImportError(problems.found) from None


def _check_schema_version(raw: dict[str, Any], problems: _Problems) -> None:
    version = raw.get("schema_version")
    if "schema_version" not in raw:
        problems.add("schema_version", "missing field 'schema_version'; is this a notes export?")
    elif not isinstance(version, int) or isinstance(version, bool):
        problems.add("schema_version", "expected a whole number")
    elif version > NOTES_SCHEMA_VERSION:
        problems.add(
            "schema_version",
            f"the file has schema version {version}, from a newer finops-tui; "
            f"this one reads version {NOTES_SCHEMA_VERSION}",
        )
    elif version != NOTES_SCHEMA_VERSION:
        problems.add("schema_version", f"unsupported schema version {version}")


def _entries(
    value: Any, location: str, problems: _Problems, keyed_by_id: bool
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(location, id, fields) of each role or responsibility with a valid id.

    JSON exports hold a list of objects with an ``id``; TOML ones a table keyed by id.
    """
    if keyed_by_id:
        yield from _keyed_entries(value, location, problems)
        return
    if not isinstance(value, list):
        problems.add(location, "expected a list of objects")
        return
    for index, fields in enumerate(value):
        where = f"{location}[{index}]"
        if not isinstance(fields, dict):
            problems.add(where, "expected an object")
        elif "id" not in fields:
            problems.add(where, "missing field 'id'")
        elif _valid_id(fields["id"], f"{where}.id", problems):
            yield where, fields["id"], {key: v for key, v in fields.items() if key != "id"}


def _keyed_entries(
    value: Any, location: str, problems: _Problems
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    if not isinstance(value, dict):
        problems.add(location, "expected a table keyed by id, like [roles.finops-practitioner]")
        return
    for key, fields in value.items():
        where = f"{location}.{_shown(key)}"
        if not _valid_id(key, where, problems):
            continue
        if isinstance(fields, dict):
            yield where, key, fields
        else:
            problems.add(where, "expected a table")


def _valid_id(value: Any, location: str, problems: _Problems) -> bool:
    if not isinstance(value, str):
        problems.add(location, "expected a string id")
        return False
    if len(value) > 80 or not re.fullmatch(KEBAB_CASE, value):
        problems.add(
            location,
            f"'{_shown(value)}' is not a valid id: use lowercase letters, digits and hyphens",
        )
        return False
    return True


def _role_from(
    fields: dict[str, Any], location: str, problems: _Problems, keyed_by_id: bool
) -> dict[str, Any]:
    _check_fields(fields, _ROLE_FIELDS, location, problems)
    role = {
        "held": _boolean(fields, "held", location, problems),
        "note": _note(fields, location, problems),
        "updated_at": _moment(fields, location, problems, required=False),
    }
    no_duties: Any = {} if keyed_by_id else []
    raw_duties = fields.get("responsibilities", no_duties)
    responsibilities: dict[str, Any] = {}
    where = f"{location}.responsibilities"
    for duty_location, duty_id, duty_fields in _entries(raw_duties, where, problems, keyed_by_id):
        if duty_id in responsibilities:
            problems.add(duty_location, f"duplicate responsibility id '{duty_id}'")
            continue
        responsibilities[duty_id] = _responsibility_from(duty_fields, duty_location, problems)
    return role | {"responsibilities": responsibilities}


def _responsibility_from(fields: dict[str, Any], location: str, problems: _Problems) -> dict[str, Any]:
    _check_fields(fields, _DUTY_FIELDS, location, problems)
    return {
        "raci": _raci(fields, location, problems),
        "note": _note(fields, location, problems),
        "updated_at": _moment(fields, location, problems, required=True),
    }


def _check_fields(fields: dict[str, Any], known: Sequence[str], location: str, problems: _Problems) -> None:
    for key in fields:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.add(_join(location, key), f"unknown field '{_shown(key)}'{hint}")


def _boolean(fields: dict[str, Any], key: str, location: str, problems: _Problems) -> bool:
    value = fields.get(key, False)
    if isinstance(value, bool):
        return value
    problems.add(_join(location, key), "expected true or false")
    return False


def _note(fields: dict[str, Any], location: str, problems: _Problems) -> str:
    value = fields.get("note", "")
    where = _join(location, "note")
    if not isinstance(value, str):
        problems.add(where, "expected a string")
        return ""
    if len(value) > _NOTE_MAX_LENGTH:
        problems.add(where, f"is too long (at most {_NOTE_MAX_LENGTH:,} characters)")
    elif _LONE_SURROGATE.search(value):
        problems.add(where, "holds a lone surrogate (\\ud800-\\udfff), which is not a character")
    return value


def _raci(fields: dict[str, Any], location: str, problems: _Problems) -> str | None:
    value = fields.get("raci")
    if value is None or value in RACI_LETTERS:
        return value
    letters = ", ".join(RACI_LETTERS)
    shown = _shown(value) if isinstance(value, str) else type(value).__name__
    problems.add(_join(location, "raci"), f"'{shown}' is not a RACI letter (use {letters})")
    return None


def _moment(fields: dict[str, Any], location: str, problems: _Problems, *, required: bool) -> datetime | None:
    where = _join(location, "updated_at")
    value = fields.get("updated_at")
    if value is None:
        if required:
            problems.add(where, "missing field 'updated_at'")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            problems.add(where, f"'{_shown(value)}' is not a date and time like 2024-05-01T12:00:00+00:00")
            return None
    if not isinstance(value, datetime):
        problems.add(where, f"expected a date and time like {_EXAMPLE_MOMENT}")
        return None
    if value.tzinfo is None:
        # As in notes.toml: a hand-edited time without an offset is taken as UTC, so that
        # merging can compare it with the others.
        return value.replace(tzinfo=UTC)
    return value


def _join(location: str, key: str) -> str:
    return f"{location}.{key}" if location else key


def _shown(value: str) -> str:
    """User text inside a message: visible, harmless and short."""
    shown = make_visible(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


@dataclass(frozen=True)
class ImportSummary:
    """What an imported document holds, for the message after an import."""

    roles: int
    responsibilities: int
    orphaned_roles: int


def summarise_import(document: NotesDocument, catalog: Catalog) -> ImportSummary:
    return ImportSummary(
        roles=len(document.roles),
        responsibilities=sum(len(notes.responsibilities) for notes in document.roles.values()),
        orphaned_roles=sum(1 for role_id in document.roles if catalog.role(role_id) is None),
    )
