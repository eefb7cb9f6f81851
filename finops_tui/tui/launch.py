"""Starting the TUI from the command line: load everything, then run the app."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from finops_tui.commands.common import catalog_from, config_dir_from
from finops_tui.core.paths import settings_path
from finops_tui.core.settings import load_settings
from finops_tui.notes.file import NotesFile

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp


def build_app(args: argparse.Namespace, clock: Callable[[], datetime] | None = None) -> FinopsApp:
    """The app exactly as ``finops-tui`` runs it (the start-up benchmark runs it headless).

    ``clock``: when annotations are made (tests fix it, so screens and files are reproducible).
    """
    catalog = catalog_from(args)
    directory = config_dir_from(args)
    notes = NotesFile.open(directory)
    settings_file = settings_path(directory)
    settings = load_settings(settings_file)

    from finops_tui.tui.app import FinopsApp

    team = getattr(args, "team", None)
    team_dir = Path(team).expanduser() if team else None
    if clock is None:
        return FinopsApp(catalog, notes, settings, settings_file, team_dir=team_dir)
    return FinopsApp(catalog, notes, settings, settings_file, clock=clock, team_dir=team_dir)


def run_tui(args: argparse.Namespace) -> int:
    app = build_app(args)
    app.run()
    return app.return_code or 0
