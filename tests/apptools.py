"""Building the app for Pilot and snapshot tests, always on an isolated config directory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from finops_tui.catalog.loader import load_catalog
from finops_tui.core.paths import settings_path
from finops_tui.core.settings import load_settings
from finops_tui.notes.file import NotesFile
from finops_tui.tui.app import FinopsApp

FIXED_TIME = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def make_app(config_dir: Path, data_files: Sequence[Path] = ()) -> FinopsApp:
    """The app as `finops-tui --config-dir CONFIG_DIR --data ...` would build it."""
    catalog = load_catalog(list(data_files))
    notes = NotesFile.open(config_dir)
    settings_file = settings_path(config_dir)
    # Annotations made in tests carry a fixed time, so screens and files are reproducible.
    return FinopsApp(catalog, notes, load_settings(settings_file), settings_file, clock=lambda: FIXED_TIME)
