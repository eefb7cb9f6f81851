"""The notes: pure changes and merging, the notes.toml format, and the file that never loses them.

No Textual here. Faults (full disk, permission denied, corrupt files, newer versions) are
injected with monkeypatch, so every path runs even as root; the crash and two-process tests
live in test_notes_crash.py and test_notes_concurrency.py.
"""

from __future__ import annotations

import copy
import errno
import os
import stat
import tempfile
import threading
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from functools import reduce
from pathlib import Path

import pytest
import tomli_w
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from finops_tui.core import fileio
from finops_tui.core.models import (
    NOTE_MAX_LENGTH,
    NOTES_SCHEMA_VERSION,
    NotesDocument,
    ResponsibilityNote,
    RoleNotes,
)
from finops_tui.notes import file as notes
from finops_tui.notes import schema
from finops_tui.notes.changes import (
    NoteChange,
    SetHeld,
    SetRaci,
    SetResponsibilityNote,
    SetRoleNote,
    apply_change,
    merge_documents,
)
from finops_tui.notes.errors import NewerNotesSchemaError, NotesError, NotesFormatError
from finops_tui.notes.file import NotesFile
from finops_tui.notes.format import _document_as_written, dump_notes, parse_notes, parse_notes_bytes

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ROLE = "finops-practitioner"
DUTY = "cost-allocation"


def permission_bits_are_enforced() -> bool:
    """False for root (it writes into a 0500 directory anyway) and on Windows."""
    if os.name == "nt":
        return False
    with tempfile.TemporaryDirectory() as directory:
        locked = Path(directory) / "locked"
        locked.mkdir(mode=0o500)
        try:
            (locked / "probe").touch()
        except PermissionError:
            return True
        finally:
            locked.chmod(0o700)
        return False


SKIP_PERMISSION_BITS = pytest.mark.skipif(
    not permission_bits_are_enforced(),
    reason="running as root (or on Windows), where permission bits do not stop writes; "
    "the monkeypatched EACCES tests cover the same path",
)

# Every one of these must survive a save and a re-read unchanged.
HOSTILE_NOTES = [
    "windows\r\nline endings\r\n",
    "a lone\rcarriage return",
    "title \x1b]0;pwned\x07 and clear \x1b[2J",
    "emoji 🧾💸 and RTL שלום عليكم",
    "[red]x[/red] [@click=app.quit]quit[/] [link='https://evil.example']y[/link]",
    "quotes \" ' \"\"\" ''' and backslashes \\ \\n \\u0041",
    "NUL \x00 DEL \x7f C1 \x9b bidi \u202e",
    "",
    " \t leading and trailing whitespace \t ",
    "x" * NOTE_MAX_LENGTH,
]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def build(*changes: NoteChange) -> NotesDocument:
    return reduce(apply_change, changes, NotesDocument())


def responsibility(document: NotesDocument, role_id: str, responsibility_id: str) -> ResponsibilityNote:
    return document.roles[role_id].responsibilities[responsibility_id]


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob(".notes.toml.*.tmp"))


def saved_file(config_dir: Path, *changes: NoteChange) -> bytes:
    """notes.toml written by a NotesFile with ``changes``; returns its bytes."""
    store = NotesFile.open(config_dir)
    for change in changes:
        store.apply(change)
    return store.path.read_bytes()


# ---------------------------------------------------------------------------------------------
# apply_change


def test_set_held_creates_the_role_and_stamps_it_without_touching_the_input() -> None:
    empty = NotesDocument()
    document = apply_change(empty, SetHeld(ROLE, True, T0))
    assert document.roles[ROLE] == RoleNotes(held=True, updated_at=T0)
    assert empty.roles == {}


def test_role_note_and_held_share_the_role_timestamp() -> None:
    document = build(SetHeld(ROLE, True, at(0)), SetRoleNote(ROLE, "mine", at(5)))
    assert document.roles[ROLE].held is True
    assert document.roles[ROLE].note == "mine"
    assert document.roles[ROLE].updated_at == at(5)


def test_a_role_left_with_nothing_keeps_a_deletion_marker() -> None:
    document = build(SetHeld(ROLE, True, at(0)), SetRoleNote(ROLE, "x", at(1)))
    document = apply_change(document, SetHeld(ROLE, False, at(2)))
    assert document.roles[ROLE].note == "x"
    document = apply_change(document, SetRoleNote(ROLE, "", at(3)))
    # Empty, with the time it was emptied: an older copy merged later cannot bring it back.
    assert document.roles == {ROLE: RoleNotes(updated_at=at(3))}


def test_raci_and_note_of_a_responsibility_are_kept_separately_and_stamped() -> None:
    document = build(SetRaci(ROLE, DUTY, "A", at(1)), SetResponsibilityNote(ROLE, DUTY, "why", at(2)))
    assert responsibility(document, ROLE, DUTY) == ResponsibilityNote(raci="A", note="why", updated_at=at(2))
    # Responsibility changes do not stamp the role's own fields.
    assert document.roles[ROLE].updated_at is None
    document = apply_change(document, SetRaci(ROLE, DUTY, None, at(3)))
    assert responsibility(document, ROLE, DUTY) == ResponsibilityNote(raci=None, note="why", updated_at=at(3))


def test_a_responsibility_left_with_nothing_keeps_a_deletion_marker() -> None:
    document = build(SetRaci(ROLE, DUTY, "R", at(1)), SetRaci(ROLE, "budgeting", "C", at(1)))
    document = apply_change(document, SetRaci(ROLE, DUTY, None, at(2)))
    assert responsibility(document, ROLE, DUTY) == ResponsibilityNote(updated_at=at(2))
    assert responsibility(document, ROLE, "budgeting").raci == "C"


def test_times_are_stored_in_utc() -> None:
    tokyo = timezone(timedelta(hours=9))
    document = build(SetHeld(ROLE, True, datetime(2026, 1, 2, 12, 4, 5, tzinfo=tokyo)))
    assert document.roles[ROLE].updated_at == T0
    assert document.roles[ROLE].updated_at.tzinfo is UTC


@pytest.mark.parametrize(
    "change",
    [
        SetHeld("Not Kebab", True, T0),
        SetRaci(ROLE, "bad id", "R", T0),
        SetRaci(ROLE, DUTY, "X", T0),  # type: ignore[arg-type]
        SetHeld(ROLE, True, datetime(2026, 1, 1)),
        SetRoleNote(ROLE, "broken paste \ud800", T0),
        SetResponsibilityNote(ROLE, DUTY, "x" * (NOTE_MAX_LENGTH + 1), T0),
    ],
    ids=["role-id", "duty-id", "letter", "naive-time", "surrogate", "too-long"],
)
def test_changes_that_could_not_be_read_back_are_refused(change: NoteChange) -> None:
    with pytest.raises(ValueError):
        apply_change(NotesDocument(), change)


# ---------------------------------------------------------------------------------------------
# merge_documents


def test_merge_takes_the_newer_side_of_each_annotation() -> None:
    current = build(
        SetRaci(ROLE, "old-here", "R", at(1)),
        SetRaci(ROLE, "new-here", "A", at(9)),
        SetHeld(ROLE, True, at(9)),
    )
    incoming = build(
        SetRaci(ROLE, "old-here", "C", at(5)),
        SetRaci(ROLE, "new-here", "I", at(5)),
        SetRoleNote(ROLE, "theirs", at(5)),
    )
    merged = merge_documents(current, incoming)
    assert responsibility(merged, ROLE, "old-here").raci == "C"
    assert responsibility(merged, ROLE, "new-here").raci == "A"
    # held and note travel together: the newer role-level annotation (ours) wins as a whole.
    assert (merged.roles[ROLE].held, merged.roles[ROLE].note) == (True, "")


def test_merge_keeps_annotations_found_on_one_side_only() -> None:
    current = build(SetRaci(ROLE, "ours", "R", at(1)), SetHeld("engineering", True, at(1)))
    incoming = build(SetRaci(ROLE, "theirs", "C", at(1)), SetHeld("retired-role", True, at(1)))
    merged = merge_documents(current, incoming)
    assert set(merged.roles) == {ROLE, "engineering", "retired-role"}
    assert set(merged.roles[ROLE].responsibilities) == {"ours", "theirs"}


def test_merge_keeps_current_on_a_tie_and_leaves_its_inputs_alone() -> None:
    current = build(SetRaci(ROLE, DUTY, "R", at(1)))
    incoming = build(SetRaci(ROLE, DUTY, "I", at(1)))
    before = (copy.deepcopy(current), copy.deepcopy(incoming))
    assert responsibility(merge_documents(current, incoming), ROLE, DUTY).raci == "R"
    assert (current, incoming) == before


def test_a_newer_empty_annotation_acts_as_a_deletion() -> None:
    current = build(SetRaci(ROLE, DUTY, "R", at(1)))
    emptied = NotesDocument(
        roles={ROLE: RoleNotes(responsibilities={DUTY: ResponsibilityNote(updated_at=at(2))})}
    )
    merged = merge_documents(current, emptied)
    assert responsibility(merged, ROLE, DUTY) == ResponsibilityNote(updated_at=at(2))


def test_a_deletion_marker_keeps_an_older_annotation_from_coming_back() -> None:
    older = build(SetRaci(ROLE, DUTY, "R", at(1)), SetRoleNote(ROLE, "old", at(1)))
    deleted = reduce(apply_change, [SetRaci(ROLE, DUTY, None, at(2)), SetRoleNote(ROLE, "", at(2))], older)
    merged = merge_documents(deleted, older)
    assert responsibility(merged, ROLE, DUTY).is_empty
    assert merged.roles[ROLE].note == ""


def test_merge_compares_zoneless_and_zoned_times() -> None:
    current = build(SetRaci(ROLE, DUTY, "R", at(1)))
    naive = NotesDocument(
        roles={
            ROLE: RoleNotes(
                responsibilities={DUTY: ResponsibilityNote(raci="C", updated_at=at(2).replace(tzinfo=None))}
            )
        }
    )
    assert responsibility(merge_documents(current, naive), ROLE, DUTY).raci == "C"


# ---------------------------------------------------------------------------------------------
# parse_notes


HAND_WRITTEN = """\
# My FinOps notes, edited by hand.
schema_version = 1

[roles.finops-practitioner]
held = true
note = 'a literal string with a \\ backslash'
updated_at = 2026-01-02T03:04:05Z

[roles.finops-practitioner.responsibilities.cost-allocation]
raci = "A"
note = \"\"\"
two
lines\"\"\"
updated_at = 2026-01-02T05:04:05+02:00

[roles.retired-role.responsibilities.gone-duty]
raci = "I"
updated_at = 2026-01-02T03:04:05
"""


def test_a_hand_written_file_is_read_with_times_in_utc() -> None:
    document = parse_notes(HAND_WRITTEN, "notes.toml")
    assert document.roles[ROLE] == RoleNotes(
        held=True,
        note="a literal string with a \\ backslash",
        updated_at=T0,
        responsibilities={DUTY: ResponsibilityNote(raci="A", note="two\nlines", updated_at=T0)},
    )
    # A time without zone is taken as UTC, so it compares with the others.
    assert responsibility(document, "retired-role", "gone-duty").updated_at == T0


@pytest.mark.parametrize("text", ["", "\n  \n", "\ufeff", "\ufeffschema_version = 1\n", "schema_version = 1"])
def test_empty_text_a_bom_and_a_bare_version_are_empty_notes(text: str) -> None:
    assert parse_notes(text, "notes.toml") == NotesDocument()


def test_a_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + HAND_WRITTEN.encode()
    assert parse_notes_bytes(data, "notes.toml") == parse_notes(HAND_WRITTEN, "notes.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schema_version = 1\n\n[roles.a\n", "notes.toml: line 3, column 9: "),
        ('schema_version = 1\nx = "unterminated\n', "notes.toml: line 2, column 18: "),
        (
            "schema_version = 1\n[roles.a]\nheld = true\n[roles.a]\n",
            "notes.toml: line 4, column 9: invalid TOML: Cannot declare",
        ),
        (
            '[roles.finops-practitioner.responsibilities.cost-allocation]\nraci = "X"\n'
            "updated_at = 2026-01-01T00:00:00Z\n",
            "notes.toml: roles.finops-practitioner.responsibilities.cost-allocation.raci: "
            "input should be 'R', 'A', 'C' or 'I'",
        ),
        (
            "[roles.a.responsibilities.b]\nraci = 'R'\n",
            "notes.toml: roles.a.responsibilities.b.updated_at: field required",
        ),
        ('[roles."Bad Id"]\nheld = true\n', "notes.toml: roles: 'Bad Id' is not a valid id"),
        ("colour = 'red'\n", "notes.toml: colour: extra inputs are not permitted"),
        ("[roles.a]\nheld = 'maybe'\nnote = 3\n", "(and 1 more problem)"),
        ("schema_version = '1'\n", "notes.toml: schema_version: must be a whole number"),
        ("schema_version = 0\n", "notes.toml: schema_version 0 is not a notes format"),
    ],
    ids=[
        "unclosed-table",
        "unterminated-string",
        "duplicate-table",
        "bad-letter",
        "missing-time",
        "bad-id",
        "unknown-key",
        "counts-the-rest",
        "version-text",
        "version-zero",
    ],
)
def test_bad_text_raises_a_one_line_error_saying_where(text: str, expected: str) -> None:
    with pytest.raises(NotesFormatError) as caught:
        parse_notes(text, "notes.toml")
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert isinstance(caught.value, NotesError)


def test_hostile_keys_are_shown_harmlessly_in_errors() -> None:
    with pytest.raises(NotesError) as caught:
        parse_notes('[roles."\\u001b[2J\\nx"]\nheld = true\n', "notes.toml")
    assert "\x1b" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_invalid_utf8_names_the_line_and_byte() -> None:
    with pytest.raises(NotesFormatError, match=r"line 3: not valid UTF-8 text \(byte 0xFF\)"):
        parse_notes_bytes(b'schema_version = 1\n[roles.a]\nnote = "\xff"\n', "notes.toml")


def test_a_newer_schema_version_is_its_own_error() -> None:
    with pytest.raises(NewerNotesSchemaError, match="schema_version 2 is newer") as caught:
        parse_notes("schema_version = 2\nnew_field = true\n", "notes.toml")
    assert caught.value.version == 2


# ---------------------------------------------------------------------------------------------
# dump_notes


GOLDEN = """\
schema_version = 1

[roles.engineering.responsibilities.rightsizing]
raci = "C"
updated_at = 2026-01-02 03:04:05+00:00

[roles.finops-practitioner]
held = true
note = "Say \\"hi\\"\\r\\n"
updated_at = 2026-01-02 03:04:05+00:00

[roles.finops-practitioner.responsibilities.budgeting]
note = "x"
updated_at = 2026-01-02 03:04:05+00:00

[roles.finops-practitioner.responsibilities.cost-allocation]
raci = "R"
updated_at = 2026-01-02 03:04:05+00:00
"""


def test_dump_is_readable_sorted_by_id_and_leaves_missing_values_out() -> None:
    document = build(
        SetRaci(ROLE, DUTY, "R", T0),
        SetRaci("engineering", "rightsizing", "C", T0),
        SetResponsibilityNote(ROLE, "budgeting", "x", T0),
        SetHeld(ROLE, True, T0),
        SetRoleNote(ROLE, 'Say "hi"\r\n', T0),
    )
    assert dump_notes(document) == GOLDEN


def test_dump_never_writes_multiline_strings() -> None:
    text = dump_notes(build(*(SetRoleNote(ROLE, note, T0) for note in HOSTILE_NOTES if note)))
    assert '"""' not in text
    assert "'''" not in text
    # version, blank line, header, then held, note and updated_at: one line each
    assert text.count("\n") == 6


def test_a_role_with_only_responsibilities_has_no_table_of_its_own() -> None:
    text = dump_notes(build(SetRaci(ROLE, DUTY, "R", T0)))
    assert f"[roles.{ROLE}]\n" not in text
    assert tomllib.loads(text)["roles"][ROLE] == {"responsibilities": {DUTY: {"raci": "R", "updated_at": T0}}}


@pytest.mark.parametrize("note", HOSTILE_NOTES, ids=range(len(HOSTILE_NOTES)))
def test_every_character_of_a_note_survives_the_round_trip(note: str) -> None:
    document = build(
        SetHeld(ROLE, True, T0),
        SetRoleNote(ROLE, note, T0),
        SetResponsibilityNote(ROLE, DUTY, note or "x", T0),
    )
    assert parse_notes(dump_notes(document), "notes.toml") == document


def test_a_writer_bug_is_caught_before_anything_is_written(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    good = saved_file(config_dir, SetRaci(ROLE, DUTY, "R", at(1)))
    real_dumps = tomli_w.dumps
    monkeypatch.setattr(tomli_w, "dumps", lambda table, **kw: real_dumps(table, **kw).replace('"C"', '"R"'))
    store = NotesFile.open(config_dir)
    with pytest.raises(NotesError, match="reads back wrong"):
        store.apply(SetRaci(ROLE, "budgeting", "C", at(2)))
    assert store.path.read_bytes() == good
    assert temp_files(config_dir) == []


identifiers = st.lists(st.text("abcxyz0189", min_size=1, max_size=5), min_size=1, max_size=3).map("-".join)
note_texts = st.text(max_size=60) | st.sampled_from(HOSTILE_NOTES[:-1])
moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC))
responsibility_notes = st.builds(
    ResponsibilityNote,
    raci=st.sampled_from([None, "R", "A", "C", "I"]),
    note=note_texts,
    updated_at=moments,
)
role_notes = st.builds(
    RoleNotes,
    held=st.booleans(),
    note=note_texts,
    updated_at=st.none() | moments,
    responsibilities=st.dictionaries(identifiers, responsibility_notes, max_size=3),
).filter(lambda role: not role.is_empty or role.updated_at is not None)
documents = st.builds(NotesDocument, roles=st.dictionaries(identifiers, role_notes, max_size=4))


@settings(max_examples=200, deadline=None)
@given(documents)
def test_dump_then_parse_is_the_identity(document: NotesDocument) -> None:
    text = dump_notes(document)
    assert parse_notes(text, "notes.toml") == document
    assert tomllib.loads(text)["schema_version"] == NOTES_SCHEMA_VERSION


@settings(max_examples=200, deadline=None)
@given(documents)
def test_a_file_as_written_is_read_without_the_schema_and_as_the_schema_reads_it(
    document: NotesDocument,
) -> None:
    raw = tomllib.loads(dump_notes(document))
    fast = _document_as_written(raw)
    assert fast is not None
    assert fast == schema.NotesDocument.model_validate(raw).to_model()


# Tables near what this app writes, with every kind of value in every field.
any_moments = st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5, minutes=-30))]))
any_values = (
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.sampled_from(["R", "A", "C", "I", "r", "X", "", "true"])
    | note_texts
    | any_moments
    | st.dates()
)
raw_ids = identifiers | st.sampled_from(["Bad Id", "a--b", "-a", "x" * 81, "ok\n"])
raw_responsibilities = st.dictionaries(
    st.sampled_from(["raci", "note", "updated_at", "colour"]), any_values, max_size=4
)
raw_roles = st.dictionaries(
    st.sampled_from(["held", "note", "updated_at", "responsibilities", "colour"]),
    any_values | st.dictionaries(raw_ids, raw_responsibilities | any_values, max_size=2),
    max_size=5,
)
raw_documents = st.fixed_dictionaries(
    {"roles": st.dictionaries(raw_ids, raw_roles | any_values, max_size=3)},
    optional={"schema_version": st.integers(1, 1) | st.booleans(), "colour": any_values},
)


@settings(max_examples=500, deadline=None)
@given(raw_documents)
def test_the_reader_for_files_as_written_never_disagrees_with_the_schema(raw: dict[str, object]) -> None:
    # It may decline (and leave the file to the schema), but what it accepts the schema reads alike.
    fast = _document_as_written(raw)
    try:
        expected = schema.NotesDocument.model_validate(raw).to_model()
    except ValidationError:
        assert fast is None
        return
    assert fast is None or fast == expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, documents)
def test_saved_notes_read_back_identical_through_the_file(
    first: NotesDocument, second: NotesDocument
) -> None:
    # The renderer reuses sections between saves: the second save must still be exact.
    with tempfile.TemporaryDirectory() as directory:
        store = NotesFile.open(Path(directory))
        store.import_document(first, replace=True)
        store.import_document(second, replace=True)
        assert NotesFile.open(Path(directory)).document == second


# ---------------------------------------------------------------------------------------------
# NotesFile: opening and saving


def test_opening_a_missing_directory_creates_nothing(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    assert (store.document, store.messages, store.can_save, store.pending) == (NotesDocument(), [], True, [])
    assert not config_dir.exists()
    assert store.path == config_dir / "notes.toml"


def test_the_first_save_creates_a_private_directory_and_file(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.pending == []
    assert NotesFile.open(config_dir).document == store.document


def test_every_save_leaves_the_file_mode_0600(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_text("schema_version = 1\n")
    os.chmod(config_dir / "notes.toml", 0o644)
    store = NotesFile.open(config_dir)
    for number in range(3):
        store.apply(SetRaci(ROLE, f"duty-{number}", "R", at(number)))
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="symlinks need special rights on Windows")
def test_a_symlinked_notes_file_stays_a_symlink(config_dir: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "notes.toml"
    real.write_text("schema_version = 1\n")
    config_dir.mkdir()
    (config_dir / "notes.toml").symlink_to(real)
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    assert store.path.is_symlink()
    assert parse_notes(real.read_text(), "real") == store.document
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert temp_files(dotfiles) == [] and temp_files(config_dir) == []


def test_stale_temp_files_of_a_killed_save_are_removed_at_open(config_dir: Path) -> None:
    data = saved_file(config_dir, SetHeld(ROLE, True, T0))
    for name in (".notes.toml.k1ll3d00.tmp", ".notes.toml.backup-20260101T000000Z.abcdefgh.tmp"):
        (config_dir / name).write_text("half a fi")
    unrelated = config_dir / ".other.toml.abcdefgh.tmp"
    unrelated.write_text("not ours")
    NotesFile.open(config_dir)
    assert temp_files(config_dir) == []
    assert unrelated.exists()
    assert (config_dir / "notes.toml").read_bytes() == data


def test_only_old_temp_files_are_removed_while_another_process_holds_the_lock(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    saved_file(config_dir, SetHeld(ROLE, True, T0))
    old, fresh = config_dir / ".notes.toml.old00000.tmp", config_dir / ".notes.toml.fresh000.tmp"
    old.write_text("")
    fresh.write_text("")
    os.utime(old, (0, 0))
    monkeypatch.setattr(notes, "_STALE_TEMP_LOCK_TIMEOUT_SECONDS", 0.05)
    with held_lock(config_dir):
        NotesFile.open(config_dir)
    assert temp_files(config_dir) == [fresh.name]


def test_changes_are_saved_at_once_with_their_times(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetRaci(ROLE, DUTY, "R", at(1)))
    on_disk = tomllib.loads(store.path.read_text())
    assert on_disk == {
        "schema_version": 1,
        "roles": {ROLE: {"responsibilities": {DUTY: {"raci": "R", "updated_at": at(1)}}}},
    }


def test_notes_for_roles_the_catalog_no_longer_has_are_kept(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_text(HAND_WRITTEN)
    store = NotesFile.open(config_dir)
    store.apply(SetHeld("engineering", True, T0))
    reread = NotesFile.open(config_dir).document
    assert responsibility(reread, "retired-role", "gone-duty").raci == "I"
    assert reread.roles[ROLE] == parse_notes(HAND_WRITTEN, "x").roles[ROLE]


def test_an_empty_file_or_one_with_a_bom_is_not_treated_as_corrupt(config_dir: Path) -> None:
    config_dir.mkdir()
    for data in (b"", b"\xef\xbb\xbf" + HAND_WRITTEN.encode()):
        (config_dir / "notes.toml").write_bytes(data)
        store = NotesFile.open(config_dir)
        assert store.messages == []
        assert store.can_save
    assert list(config_dir.glob("*.corrupt-*")) == []


def test_an_unchanged_file_is_not_read_again_when_saving(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    saved_file(config_dir, SetHeld(ROLE, True, T0))
    store = NotesFile.open(config_dir)
    reads: list[str] = []
    real_parse = notes.parse_notes_file
    monkeypatch.setattr(
        notes, "parse_notes_file", lambda data, source: reads.append(source) or real_parse(data, source)
    )
    for number in range(3):
        store.apply(SetRaci(ROLE, f"duty-{number}", "R", at(number)))
    assert reads == []


def test_one_save_renders_only_the_section_that_changed(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    store = NotesFile.open(config_dir)
    store.import_document(build(*(SetRaci(ROLE, f"duty-{n}", "R", at(n)) for n in range(50))), replace=False)
    store = NotesFile.open(config_dir)
    store.prepare_saving()
    rendered: list[object] = []
    real_dumps = tomli_w.dumps
    monkeypatch.setattr(
        tomli_w, "dumps", lambda table, **kw: rendered.append(table) or real_dumps(table, **kw)
    )
    store.apply(SetRaci(ROLE, "duty-7", "A", at(100)))
    assert len(rendered) == 1


# ---------------------------------------------------------------------------------------------
# NotesFile: failing saves


def fail_with(number: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return fail


@pytest.mark.parametrize(
    ("target", "attribute", "number", "reason"),
    [
        (os, "fsync", errno.ENOSPC, "the disk is full"),
        (tempfile, "mkstemp", errno.EACCES, "permission denied"),
        (os, "replace", errno.EACCES, "permission denied"),
        (os, "chmod", errno.EROFS, "the file system is read-only"),
    ],
    ids=["fsync-enospc", "mkstemp-eacces", "replace-eacces", "chmod-erofs"],
)
def test_a_failed_save_keeps_the_old_file_the_edit_and_says_why_once(
    monkeypatch: pytest.MonkeyPatch,
    config_dir: Path,
    target: object,
    attribute: str,
    number: int,
    reason: str,
) -> None:
    old = saved_file(config_dir, SetRaci(ROLE, "first", "R", at(1)))
    store = NotesFile.open(config_dir)
    with monkeypatch.context() as patched:
        patched.setattr(target, attribute, fail_with(number))
        with pytest.raises(NotesError) as caught:
            store.apply(SetRaci(ROLE, "second", "A", at(2)))
        assert str(caught.value) == f"cannot save notes to {store.path}: {reason}"
        with pytest.raises(NotesError):
            store.apply(SetRaci(ROLE, "third", "C", at(3)))
    assert (config_dir / "notes.toml").read_bytes() == old
    assert temp_files(config_dir) == []
    assert len(store.messages) == 1 and store.messages[0].startswith(str(caught.value))
    assert [c.responsibility_id for c in store.pending] == ["second", "third"]  # type: ignore[union-attr]
    assert set(store.document.roles[ROLE].responsibilities) == {"first", "second", "third"}
    assert store.can_save
    # The disk has room again: the next save writes everything that was kept.
    store.save()
    assert store.pending == []
    assert NotesFile.open(config_dir).document == store.document


def test_save_syncs_the_file_before_the_rename_and_the_directory_after(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    store = NotesFile.open(config_dir)
    config_dir.mkdir()
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(descriptor: int) -> None:
        calls.append("fsync dir" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "fsync file")
        real_fsync(descriptor)

    def spy_replace(source: str, target: str) -> None:
        calls.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    store.apply(SetHeld(ROLE, True, T0))
    if os.name == "posix":
        assert calls == ["fsync file", "replace", "fsync dir"]


@SKIP_PERMISSION_BITS
def test_a_read_only_directory_by_permission_bits(config_dir: Path) -> None:
    old = saved_file(config_dir, SetHeld(ROLE, True, T0))
    os.chmod(config_dir, 0o500)
    try:
        store = NotesFile.open(config_dir)
        assert store.can_save
        with pytest.raises(NotesError, match="permission denied"):
            store.apply(SetRoleNote(ROLE, "kept", at(1)))
        assert store.document.roles[ROLE].note == "kept"
    finally:
        os.chmod(config_dir, 0o700)
    assert (config_dir / "notes.toml").read_bytes() == old


def test_a_lock_held_too_long_fails_the_save_but_keeps_the_edit(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    monkeypatch.setattr(notes, "LOCK_TIMEOUT_SECONDS", 0.1)
    saved_file(config_dir, SetHeld(ROLE, True, T0))
    store = NotesFile.open(config_dir)
    with held_lock(config_dir), pytest.raises(NotesError, match="another finops-tui is still saving"):
        store.apply(SetRoleNote(ROLE, "later", at(1)))
    store.save()
    assert NotesFile.open(config_dir).document.roles[ROLE].note == "later"


class held_lock:  # lower case: reads as a phrase, "with held_lock(dir):"
    """Hold notes.toml.lock from another thread, as another process would."""

    def __init__(self, config_dir: Path) -> None:
        self._lock = FileLock(str(config_dir / "notes.toml.lock"))
        self._taken, self._release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        with self._lock:
            self._taken.set()
            self._release.wait()

    def __enter__(self) -> None:
        self._thread.start()
        self._taken.wait()

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._thread.join()


def test_a_config_dir_that_is_a_file_is_reported_and_read_only(config_dir: Path) -> None:
    config_dir.write_text("oops")
    store = NotesFile.open(config_dir)
    assert not store.can_save
    assert store.messages == [store._read_only_reason]
    assert f"the config directory {config_dir} is a file" in store.messages[0]
    with pytest.raises(NotesError, match="is a file"):
        store.apply(SetHeld(ROLE, True, T0))
    assert config_dir.read_text() == "oops"


def test_a_notes_file_that_cannot_be_read_makes_the_notes_read_only(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    old = saved_file(config_dir, SetHeld(ROLE, True, T0))
    monkeypatch.setattr(notes, "_read_snapshot", fail_with(errno.EACCES))
    store = NotesFile.open(config_dir)
    assert not store.can_save
    assert store.messages == [
        f"{store.path} could not be read (permission denied): notes start empty and will not be saved"
    ]
    with pytest.raises(NotesError):
        store.apply(SetHeld(ROLE, False, at(1)))
    assert store.document == NotesDocument()
    assert (config_dir / "notes.toml").read_bytes() == old


@SKIP_PERMISSION_BITS
def test_an_unreadable_notes_file_by_permission_bits(config_dir: Path) -> None:
    old = saved_file(config_dir, SetHeld(ROLE, True, T0))
    os.chmod(config_dir / "notes.toml", 0o000)
    try:
        store = NotesFile.open(config_dir)
        assert not store.can_save and "permission denied" in store.messages[0]
    finally:
        os.chmod(config_dir / "notes.toml", 0o600)
    assert (config_dir / "notes.toml").read_bytes() == old


# ---------------------------------------------------------------------------------------------
# NotesFile: corrupt files and newer versions


VALID = b'schema_version = 1\n\n[roles.finops-practitioner]\nheld = true\nnote = "a long note"\n'
CORRUPT_FILES = {
    "garbage": (b"this is { not toml at all", "line 1, column 6: "),
    "truncated": (
        VALID[: VALID.index(b"long")],
        "line 5, column 11 (end of file): invalid TOML: Unterminated string",
    ),
    "invalid-utf8": (b'schema_version = 1\n[roles.a]\nnote = "caf\xe9"\n', "line 3: not valid UTF-8"),
    "nul-byte": (b"schema_version = 1\x00\n", "line 1, column 19: "),
    # A bad value in one entry costs only that entry (test_notes_salvage.py); these cost the file.
    "roles-not-a-table": (b"schema_version = 1\nroles = 5\n", "roles: input should be a valid dictionary"),
    "version-text": (b"schema_version = 'one'\n", "schema_version: must be a whole number"),
}


@pytest.mark.parametrize("name", CORRUPT_FILES)
def test_a_corrupt_file_is_moved_aside_untouched_and_the_user_is_told(config_dir: Path, name: str) -> None:
    data, detail = CORRUPT_FILES[name]
    config_dir.mkdir()
    (config_dir / "notes.toml").write_bytes(data)
    store = NotesFile.open(config_dir)
    [aside] = config_dir.glob("notes.toml.corrupt-*")
    assert aside.read_bytes() == data
    assert store.document == NotesDocument() and store.can_save
    [message] = store.messages
    assert message.startswith("notes.toml could not be read (")
    assert detail in message
    assert message.endswith(f"); it was moved to {aside} and you start with empty notes")
    store.apply(SetHeld(ROLE, True, T0))
    assert aside.read_bytes() == data  # never overwritten, not even by the next save
    assert NotesFile.open(config_dir).messages == []


def test_a_directory_where_the_notes_file_should_be_is_moved_aside(config_dir: Path) -> None:
    (config_dir / "notes.toml").mkdir(parents=True)
    (config_dir / "notes.toml" / "inside.txt").write_text("keep me")
    store = NotesFile.open(config_dir)
    [aside] = config_dir.glob("notes.toml.corrupt-*")
    assert (aside / "inside.txt").read_text() == "keep me"
    assert "it is a directory, not a file" in store.messages[0]
    store.apply(SetHeld(ROLE, True, T0))
    assert (config_dir / "notes.toml").is_file()


def test_two_corrupt_files_in_the_same_second_get_their_own_names(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    monkeypatch.setattr(notes, "_utc_stamp", lambda: "20260101T000000Z")
    config_dir.mkdir()
    for data in (b"first {", b"second {"):
        (config_dir / "notes.toml").write_bytes(data)
        NotesFile.open(config_dir)
    assert (config_dir / "notes.toml.corrupt-20260101T000000Z").read_bytes() == b"first {"
    assert (config_dir / "notes.toml.corrupt-20260101T000000Z-2").read_bytes() == b"second {"


@pytest.mark.skipif(os.name == "nt", reason="symlinks need special rights on Windows")
def test_a_corrupt_symlinked_file_is_moved_aside_beside_the_real_file(
    config_dir: Path, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "notes.toml").write_bytes(b"broken {")
    config_dir.mkdir()
    (config_dir / "notes.toml").symlink_to(dotfiles / "notes.toml")
    store = NotesFile.open(config_dir)
    assert (dotfiles / next(dotfiles.glob("notes.toml.corrupt-*")).name).read_bytes() == b"broken {"
    store.apply(SetHeld(ROLE, True, T0))
    assert store.path.is_symlink()
    assert parse_notes((dotfiles / "notes.toml").read_text(), "x") == store.document


def test_a_corrupt_file_that_cannot_be_moved_aside_makes_the_notes_read_only(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_bytes(b"broken {")
    monkeypatch.setattr(os, "rename", fail_with(errno.EACCES))
    store = NotesFile.open(config_dir)
    assert not store.can_save
    [message] = store.messages
    assert "could not be moved aside (permission denied)" in message
    assert "line 1, column 8" in message
    with pytest.raises(NotesError, match="could not be moved aside"):
        store.apply(SetHeld(ROLE, True, T0))
    assert store.document == NotesDocument()
    assert (config_dir / "notes.toml").read_bytes() == b"broken {"
    assert list(config_dir.glob("notes.toml.corrupt-*")) == []


def test_a_file_broken_while_the_app_runs_is_moved_aside_and_saved_from_memory(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    (config_dir / "notes.toml").write_text("hand edit gone wrong = = =")
    store.apply(SetRaci(ROLE, DUTY, "R", at(1)))
    [aside] = config_dir.glob("notes.toml.corrupt-*")
    assert aside.read_text() == "hand edit gone wrong = = ="
    assert "had become unreadable" in store.messages[0] and str(aside) in store.messages[0]
    assert NotesFile.open(config_dir).document == store.document
    assert store.document.roles[ROLE].held


NEWER = b"schema_version = 2\n\n[roles.finops-practitioner]\nheld = true\nupdated_at = 2026-01-02T03:04:05Z\n"


def test_a_newer_file_is_shown_read_only_and_never_written(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_bytes(NEWER)
    store = NotesFile.open(config_dir)
    assert not store.can_save
    assert store.document.roles[ROLE].held
    [message] = store.messages
    assert "written by a newer finops-tui (schema_version 2; this version understands 1)" in message
    assert "shown read-only" in message
    with pytest.raises(NotesError, match="newer finops-tui"):
        store.apply(SetHeld(ROLE, False, at(1)))
    with pytest.raises(NotesError):
        store.import_document(NotesDocument(), replace=True)
    assert store.document.roles[ROLE].held  # the refused change is not shown as made
    assert (config_dir / "notes.toml").read_bytes() == NEWER
    assert sorted(p.name for p in config_dir.iterdir() if p.name != "notes.toml.lock") == ["notes.toml"]


def test_a_newer_file_this_version_cannot_model_shows_no_notes(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "notes.toml").write_bytes(b"schema_version = 3\n[roles.a]\ncolour = 'red'\n")
    store = NotesFile.open(config_dir)
    assert store.document == NotesDocument()
    assert "notes cannot be shown" in store.messages[0]


def test_a_newer_version_saved_by_another_copy_stops_this_one_from_writing(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    (config_dir / "notes.toml").write_bytes(NEWER + b"# newer app\n")
    with pytest.raises(NotesError, match="newer finops-tui"):
        store.apply(SetRoleNote(ROLE, "mine", at(1)))
    assert not store.can_save
    assert store.document.roles[ROLE].note == "mine"  # still there to export
    assert (config_dir / "notes.toml").read_bytes() == NEWER + b"# newer app\n"


# ---------------------------------------------------------------------------------------------
# NotesFile: other writers


def test_two_copies_in_one_directory_keep_each_others_edits(config_dir: Path) -> None:
    first, second = NotesFile.open(config_dir), NotesFile.open(config_dir)
    first.apply(SetRaci(ROLE, "from-first", "R", at(1)))
    second.apply(SetRaci(ROLE, "from-second", "A", at(2)))
    first.apply(SetHeld(ROLE, True, at(3)))
    expected = {"from-first", "from-second"}
    assert set(first.document.roles[ROLE].responsibilities) == expected
    assert NotesFile.open(config_dir).document == first.document
    assert first.document.roles[ROLE].held


def test_a_hand_edit_made_while_the_app_runs_is_kept(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    edited = (config_dir / "notes.toml").read_text() + '\n[roles.engineering]\nnote = "by hand"\n'
    (config_dir / "notes.toml").write_text(edited)
    store.apply(SetRaci(ROLE, DUTY, "R", at(1)))
    assert store.document.roles["engineering"].note == "by hand"
    assert NotesFile.open(config_dir).document == store.document


def test_a_file_deleted_while_the_app_runs_is_written_back_whole(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetHeld(ROLE, True, T0))
    (config_dir / "notes.toml").unlink()
    store.apply(SetRaci(ROLE, DUTY, "R", at(1)))
    assert NotesFile.open(config_dir).document == store.document
    assert store.document.roles[ROLE].held


def test_pending_changes_are_replayed_on_top_of_another_copys_save(
    monkeypatch: pytest.MonkeyPatch, config_dir: Path
) -> None:
    app, other = NotesFile.open(config_dir), NotesFile.open(config_dir)
    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", fail_with(errno.ENOSPC))
        with pytest.raises(NotesError):
            app.apply(SetRaci(ROLE, "unsaved", "C", at(1)))
    other.apply(SetRaci(ROLE, "other", "I", at(2)))
    app.apply(SetHeld(ROLE, True, at(3)))
    assert set(app.document.roles[ROLE].responsibilities) == {"unsaved", "other"}
    assert NotesFile.open(config_dir).document == app.document


# ---------------------------------------------------------------------------------------------
# NotesFile.import_document


def test_import_merges_with_the_newer_annotation_winning(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    store.apply(SetRaci(ROLE, "kept", "R", at(5)))
    store.apply(SetRaci(ROLE, "replaced", "R", at(1)))
    incoming = build(
        SetRaci(ROLE, "kept", "I", at(2)),
        SetRaci(ROLE, "replaced", "A", at(9)),
        SetHeld("retired-role", True, at(1)),
    )
    assert store.import_document(incoming, replace=False) is None
    reread = NotesFile.open(config_dir).document
    assert reread == store.document
    assert responsibility(reread, ROLE, "kept").raci == "R"
    assert responsibility(reread, ROLE, "replaced").raci == "A"
    assert reread.roles["retired-role"].held
    assert list(config_dir.glob("notes.toml.backup-*")) == []


def test_import_with_replace_writes_a_private_backup_first(config_dir: Path) -> None:
    old = saved_file(config_dir, SetRaci(ROLE, DUTY, "R", at(1)))
    store = NotesFile.open(config_dir)
    incoming = build(SetHeld("engineering", True, at(0)))
    backup = store.import_document(incoming, replace=True)
    assert backup is not None and backup.parent == config_dir
    assert backup.name.startswith("notes.toml.backup-")
    assert backup.read_bytes() == old
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert NotesFile.open(config_dir).document == incoming == store.document
    assert temp_files(config_dir) == []


def test_import_with_replace_and_no_notes_yet_has_nothing_to_back_up(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    assert store.import_document(build(SetHeld(ROLE, True, T0)), replace=True) is None
    assert NotesFile.open(config_dir).document.roles[ROLE].held


def test_replacing_backs_up_unsaved_changes_too(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    saved_file(config_dir, SetHeld(ROLE, True, T0))
    store = NotesFile.open(config_dir)
    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", fail_with(errno.ENOSPC))
        with pytest.raises(NotesError):
            store.apply(SetRoleNote(ROLE, "unsaved", at(1)))
    backup = store.import_document(NotesDocument(), replace=True)
    assert backup is not None
    assert parse_notes(backup.read_text(), "backup").roles[ROLE].note == "unsaved"
    assert store.pending == [] and store.document == NotesDocument()


def test_an_import_beside_a_running_app_loses_neither(config_dir: Path) -> None:
    app = NotesFile.open(config_dir)
    app.apply(SetRaci(ROLE, "in-app", "R", at(1)))
    NotesFile.open(config_dir).import_document(build(SetRaci(ROLE, "imported", "C", at(2))), replace=False)
    app.apply(SetHeld(ROLE, True, at(3)))
    assert set(app.document.roles[ROLE].responsibilities) == {"in-app", "imported"}
    assert NotesFile.open(config_dir).document == app.document


def test_a_failed_import_changes_nothing(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    old = saved_file(config_dir, SetHeld(ROLE, True, T0))
    store = NotesFile.open(config_dir)
    monkeypatch.setattr(tempfile, "mkstemp", fail_with(errno.ENOSPC))
    with pytest.raises(NotesError, match="the disk is full"):
        store.import_document(build(SetHeld("engineering", True, T0)), replace=False)
    assert store.document == parse_notes_bytes(old, "x")
    assert (config_dir / "notes.toml").read_bytes() == old


def test_importing_a_newer_document_is_refused(config_dir: Path) -> None:
    store = NotesFile.open(config_dir)
    with pytest.raises(NotesError, match="newer"):
        store.import_document(NotesDocument(schema_version=2), replace=False)
    assert not (config_dir / "notes.toml").exists()


# ---------------------------------------------------------------------------------------------
# fileio helpers used by the notes


def test_describe_os_error_reads_plainly() -> None:
    assert fileio.describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert fileio.describe_os_error(OSError(errno.ECONNRESET, "Connection reset")) == "Connection reset"


@pytest.mark.skipif(os.name == "nt", reason="symlinks need special rights on Windows")
def test_a_symlink_loop_is_an_os_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OSError) as caught:
        fileio.atomic_write(loop, b"x")
    assert caught.value.errno == errno.ELOOP or "loop" in str(caught.value).lower()
