"""The schema a role-data document (``--data``, ``validate``) must satisfy before it becomes a model.

Each record converts to its plain model in :mod:`finops_tui.core.models`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from finops_tui.core import models
from finops_tui.core.schema import (
    CapabilityLabel,
    Identifier,
    Line,
    Lines,
    Record,
    ResponsibilityText,
    RoleName,
    ShortLabel,
    Text,
)


class Responsibility(Record):
    id: Identifier
    text: ResponsibilityText

    def to_model(self) -> models.Responsibility:
        return models.Responsibility(id=self.id, text=self.text)


class Perspective(Record):
    titles: Lines = ()
    view: Text = ""

    def to_model(self) -> models.Perspective:
        return models.Perspective(titles=self.titles, view=self.view)


Responsibilities = Annotated[tuple[Responsibility, ...], Field(max_length=500)]


class Role(Record):
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


class RolePatch(Record):
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
            value = tuple(responsibility.to_model() for responsibility in value)
        values[name] = value
    return values


class Collaboration(Record):
    roles: tuple[Identifier, Identifier]
    topics: Annotated[tuple[Line, ...], Field(min_length=1, max_length=50)]

    def to_model(self) -> models.Collaboration:
        return models.Collaboration(roles=self.roles, topics=self.topics)


class Catalog(Record):
    """A whole catalog in one document, its links checked too."""

    framework_version: Line | None = None
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
            framework_version=self.framework_version or "",
        )


# ---------------------------------------------------------------------------------------------
# Capabilities


def _web_address(text: str) -> str:
    if not text.startswith(("https://", "http://")) or " " in text:
        raise ValueError("expected a web address starting with https://")
    return text


SourceUrl = Annotated[Line, AfterValidator(_web_address)]
SuggestedLetter = Literal["R", "A", "C", "I"]
SuggestedLetters = Annotated[dict[Identifier, SuggestedLetter], Field(min_length=1, max_length=500)]
Links = Annotated[tuple[Line, ...], Field(max_length=2000)]


class Domain(Record):
    id: Identifier
    name: RoleName
    summary: Line

    def to_model(self) -> models.Domain:
        return models.Domain(id=self.id, name=self.name, summary=self.summary)


class DomainPatch(Record):
    """An overlay on a bundled domain: every field it gives replaces the bundled one."""

    id: Identifier
    name: RoleName | None = None
    summary: Line | None = None

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set - {"id"}}


class Capability(Record):
    id: Identifier
    name: RoleName
    short_name: CapabilityLabel | None = None
    domain: Identifier
    summary: Line
    source_url: SourceUrl | None = None
    responsibilities: Links = ()
    raci: SuggestedLetters

    def to_model(self) -> models.Capability:
        return models.Capability(**_capability_fields(self, type(self).model_fields))


class CapabilityPatch(Record):
    """An overlay on a bundled capability: every field it gives replaces the bundled one."""

    id: Identifier
    name: RoleName | None = None
    short_name: CapabilityLabel | None = None
    domain: Identifier | None = None
    summary: Line | None = None
    source_url: SourceUrl | None = None
    responsibilities: Links | None = None
    raci: SuggestedLetters | None = None

    def changes(self) -> dict[str, Any]:
        return _capability_fields(self, self.model_fields_set - {"id"})


def _capability_fields(record: BaseModel, names: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        if name == "raci" and value is not None:
            value = tuple(value.items())
        elif name == "source_url" and value is None:
            value = ""
        values[name] = value
    return values


class CapabilityCatalog(Record):
    """A whole capabilities document (like the bundled file), its links checked against ``roles``."""

    framework_version: Line | None = None
    unlinked: Links = ()
    domains: tuple[Domain, ...] = ()
    capabilities: tuple[Capability, ...] = ()

    def to_model(self) -> models.Capabilities:
        return models.Capabilities(
            domains=tuple(domain.to_model() for domain in self.domains),
            capabilities=tuple(capability.to_model() for capability in self.capabilities),
            unlinked=self.unlinked,
        )
