"""Where finops-tui keeps its files: one seam for the config directory. No Textual imports."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "finops-tui"
CONFIG_DIR_ENV = "FINOPS_TUI_CONFIG_DIR"
NOTES_FILE = "notes.toml"
SETTINGS_FILE = "config.toml"


def config_dir(override: Path | None = None) -> Path:
    """``--config-dir``, else ``$FINOPS_TUI_CONFIG_DIR``, else the platform's user config dir."""
    if override is not None:
        return override.expanduser()
    from_env = os.environ.get(CONFIG_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    # platformdirs is only imported when needed: most runs in tests and scripts set the variable.
    import platformdirs

    return platformdirs.user_config_path(APP_NAME)


def notes_path(directory: Path) -> Path:
    return directory / NOTES_FILE


def settings_path(directory: Path) -> Path:
    return directory / SETTINGS_FILE
