"""User settings in ``config.toml`` beside the notes: theme and key overrides. No Textual imports.

A bad settings file is reported and ignored, never fatal, and never overwritten.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finops_tui.core import toml
from finops_tui.core.fileio import atomic_write, describe_os_error
from finops_tui.core.text import make_visible

MAX_SETTINGS_BYTES = 256 * 1024


@dataclass
class Settings:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
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


def save_theme(path: Path, settings: Settings, theme: str) -> str | None:
    """Store the chosen theme; returns a one-line reason when it cannot be saved."""
    if settings.raw is None:
        return f"{path} could not be read, so the theme is not saved there"
    document = {**settings.raw, "theme": theme}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, toml.dumps(document).encode("utf-8"))
    except OSError as error:
        return f"cannot save settings to {path}: {describe_os_error(error)}"
    settings.raw = document
    settings.theme = theme
    return None
