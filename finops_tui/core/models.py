"""The role catalog and the user's notes as the app holds them: plain frozen dataclasses.

What comes from a user's file is checked by the pydantic schema in :mod:`finops_tui.schema`
before it becomes one of these; the app itself never needs pydantic, so its first frame does
not wait for it. Nothing here imports Textual or any other module of ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

KEBAB_CASE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
IDENTIFIER_MAX_LENGTH = 80
CORE = "core"
ASSOCIATED = "associated"

_KEBAB_CASE = re.compile(KEBAB_CASE)


def is_identifier(text: str) -> bool:
    """Whether ``text`` is a valid id: kebab-case, at most 80 characters."""
    return len(text) <= IDENTIFIER_MAX_LENGTH and _KEBAB_CASE.fullmatch(text) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility:
    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Perspective:
    titles: tuple[str, ...] = ()
    view: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Role:
    id: str
    name: str
    short_name: str | None = None
    kind: str
    summary: str
    description: str = ""
    challenges: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    perspective: Perspective = Perspective()
    responsibilities: tuple[Responsibility, ...] = ()

    @property
    def label(self) -> str:
        """A short label for tight places such as the collaboration matrix."""
        return self.short_name or self.name[:8]

    def responsibility(self, responsibility_id: str) -> Responsibility | None:
        return next((r for r in self.responsibilities if r.id == responsibility_id), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaboration:
    roles: tuple[str, str]
    topics: tuple[str, ...]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset(self.roles)

    def other(self, role_id: str) -> str:
        first, second = self.roles
        return second if first == role_id else first


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    roles: tuple[Role, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    # Indexes, so that drawing a role (on every cursor move) never scans every collaboration.
    _roles_by_id: dict[str, Role] = field(init=False, repr=False, compare=False)
    _edges_by_role: dict[str, list[Collaboration]] = field(init=False, repr=False, compare=False)
    _edges_by_pair: dict[frozenset[str], Collaboration] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        edges_by_role: dict[str, list[Collaboration]] = {}
        edges_by_pair: dict[frozenset[str], Collaboration] = {}
        for edge in self.collaborations:
            for role_id in dict.fromkeys(edge.roles):
                edges_by_role.setdefault(role_id, []).append(edge)
            edges_by_pair.setdefault(edge.pair, edge)
        object.__setattr__(self, "_roles_by_id", {role.id: role for role in self.roles})
        object.__setattr__(self, "_edges_by_role", edges_by_role)
        object.__setattr__(self, "_edges_by_pair", edges_by_pair)

    def link_problems(self) -> list[tuple[str, str]]:
        """Every cross-record problem, as (location, message) pairs."""
        problems: list[tuple[str, str]] = []
        seen_roles: set[str] = set()
        for index, role in enumerate(self.roles):
            if role.id in seen_roles:
                problems.append((f"roles[{index}].id", f"duplicate role id '{role.id}'"))
            seen_roles.add(role.id)
            seen_responsibilities: set[str] = set()
            for responsibility_index, responsibility in enumerate(role.responsibilities):
                if responsibility.id in seen_responsibilities:
                    problems.append(
                        (
                            f"roles[id={role.id}].responsibilities[{responsibility_index}].id",
                            f"duplicate responsibility id '{responsibility.id}'",
                        )
                    )
                seen_responsibilities.add(responsibility.id)
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
# Edited at a keystroke under 50 ms even as one paragraph (benchmarks/large_note.py).
NOTE_MAX_LENGTH = 10_000
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsibilityNote:
    raci: Raci | None = None
    note: str = ""
    updated_at: datetime

    @property
    def is_empty(self) -> bool:
        return self.raci is None and not self.note


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleNotes:
    held: bool = False
    note: str = ""
    updated_at: datetime | None = None
    responsibilities: dict[str, ResponsibilityNote] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.held and not self.note and not self.responsibilities


@dataclass(frozen=True, slots=True, kw_only=True)
class NotesDocument:
    schema_version: int = NOTES_SCHEMA_VERSION
    roles: dict[str, RoleNotes] = field(default_factory=dict)
