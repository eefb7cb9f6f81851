"""Loading the bundled role catalog and laying the user's overlay files over it.

The bundled file ships with the app and the test suite checks it against the schema, so it is
built straight into models; user files go through :mod:`finops_tui.catalog.overlay`, which validates
them and reports every problem as ``FILE: location: message``. Nothing here raises anything but
:class:`CatalogError` for bad input. No Textual imports.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from finops_tui.core.fileio import UnreadableFile, read_user_text
from finops_tui.core.models import Catalog, Collaboration, Perspective, Responsibility, Role
from finops_tui.core.problems import CatalogError, Problem
from finops_tui.core.toml import describe_toml_error

__all__ = ["CatalogError", "Problem", "bundled_path", "load_catalog", "read_toml", "validate_files"]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
BUNDLED_NAME = "roles.toml"

_ROLE_LISTS = ("challenges", "metrics", "outcomes")


def bundled_path() -> Path:
    # The package is installed as files (the styles are found the same way); importlib.resources
    # would cost start-up a few milliseconds for nothing.
    return Path(__file__).parent / "data" / BUNDLED_NAME


def load_catalog(data_files: Sequence[Path] = ()) -> Catalog:
    """The bundled catalog with each user file laid over it in order (later files win)."""
    catalog = bundled_catalog()
    if not data_files:
        return catalog
    from finops_tui.catalog.overlay import lay_over

    all_problems: list[Problem] = []
    for path in data_files:
        try:
            document = read_toml(path)
        except CatalogError as error:
            all_problems.extend(error.problems)
            continue
        catalog, problems = lay_over(catalog, document, str(path))
        all_problems.extend(problems)
    if all_problems:
        raise CatalogError(all_problems)
    return catalog


def validate_files(paths: Sequence[Path]) -> list[Problem]:
    """Every problem in each file, each checked on its own as an overlay of the bundled catalog."""
    from finops_tui.catalog.overlay import lay_over

    base = bundled_catalog()
    problems: list[Problem] = []
    for path in paths:
        try:
            document = read_toml(path)
        except CatalogError as error:
            problems.extend(error.problems)
            continue
        problems.extend(lay_over(base, document, str(path))[1])
    return problems


def bundled_catalog() -> Catalog:
    """The catalog that ships with the app, built without validation (see the module's doc)."""
    document = read_toml(bundled_path())
    return Catalog(
        roles=tuple(_bundled_role(raw) for raw in document.get("roles", ())),
        collaborations=tuple(
            Collaboration(roles=tuple(raw["roles"]), topics=tuple(raw["topics"]))
            for raw in document.get("collaborations", ())
        ),
    )


def _bundled_role(raw: dict[str, Any]) -> Role:
    fields = dict(raw)
    for key in _ROLE_LISTS:
        if key in fields:
            fields[key] = tuple(fields[key])
    if "perspective" in fields:
        perspective = fields["perspective"]
        fields["perspective"] = Perspective(
            titles=tuple(perspective.get("titles", ())), view=perspective.get("view", "")
        )
    fields["responsibilities"] = tuple(
        Responsibility(**responsibility) for responsibility in fields.get("responsibilities", ())
    )
    return Role(**fields)


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
        described = describe_toml_error(error, text)
        raise fail(described.message, described.location) from None
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
