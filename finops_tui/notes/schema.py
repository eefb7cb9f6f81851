"""The schema a notes document must satisfy: imports, and a notes file not in the form we write."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StrictStr

from finops_tui.core import models
from finops_tui.core.schema import Identifier, Record
from finops_tui.notes.rules import checked_note

# The rule every reader of notes shares (finops_tui.notes.rules), not a second copy of it.
NoteText = Annotated[StrictStr, AfterValidator(checked_note)]


class ResponsibilityNote(Record):
    raci: models.Raci | None = None
    note: NoteText = ""
    updated_at: datetime

    def to_model(self) -> models.ResponsibilityNote:
        return models.ResponsibilityNote(raci=self.raci, note=self.note, updated_at=self.updated_at)


class RoleNotes(Record):
    held: bool = False
    note: NoteText = ""
    updated_at: datetime | None = None
    responsibilities: dict[Identifier, ResponsibilityNote] = Field(default_factory=dict)

    def to_model(self) -> models.RoleNotes:
        return models.RoleNotes(
            held=self.held,
            note=self.note,
            updated_at=self.updated_at,
            responsibilities={key: note.to_model() for key, note in self.responsibilities.items()},
        )


class NotesDocument(Record):
    schema_version: int = models.NOTES_SCHEMA_VERSION
    roles: dict[Identifier, RoleNotes] = Field(default_factory=dict)

    def to_model(self) -> models.NotesDocument:
        return models.NotesDocument(
            schema_version=self.schema_version,
            roles={role_id: role.to_model() for role_id, role in self.roles.items()},
        )
