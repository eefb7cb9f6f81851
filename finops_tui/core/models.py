"""The role catalog and the user's notes as the app holds them: plain frozen dataclasses.

What comes from a user's file is checked by the pydantic schema in :mod:`finops_tui.schema`
before it becomes one of these; the app itself never needs pydantic, so its first frame does
not wait for it. Nothing here imports Textual or any other module of ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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


# ---------------------------------------------------------------------------------------------
# Capabilities

LINK_SEPARATOR = "/"


def link_id(role_id: str, responsibility_id: str) -> str:
    """How a capability names a responsibility it covers: ``role-id/responsibility-id``."""
    return f"{role_id}{LINK_SEPARATOR}{responsibility_id}"


def split_link(link: str) -> tuple[str, str] | None:
    """``(role id, responsibility id)`` of a well-formed link, else None."""
    role_id, separator, responsibility_id = link.partition(LINK_SEPARATOR)
    if not separator or not is_identifier(role_id) or not is_identifier(responsibility_id):
        return None
    return role_id, responsibility_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Domain:
    id: str
    name: str
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Capability:
    id: str
    name: str
    short_name: str | None = None
    domain: str
    summary: str
    source_url: str = ""
    # (role id, suggested letter) for each role involved, in the data's order; ours, not the Foundation's.
    raci: tuple[tuple[str, str], ...] = ()
    # The responsibilities this capability covers, as "role-id/responsibility-id" links.
    responsibilities: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """A short name for tags beside a responsibility."""
        return self.short_name or self.name

    def suggested_letter(self, role_id: str) -> str | None:
        return next((letter for role, letter in self.raci if role == role_id), None)

    @property
    def accountable_roles(self) -> list[str]:
        return [role for role, letter in self.raci if letter == "A"]

    def responsibility_ids_of(self, role_id: str) -> list[str]:
        """The ids of ``role_id``'s responsibilities this capability covers, in link order."""
        found = []
        for link in self.responsibilities:
            parts = split_link(link)
            if parts is not None and parts[0] == role_id:
                found.append(parts[1])
        return found

    def roles_involved(self) -> list[str]:
        """Roles with a suggested letter, then roles only linked, each once."""
        linked = (parts[0] for parts in map(split_link, self.responsibilities) if parts is not None)
        return list(dict.fromkeys([*(role for role, _ in self.raci), *linked]))

    def roles_by_letter(self) -> list[str]:
        """The roles involved, Accountable first, then R, C, I, then roles only linked."""
        rank = {letter: position for position, letter in enumerate(("A", "R", "C", "I"))}
        return sorted(self.roles_involved(), key=lambda role: rank.get(self.suggested_letter(role) or "", 4))


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """The Framework's domains and capabilities, with the links from capabilities to responsibilities."""

    domains: tuple[Domain, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    # Responsibilities deliberately linked to no capability ("role-id/responsibility-id").
    unlinked: tuple[str, ...] = ()
    _by_id: dict[str, Capability] = field(init=False, repr=False, compare=False)
    _by_link: dict[str, tuple[Capability, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_link: dict[str, list[Capability]] = {}
        for capability in self.capabilities:
            for link in dict.fromkeys(capability.responsibilities):
                by_link.setdefault(link, []).append(capability)
        object.__setattr__(self, "_by_id", {capability.id: capability for capability in self.capabilities})
        object.__setattr__(self, "_by_link", {link: tuple(found) for link, found in by_link.items()})

    def capability(self, capability_id: str) -> Capability | None:
        return self._by_id.get(capability_id)

    def domain(self, domain_id: str) -> Domain | None:
        return next((domain for domain in self.domains if domain.id == domain_id), None)

    def serving(self, role_id: str, responsibility_id: str) -> tuple[Capability, ...]:
        """The capabilities a responsibility serves, in the data's order."""
        return self._by_link.get(link_id(role_id, responsibility_id), ())

    def involving(self, role_id: str) -> list[Capability]:
        """The capabilities a role has a suggested letter in or a linked responsibility for."""
        return [c for c in self.in_display_order() if role_id in c.roles_involved()]

    def in_display_order(self) -> list[Capability]:
        """Grouped by domain in the domains' order; capabilities of an unknown domain last."""
        order = {domain.id: position for position, domain in enumerate(self.domains)}
        return sorted(self.capabilities, key=lambda c: order.get(c.domain, len(order)))

    def by_domain(self) -> list[tuple[Domain, list[Capability]]]:
        return [(domain, [c for c in self.capabilities if c.domain == domain.id]) for domain in self.domains]

    def link_problems(self, roles: dict[str, Role]) -> list[tuple[str, str]]:
        """Every cross-record problem, as (location, message) pairs; records named by id."""
        problems: list[tuple[str, str]] = []
        seen_domains: set[str] = set()
        for index, domain in enumerate(self.domains):
            if domain.id in seen_domains:
                problems.append((f"domains[{index}].id", f"duplicate domain id '{domain.id}'"))
            seen_domains.add(domain.id)
        seen: set[str] = set()
        for index, capability in enumerate(self.capabilities):
            if capability.id in seen:
                problems.append((f"capabilities[{index}].id", f"duplicate capability id '{capability.id}'"))
                continue
            seen.add(capability.id)
            where = f"capabilities[id={capability.id}]"
            problems += [
                (f"{where}.{loc}", message)
                for loc, message in capability_problems(capability, seen_domains, roles)
            ]
        for index, link in enumerate(self.unlinked):
            message = link_problem(link, roles)
            if message:
                problems.append((f"unlinked[{index}]", message))
        return problems

    def unlinked_responsibilities(self, roles: tuple[Role, ...]) -> list[tuple[Role, Responsibility]]:
        """Responsibilities no capability links to and ``unlinked`` does not name."""
        named = set(self.unlinked)
        return [
            (role, responsibility)
            for role in roles
            for responsibility in role.responsibilities
            if not self.serving(role.id, responsibility.id)
            and link_id(role.id, responsibility.id) not in named
        ]


def capability_problems(
    capability: Capability, domain_ids: set[str], roles: dict[str, Role]
) -> list[tuple[str, str]]:
    """What is wrong with one capability's links, as (location under the capability, message)."""
    problems: list[tuple[str, str]] = []
    if capability.domain not in domain_ids:
        problems.append(("domain", f"unknown domain '{capability.domain}'"))
    for role_id, letter in capability.raci:
        if role_id not in roles:
            problems.append((f"raci.{role_id}", f"unknown role '{role_id}'"))
        if letter not in RACI_LETTERS:
            problems.append((f"raci.{role_id}", f"'{letter}' is not a RACI letter: use R, A, C or I"))
    accountable = capability.accountable_roles
    if len(accountable) != 1:
        found = "none" if not accountable else f"{len(accountable)}: {', '.join(accountable)}"
        problems.append(("raci", f"needs exactly one suggested A (found {found})"))
    seen: set[str] = set()
    for index, link in enumerate(capability.responsibilities):
        message = link_problem(link, roles)
        if message is None and link in seen:
            message = f"'{link}' is linked twice"
        seen.add(link)
        if message:
            problems.append((f"responsibilities[{index}]", message))
    return problems


def link_problem(link: str, roles: dict[str, Role]) -> str | None:
    """Why ``link`` does not name a responsibility of ``roles``, or None when it does."""
    parts = split_link(link)
    if parts is None:
        return f"'{link}' is not a link: write 'role-id/responsibility-id'"
    role_id, responsibility_id = parts
    role = roles.get(role_id)
    if role is None:
        return f"unknown role '{role_id}' in '{link}'"
    if role.responsibility(responsibility_id) is None:
        return f"role '{role_id}' has no responsibility '{responsibility_id}'"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    roles: tuple[Role, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    # The FinOps Framework generation the bundled data follows, e.g. "2026"; empty when unknown.
    framework_version: str = ""
    # The capabilities, given, or read by ``capability_loader`` when first asked for: the role
    # list draws its first frame without them.
    capability_data: Capabilities | None = field(default=None, repr=False, compare=False)
    capability_loader: Callable[[], Capabilities] | None = field(default=None, repr=False, compare=False)
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

    @property
    def roles_by_id(self) -> dict[str, Role]:
        return self._roles_by_id

    @property
    def capabilities(self) -> Capabilities:
        loaded = self.capability_data
        if loaded is None:
            loaded = self.capability_loader() if self.capability_loader is not None else Capabilities()
            object.__setattr__(self, "capability_data", loaded)
        return loaded

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
