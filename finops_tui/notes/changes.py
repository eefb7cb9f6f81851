"""Changes to the notes and merging two sets of them: pure functions on ``NotesDocument``.

No Textual, no files. Every annotation carries the time it was last changed (``updated_at``,
always UTC once it has been through here); merging keeps the newer of two annotations.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, NamedTuple

from finops_tui.core.models import (
    NOTES_SCHEMA_VERSION,
    RACI_LETTERS,
    NotesDocument,
    Raci,
    ResponsibilityNote,
    RoleNotes,
    is_identifier,
)
from finops_tui.notes.rules import note_problem

# ---------------------------------------------------------------------------------------------
# Changes


class SetHeld(NamedTuple):
    role_id: str
    held: bool
    at: datetime


class SetRoleNote(NamedTuple):
    role_id: str
    text: str
    at: datetime


class SetRaci(NamedTuple):
    role_id: str
    responsibility_id: str
    letter: Raci | None
    at: datetime


class SetResponsibilityNote(NamedTuple):
    role_id: str
    responsibility_id: str
    text: str
    at: datetime


NoteChange = SetHeld | SetRoleNote | SetRaci | SetResponsibilityNote

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
        updated = replace(role, held=bool(change.held), updated_at=at)
    elif isinstance(change, SetRoleNote):
        updated = replace(role, note=_checked_note(change.text), updated_at=at)
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
    # Left empty, it stays as a deletion marker with its time: a merge (an import of an older
    # export, another copy's save) must not bring back what was deleted after it.
    responsibilities[responsibility_id] = _checked_responsibility(raci, note, at)
    return replace(role, responsibilities=responsibilities)


def _checked_responsibility(raci: Raci | None, note: str, at: datetime) -> ResponsibilityNote:
    # A bad letter must fail here, not when the file is next read.
    if raci is not None and raci not in RACI_LETTERS:
        raise ValueError(f"{raci!r} is not a RACI letter (R, A, C or I)")
    return ResponsibilityNote(raci=raci, note=note, updated_at=at)


def _with_role(document: NotesDocument, role_id: str, role: RoleNotes) -> NotesDocument:
    roles = dict(document.roles)
    if _holds_nothing(role):
        roles.pop(role_id, None)
    else:
        roles[role_id] = role  # an emptied role keeps its time: a deletion marker, as above
    return replace(document, roles=roles)


def _holds_nothing(role: RoleNotes) -> bool:
    """Not even a deletion marker: no fields, no time, no responsibilities."""
    return role.is_empty and role.updated_at is None


def _change_time(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"the time of a notes change must be timezone-aware, got {at!r}")
    return _as_utc(at)


def _check_identifier(identifier: str) -> str:
    if not isinstance(identifier, str) or not is_identifier(identifier):
        raise ValueError(f"{identifier!r} is not a valid id (lowercase letters, digits and single dashes)")
    return identifier


def _checked_note(text: str) -> str:
    problem = note_problem(text)
    if problem is not None:
        raise ValueError(f"the note cannot be saved: it {problem}")
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
    An annotation on one side only is kept; on a tie ``current`` is kept. An empty annotation
    is a deletion marker: newer than a full one, it deletes it, and it is kept, so that an older
    copy merged later cannot bring the deleted annotation back.
    """
    roles = dict(current.roles)
    for role_id, theirs in incoming.roles.items():
        ours = roles.get(role_id)
        roles[role_id] = theirs if ours is None else _merge_role(ours, theirs)
    return NotesDocument(
        schema_version=NOTES_SCHEMA_VERSION,
        roles={role_id: role for role_id, role in roles.items() if not _holds_nothing(role)},
    )


def _merge_role(ours: RoleNotes, theirs: RoleNotes) -> RoleNotes:
    own_fields = theirs if _is_newer(theirs.updated_at, ours.updated_at) else ours
    responsibilities = dict(ours.responsibilities)
    for responsibility_id, their_note in theirs.responsibilities.items():
        our_note = responsibilities.get(responsibility_id)
        if our_note is None or _is_newer(their_note.updated_at, our_note.updated_at):
            responsibilities[responsibility_id] = their_note
    return RoleNotes(
        held=own_fields.held,
        note=own_fields.note,
        updated_at=own_fields.updated_at,
        responsibilities=responsibilities,
    )


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
    return replace(document, roles=roles) if changed else document


def _role_in_utc(role: RoleNotes) -> RoleNotes:
    update: dict[str, Any] = {}
    if role.updated_at is not None and role.updated_at.tzinfo is not UTC:
        update["updated_at"] = _as_utc(role.updated_at)
    if any(note.updated_at.tzinfo is not UTC for note in role.responsibilities.values()):
        update["responsibilities"] = {
            key: replace(note, updated_at=_as_utc(note.updated_at))
            for key, note in role.responsibilities.items()
        }
    return replace(role, **update) if update else role
