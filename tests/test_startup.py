"""What the first frame waits for: the libraries only some paths need are not loaded before it.

Start-up speed itself is measured by benchmarks/run.py, not here (this machine is noisy); these
tests keep slow imports from creeping back onto the start-up path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from finops_tui.notes import NotesFile
from finops_tui.notes_changes import SetHeld, SetRaci, SetRoleNote
from finops_tui.store import now

# Run in a fresh interpreter: this one has long imported everything.
FIRST_FRAME = """
import asyncio, json, sys
from finops_tui.cli import build_parser
from finops_tui.launch import build_app

async def first_frame() -> list[str]:
    app = build_app(build_parser().parse_args(sys.argv[1:]))
    async with app.run_test(size=(100, 30)) as pilot:
        loaded = sorted(name for name in ("pydantic", "filelock") if name in sys.modules)
        await pilot.pause()
    return loaded

print(json.dumps(asyncio.run(first_frame())))
"""


def loaded_at_first_frame(*options: str, config_dir: Path) -> list[str]:
    env = {**os.environ, "FINOPS_TUI_CONFIG_DIR": str(config_dir)}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_frame_needs_neither_pydantic_nor_filelock_with_notes_on_disk(tmp_path: Path) -> None:
    notes = NotesFile.open(tmp_path)
    moment = now()
    for change in (
        SetHeld("finops-practitioner", True, moment),
        SetRoleNote("finance", "Forecasts with us every month.", moment),
        SetRaci("finops-practitioner", "define-allocation-standards", "A", moment),
    ):
        notes.apply(change)
    assert (tmp_path / "notes.toml").exists()
    assert loaded_at_first_frame(config_dir=tmp_path) == []


def test_a_data_file_is_validated_with_the_schema(tmp_path: Path) -> None:
    data = tmp_path / "org.toml"
    data.write_text(
        '[[roles]]\nid = "emea-lead"\nname = "EMEA lead"\nkind = "regional"\nsummary = "Runs it"\n'
    )
    assert loaded_at_first_frame("--data", str(data), config_dir=tmp_path / "config") == ["pydantic"]
