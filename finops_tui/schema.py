"""The pydantic schema that data from files must satisfy before it becomes a model.

Role-data overlays (``--data``, ``validate``), imports and any notes file not in the form this
app writes are checked here; each record converts to its plain model in
:mod:`finops_tui.models`. Imported only on those paths: pydantic and these classes cost the
first frame too much to load them at start-up. Nothing here imports Textual.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from finops_tui import models
from finops_tui.text import describe_character, first_unsafe_character


def _reject_unsafe(text: str) -> str:
    found = first_unsafe_character(text)
    if found is not None:
        index, char = found
        raise ValueError(
            f"control character {describe_character(char)} at character {index + 1} is not allowed"
        )
    return text


def _single_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("must be a single line")
    return text


Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_reject_unsafe)]


def _line(max_length: int) -> object:
    """Type of a non-empty single line of text of at most max_length characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_reject_unsafe),
        AfterValidator(_single_line),
    ]


Line = _line(300)
RoleName = _line(80)
ShortLabel = _line(12)
DutyText = _line(1000)
Identifier = Annotated[
    str, StringConstraints(pattern=models.KEBAB_CASE, max_length=models.IDENTIFIER_MAX_LENGTH)
]
Lines = Annotated[tuple[Line, ...], Field(max_length=500)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Responsibility(_Record):
    id: Identifier
    text: DutyText

    def to_model(self) -> models.Responsibility:
        return models.Responsibility(id=self.id, text=self.text)


class Perspective(_Record):
    titles: Lines = ()
    view: Text = ""

    def to_model(self) -> models.Perspective:
        return models.Perspective(titles=self.titles, view=self.view)


Responsibilities = Annotated[tuple[Responsibility, ...], Field(max_length=500)]


class Role(_Record):
    id: Identifier
    name: RoleName
    short_name: ShortLabel | None = None
    kind: Identifier
    summary: Line
    description: Text = ""
    challenges: Lines = ()
    metrics: Lines = ()
    outcomes: Lines = ()
    perspective: Perspective = Perspective()
    responsibilities: Responsibilities = ()

    def to_model(self) -> models.Role:
        return models.Role(**_fields_as_models(self, type(self).model_fields))


class RolePatch(_Record):
    """An overlay on a bundled role: every field it gives replaces the bundled one."""

    id: Identifier
    name: RoleName | None = None
    short_name: ShortLabel | None = None
    kind: Identifier | None = None
    summary: Line | None = None
    description: Text | None = None
    challenges: Lines | None = None
    metrics: Lines | None = None
    outcomes: Lines | None = None
    perspective: Perspective | None = None
    responsibilities: Responsibilities | None = None

    def changes(self) -> dict[str, Any]:
        """The fields this patch gives (its id aside), as model values."""
        return _fields_as_models(self, self.model_fields_set - {"id"})


def _fields_as_models(record: BaseModel, names: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        if isinstance(value, Perspective):
            value = value.to_model()
        elif name == "responsibilities" and value is not None:
            value = tuple(duty.to_model() for duty in value)
        values[name] = value
    return values


class Collaboration(_Record):
    roles: tuple[Identifier, Identifier]
    topics: Annotated[tuple[Line, ...], Field(min_length=1, max_length=50)]

    def to_model(self) -> models.Collaboration:
        return models.Collaboration(roles=self.roles, topics=self.topics)


class Catalog(_Record):
    """A whole catalog in one document, its links checked too."""

    roles: tuple[Role, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()

    @model_validator(mode="after")
    def _links_hold(self) -> Catalog:
        problems = self.to_model().link_problems()
        if problems:
            raise ValueError("; ".join(f"{where}: {message}" for where, message in problems))
        return self

    def to_model(self) -> models.Catalog:
        return models.Catalog(
            roles=tuple(role.to_model() for role in self.roles),
            collaborations=tuple(edge.to_model() for edge in self.collaborations),
        )


# ---------------------------------------------------------------------------------------------
# Notes

NoteText = Annotated[str, StringConstraints(max_length=models.NOTE_MAX_LENGTH)]


class ResponsibilityNote(_Record):
    raci: models.Raci | None = None
    note: NoteText = ""
    updated_at: datetime

    def to_model(self) -> models.ResponsibilityNote:
        return models.ResponsibilityNote(raci=self.raci, note=self.note, updated_at=self.updated_at)


class RoleNotes(_Record):
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


class NotesDocument(_Record):
    schema_version: int = models.NOTES_SCHEMA_VERSION
    roles: dict[Identifier, RoleNotes] = Field(default_factory=dict)

    def to_model(self) -> models.NotesDocument:
        return models.NotesDocument(
            schema_version=self.schema_version,
            roles={role_id: role.to_model() for role_id, role in self.roles.items()},
        )
