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

import pytest
import tomli_w
from apptools import make_app

from finops_tui.catalog.loader import load_catalog
from finops_tui.notes.changes import SetHeld, SetRaci, SetRoleNote
from finops_tui.notes.file import NotesFile
from finops_tui.tui.store import now

# Run in a fresh interpreter: this one has long imported everything.
FIRST_FRAME = """
import asyncio, json, sys
from finops_tui.cli import build_parser
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.launch import build_app

# Read at Ready, once the first frame is drawn and before the work started then (preparing to
# save loads filelock in a thread, which may run before the test body does).
at_first_frame = []
prepare_after_first_frame = FinopsApp.on_ready

def on_ready(self) -> None:
    at_first_frame.append(
        sorted(name for name in ("pydantic", "filelock", "textual.widgets._text_area") if name in sys.modules)
    )
    prepare_after_first_frame(self)

FinopsApp.on_ready = on_ready

async def first_frame() -> list[str]:
    app = build_app(build_parser().parse_args(sys.argv[1:]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    return at_first_frame[0]

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


async def test_once_the_first_frame_is_drawn_the_first_save_renders_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rendering every section of a large notes file is left to a thread after the first frame.
    notes = NotesFile.open(tmp_path)
    catalog = load_catalog()
    role = catalog.role("finops-practitioner")
    assert role is not None
    moment = now()
    for responsibility in role.responsibilities:
        notes.apply(SetRaci(role.id, responsibility.id, "C", moment))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        rendered: list[object] = []
        real_dumps = tomli_w.dumps
        monkeypatch.setattr(
            tomli_w, "dumps", lambda table, **kw: rendered.append(table) or real_dumps(table, **kw)
        )
        await pilot.press("enter", "space")
        await pilot.pause()
        assert app.store.responsibility_note(role.id, role.responsibilities[0].id).raci == "I"
    assert len(rendered) == 1
