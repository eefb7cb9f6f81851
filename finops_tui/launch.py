"""Starting the TUI from the command line: load everything, then run the app."""

from __future__ import annotations

import argparse

from finops_tui.commands.common import catalog_from, config_dir_from
from finops_tui.notes import NotesFile
from finops_tui.paths import settings_path
from finops_tui.settings import load_settings


def run_tui(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    directory = config_dir_from(args)
    notes = NotesFile.open(directory)
    settings_file = settings_path(directory)
    settings = load_settings(settings_file)

    from finops_tui.app import FinopsApp

    app = FinopsApp(catalog, notes, settings, settings_file)
    app.run()
    return app.return_code or 0
