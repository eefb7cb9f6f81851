"""``finops-tui export`` and ``finops-tui import``: options, exit codes, files, round trips."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import notes_documents

from finops_tui.catalog.loader import load_catalog
from finops_tui.cli import main
from finops_tui.core.models import NotesDocument, ResponsibilityNote, RoleNotes
from finops_tui.exchange.export import CSV_COLUMNS, NO_NOTES_MESSAGE, ORPHANED_MARKER
from finops_tui.notes.file import NotesFile

EARLY = datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
LATER = datetime(2024, 4, 3, 17, 45, 12, tzinfo=UTC)
LATEST = datetime(2024, 4, 9, 8, 0, tzinfo=UTC)

# Real ids from the bundled catalog, read from it so the tests follow its wording.
CATALOG = load_catalog()
PRACTITIONER = CATALOG.role("finops-practitioner")
FIRST_RESPONSIBILITY, SECOND_RESPONSIBILITY = (
    responsibility.id for responsibility in PRACTITIONER.responsibilities[:2]
)
FINANCE_RESPONSIBILITY = CATALOG.role("finance").responsibilities[0].id


def seed_notes() -> NotesDocument:
    return NotesDocument(
        roles={
            "finops-practitioner": RoleNotes(
                held=True,
                note='Multi-line\r\nnote, with "quotes" | pipes\n# and ünïcödé \x1b[31m',
                updated_at=EARLY,
                responsibilities={
                    FIRST_RESPONSIBILITY: ResponsibilityNote(
                        raci="R", note='=HYPERLINK("x")', updated_at=EARLY
                    ),
                    SECOND_RESPONSIBILITY: ResponsibilityNote(raci="A", updated_at=LATER),
                    "retired-duty": ResponsibilityNote(note="old", updated_at=EARLY),
                },
            ),
            "finance": RoleNotes(
                responsibilities={FINANCE_RESPONSIBILITY: ResponsibilityNote(raci="C", updated_at=EARLY)}
            ),
            "retired-role": RoleNotes(held=True, note="kept", updated_at=EARLY),
        }
    )


def store(directory: Path, document: NotesDocument) -> None:
    """Put ``document`` in ``directory``'s notes file, through the notes module as the app does."""
    NotesFile.open(directory).import_document(document, replace=True)


def stored(directory: Path) -> NotesDocument:
    return NotesFile.open(directory).document


@pytest.fixture
def seeded(config_dir: Path) -> Path:
    store(config_dir, seed_notes())
    return config_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def without_exported_at(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "exported_at" not in line)


# ---------------------------------------------------------------------------------------------
# export


def test_default_is_markdown_on_stdout(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "export")
    assert status == 0 and err == ""
    assert out.startswith("# FinOps role notes\n")
    assert f"## {PRACTITIONER.name}" in out
    assert f"## `retired-role` {ORPHANED_MARKER}" in out
    assert "\x1b" not in out


def test_json_on_stdout(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "json")
    assert status == 0
    payload = json.loads(out)
    assert [role["id"] for role in payload["roles"]] == [
        "finops-practitioner",
        "finance",
        "retired-role",
    ]
    assert payload["roles"][0]["note"] == seed_notes().roles["finops-practitioner"].note


def test_csv_on_stdout_keeps_its_crlf(seeded: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--format", "csv"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(",".join(CSV_COLUMNS).encode() + b"\r\n")
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    first_responsibility = next(row for row in rows if row[2] == FIRST_RESPONSIBILITY)
    assert first_responsibility[5] == '\'=HYPERLINK("x")'


def test_toml_on_stdout(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "toml")
    assert status == 0
    assert tomllib.loads(out)["roles"]["retired-role"]["orphaned"] is True


def test_output_file(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes-out.json"
    target.write_text("old content")
    status, out, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert status == 0 and out == ""
    assert err == f"wrote {target}\n"
    assert json.loads(target.read_text())["schema_version"] == 1


def test_dash_means_stdout(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "-o", "-")
    assert status == 0 and out.startswith("# FinOps role notes")


def test_source_date_epoch_makes_exports_reproducible(
    seeded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714564800")
    _, first, _ = run(capsys, "export", "--format", "json")
    _, second, _ = run(capsys, "export", "--format", "json")
    assert first == second
    assert json.loads(first)["exported_at"] == "2024-05-01T12:00:00+00:00"


def test_role_filter_is_repeatable(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "json", "--role", "retired-role", "--role", "finance")
    assert status == 0
    assert [role["id"] for role in json.loads(out)["roles"]] == ["finance", "retired-role"]


def test_held_only(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "json", "--held-only")
    assert status == 0
    assert [role["id"] for role in json.loads(out)["roles"]] == [
        "finops-practitioner",
        "retired-role",
    ]


def test_unknown_role(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "export", "--role", "finanse")
    assert status == 2 and out == ""
    assert err == "finops-tui: unknown role 'finanse' (did you mean 'finance'?)\n"


def test_unknown_format_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "--format", "yaml"])
    assert exited.value.code == 2


@pytest.mark.parametrize("format_name", ["markdown", "json", "csv", "toml"])
def test_no_notes_is_a_valid_document_and_exit_0(
    config_dir: Path, capsys: pytest.CaptureFixture[str], format_name: str
) -> None:
    status, out, err = run(capsys, "export", "--format", format_name)
    assert status == 0 and err == ""
    if format_name in ("markdown", "toml"):
        assert NO_NOTES_MESSAGE in out
    if format_name == "json":
        assert json.loads(out)["roles"] == []
    if format_name == "csv":
        assert out.splitlines() == [",".join(CSV_COLUMNS)]
    assert not config_dir.exists()  # exporting creates nothing in the config dir


def test_never_writes_onto_the_notes_file(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes_file = seeded / "notes.toml"
    before = notes_file.read_bytes()
    status, _, err = run(capsys, "export", "-o", str(notes_file))
    assert status == 2
    assert "this is the notes file itself" in err
    assert notes_file.read_bytes() == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("{tmp}", "is a directory; give a file name"),
        ("{tmp}/missing/out.md", "the directory {tmp}/missing does not exist"),
        ("{tmp}/a-file/out.md", "{tmp}/a-file is not a directory"),
    ],
)
def test_bad_output_paths(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    status, out, err = run(capsys, "export", "-o", target.format(tmp=tmp_path))
    assert status == 2 and out == ""
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err


def test_unwritable_output_is_a_runtime_failure(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, which ignores permissions; the refusal is simulated instead.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    target = tmp_path / "out.md"
    status, _, err = run(capsys, "export", "-o", str(target))
    assert status == 1
    assert err == f"finops-tui: {target}: cannot write: permission denied\n"
    assert not target.exists()


def test_orphans_follow_the_catalog_given_with_data(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlay = tmp_path / "org.toml"
    overlay.write_text(
        '[[roles]]\nid = "cloud-analyst"\nname = "Cloud analyst"\nkind = "core"\nsummary = "Reads bills"\n'
    )
    store(config_dir, NotesDocument(roles={"cloud-analyst": RoleNotes(held=True, updated_at=EARLY)}))
    _, plain, _ = run(capsys, "export", "--format", "json")
    _, with_data, _ = run(capsys, "--data", str(overlay), "export", "--format", "json")
    assert json.loads(plain)["roles"][0]["orphaned"] is True
    assert json.loads(with_data)["roles"][0]["name"] == "Cloud analyst"


def test_a_corrupt_notes_file_is_reported_and_export_still_works(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_text("this is not toml")
    status, out, err = run(capsys, "export")
    assert status == 0
    assert NO_NOTES_MESSAGE in out
    assert err.startswith("finops-tui: notes.toml could not be read")


# ---------------------------------------------------------------------------------------------
# import


def write_json(path: Path, document: dict[str, object]) -> Path:
    path.write_text(json.dumps(document))
    return path


def export_file(capsys: pytest.CaptureFixture[str], format_name: str, path: Path) -> Path:
    assert main(["export", "--format", format_name, "-o", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("format_name", ["json", "toml"])
def test_round_trip_through_an_empty_config_dir(
    seeded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    format_name: str,
) -> None:
    first = export_file(capsys, format_name, tmp_path / f"first.{format_name}")
    monkeypatch.setenv("FINOPS_TUI_CONFIG_DIR", str(tmp_path / "empty-config"))
    status, out, _ = run(capsys, "import", str(first), "--replace")
    assert status == 0
    assert "there were no notes before, so no backup was needed" in out
    second = export_file(capsys, format_name, tmp_path / f"second.{format_name}")
    assert without_exported_at(second.read_text()) == without_exported_at(first.read_text())
    assert stored(tmp_path / "empty-config") == stored(seeded)


def test_merge_keeps_the_newer_annotation(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incoming = {
        "schema_version": 1,
        "roles": [
            {
                "id": "finops-practitioner",
                "held": False,
                "note": "older role note: loses",
                "updated_at": "2024-01-01T00:00:00+00:00",
                "responsibilities": [
                    {
                        "id": FIRST_RESPONSIBILITY,
                        "raci": "I",
                        "note": "newer: wins",
                        "updated_at": LATEST.isoformat(),
                    },
                    {
                        "id": SECOND_RESPONSIBILITY,
                        "raci": "C",
                        "note": "older: loses",
                        "updated_at": EARLY.isoformat(),
                    },
                ],
            },
            {"id": "engineering", "held": True, "updated_at": LATEST.isoformat()},
        ],
    }
    status, out, _ = run(capsys, "import", str(write_json(tmp_path / "in.json", incoming)))
    assert status == 0
    assert out.startswith("imported 2 roles and 2 responsibility notes from ")
    assert "(merged; where both had a note, the newer one won)" in out
    notes = stored(seeded)
    practitioner = notes.roles["finops-practitioner"]
    assert practitioner.held is True and practitioner.note.startswith("Multi-line")
    assert practitioner.responsibilities[FIRST_RESPONSIBILITY].note == "newer: wins"
    assert practitioner.responsibilities[SECOND_RESPONSIBILITY].raci == "A"
    assert "retired-duty" in practitioner.responsibilities  # only here: kept
    assert notes.roles["engineering"].held is True
    assert "retired-role" in notes.roles
    assert list(seeded.glob("notes.toml.backup-*")) == []


def test_replace_writes_a_backup_and_prints_its_path(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (seeded / "notes.toml").read_bytes()
    incoming = {"schema_version": 1, "roles": [{"id": "itam", "held": True}]}
    status, out, _ = run(capsys, "import", str(write_json(tmp_path / "in.json", incoming)), "--replace")
    assert status == 0
    assert "(replaced all notes)" in out
    (backup,) = seeded.glob("notes.toml.backup-*")
    assert f"the previous notes were backed up to {backup}" in out
    assert backup.read_bytes() == before
    assert list(stored(seeded).roles) == ["itam"]


def test_import_reports_orphans(config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    incoming = {"schema_version": 1, "roles": [{"id": "gone-role", "note": "x"}]}
    status, out, _ = run(capsys, "import", str(write_json(tmp_path / "in.json", incoming)))
    assert status == 0
    assert "1 role not in the role catalog; kept as orphaned notes" in out


@pytest.mark.parametrize("replace", [False, True])
def test_a_bad_file_changes_nothing_and_lists_every_problem(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], replace: bool
) -> None:
    before = sorted((p.name, p.read_bytes()) for p in seeded.iterdir())
    bad = {
        "schema_version": 1,
        "roles": [
            {"id": "finance", "held": "yes"},
            {"id": "itam", "responsibilities": [{"id": "x", "raci": "Q"}]},
        ],
    }
    path = write_json(tmp_path / "bad.json", bad)
    status, out, err = run(capsys, "import", str(path), *(["--replace"] if replace else []))
    assert status == 2 and out == ""
    assert err.splitlines() == [
        "finops-tui: nothing was imported; 3 problems found:",
        f"{path}: roles[0].held: expected true or false",
        f"{path}: roles[1].responsibilities[0].raci: 'Q' is not a RACI letter (use R, A, C, I)",
        f"{path}: roles[1].responsibilities[0].updated_at: missing field 'updated_at'",
    ]
    assert sorted((p.name, p.read_bytes()) for p in seeded.iterdir()) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "no such file"),
        ("notes.md", "# x", "Markdown exports cannot be imported"),
        ("broken.toml", "[roles", "invalid TOML"),
    ],
)
def test_unreadable_import_files(
    config_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    status, _, err = run(capsys, "import", str(path))
    assert status == 2
    assert err.startswith("finops-tui: nothing was imported; 1 problem found:\n")
    assert message in err
    assert not config_dir.exists()


def test_import_when_notes_cannot_be_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_dir = tmp_path / "config-file"
    not_a_dir.write_text("")
    source = write_json(tmp_path / "in.json", {"schema_version": 1, "roles": []})
    status, out, err = run(capsys, "--config-dir", str(not_a_dir), "import", str(source))
    assert status == 1 and out == ""
    assert "is a file, not a directory" in err
    assert err.endswith("finops-tui: nothing was imported: the notes cannot be saved\n")


def test_import_save_failure_is_a_runtime_failure(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (seeded / "notes.toml").read_bytes()
    source = write_json(tmp_path / "in.json", {"schema_version": 1, "roles": [{"id": "itam", "held": True}]})

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("finops_tui.notes.file.atomic_write", disk_full)
    status, _, err = run(capsys, "import", str(source))
    assert status == 1
    assert "nothing was imported" in err and "the disk is full" in err
    assert (seeded / "notes.toml").read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Round trips of generated notes, through the real notes file


documents = notes_documents(
    ["finops-practitioner", "finance", "itam", "gone-role"],
    [FIRST_RESPONSIBILITY, SECOND_RESPONSIBILITY, FINANCE_RESPONSIBILITY, "gone-duty"],
    max_roles=3,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=documents, format_name=st.sampled_from(["json", "toml"]))
def test_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    document: NotesDocument,
    format_name: str,
) -> None:
    base = tmp_path_factory.mktemp("round-trip")
    source_config, target_config = base / "source", base / "target"
    store(source_config, document)
    monkeypatch.setenv("FINOPS_TUI_CONFIG_DIR", str(source_config))
    first = export_file(capsys, format_name, base / f"first.{format_name}")
    monkeypatch.setenv("FINOPS_TUI_CONFIG_DIR", str(target_config))
    assert main(["import", str(first), "--replace"]) == 0
    second = export_file(capsys, format_name, base / f"second.{format_name}")
    assert without_exported_at(second.read_text()) == without_exported_at(first.read_text())


# ---------------------------------------------------------------------------------------------
# The real entry point: exit codes and no traceback


def cli(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "finops_tui", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        check=False,
    )


def test_entry_point_round_trip_and_bad_file(seeded: Path, tmp_path: Path) -> None:
    env = {"FINOPS_TUI_CONFIG_DIR": str(seeded), "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    exported = cli("export", "--format", "json", env=env)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["roles"][0]["id"] == "finops-practitioner"
    markdown = cli("export", env=env)  # non-ASCII notes on an ASCII terminal: still UTF-8 out
    assert markdown.returncode == 0 and "ünïcödé" in markdown.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 'one'\n")
    imported = cli("import", str(bad), env=env)
    assert imported.returncode == 2
    assert "Traceback" not in imported.stderr
    assert "schema_version: expected a whole number" in imported.stderr


# -- who made the export ------------------------------------------------------------------------


def test_export_carries_the_name_setting_and_the_catalog(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from finops_tui.catalog.fingerprint import catalog_fingerprint

    (seeded / "config.toml").write_text('# mine\nname = "Ana Silva"\n', encoding="utf-8")
    status, out, _ = run(capsys, "export", "--format", "json")
    assert status == 0
    exported = json.loads(out)
    assert exported["person"] == "Ana Silva"
    assert exported["catalog"] == catalog_fingerprint(CATALOG)
    status, out, _ = run(capsys, "export", "--format", "toml", "--person", "Bo Chen")
    assert tomllib.loads(out)["person"] == "Bo Chen"


def test_export_without_a_name_has_no_person(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "json")
    assert status == 0 and "person" not in json.loads(out)


def test_export_person_must_be_a_name(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", "--person", " ")[0] == 2
    status, _, err = run(capsys, "export", "--person", "x" * 10_000)
    assert status == 2 and err.count("\n") == 1 and "at most 200" in err


def test_letters_only_export_has_no_note_text(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for format_name in ("json", "toml", "csv", "markdown"):
        status, out, _ = run(capsys, "export", "--format", format_name, "--letters-only")
        assert status == 0
        assert "HYPERLINK" not in out and "Multi-line" not in out and "kept" not in out
    status, out, _ = run(capsys, "export", "--format", "json", "--letters-only")
    roles = {role["id"]: role for role in json.loads(out)["roles"]}
    assert roles["finops-practitioner"]["held"] is True
    letters = [duty["raci"] for duty in roles["finops-practitioner"]["responsibilities"]]
    assert letters == ["R", "A"]


def test_an_export_with_person_and_catalog_imports(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ana.json"
    assert run(capsys, "export", "--format", "json", "--person", "Ana", "-o", str(target))[0] == 0
    status, out, _ = run(capsys, "import", str(target))
    assert status == 0 and out.startswith("imported ")
