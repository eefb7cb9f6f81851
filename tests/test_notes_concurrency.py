"""Two processes editing the same notes file at once lose neither's edits.

Each worker makes 200 different edits (its own responsibility ids) through NotesFile, as two
running apps would, or as an app and ``finops-tui import`` would; every save takes the lock,
re-reads what the other wrote and applies its own change on top.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from workers import start_worker

from finops_tui.notes.file import NotesFile

pytestmark = pytest.mark.slow

EDITS_PER_WORKER = 200
ROLE_ID = "finops-practitioner"


def start_editor(config_dir: Path, mode: str, prefix: str) -> subprocess.Popen[str]:
    return start_worker(config_dir, mode, prefix, str(EDITS_PER_WORKER), stdin=True)


@pytest.mark.parametrize(
    "modes", [("edits", "edits"), ("edits", "imports")], ids=["two-apps", "app-and-import"]
)
def test_two_processes_editing_at_once_lose_nothing(config_dir: Path, modes: tuple[str, str]) -> None:
    prefixes = ("first", "second")
    workers = [start_editor(config_dir, mode, prefix) for mode, prefix in zip(modes, prefixes, strict=True)]
    for worker in workers:  # both are loaded and waiting: let them go together
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        output, errors = worker.communicate(timeout=120)
        assert (worker.returncode, output) == (0, "done\n"), errors
    notes = NotesFile.open(config_dir)
    assert notes.messages == []
    expected = {f"{prefix}-{number}" for prefix in prefixes for number in range(EDITS_PER_WORKER)}
    assert set(notes.document.roles[ROLE_ID].responsibilities) == expected
