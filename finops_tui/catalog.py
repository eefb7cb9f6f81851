"""Loading and validating the bundled role catalog and the user's overlay files.

Every problem in a file is collected and reported as ``FILE: location: message``; nothing here
raises anything but :class:`CatalogError` for bad input. No Textual imports.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from finops_tui.fileio import UnreadableFile, read_user_text
from finops_tui.models import Catalog, Collaboration, Perspective, Responsibility, Role, RolePatch
from finops_tui.text import make_visible

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
BUNDLED_NAME = "roles.toml"

_STRING_LISTS = {"challenges", "metrics", "outcomes", "titles", "topics"}
_TABLE_LISTS = {"roles": "[[roles]]", "responsibilities": "[[roles.responsibilities]]"}
_FIELDS_BY_PARENT: dict[str, type[BaseModel]] = {
    "responsibilities": Responsibility,
    "perspective": Perspective,
    "collaborations": Collaboration,
}
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


@dataclass(frozen=True)
class Problem:
    source: str
    location: str
    message: str

    def __str__(self) -> str:
        if self.location:
            return f"{self.source}: {self.location}: {self.message}"
        return f"{self.source}: {self.message}"


class CatalogError(Exception):
    """Role data that cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def bundled_path() -> Path:
    return Path(str(resources.files("finops_tui") / "data" / BUNDLED_NAME))


def load_catalog(data_files: Sequence[Path] = ()) -> Catalog:
    """The bundled catalog with each user file laid over it in order (later files win)."""
    bundled = bundled_path()
    base_document = read_toml(bundled)
    catalog, problems = _build(Catalog(), base_document, str(bundled))
    if problems:
        raise CatalogError(problems)
    all_problems: list[Problem] = []
    for path in data_files:
        try:
            document = read_toml(path)
        except CatalogError as error:
            all_problems.extend(error.problems)
            continue
        catalog, problems = _build(catalog, document, str(path))
        all_problems.extend(problems)
    if all_problems:
        raise CatalogError(all_problems)
    return catalog


def validate_files(paths: Sequence[Path]) -> list[Problem]:
    """Every problem in each file, each checked on its own as an overlay of the bundled catalog."""
    base = load_catalog()
    problems: list[Problem] = []
    for path in paths:
        try:
            document = read_toml(path)
        except CatalogError as error:
            problems.extend(error.problems)
            continue
        problems.extend(_build(base, document, str(path))[1])
    return problems


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning every way it can be unreadable into one clear problem."""
    source = str(path)

    def fail(message: str, location: str = "") -> CatalogError:
        return CatalogError([Problem(source, location, message)])

    try:
        text = read_user_text(
            path,
            max_bytes=MAX_FILE_BYTES,
            expected="a TOML file",
            empty_hint="expected [[roles]] or [[collaborations]] tables",
        )
    except UnreadableFile as error:
        raise fail(error.message, error.location) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        location = ""
        if position:
            location = f"line {position[1]}, column {position[2]}" if position[1] else "end of file"
        detail = _TOML_POSITION.sub("", message)
        raise fail(f"invalid TOML: {make_visible(detail)}", location) from None
    except RecursionError:
        raise fail("nesting is too deep to read") from None
    if _too_deep(document, MAX_DEPTH):
        raise fail(f"nesting is too deep (more than {MAX_DEPTH} levels)")
    return document


def _too_deep(value: object, allowed: int) -> bool:
    if allowed < 0:
        return True
    if isinstance(value, dict):
        return any(_too_deep(item, allowed - 1) for item in value.values())
    if isinstance(value, list):
        return any(_too_deep(item, allowed - 1) for item in value)
    return False


def _build(base: Catalog, document: dict[str, Any], source: str) -> tuple[Catalog, list[Problem]]:
    """Lay one parsed document over ``base``; return the result and every problem found."""
    problems: list[Problem] = []

    def add(location: str, message: str) -> None:
        problems.append(Problem(source, location, message))

    for key in document:
        if key not in ("roles", "collaborations"):
            add(_shown(key), _unknown_field(key, ["roles", "collaborations"]))

    roles: dict[str, Role] = {role.id: role for role in base.roles}
    added_here: set[str] = set()
    for index, raw_role in _tables(document, "roles", add):
        location = f"roles[{index}]"
        role_id = raw_role.get("id")
        if not isinstance(role_id, str):
            _validate(Role, raw_role, location, add)
            continue
        if role_id in added_here:
            add(f"{location}.id", f"duplicate role id '{_shown(role_id)}'")
            continue
        added_here.add(role_id)
        existing = roles.get(role_id)
        if existing is None:
            role = _validate(Role, raw_role, location, add)
            if role is not None:
                roles[role.id] = role
        else:
            patch = _validate(RolePatch, raw_role, location, add)
            if patch is not None:
                roles[role_id] = patch.apply_to(existing)

    edges: dict[frozenset[str], Collaboration] = {edge.pair: edge for edge in base.collaborations}
    pairs_here: set[frozenset[str]] = set()
    for index, raw_edge in _tables(document, "collaborations", add):
        location = f"collaborations[{index}]"
        edge = _validate(Collaboration, raw_edge, location, add)
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
            edge = existing_edge.model_copy(update={"topics": topics})
        edges[edge.pair] = edge

    merged = Catalog.model_construct(roles=tuple(roles.values()), collaborations=tuple(edges.values()))
    merged.model_post_init(None)
    for location, message in merged.link_problems():
        add(location, message)
    return merged, problems


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
    if kind in ("too_short", "too_long") and model is Collaboration and loc == ("roles",):
        return "a collaboration names exactly two roles"
    if kind == "too_short":
        minimum = context.get("min_length")
        return "must not be empty" if minimum == 1 else f"needs at least {minimum} items"
    if kind == "too_long":
        return f"has too many items (at most {context.get('max_length')})"
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


def _suggestion(role_id: str, roles: dict[str, Role]) -> str:
    close = difflib.get_close_matches(role_id, list(roles), n=2)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
