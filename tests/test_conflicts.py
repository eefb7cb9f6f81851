"""Two copies, or an old export, never silently undo someone's edit (review findings F7, F8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.notes.changes import SetRaci, SetResponsibilityNote
from finops_tui.notes.file import NotesFile

ROLE = "finops-practitioner"
DUTY = "define-allocation-standards"
EARLIER = datetime(2026, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("export_format", ["json", "toml"])
def test_a_merge_import_does_not_bring_back_what_was_deleted_after_the_export(
    config_dir: Path, tmp_path: Path, export_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = NotesFile.open(config_dir)
    notes.apply(SetRaci(ROLE, DUTY, "R", EARLIER))
    notes.apply(SetResponsibilityNote(ROLE, DUTY, "old note", EARLIER))
    export = tmp_path / f"old.{export_format}"
    assert main(["export", "--format", export_format, "-o", str(export)]) == 0
    # Then cleared in the app: the note and the letter.
    notes.apply(SetResponsibilityNote(ROLE, DUTY, "", LATER))
    notes.apply(SetRaci(ROLE, DUTY, None, LATER))
    assert main(["import", str(export)]) == 0
    capsys.readouterr()
    after = NotesFile.open(config_dir).document.roles[ROLE].responsibilities.get(DUTY)
    assert after is None or after.is_empty
    # The deletion marker is kept with its time, in a file an older finops-tui reads too.
    assert after is not None and after.updated_at == LATER
