"""Exporting the notes: Markdown, JSON, CSV and TOML, and writing an export to a file.

Pure logic, no Textual: the ``export`` command and the in-app export dialog both build on this
module; reading an export back is finops_tui.exchange.importer.

- Every format renders the same entries, in the order of finops_tui.notes.entries, after the
  ``--role`` and ``--held-only`` filters (:func:`export_entries`).
- JSON and TOML are lossless: notes keep every character, escaped by the serializer. Markdown
  and CSV are for people and spreadsheets: control characters are dropped, Markdown syntax is
  escaped, and CSV cells that a spreadsheet would run as a formula are neutralised.
- :func:`write_export` writes atomically, never over the notes file, and only replaces an
  existing file when asked to.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from finops_tui.catalog.fingerprint import catalog_fingerprint
from finops_tui.core import toml
from finops_tui.core.fileio import atomic_write, create_atomically, describe_os_error
from finops_tui.core.models import (
    NOTES_SCHEMA_VERSION,
    RACI_MEANINGS,
    Catalog,
    NotesDocument,
    ResponsibilityNote,
    RoleNotes,
)
from finops_tui.core.text import UNSAFE_CHARACTERS, make_visible, strip_unsafe
from finops_tui.notes.entries import ResponsibilityEntry, RoleEntry, role_entries
from finops_tui.notes.rules import LONE_SURROGATE

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


# ---------------------------------------------------------------------------------------------
# What is exported, in which order


def export_entries(
    catalog: Catalog,
    document: NotesDocument,
    *,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
    letters_only: bool = False,
) -> list[RoleEntry]:
    """Every role of ``document`` to export, in export order, after the filters.

    ``roles`` limits the export to these ids (catalog roles or orphaned ones in the notes);
    an id that is neither raises :class:`ExportError`. Entries holding nothing are kept here,
    so the lossless formats stay lossless; the readable formats skip them. ``letters_only``
    keeps what a team needs and no private text: held roles and RACI letters, no notes.
    """
    if roles is not None:
        _check_role_filter(catalog, document, roles)
    entries = [
        entry
        for entry in role_entries(catalog, document)
        if (roles is None or entry.id in roles) and (entry.notes.held or not held_only)
    ]
    if letters_only:
        entries = [kept for entry in entries if (kept := _letters_of(entry)) is not None]
    return entries


def _letters_of(entry: RoleEntry) -> RoleEntry | None:
    """The entry without note text: its held mark and lettered responsibilities, or None if neither."""
    lettered = tuple(
        ResponsibilityEntry(
            responsibility.id,
            responsibility.text,
            ResponsibilityNote(raci=responsibility.notes.raci, updated_at=responsibility.notes.updated_at),
        )
        for responsibility in entry.responsibilities
        if responsibility.notes.raci is not None
    )
    if not entry.notes.held and not lettered:
        return None
    notes = RoleNotes(held=entry.notes.held, updated_at=entry.notes.updated_at)
    return RoleEntry(entry.id, entry.name, notes, lettered)


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


# ---------------------------------------------------------------------------------------------
# Exporting


@dataclass(frozen=True)
class ExportHeader:
    """What an export says about itself, above the roles."""

    exported_at: datetime
    person: str | None
    """Who made it (the ``name`` setting or ``--person``); None leaves it out."""
    catalog: str
    """The fingerprint of the catalog it was made against (finops_tui.catalog.fingerprint)."""


def export_notes(
    format_name: str,
    catalog: Catalog,
    document: NotesDocument,
    *,
    exported_at: datetime,
    roles: Sequence[str] | None = None,
    held_only: bool = False,
    person: str | None = None,
    letters_only: bool = False,
) -> str:
    """The export in ``format_name`` (a key of :data:`EXPORT_FORMATS`), as text."""
    exporter = _EXPORTERS[export_format(format_name).name]
    entries = export_entries(catalog, document, roles=roles, held_only=held_only, letters_only=letters_only)
    person = person.strip() if person else None
    return exporter(entries, ExportHeader(exported_at, person or None, catalog_fingerprint(catalog)))


def _header_fields(header: ExportHeader) -> dict[str, Any]:
    fields: dict[str, Any] = {"person": header.person} if header.person else {}
    return fields | {"catalog": header.catalog}


def _export_json(entries: list[RoleEntry], header: ExportHeader) -> str:
    payload = {
        "schema_version": NOTES_SCHEMA_VERSION,
        "exported_at": header.exported_at.isoformat(),
        **_header_fields(header),
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
                "id": responsibility.id,
                "text": responsibility.text,
                "orphaned": responsibility.orphaned,
                "raci": responsibility.notes.raci,
                "note": responsibility.notes.note,
                "updated_at": responsibility.notes.updated_at.isoformat(),
                "capabilities": list(responsibility.capabilities),
            }
            for responsibility in entry.responsibilities
        ],
    }


def _iso_or_none(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _export_toml(entries: list[RoleEntry], header: ExportHeader) -> str:
    """The notes.toml layout, plus ``exported_at``, names and ``orphaned`` flags for readers.

    Import ignores those extras, and reads a plain notes.toml as well.
    """
    payload = {
        "schema_version": NOTES_SCHEMA_VERSION,
        "exported_at": header.exported_at,
        **_header_fields(header),
        "roles": {entry.id: _role_as_toml(entry) for entry in entries},
    }
    header = "# finops-tui notes export; read it back with: finops-tui import FILE\n"
    if not entries:
        header += f"# {NO_NOTES_MESSAGE}\n"
    return header + _escape_unsafe_in_toml(toml.dumps(payload))


def _role_as_toml(entry: RoleEntry) -> dict[str, Any]:
    # TOML has no null: absent means none, as in notes.toml.
    table: dict[str, Any] = {"name": entry.name} if entry.name else {"orphaned": True}
    table |= {"held": entry.notes.held, "note": entry.notes.note}
    if entry.notes.updated_at is not None:
        table["updated_at"] = entry.notes.updated_at
    if entry.responsibilities:
        table["responsibilities"] = {d.id: _responsibility_as_toml(d) for d in entry.responsibilities}
    return table


def _responsibility_as_toml(responsibility: ResponsibilityEntry) -> dict[str, Any]:
    table: dict[str, Any] = {"text": responsibility.text} if responsibility.text else {"orphaned": True}
    if responsibility.notes.raci is not None:
        table["raci"] = responsibility.notes.raci
    table |= {"note": responsibility.notes.note, "updated_at": responsibility.notes.updated_at}
    if responsibility.capabilities:
        table["capabilities"] = list(responsibility.capabilities)
    return table


def _escape_unsafe_in_toml(text: str) -> str:
    """Escape what tomli-w leaves raw: tab, C1 and bidi controls (it escapes C0 and DEL only).

    Safe on the whole document because every key is a kebab-case id or one of ours and
    indentation is spaces, so these characters can only sit inside tomli-w's basic "..."
    strings, where ``\\t`` and ``\\uXXXX`` are valid. A lone surrogate cannot be written in
    TOML at all; it becomes U+FFFD.
    """
    text = LONE_SURROGATE.sub(r"\\uFFFD", text).replace("\t", "\\t")
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
    "capabilities",
)
CSV_CAPABILITY_SEPARATOR = " "  # ids are kebab-case: a space never occurs inside one
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
# A line feed is included because a leading carriage return is turned into one.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _export_csv(entries: list[RoleEntry], header: ExportHeader) -> str:
    """One row per role (when held or with a note) and per annotated responsibility.

    RFC 4180 (CRLF between rows, quoting by the csv module), controls dropped, and cells a
    spreadsheet would run as a formula prefixed with ``'``. The header is not written: a CSV
    has no place for it that would not disturb the rows.
    """
    del header
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
        yield (entry.id, role_name, "", "", "", entry.notes.note, role_updated, held, "")
    for responsibility in entry.annotated_responsibilities:
        text = responsibility.text or ORPHANED_MARKER
        raci = responsibility.notes.raci or ""
        updated = responsibility.notes.updated_at.isoformat()
        serves = CSV_CAPABILITY_SEPARATOR.join(responsibility.capabilities)
        yield (
            entry.id,
            role_name,
            responsibility.id,
            text,
            raci,
            responsibility.notes.note,
            updated,
            held,
            serves,
        )


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
    return LONE_SURROGATE.sub("", strip_unsafe(text))


def _export_markdown(entries: list[RoleEntry], header: ExportHeader) -> str:
    annotated = [entry for entry in entries if entry.is_annotated]
    by = f" by {escape_markdown_line(header.person)}" if header.person else ""
    blocks = ["# FinOps role notes", f"Exported {_readable_moment(header.exported_at)}{by}."]
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
        yield from (
            _markdown_responsibility(responsibility) for responsibility in entry.annotated_responsibilities
        )


def _markdown_responsibility(responsibility: ResponsibilityEntry) -> str:
    letter = responsibility.notes.raci
    label = f"**{letter}** ({RACI_MEANINGS[letter]})" if letter else "(no RACI letter)"
    text = (
        escape_markdown_line(responsibility.text)
        if responsibility.text
        else f"`{responsibility.id}` {ORPHANED_MARKER}"
    )
    item = f"- {label}: {text}"
    if responsibility.capabilities:
        # Capability ids are kebab-case (validated), so they need no escaping inside backticks.
        item += " · capabilities: " + ", ".join(
            f"`{capability}`" for capability in responsibility.capabilities
        )
    if not responsibility.notes.note:
        return item
    # The note continues the list item: each of its paragraphs indented under the bullet.
    note = "\n\n".join(markdown_paragraphs(responsibility.notes.note, indent="  "))
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


# Each exporter turns the selected entries (see export_entries) into one document.
_Exporter = Callable[[list[RoleEntry], ExportHeader], str]
_EXPORTERS: dict[str, _Exporter] = {
    "markdown": _export_markdown,
    "json": _export_json,
    "csv": _export_csv,
    "toml": _export_toml,
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
        return create_atomically(path, data)
    except FileExistsError:
        raise ExportTargetExistsError(path) from None
    except OSError as error:
        raise ExportWriteError(f"{path}: cannot write: {describe_os_error(error)}") from None


def _check_export_target(path: Path, *, notes_file: Path) -> None:
    try:
        _check_export_path(path, notes_file=notes_file)
    except OSError as error:  # a name too long, a directory we may not enter
        raise ExportError(f"{path}: {describe_os_error(error)}") from None


def _check_export_path(path: Path, *, notes_file: Path) -> None:
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
