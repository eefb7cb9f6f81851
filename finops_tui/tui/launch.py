"""Starting the TUI from the command line: load everything, then run the app."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import locale
import os
import sys
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
    _use_the_real_terminal()
    app.run()
    for message in app.exit_messages:
        with contextlib.suppress(OSError):  # after SIGHUP there is no terminal to tell
            print(f"finops-tui: {message}", file=sys.stderr)
    return app.return_code or 0


def _use_the_real_terminal() -> None:
    """Size and encoding from the terminal itself, not from variables meant for other programs.

    ``COLUMNS`` and ``LINES`` (exported by some shells and scripts) would make the whole screen
    that size whatever the terminal is; ``PYTHONIOENCODING=ascii`` would draw every glyph as a
    ``\\u`` escape in a UTF-8 terminal.
    """
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    if codecs.lookup(locale.getpreferredencoding(False)).name != "utf-8":
        return  # the terminal itself is not UTF-8: leave Python's choice alone
    # Textual draws to stderr on POSIX, to stdout on Windows.
    for stream in (sys.__stdout__, sys.__stderr__):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if codecs.lookup(stream.encoding or "ascii").name != "utf-8":
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(encoding="utf-8")
