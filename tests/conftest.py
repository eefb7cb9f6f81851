"""Shared fixtures: no test ever touches the real config directory or the user's environment."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the config directory at a fresh temporary folder and clear env that changes rendering."""
    config = tmp_path / "config"
    monkeypatch.setenv("FINOPS_TUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "COLUMNS", "LINES", "TEXTUAL_SPEEDUPS"):
        monkeypatch.delenv(name, raising=False)
    return config


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make snapshots depend on timing (the palette's input included)."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def config_dir(isolated_environment: Path) -> Path:
    """The isolated config directory (not created yet)."""
    return isolated_environment
