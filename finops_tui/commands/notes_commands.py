"""``finops-tui export`` and ``finops-tui import``: the notes out to a file, and back in."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from finops_tui.commands.common import (
    EXIT_FAILURE,
    EXIT_OK,
    CommandError,
    catalog_from,
    config_dir_from,
)
from finops_tui.core.paths import notes_path, settings_path
from finops_tui.core.settings import load_settings
from finops_tui.core.text import plural
from finops_tui.exchange.export import ExportError, ExportWriteError, export_notes, write_export
from finops_tui.exchange.importer import (
    PERSON_MAX_LENGTH,
    ImportSummary,
    NotesImportError,
    read_import_file,
    summarise_import,
)
from finops_tui.notes.errors import NotesError
from finops_tui.notes.file import NotesFile

# The reproducible-builds convention: when set, exports carry this time and are byte-identical.
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def run_export(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    directory = config_dir_from(args)
    notes = _open_notes(directory, read_only=True)
    try:
        text = export_notes(
            args.format,
            catalog,
            notes.document,
            exported_at=export_time(),
            roles=args.role,
            held_only=args.held_only,
            person=_person(args, directory),
            letters_only=args.letters_only,
        )
    except ExportError as error:
        raise CommandError(str(error)) from None
    if args.output is None or args.output == "-":
        _write_stdout(text)
        return EXIT_OK
    try:
        # Like any command's -o, an existing file is replaced (atomically); the dialog asks first.
        written = write_export(Path(args.output), text, overwrite=True, notes_file=notes_path(directory))
    except ExportWriteError as error:
        raise CommandError(str(error), EXIT_FAILURE) from None
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


def _person(args: argparse.Namespace, directory: Path) -> str | None:
    """``--person``, else the ``name`` setting; a bad settings file is reported, not fatal."""
    if args.person is not None:
        person = args.person.strip()
        if not person:
            raise CommandError("--person: give a name")
        if len(person) > PERSON_MAX_LENGTH:
            raise CommandError(f"--person: a name is at most {PERSON_MAX_LENGTH} characters")
        return person
    settings = load_settings(settings_path(directory))
    for problem in settings.problems:
        print(f"finops-tui: {problem}", file=sys.stderr)
    return settings.name


def run_import(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    # Read and check the whole file before the notes are even opened: a bad file changes nothing.
    try:
        incoming = read_import_file(Path(args.file))
    except NotesImportError as error:
        problems = plural(len(error.problems), "problem")
        raise CommandError(f"nothing was imported; {problems} found:\n{error}") from None
    notes = _open_notes(config_dir_from(args))
    if not notes.can_save:
        raise CommandError("nothing was imported: the notes cannot be saved", EXIT_FAILURE)
    try:
        backup = notes.import_document(incoming, replace=args.replace)
    except NotesError as error:
        raise CommandError(f"nothing was imported: {error}", EXIT_FAILURE) from None
    print(_import_report(summarise_import(incoming, catalog), args.file, replaced=args.replace))
    if args.replace:
        if backup is not None:
            print(f"the previous notes were backed up to {backup}")
        else:
            print("there were no notes before, so no backup was needed")
    return EXIT_OK


def export_time() -> datetime:
    """Now, to the second, in UTC; or ``$SOURCE_DATE_EPOCH`` when it holds a whole number."""
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def _open_notes(directory: Path, *, read_only: bool = False) -> NotesFile:
    notes = NotesFile.open(directory, read_only=read_only)
    for message in notes.messages:
        print(f"finops-tui: {message}", file=sys.stderr)
    notes.messages.clear()
    return notes


def _write_stdout(text: str) -> None:
    """UTF-8 bytes as they are: no newline translation (CSV needs its CRLF), whatever the locale."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _import_report(summary: ImportSummary, source: str, *, replaced: bool) -> str:
    roles = plural(summary.roles, "role")
    responsibilities = plural(summary.responsibilities, "responsibility note", "responsibility notes")
    how = "replaced all notes" if replaced else "merged; where both had a note, the newer one won"
    report = f"imported {roles} and {responsibilities} from {source} ({how})"
    if summary.orphaned_roles:
        orphans = plural(summary.orphaned_roles, "role")
        report += f"\n{orphans} not in the role catalog; kept as orphaned notes"
    return report
