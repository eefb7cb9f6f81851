"""A separate process that edits notes, for the crash and concurrency tests (not a test module).

    python notes_worker.py DIR crash PREFIX          save forever; print each number once saved
    python notes_worker.py DIR edits PREFIX COUNT    wait for a line on stdin, make COUNT edits
    python notes_worker.py DIR imports PREFIX COUNT  the same, each edit merged in as an import

Each edit gives the responsibility ``<PREFIX>-<n>`` of role ``finops-practitioner`` the letter R.
"""

from __future__ import annotations

import itertools
import sys
from datetime import UTC, datetime
from pathlib import Path

from finops_tui.core.models import NotesDocument
from finops_tui.notes.changes import SetRaci, apply_change
from finops_tui.notes.file import NotesFile

ROLE_ID = "finops-practitioner"


def change(prefix: str, number: int) -> SetRaci:
    return SetRaci(ROLE_ID, f"{prefix}-{number}", "R", datetime.now(UTC))


def edit(notes: NotesFile, prefix: str, number: int) -> None:
    notes.apply(change(prefix, number))


def import_one(notes: NotesFile, prefix: str, number: int) -> None:
    notes.import_document(apply_change(NotesDocument(), change(prefix, number)), replace=False)


def save_forever(notes: NotesFile, prefix: str) -> None:
    for number in itertools.count():
        edit(notes, prefix, number)
        # Printed only after apply() returned: the test trusts every printed number is on disk.
        print(number, flush=True)


def make_edits(notes: NotesFile, prefix: str, count: int, *, by_import: bool) -> None:
    sys.stdin.readline()  # start together with the other worker
    for number in range(count):
        (import_one if by_import else edit)(notes, prefix, number)
    print("done", flush=True)


def main(arguments: list[str]) -> None:
    directory, mode, prefix, *rest = arguments
    notes = NotesFile.open(Path(directory))
    if not notes.can_save:
        raise SystemExit(f"cannot save: {notes.messages}")
    print("ready", flush=True)
    if mode == "crash":
        save_forever(notes, prefix)
    else:
        make_edits(notes, prefix, int(rest[0]), by_import=mode == "imports")


if __name__ == "__main__":
    main(sys.argv[1:])
