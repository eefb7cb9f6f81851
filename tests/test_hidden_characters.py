"""Characters that draw nothing or reorder text: refused in names, shown in notes, escaped on disk (F18)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.core.text import make_visible
from finops_tui.notes.changes import SetRoleNote
from finops_tui.notes.file import NotesFile
from finops_tui.tui.widgets.content import plain

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "arabic letter mark": "\u061c",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "byte order mark": "\ufeff",
    "line separator": "\u2028",
    "hangul filler": "\u115f",
    "hangul filler (compatibility)": "\u3164",
    "tag character": "\U000e0041",
}
T0 = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_validate_refuses_an_invisible_character_in_a_name(
    char: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "org.toml"
    data.write_text(
        f'[[roles]]\nid = "finance"\nname = "Fin{char}ance"\nkind = "core"\nsummary = "Money"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(data)]) == 2
    out = capsys.readouterr().out
    assert f"invisible character U+{ord(char):04X} at character 4 is not allowed" in out
    assert char not in out


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_notes_show_invisible_characters(char: str) -> None:
    assert make_visible(f"a{char}b") == f"a<U+{ord(char):04X}>b"
    assert plain(f"a{char}b").plain == f"a<U+{ord(char):04X}>b"


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200b", "\u061c", "\x85", "\U000e0041"])
def test_notes_toml_never_holds_them_raw_and_reads_them_back(config_dir: Path, char: str) -> None:
    note = f"invoice {char}gnp.exe"
    NotesFile.open(config_dir).apply(SetRoleNote("finance", note, T0))
    data = (config_dir / "notes.toml").read_text(encoding="utf-8")
    assert char not in data
    code = ord(char)
    assert (f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}") in data
    assert NotesFile.open(config_dir).document.roles["finance"].note == note
