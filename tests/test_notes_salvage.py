"""One bad value in a hand-edited notes.toml costs one entry, not the file (review finding F12).

The entry is left out or repaired with a message naming it; the file is moved aside only when
it cannot be parsed at all; read-only commands never move or rewrite it; the first save over a
file with entries left out keeps a copy of it first.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.core.models import NOTE_MAX_LENGTH
from finops_tui.notes.changes import SetHeld
from finops_tui.notes.file import NotesFile
from finops_tui.notes.format import parse_notes_file

ROLE = "finops-practitioner"
DUTY = "define-allocation-standards"
OTHER_DUTY = "agree-shared-cost-splits"
T0 = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)

GOOD_PART = f"""\
[roles.finance]
held = true
note = "keep me"
updated_at = 2026-11-27T09:30:00Z

[roles.{ROLE}.responsibilities.{OTHER_DUTY}]
raci = "A"
note = "keep me too"
updated_at = 2026-11-27T09:30:00Z
"""

BAD_ENTRIES = {
    "lowercase-letter": (
        f'[roles.{ROLE}.responsibilities.{DUTY}]\nraci = "r"\nupdated_at = 2026-11-27T09:30:00Z\n',
        f"roles.{ROLE}.responsibilities.{DUTY}.raci: 'r' read as 'R'",
    ),
    "note-not-text": (
        f"[roles.{ROLE}.responsibilities.{DUTY}]\nnote = 5\nupdated_at = 2026-11-27T09:30:00Z\n",
        f"roles.{ROLE}.responsibilities.{DUTY}: note: input should be a valid string; left out",
    ),
    "missing-time": (
        f'[roles.{ROLE}.responsibilities.{DUTY}]\nraci = "C"\n',
        f"roles.{ROLE}.responsibilities.{DUTY}.updated_at: missing; set to ",
    ),
    "role-note-not-text": (
        f"[roles.{ROLE}]\nnote = 5\n",
        f"roles.{ROLE}: note: input should be a valid string; the role's own note and hold were left out",
    ),
    "unknown-field": (
        f"[roles.{ROLE}]\nheld = true\ncolour = 'red'\n",
        f"roles.{ROLE}.colour: not a notes field; left out",
    ),
    "bad-id": ('[roles."Bad Id"]\nheld = true\n', "roles.Bad Id: not a valid id"),
    "note-too-long": (
        f'[roles.{ROLE}]\nnote = "{"x" * (NOTE_MAX_LENGTH + 1)}"\n',
        f"roles.{ROLE}: note: the note is too long",
    ),
}


def write(config_dir: Path, text: str) -> Path:
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "notes.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", BAD_ENTRIES)
def test_one_bad_value_costs_its_entry_only_and_is_named(config_dir: Path, name: str) -> None:
    bad, message = BAD_ENTRIES[name]
    path = write(config_dir, f"schema_version = 1\n\n{GOOD_PART}\n{bad}")
    notes = NotesFile.open(config_dir)
    assert list(config_dir.glob("notes.toml.corrupt-*")) == []
    assert notes.can_save
    roles = notes.document.roles
    assert roles["finance"].note == "keep me" and roles["finance"].held
    assert roles[ROLE].responsibilities[OTHER_DUTY].note == "keep me too"
    [said] = notes.messages
    assert said.startswith("notes.toml: ")
    assert message in said
    assert "\n" not in said
    assert path.read_text(encoding="utf-8").endswith(bad)  # nothing written at open


def test_a_lowercase_letter_is_read_as_the_capital() -> None:
    data = f'[roles.{ROLE}.responsibilities.{DUTY}]\nraci = "a"\nupdated_at = 2026-11-27T09:30:00Z\n'
    parsed = parse_notes_file(data.encode(), "notes.toml")
    assert parsed.document.roles[ROLE].responsibilities[DUTY].raci == "A"


def test_a_missing_time_is_the_time_the_file_was_changed(config_dir: Path) -> None:
    path = write(config_dir, f'[roles.{ROLE}.responsibilities.{DUTY}]\nraci = "C"\n')
    os.utime(path, (T0.timestamp(), T0.timestamp()))
    note = NotesFile.open(config_dir).document.roles[ROLE].responsibilities[DUTY]
    assert note.raci == "C"
    assert note.updated_at == T0


def test_the_first_save_keeps_a_copy_of_the_file_as_it_was(config_dir: Path) -> None:
    bad, _ = BAD_ENTRIES["note-not-text"]
    original = f"schema_version = 1\n\n{GOOD_PART}\n{bad}"
    write(config_dir, original)
    notes = NotesFile.open(config_dir)
    notes.apply(SetHeld("engineering", True, T0))
    [copy] = config_dir.glob("notes.toml.backup-*")
    assert copy.read_text(encoding="utf-8") == original
    assert any(str(copy) in message for message in notes.messages)
    notes.apply(SetHeld("product", True, T0))
    assert len(list(config_dir.glob("notes.toml.backup-*"))) == 1  # once, not at every save
    reread = NotesFile.open(config_dir)
    assert reread.messages == []
    assert reread.document.roles["finance"].note == "keep me"


def test_a_file_that_cannot_be_parsed_is_still_moved_aside(config_dir: Path) -> None:
    write(config_dir, "schema_version = 1\n[roles.a\n")
    NotesFile.open(config_dir)
    assert len(list(config_dir.glob("notes.toml.corrupt-*"))) == 1


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "json"], ["paths"], ["list"]])
def test_read_only_commands_never_move_or_rewrite_the_file(
    config_dir: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    unparsable = "schema_version = 1\n[roles.a\n"
    one_bad_value = f"schema_version = 1\n{GOOD_PART}\n[roles.{ROLE}]\nnote = 5\n"
    for text in (unparsable, one_bad_value):
        path = write(config_dir, text)
        before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(config_dir)))
        assert main(command) == 0
        assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(config_dir))) == before
        capsys.readouterr()


def test_export_reports_an_unparsable_file_and_leaves_it(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(config_dir, "schema_version = 1\n[roles.a\n")
    assert main(["export"]) == 0
    err = capsys.readouterr().err
    assert "notes.toml could not be read (line 2, column 9" in err
    assert "it was left as it is" in err


def test_export_still_exports_the_good_entries(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(config_dir, f"schema_version = 1\n{GOOD_PART}\n[roles.{ROLE}]\nnote = 5\n")
    assert main(["export"]) == 0
    out, err = capsys.readouterr()
    assert "keep me" in out and "keep me too" in out
    assert f"roles.{ROLE}: note: input should be a valid string" in err
