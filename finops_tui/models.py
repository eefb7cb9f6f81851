"""Pydantic models of the role catalog and of the user's notes.

Nothing here imports Textual or any other module of ours except the pure text rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from finops_tui.text import describe_character, first_unsafe_character

KEBAB_CASE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CORE = "core"
ASSOCIATED = "associated"


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
Identifier = Annotated[str, StringConstraints(pattern=KEBAB_CASE, max_length=80)]
Lines = Annotated[tuple[Line, ...], Field(max_length=500)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Responsibility(_Record):
    id: Identifier
    text: DutyText


class Perspective(_Record):
    titles: Lines = ()
    view: Text = ""


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
    responsibilities: Annotated[tuple[Responsibility, ...], Field(max_length=500)] = ()

    @property
    def label(self) -> str:
        """A short label for tight places such as the collaboration matrix."""
        return self.short_name or self.name[:8]

    def responsibility(self, responsibility_id: str) -> Responsibility | None:
        return next((r for r in self.responsibilities if r.id == responsibility_id), None)


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
    responsibilities: Annotated[tuple[Responsibility, ...], Field(max_length=500)] | None = None

    def apply_to(self, role: Role) -> Role:
        changes = self.model_dump(exclude_unset=True, exclude={"id"})
        return role.model_copy(update={key: getattr(self, key) for key in changes})


class Collaboration(_Record):
    roles: tuple[Identifier, Identifier]
    topics: Annotated[tuple[Line, ...], Field(min_length=1, max_length=50)]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset(self.roles)

    def other(self, role_id: str) -> str:
        first, second = self.roles
        return second if first == role_id else first


class Catalog(_Record):
    _roles_by_id: dict[str, Role] = PrivateAttr(default_factory=dict)
    # Indexes, so that drawing a role (on every cursor move) never scans every collaboration.
    _edges_by_role: dict[str, list[Collaboration]] = PrivateAttr(default_factory=dict)
    _edges_by_pair: dict[frozenset[str], Collaboration] = PrivateAttr(default_factory=dict)

    roles: tuple[Role, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()

    @model_validator(mode="after")
    def _links_hold(self) -> Catalog:
        problems = self.link_problems()
        if problems:
            raise ValueError("; ".join(f"{where}: {message}" for where, message in problems))
        return self

    def link_problems(self) -> list[tuple[str, str]]:
        """Every cross-record problem, as (location, message) pairs."""
        problems: list[tuple[str, str]] = []
        seen_roles: set[str] = set()
        for index, role in enumerate(self.roles):
            if role.id in seen_roles:
                problems.append((f"roles[{index}].id", f"duplicate role id '{role.id}'"))
            seen_roles.add(role.id)
            seen_duties: set[str] = set()
            for duty_index, duty in enumerate(role.responsibilities):
                if duty.id in seen_duties:
                    problems.append(
                        (
                            f"roles[id={role.id}].responsibilities[{duty_index}].id",
                            f"duplicate responsibility id '{duty.id}'",
                        )
                    )
                seen_duties.add(duty.id)
        seen_pairs: set[frozenset[str]] = set()
        for index, edge in enumerate(self.collaborations):
            for side, role_id in enumerate(edge.roles):
                if role_id not in seen_roles:
                    problems.append((f"collaborations[{index}].roles[{side}]", f"unknown role '{role_id}'"))
            if edge.roles[0] == edge.roles[1]:
                problems.append(
                    (
                        f"collaborations[{index}].roles",
                        f"role '{edge.roles[0]}' cannot collaborate with itself",
                    )
                )
            elif edge.pair in seen_pairs:
                first, second = edge.roles
                problems.append(
                    (
                        f"collaborations[{index}].roles",
                        f"duplicate collaboration between '{first}' and '{second}'",
                    )
                )
            seen_pairs.add(edge.pair)
        return problems

    def model_post_init(self, context: object) -> None:
        self._roles_by_id = {role.id: role for role in self.roles}
        self._edges_by_role = {}
        self._edges_by_pair = {}
        for edge in self.collaborations:
            for role_id in dict.fromkeys(edge.roles):
                self._edges_by_role.setdefault(role_id, []).append(edge)
            self._edges_by_pair.setdefault(edge.pair, edge)

    def role(self, role_id: str) -> Role | None:
        return self._roles_by_id.get(role_id)

    def kinds(self) -> list[str]:
        """Kinds in display order: core, associated, then any other kind in order of appearance."""
        order = [CORE, ASSOCIATED]
        for role in self.roles:
            if role.kind not in order:
                order.append(role.kind)
        present = {role.kind for role in self.roles}
        return [kind for kind in order if kind in present]

    def roles_in_display_order(self) -> list[Role]:
        return [role for kind in self.kinds() for role in self.roles if role.kind == kind]

    def collaborations_of(self, role_id: str) -> Iterator[Collaboration]:
        return iter(self._edges_by_role.get(role_id, ()))

    def collaboration(self, first: str, second: str) -> Collaboration | None:
        return self._edges_by_pair.get(frozenset((first, second)))


def kind_heading(kind: str) -> str:
    """The group heading for a kind of role: 'Core roles', 'Associated roles', 'Regional roles'."""
    return f"{kind.replace('-', ' ').capitalize()} roles"


# ---------------------------------------------------------------------------------------------
# Notes

NOTES_SCHEMA_VERSION = 1
Raci = Literal["R", "A", "C", "I"]
RACI_LETTERS: tuple[Raci, ...] = ("R", "A", "C", "I")
RACI_MEANINGS: dict[str, str] = {
    "R": "Responsible",
    "A": "Accountable",
    "C": "Consulted",
    "I": "Informed",
}
# Notes are the user's own words and are stored exactly, whatever characters they hold;
# they are made harmless where they are shown or exported, not here.
NoteText = Annotated[str, StringConstraints(max_length=1_000_000)]


class ResponsibilityNote(_Record):
    raci: Raci | None = None
    note: NoteText = ""
    updated_at: datetime

    @property
    def is_empty(self) -> bool:
        return self.raci is None and not self.note


class RoleNotes(_Record):
    held: bool = False
    note: NoteText = ""
    updated_at: datetime | None = None
    responsibilities: dict[Identifier, ResponsibilityNote] = Field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.held and not self.note and not self.responsibilities


class NotesDocument(_Record):
    schema_version: int = NOTES_SCHEMA_VERSION
    roles: dict[Identifier, RoleNotes] = Field(default_factory=dict)
