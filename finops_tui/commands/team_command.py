"""``finops-tui team``: several people's exports as one RACI matrix, with its checks.

Exit status: 0; 1 when a check named in ``--fail-on`` is found (a gate for a team's own
repository); 2 for bad usage or a file that is not a readable export (every such file named,
nothing written), unless ``--skip-bad``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from finops_tui.commands.common import EXIT_FAILURE, EXIT_OK, CommandError, catalog_from, config_dir_from
from finops_tui.commands.notes_commands import export_time
from finops_tui.core.fileio import atomic_write, describe_os_error
from finops_tui.core.paths import settings_path
from finops_tui.core.settings import load_settings
from finops_tui.exchange.team import (
    CHECKS,
    TeamError,
    analyse,
    failing,
    parse_check_names,
    read_team,
    you_member,
)
from finops_tui.exchange.team_formats import render


def run_team(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    directory = config_dir_from(args)
    try:
        fail_on = parse_check_names(args.fail_on) if args.fail_on else []
    except TeamError as error:
        raise CommandError(f"--fail-on: {error}") from None
    if args.max_age is not None and args.max_age < 1:
        raise CommandError("--max-age: give a whole number of days, at least 1")
    settings = load_settings(settings_path(directory))
    for problem in settings.problems:
        print(f"finops-tui: {problem}", file=sys.stderr)
    files = read_team([Path(path) for path in args.paths])
    if files.problems and not args.skip_bad:
        count = len(files.problems)
        what = "file is not a readable export" if count == 1 else "files are not readable exports"
        listed = "\n".join(files.problems)
        raise CommandError(f"{count} {what}; nothing was written (--skip-bad reports the rest):\n{listed}")
    for problem in files.problems:
        print(f"finops-tui: skipped {problem}", file=sys.stderr)
    members = list(files.members)
    now = export_time()  # $SOURCE_DATE_EPOCH when set, so a report can be reproduced
    if args.me:
        from finops_tui.notes.file import NotesFile

        notes = NotesFile.open(directory)
        for message in notes.messages:
            print(f"finops-tui: {message}", file=sys.stderr)
        members.append(you_member(notes.document, catalog, now))
    if not members:
        ignored = f" ({files.ignored} other files ignored)" if files.ignored else ""
        raise CommandError(f"no export found in {', '.join(args.paths)}{ignored}")
    report = analyse(
        catalog,
        members,
        thresholds=settings.team,
        max_age_days=args.max_age,
        all_roles=args.all,
        now=now,
        files=files,
    )
    text = render(report, args.format, args.view, width=_width(args))
    _write(text, args.output)
    found = failing(report, fail_on)
    if found:
        counts = report.counts()
        names = dict.fromkeys(finding.check for finding in found)
        listed = ", ".join(f"{name} {counts[name]}" for name in CHECKS if name in names)
        print(f"finops-tui: --fail-on checks failed: {listed}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def _width(args: argparse.Namespace) -> int:
    """80 columns, or a wider terminal's width when printing to it."""
    if args.output in (None, "-") and sys.stdout.isatty():
        return max(80, shutil.get_terminal_size((80, 24)).columns)
    return 80


def _write(text: str, output: str | None) -> None:
    """UTF-8 bytes as they are (CSV keeps its CRLF), to stdout or atomically to ``output``."""
    data = text.encode("utf-8")
    if output is None or output == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.is_dir():
        raise CommandError(f"{output}: is a directory; give a file name")
    if not path.parent.exists():
        raise CommandError(f"{output}: the directory {path.parent} does not exist")
    try:
        written = atomic_write(path, data)
    except OSError as error:
        raise CommandError(f"{output}: cannot write: {describe_os_error(error)}", EXIT_FAILURE) from None
    print(f"wrote {written}", file=sys.stderr)
