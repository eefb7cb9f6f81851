"""User settings in ``config.toml`` beside the notes. No Textual imports.

The theme, key overrides (``[keymap]``), the user's ``name`` (who made an export), the
``team_dir`` the Team screen opens, and the team coverage thresholds (``[team]``). A bad settings
file is reported and ignored, never fatal, and never overwritten.
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
    try:
        if not path.exists():
            return Settings(raw={})
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
        problem = keys_problem(keys)
        if problem is None:
            settings.keymap[binding_id] = keys
        else:
            where = f"{path}: keymap.{make_visible(binding_id)}"
            settings.problems.append(f'{where}: {problem}expected keys like "ctrl+k,f5"; ignored')
    return settings


_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_KEY_NAMES = frozenset(
    {"escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end", "pageup"}
    | {"pagedown", "up", "down", "left", "right", "backtab", "newline"}
    # Textual's friendlier names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
    | {"slash", "backslash", "at", "minus", "plus", "underscore"}
    | {f"f{number}" for number in range(1, 25)}
)


def keys_problem(keys: object) -> str | None:
    """Why ``keys`` (``"ctrl+k,f5"``) is not a list of keys Textual can bind, ending in "; "
    (empty for a value that is not text at all); None when it is."""
    if not isinstance(keys, str) or not keys.strip():
        return ""
    for key in keys.split(","):
        *modifiers, name = key.strip().split("+")
        shown = make_visible(key.strip())
        if not key.strip() or not name:
            return f"'{shown}' is not a key; "
        if any(modifier not in _MODIFIERS for modifier in modifiers):
            return f"'{shown}' has an unknown modifier (use ctrl, shift, alt, meta, super or hyper); "
        if not _is_key_name(name):
            return f"'{shown}' is not a key; "
    return None


def _is_key_name(name: str) -> bool:
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name.lower() in _KEY_NAMES:
        return True
    import unicodedata

    try:  # Textual also names keys by their character's name: question_mark, full_stop...
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


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
    """Remember the folder of the team's exports that the Team screen opens."""
    problem = save_setting(path, settings, "team_dir", directory)
    if problem is None:
        settings.team_dir = directory
    return problem


def save_setting(path: Path, settings: Settings, key: str, value: str) -> str | None:
    """Store one top-level string setting; returns a one-line reason when it cannot be saved.

    The file is read again first (another program may have changed it) and only the one
    ``key = ...`` line is written or added: the user's comments and layout stay as they are.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
        current = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else make_visible(str(error))
        return f"{path} could not be read ({reason}), so the {key} is not saved there"
    wanted = {**current, key: value}
    edited = with_top_level_value(text, key, toml.dumps({key: value}).strip())
    try:
        matches = tomllib.loads(edited) == wanted
    except tomllib.TOMLDecodeError:
        matches = False
    if not matches:  # a layout the line edit does not understand: never rewrite the user's file
        shown = toml.dumps({key: value}).strip()
        return f"the {key} could not be saved in {path} without rewriting it; set {make_visible(shown)} there"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, edited.encode("utf-8"))
    except OSError as error:
        return f"cannot save settings to {path}: {describe_os_error(error)}"
    settings.raw = wanted
    return None


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


_TABLE_HEADER = re.compile(r"\s*\[")


def with_top_level_value(text: str, key: str, line: str) -> str:
    """``text`` with the top-level ``key = ...`` replaced by ``line`` (its comment kept), or with
    ``line`` added before the first table. Checked by the caller, which reads the result back."""
    lines = text.splitlines(keepends=True)
    first_table = next((index for index, row in enumerate(lines) if _TABLE_HEADER.match(row)), len(lines))
    assignment = re.compile(
        rf"""^(\s*)(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=\s*"""
        r"""("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#]+)(.*?)(\r?\n)?$"""
    )
    for index in range(first_table):
        found = assignment.match(lines[index])
        if found:
            indent, _, rest, newline = found.groups()
            lines[index] = f"{indent}{line}{rest}{newline or ''}"
            return "".join(lines)
    # Before the comments that head the first table (they describe it), after everything else.
    at = first_table
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    after = "\n" if at < len(lines) and lines[at].strip() else ""  # a blank line before the table
    lines.insert(at, f"{line}\n{after}")
    return "".join(lines)
