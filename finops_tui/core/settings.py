"""User settings in ``config.toml`` beside the notes. No Textual imports.

The theme, key overrides (``[keymap]``), the user's ``name`` (who made an export), the
``team_dir`` the Team screen opens, and the team coverage thresholds (``[team]``). A bad settings
file is reported and ignored, never fatal, and never overwritten; saving a value edits that one
line and keeps the rest of the file, comments included.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finops_tui.core import toml
from finops_tui.core.fileio import atomic_write, describe_os_error
from finops_tui.core.text import make_visible

MAX_SETTINGS_BYTES = 256 * 1024
NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class TeamThresholds:
    """When team coverage calls a person overloaded, and when an export is stale (``[team]``)."""

    overload_factor: float = 2.0
    """Overloaded: at least this many times the team's median count of A letters..."""
    overload_minimum: int = 5
    """...and at least this many A letters."""
    max_age_days: int = 90
    """An export older than this is stale."""


@dataclass
class Settings:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    """Who the user is, written as ``person`` in their exports."""
    team_dir: str | None = None
    """The folder of the team's exports that the Team screen opens."""
    team: TeamThresholds = field(default_factory=TeamThresholds)
    problems: list[str] = field(default_factory=list)
    # The parsed file as read, so saving the theme keeps everything else the user wrote.
    raw: dict[str, Any] | None = None


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings(raw={})
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return Settings(problems=[f"{path}: file is too large; settings ignored"])
        document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        return Settings(problems=[f"{path}: {make_visible(reason)}; settings ignored"])
    settings = Settings(raw=document)
    theme = document.get("theme")
    if isinstance(theme, str):
        settings.theme = theme
    elif theme is not None:
        settings.problems.append(f"{path}: theme: expected a theme name; ignored")
    for key in ("name", "team_dir"):
        value = document.get(key)
        if isinstance(value, str) and value.strip():
            setattr(settings, key, value.strip() if key == "name" else value)
        elif value is not None:
            settings.problems.append(f"{path}: {key}: expected a non-empty string; ignored")
    settings.team = _team_thresholds(document.get("team", {}), path, settings.problems)
    keymap = document.get("keymap", {})
    if not isinstance(keymap, dict):
        settings.problems.append(f"{path}: keymap: expected a [keymap] table; ignored")
        keymap = {}
    for binding_id, keys in keymap.items():
        if isinstance(keys, str) and keys.strip():
            settings.keymap[binding_id] = keys
        else:
            shown = make_visible(binding_id)
            settings.problems.append(f'{path}: keymap.{shown}: expected keys like "ctrl+k,f5"; ignored')
    return settings


_THRESHOLDS = {
    "overload_factor": (float, 1.0, "a number of at least 1"),
    "overload_minimum": (int, 1, "a whole number of at least 1"),
    "max_age_days": (int, 1, "a whole number of days, at least 1"),
}


def _team_thresholds(table: Any, path: Path, problems: list[str]) -> TeamThresholds:
    if not isinstance(table, dict):
        problems.append(f"{path}: team: expected a [team] table; ignored")
        return TeamThresholds()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _THRESHOLDS:
            problems.append(f"{path}: team.{make_visible(key)}: unknown setting; ignored")
            continue
        kind, least, expected = _THRESHOLDS[key]
        number_types = (int, float) if kind is float else (int,)
        if isinstance(value, bool) or not isinstance(value, number_types) or value < least:
            problems.append(f"{path}: team.{key}: expected {expected}; ignored")
            continue
        values[key] = kind(value)
    return TeamThresholds(**values)


def save_theme(path: Path, settings: Settings, theme: str) -> str | None:
    """Store the chosen theme; returns a one-line reason when it cannot be saved."""
    problem = save_setting(path, settings, "theme", theme)
    if problem is None:
        settings.theme = theme
    return problem


def save_name(path: Path, settings: Settings, name: str) -> str | None:
    """Store the user's name (who made an export); returns a one-line reason when it cannot be."""
    name = name.strip()
    if not name:
        return "a name cannot be empty"
    if len(name) > NAME_MAX_LENGTH:
        return f"a name is at most {NAME_MAX_LENGTH} characters"
    problem = save_setting(path, settings, "name", name)
    if problem is None:
        settings.name = name
    return problem


def save_team_dir(path: Path, settings: Settings, directory: str) -> str | None:
    problem = save_setting(path, settings, "team_dir", directory)
    if problem is None:
        settings.team_dir = directory
    return problem


def save_setting(path: Path, settings: Settings, key: str, value: str) -> str | None:
    """Set the top-level ``key`` to ``value`` in ``path``, keeping every other line as it is.

    Returns a one-line reason when it cannot be saved; a file that could not be read is never
    touched.
    """
    if settings.raw is None:
        return f"{path} could not be read, so the {key} is not saved there"
    try:
        text = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        return f"cannot save settings to {path}: {reason}"
    document = {**settings.raw, key: value}
    edited = set_top_level_string(text, key, value)
    try:
        if tomllib.loads(edited) != document:
            raise ValueError("the in-place edit did not give the expected settings")
    except (tomllib.TOMLDecodeError, ValueError):
        # An unusual layout (the key inside a multi-line value...): write the table afresh.
        edited = toml.dumps(document)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, edited.encode("utf-8"))
    except OSError as error:
        return f"cannot save settings to {path}: {describe_os_error(error)}"
    settings.raw = document
    return None


_TABLE_HEADER = re.compile(r"^\s*\[")


def set_top_level_string(text: str, key: str, value: str) -> str:
    """``text`` (a TOML document) with ``key = "value"`` set at the top level, other lines kept.

    Replaces the first top-level line assigning ``key`` (before any ``[table]``), else adds
    the line before the first table, or at the end.
    """
    import json

    # A JSON string is a valid TOML basic string once DEL is escaped too (JSON leaves it raw).
    quoted = json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    line = f"{key} = {quoted}"
    assignment = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    lines = text.splitlines(keepends=True)
    first_table = next((i for i, current in enumerate(lines) if _TABLE_HEADER.match(current)), len(lines))
    for index in range(first_table):
        if assignment.match(lines[index]):
            ending = "\n" if lines[index].endswith("\n") else ""
            lines[index] = line + ending
            return "".join(lines)
    if lines and first_table == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(first_table, line + "\n")
    return "".join(lines)


def os_full_name() -> str:
    """The OS user's full name (the GECOS field) where there is one, else the login name, else ''."""
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if gecos:
            return gecos
    except (ImportError, KeyError, AttributeError, OSError):
        pass
    try:
        import getpass

        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return ""
