"""Starting the TUI from the command line: load everything, then run the app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from finops_tui.commands.common import catalog_from, config_dir_from
from finops_tui.core.paths import settings_path
from finops_tui.core.settings import load_settings
from finops_tui.notes.file import NotesFile

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp


def build_app(args: argparse.Namespace) -> FinopsApp:
    """The app exactly as ``finops-tui`` runs it (the start-up benchmark runs it headless)."""
    catalog = catalog_from(args)
    directory = config_dir_from(args)
    notes = NotesFile.open(directory)
    settings_file = settings_path(directory)
    settings = load_settings(settings_file)

    from finops_tui.tui.app import FinopsApp

    team = getattr(args, "team", None)
    return FinopsApp(
        catalog, notes, settings, settings_file, team_dir=Path(team).expanduser() if team else None
    )


def run_tui(args: argparse.Namespace) -> int:
    app = build_app(args)
    app.run()
    return app.return_code or 0
