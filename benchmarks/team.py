"""Team coverage at scale: 500 people's exports of the full bundled catalog.

    python benchmarks/team.py [--people 500] [--repeat 5] [--keys 30] [--work DIR]

Prints JSON (seconds): the ``team`` command in each format, in process from the command line
to the report written (the files read, every check computed, the report rendered); the Team
screen opened once the files are read (``T``, press to last frame, headless); and its keys
(press to last frame, as benchmarks/keys.py measures them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import random
import statistics
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from keys import SIZE, FrameClock, key_event, settle

from finops_tui.catalog.loader import load_catalog
from finops_tui.cli import build_parser, main
from finops_tui.core.models import RACI_LETTERS, NotesDocument, ResponsibilityNote, RoleNotes
from finops_tui.exchange.export import export_notes
from finops_tui.exchange.team import read_team
from finops_tui.tui.launch import build_app

FORMATS = ("text", "markdown", "csv", "csv-long", "json")
COMMAND_TARGET_S = 1.0
OPEN_TARGET_S = 0.3
KEY_TARGET_S = 0.033
EXPORTED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# Each kind of key, measured in turn: (label, the keys pressed in a cycle). The cursor goes five
# steps one way and five back, so it never stops at an end.
KEY_STEPS = (
    ("move up or down", "jjjjjkkkkk"),
    ("move left or right", "lllllhhhhh"),
    ("gaps only (on, off)", "g"),
    ("switch view", "v"),
)


def generate_team(folder: Path, people: int, seed: int = 13) -> None:
    """``people`` JSON exports, each with a letter on every responsibility of the catalog."""
    rng = random.Random(seed)
    catalog = load_catalog()
    roles = catalog.roles_in_display_order()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(people):
        held = set(rng.sample([role.id for role in roles], 2))
        document = NotesDocument(
            roles={
                role.id: RoleNotes(
                    held=role.id in held,
                    updated_at=EXPORTED_AT - timedelta(days=2),
                    responsibilities={
                        responsibility.id: ResponsibilityNote(
                            raci=rng.choice(RACI_LETTERS), updated_at=EXPORTED_AT - timedelta(days=1)
                        )
                        for responsibility in role.responsibilities
                    },
                )
                for role in roles
            }
        )
        text = export_notes(
            "json",
            catalog,
            document,
            exported_at=EXPORTED_AT,
            person=f"Person {number:03d}",
            letters_only=True,
        )
        (folder / f"person-{number:03d}.json").write_text(text, encoding="utf-8")


def time_command(folder: Path, repeat: int, out: Path) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for format_name in FORMATS:
        label = f"team --format {format_name}"
        timings[label] = []
        for _ in range(repeat):
            started = perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):
                status = main(["team", str(folder), "--format", format_name, "-o", str(out)])
            timings[label].append(perf_counter() - started)
            assert status == 0, status
    return timings


async def time_screen(folder: Path, config_dir: Path, presses: int) -> dict[str, list[float]]:
    app = build_app(build_parser().parse_args(["--config-dir", str(config_dir)]))
    clock = FrameClock(app)
    timings: dict[str, list[float]] = defaultdict(list)
    files = read_team([folder])
    async with app.run_test(size=SIZE):
        await settle(clock, perf_counter())
        app.store.set_team(folder, files)  # the files are read: the screen is what is timed
        await settle(clock, perf_counter())

        async def press(key: str, label: str | None) -> None:
            event = key_event(key)
            event.set_sender(app)
            pressed = perf_counter()
            app._driver.send_message(event)
            await settle(clock, pressed)
            last = clock.last_since(pressed)
            if label is not None:
                if last is None:
                    raise RuntimeError(f"{key!r} ({label}) did not change the screen")
                timings[label].append(last - pressed)

        await press("T", "open the Team screen (files read)")
        for label, cycle in KEY_STEPS:
            for index in range(presses):
                await press(cycle[index % len(cycle)], label)
        await press("escape", None)
        for _ in range(min(presses, 5)):
            await press("T", "open the Team screen (files read)")
            await press("escape", None)
    return dict(timings)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print team coverage timings (seconds) as JSON.")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the command per format")
    parser.add_argument("--keys", type=int, default=30, help="measured presses of each key")
    parser.add_argument("--work", type=Path, help="where the exports are made (default: a temp dir)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        folder = work / f"team-{args.people}"
        if not folder.exists():
            generate_team(folder, args.people)
        timings = time_command(folder, args.repeat, Path(scratch) / "report")
        config_dir = Path(scratch) / "config"
        timings |= asyncio.run(time_screen(folder, config_dir, args.keys))
    print(json.dumps(timings))
    return 0


def summary(timings: dict[str, list[float]]) -> dict[str, Any]:
    return {label: (statistics.median(values), max(values)) for label, values in timings.items()}


if __name__ == "__main__":
    sys.exit(main_())
