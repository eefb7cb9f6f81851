"""Laying a user's role-data document over a catalog, validating it against the schema.

Every problem in the document is collected and reported as ``FILE: location: message``, in
words that say what to fix. Imported only when a user file is given (pydantic is slow to load).
No Textual imports.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from finops_tui.catalog import schema
from finops_tui.core.models import (
    Capabilities,
    Capability,
    Catalog,
    Collaboration,
    Domain,
    Role,
    capability_problems,
    link_problem,
)
from finops_tui.core.problems import Problem
from finops_tui.core.text import make_visible

TOP_LEVEL_KEYS = ["framework_version", "roles", "collaborations", "domains", "capabilities", "unlinked"]
_STRING_LISTS = {"challenges", "metrics", "outcomes", "titles", "topics"}
_TABLE_LISTS = {"roles": "[[roles]]", "responsibilities": "[[roles.responsibilities]]"}
_FIELDS_BY_PARENT: dict[str, type[BaseModel]] = {
    "responsibilities": schema.Responsibility,
    "perspective": schema.Perspective,
    "collaborations": schema.Collaboration,
}
_CAPABILITY_RECORDS = (schema.Capability, schema.CapabilityPatch)


def lay_over(base: Catalog, document: dict[str, Any], source: str) -> tuple[Catalog, list[Problem]]:
    """Lay one parsed document over ``base``; return the result and every problem found."""
    problems: list[Problem] = []

    def add(location: str, message: str) -> None:
        problems.append(Problem(source, location, message))

    for key in document:
        if key not in TOP_LEVEL_KEYS:
            add(_shown(key), _unknown_field(key, TOP_LEVEL_KEYS))
    # A file copied from the bundled data keeps its framework_version; the bundled one still
    # names the generation the catalog follows, so it is only checked here.
    version = document.get("framework_version")
    if version is not None and (not isinstance(version, str) or not version.strip() or "\n" in version):
        add("framework_version", 'expected a one-line string, like "2026"')

    roles: dict[str, Role] = {role.id: role for role in base.roles}
    added_here: set[str] = set()
    for index, raw_role in _tables(document, "roles", add):
        location = f"roles[{index}]"
        role_id = raw_role.get("id")
        if not isinstance(role_id, str):
            _validate(schema.Role, raw_role, location, add)
            continue
        if role_id in added_here:
            add(f"{location}.id", f"duplicate role id '{_shown(role_id)}'")
            continue
        added_here.add(role_id)
        existing = roles.get(role_id)
        if existing is None:
            record = _validate(schema.Role, raw_role, location, add)
            if record is not None:
                roles[record.id] = record.to_model()
        else:
            patch = _validate(schema.RolePatch, raw_role, location, add)
            if patch is not None:
                roles[role_id] = dataclasses.replace(existing, **patch.changes())

    edges: dict[frozenset[str], Collaboration] = {edge.pair: edge for edge in base.collaborations}
    pairs_here: set[frozenset[str]] = set()
    for index, raw_edge in _tables(document, "collaborations", add):
        location = f"collaborations[{index}]"
        record = _validate(schema.Collaboration, raw_edge, location, add)
        edge = record.to_model() if record is not None else None
        named = raw_edge.get("roles")
        named = named if isinstance(named, list) else []
        unknown = [
            (side, role_id)
            for side, role_id in enumerate(named)
            if isinstance(role_id, str) and role_id not in roles
        ]
        for side, role_id in unknown:
            if role_id in added_here:
                continue  # defined in this file, but invalid: its own problems are reported
            shown = _shown(role_id)
            add(f"{location}.roles[{side}]", f"unknown role '{shown}'{_suggestion(role_id, roles)}")
        if edge is None or unknown:
            continue
        if edge.roles[0] == edge.roles[1]:
            add(f"{location}.roles", f"role '{edge.roles[0]}' cannot collaborate with itself")
            continue
        if edge.pair in pairs_here:
            add(
                f"{location}.roles",
                f"duplicate collaboration between '{edge.roles[0]}' and '{edge.roles[1]}'",
            )
            continue
        pairs_here.add(edge.pair)
        existing_edge = edges.get(edge.pair)
        if existing_edge is not None:
            topics = tuple(dict.fromkeys(existing_edge.topics + edge.topics))
            edge = dataclasses.replace(existing_edge, topics=topics)
        edges[edge.pair] = edge

    capabilities = _lay_capabilities_over(base.capabilities, document, roles, add)
    merged = Catalog(
        roles=tuple(roles.values()),
        collaborations=tuple(edges.values()),
        framework_version=base.framework_version,
        capability_data=capabilities,
    )
    for location, message in merged.link_problems():
        add(location, message)
    return merged, problems


def _lay_records(
    records: dict[str, Any], document: dict[str, Any], table: str, noun: str, new: Any, patch: Any, add: Any
) -> dict[str, str]:
    """Lay the file's ``[[table]]`` entries over ``records`` (by id): a new id adds a record, an
    existing one gets the fields given. Returns where in the file each id it gave stands."""
    given_at: dict[str, str] = {}
    for index, raw in _tables(document, table, add):
        location = f"{table}[{index}]"
        record_id = raw.get("id")
        if isinstance(record_id, str) and record_id in given_at:
            add(f"{location}.id", f"duplicate {noun} id '{_shown(record_id)}'")
            continue
        existing = records.get(record_id) if isinstance(record_id, str) else None
        if existing is None:
            record = _validate(new, raw, location, add)
            if record is not None:
                records[record.id] = record.to_model()
                given_at[record.id] = location
        else:
            changes = _validate(patch, raw, location, add)
            if changes is not None:
                records[existing.id] = dataclasses.replace(existing, **changes.changes())
                given_at[existing.id] = location
    return given_at


def _lay_capabilities_over(
    base: Capabilities, document: dict[str, Any], roles: dict[str, Role], add: Any
) -> Capabilities:
    """Domains and capabilities as roles are laid: a new id adds one, an existing id replaces the
    fields given. What this file gives is checked strictly; a bundled link to a responsibility this
    file took away (by replacing a role's responsibilities) is dropped, so older files stay valid."""
    domains: dict[str, Domain] = {domain.id: domain for domain in base.domains}
    _lay_records(domains, document, "domains", "domain", schema.Domain, schema.DomainPatch, add)
    capabilities: dict[str, Capability] = {capability.id: capability for capability in base.capabilities}
    given_at = _lay_records(
        capabilities, document, "capabilities", "capability", schema.Capability, schema.CapabilityPatch, add
    )

    for capability_id, capability in capabilities.items():
        location = given_at.get(capability_id)
        if location is None:
            kept = tuple(link for link in capability.responsibilities if link_problem(link, roles) is None)
            capabilities[capability_id] = dataclasses.replace(capability, responsibilities=kept)
            continue
        for where, message in capability_problems(capability, set(domains), roles):
            add(f"{location}.{where}", _with_suggestion(message, where, capability, domains, roles))

    unlinked = [link for link in base.unlinked if link_problem(link, roles) is None]
    given = document.get("unlinked", [])
    if not isinstance(given, list):
        add("unlinked", "expected a list of 'role-id/responsibility-id' strings")
        given = []
    for index, link in enumerate(given):
        if not isinstance(link, str):
            add(f"unlinked[{index}]", "expected a string in this list")
            continue
        message = link_problem(link, roles)
        if message:
            add(f"unlinked[{index}]", _shown(message))
        elif link not in unlinked:
            unlinked.append(link)
    return Capabilities(
        domains=tuple(domains.values()),
        capabilities=tuple(capabilities.values()),
        unlinked=tuple(unlinked),
    )


def _with_suggestion(
    message: str, where: str, capability: Capability, domains: dict[str, Domain], roles: dict[str, Role]
) -> str:
    """A capability problem, made harmless to print, with a close id when one exists."""
    shown = _shown(message)
    if where == "domain":
        return shown + _suggestion(capability.domain, domains)
    if where.startswith("raci.") and message.startswith("unknown role"):
        return shown + _suggestion(where.removeprefix("raci."), roles)
    if where.startswith("responsibilities[") and "has no responsibility" in message:
        index = int(where.removeprefix("responsibilities[").rstrip("]"))
        role_id, _, responsibility_id = capability.responsibilities[index].partition("/")
        role = roles[role_id]
        return shown + _suggestion(
            responsibility_id, {responsibility.id: responsibility for responsibility in role.responsibilities}
        )
    return shown


def _tables(document: dict[str, Any], key: str, add: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    value = document.get(key, [])
    if not isinstance(value, list):
        add(key, f"expected a list of [[{key}]] tables")
        return
    for index, item in enumerate(value):
        if isinstance(item, dict):
            yield index, item
        else:
            add(f"{key}[{index}]", f"expected a [[{key}]] table")


def _validate(model: type[BaseModel], data: dict[str, Any], location: str, add: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            if _only_short_after_bad_items(detail):
                continue
            add(_join(location, detail["loc"]), _plain_message(model, detail))
        return None


def _only_short_after_bad_items(detail: Any) -> bool:
    """Pydantic counts only the items that validated: ``["bad\\x07"]`` is "too short" as well.

    The bad item is reported on its own; "must not be empty" for a list that is not would mislead.
    """
    if detail["type"] != "too_short":
        return False
    given = detail.get("input")
    minimum = (detail.get("ctx") or {}).get("min_length", 0)
    return isinstance(given, (list, tuple)) and len(given) >= minimum


def _join(prefix: str, loc: Sequence[int | str]) -> str:
    path = prefix
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{_shown(part)}"
    return path


def _shown(text: str) -> str:
    """User text echoed in a problem: harmless, and on one line (one line per problem)."""
    return make_visible(text).replace("\n", "\u240a")


def _plain_message(model: type[BaseModel], detail: Any) -> str:
    kind: str = detail["type"]
    loc: tuple[int | str, ...] = detail["loc"]
    context = detail.get("ctx") or {}
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "missing":
        return f"missing field '{field}'"
    if kind == "extra_forbidden":
        parent = next((part for part in reversed(loc[:-1]) if isinstance(part, str)), "")
        owner = _FIELDS_BY_PARENT.get(parent, model)
        return _unknown_field(str(loc[-1]), list(owner.model_fields))
    if kind in ("list_type", "tuple_type"):
        if model in _CAPABILITY_RECORDS and field == "responsibilities":
            return "expected a list of 'role-id/responsibility-id' strings"
        if field in _STRING_LISTS:
            return "expected a list of strings"
        if field in _TABLE_LISTS:
            return f"expected a list of {_TABLE_LISTS[field]} tables"
        return "expected a list"
    if kind == "string_type":
        return "expected a string" if not isinstance(loc[-1], int) else "expected a string in this list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a table"
    if kind == "string_pattern_mismatch":
        shown = _shown(str(detail.get("input", "")))[:60]
        return f"'{shown}' is not a valid id: use lowercase letters, digits and hyphens, like 'cloud-analyst'"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {context.get('max_length')} characters)"
    if kind in ("too_short", "too_long") and model is schema.Collaboration and loc == ("roles",):
        return "a collaboration names exactly two roles"
    if kind == "too_short":
        minimum = context.get("min_length")
        return "must not be empty" if minimum == 1 else f"needs at least {minimum} items"
    if kind == "too_long":
        return f"has too many items (at most {context.get('max_length')})"
    if kind == "literal_error" and model in _CAPABILITY_RECORDS:
        return f"'{_shown(str(detail.get('input', '')))[:20]}' is not a RACI letter: use R, A, C or I"
    if kind == "bool_type":
        return "expected true or false"
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    return _shown(str(detail["msg"]))


def _unknown_field(name: str, known: Sequence[str]) -> str:
    shown = _shown(name)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown field '{shown}'{hint}"


def _suggestion(role_id: str, roles: dict[str, Any]) -> str:
    close = difflib.get_close_matches(role_id, list(roles), n=2)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
