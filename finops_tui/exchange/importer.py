"""Reading a JSON or TOML export (or a plain notes.toml) back into notes, for ``finops-tui import``.

Pure logic, no Textual. The whole file is checked before anything is changed, and every problem
is reported as ``FILE: location: message`` with locations as the file spells them
(``roles[1].held`` in JSON, ``roles.finance.held`` in TOML). The checks are written out rather
than left to pydantic so that each message says what to fix, unknown fields get a "did you
mean", and duplicate ids are caught; the model is validated last, as a safety net.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from finops_tui.core.fileio import UnreadableFile, read_user_text
from finops_tui.core.models import (
    NOTES_SCHEMA_VERSION,
    RACI_LETTERS,
    Catalog,
    NotesDocument,
    ResponsibilityNote,
    RoleNotes,
    is_identifier,
)
from finops_tui.core.problems import Problem
from finops_tui.core.text import make_visible
from finops_tui.core.toml import describe_toml_error
from finops_tui.notes import schema
from finops_tui.notes.rules import LONE_SURROGATE, note_problem


class NotesImportError(Exception):
    """A file that cannot be imported; carries every problem found, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


MAX_IMPORT_BYTES = 20 * 1024 * 1024
ImportKind = Literal["json", "toml"]
_KINDS_BY_EXTENSION: dict[str, ImportKind] = {".json": "json", ".toml": "toml"}
_NOT_IMPORTABLE = {".md": "Markdown", ".markdown": "Markdown", ".csv": "CSV"}

_TOP_FIELDS = ("schema_version", "exported_at", "person", "catalog", "roles")
_ROLE_FIELDS = ("name", "orphaned", "held", "note", "updated_at", "responsibilities")
# "capabilities" is what the catalog said when the file was made: checked, then left to the catalog.
_RESPONSIBILITY_FIELDS = ("text", "orphaned", "raci", "note", "updated_at", "capabilities")
_EXAMPLE_MOMENT = "2024-05-01T12:00:00+00:00"


PERSON_MAX_LENGTH = 200


@dataclass(frozen=True)
class ExportFile:
    """An export read in full: the notes, and what the export says about itself."""

    document: NotesDocument
    exported_at: datetime | None
    """None for a plain notes.toml, which import reads too (team coverage does not)."""
    person: str | None
    catalog: str | None


def read_import_file(path: Path) -> NotesDocument:
    """The notes in a JSON or TOML export (or a notes.toml), checked in full.

    The kind is taken from the extension (``.json``, ``.toml``), else from the content.
    Raises :class:`NotesImportError` listing every problem; nothing is changed anywhere.
    """
    return read_export_file(path).document


def read_export_file(path: Path, *, max_bytes: int | None = None, safety_net: bool = True) -> ExportFile:
    """Like :func:`read_import_file`, with the export's ``exported_at``, ``person`` and ``catalog``.

    ``safety_net=False`` skips the final pydantic validation after the checks (which are meant
    to catch everything first): team coverage reads hundreds of exports and never writes them.
    """
    source = str(path)
    kind = _kind_from_extension(path)
    text = _read_import_text(path, source, max_bytes or MAX_IMPORT_BYTES)
    return parse_export_text(
        text, source=source, kind=kind or _kind_from_content(text), safety_net=safety_net
    )


def parse_import_text(text: str, *, source: str, kind: ImportKind) -> NotesDocument:
    """The notes in the text of a JSON or TOML export; ``source`` names it in messages."""
    return parse_export_text(text, source=source, kind=kind).document


def parse_export_text(text: str, *, source: str, kind: ImportKind, safety_net: bool = True) -> ExportFile:
    problems = _Problems(source)
    raw = _parse_json(text, problems) if kind == "json" else _parse_toml(text, problems)
    if raw is None:
        raise NotesImportError(problems.found)
    exported_at = _exported_at(raw, problems)
    person = _person(raw, problems)
    catalog = raw.get("catalog") if isinstance(raw.get("catalog"), str) else None
    document = _document_from(raw, problems, keyed_by_id=kind == "toml", safety_net=safety_net)
    return ExportFile(document, exported_at, person, catalog)


def _exported_at(raw: dict[str, Any], problems: _Problems) -> datetime | None:
    value = raw.get("exported_at")
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            problems.add("exported_at", f"'{_shown(value)}' is not a date and time like {_EXAMPLE_MOMENT}")
            return None
    if not isinstance(value, datetime):
        problems.add("exported_at", f"expected a date and time like {_EXAMPLE_MOMENT}")
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _person(raw: dict[str, Any], problems: _Problems) -> str | None:
    value = raw.get("person")
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add("person", "expected a string")
        return None
    value = value.strip()
    if len(value) > PERSON_MAX_LENGTH:
        problems.add("person", f"is too long ({len(value):,} characters; at most {PERSON_MAX_LENGTH})")
        return None
    if LONE_SURROGATE.search(value):
        problems.add("person", "holds a lone surrogate (\\ud800-\\udfff), which is not a character")
        return None
    return value or None


def _kind_from_extension(path: Path) -> ImportKind | None:
    suffix = path.suffix.lower()
    if suffix in _NOT_IMPORTABLE:
        kind = _NOT_IMPORTABLE[suffix]
        message = f"{kind} exports cannot be imported; import a JSON or TOML export"
        raise NotesImportError([Problem(str(path), "", message)])
    return _KINDS_BY_EXTENSION.get(suffix)


def _kind_from_content(text: str) -> ImportKind:
    return "json" if text.lstrip().startswith(("{", "[")) else "toml"


def _read_import_text(path: Path, source: str, max_bytes: int = MAX_IMPORT_BYTES) -> str:
    try:
        return read_user_text(
            path,
            max_bytes=max_bytes,
            expected="an export file",
            empty_hint="expected a JSON or TOML notes export",
        )
    except UnreadableFile as error:
        raise NotesImportError([Problem(source, error.location, error.message)]) from None


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
        described = describe_toml_error(error, text)
        problems.add(described.location, described.message)
    except RecursionError:
        problems.add("", "nesting is too deep to read")
    return None


def _document_from(
    raw: dict[str, Any], problems: _Problems, *, keyed_by_id: bool, safety_net: bool = True
) -> NotesDocument:
    """Check every field of a parsed export; raise with all problems, or return the notes."""
    _check_fields(raw, _TOP_FIELDS, "", problems)
    _check_schema_version(raw, problems)
    if "catalog" in raw and not isinstance(raw["catalog"], str):
        problems.add("catalog", "expected a string")
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
    if not safety_net:
        return _checked_document(roles)
    document = {"schema_version": NOTES_SCHEMA_VERSION, "roles": roles}
    try:
        return schema.NotesDocument.model_validate(document).to_model()
    except ValidationError as error:
        # A safety net: the checks above are meant to catch everything first.
        for detail in error.errors(include_url=False, include_input=False):
            location = ".".join(str(part) for part in detail["loc"])
            problems.add(location, make_visible(str(detail["msg"])))
        raise NotesImportError(problems.found) from None


def _checked_document(roles: dict[str, Any]) -> NotesDocument:
    """The notes from fields every check above has passed, built without pydantic."""
    return NotesDocument(
        roles={
            role_id: RoleNotes(
                held=role["held"],
                note=role["note"],
                updated_at=role["updated_at"],
                responsibilities={
                    responsibility_id: ResponsibilityNote(**fields)
                    for responsibility_id, fields in role["responsibilities"].items()
                },
            )
            for role_id, role in roles.items()
        }
    )


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
    if not is_identifier(value):
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
    no_responsibilities: Any = {} if keyed_by_id else []
    raw_responsibilities = fields.get("responsibilities", no_responsibilities)
    responsibilities: dict[str, Any] = {}
    where = f"{location}.responsibilities"
    for responsibility_location, responsibility_id, responsibility_fields in _entries(
        raw_responsibilities, where, problems, keyed_by_id
    ):
        if responsibility_id in responsibilities:
            problems.add(responsibility_location, f"duplicate responsibility id '{responsibility_id}'")
            continue
        responsibilities[responsibility_id] = _responsibility_from(
            responsibility_fields, responsibility_location, problems
        )
    return role | {"responsibilities": responsibilities}


def _responsibility_from(fields: dict[str, Any], location: str, problems: _Problems) -> dict[str, Any]:
    _check_fields(fields, _RESPONSIBILITY_FIELDS, location, problems)
    serves = fields.get("capabilities", [])
    if not isinstance(serves, list) or not all(isinstance(item, str) for item in serves):
        problems.add(_join(location, "capabilities"), "expected a list of capability ids")
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
    problem = note_problem(value)
    if problem is not None:
        problems.add(where, problem)
    return value if isinstance(value, str) else ""


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
