"""A note at the allowed maximum: opening its role, opening the editor, and each key typed in it.

    python benchmarks/large_note.py [--sizes 20000,100000] [--keys 20]

Each size gets a fresh config dir holding one role note of that many characters in one paragraph
(words of ordinary length). Times are to the last frame a key causes, as in keys.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

from keys import FrameClock, key_event, settle

from finops_tui.core.models import NOTE_MAX_LENGTH
from finops_tui.notes.changes import SetRoleNote
from finops_tui.notes.file import NotesFile

ROLE = "finops-practitioner"
WORDS = [
    "cost",
    "allocation",
    "tagging",
    "policy",
    "showback",
    "forecast",
    "budget",
    "anomaly",
    "commitment",
    "usage",
]


def paragraph(length: int) -> str:
    text, index = [], 0
    size = 0
    while size < length:
        word = WORDS[index % len(WORDS)]
        text.append(word)
        size += len(word) + 1
        index += 1
    return " ".join(text)[:length]


async def measure(size: int, keys: int) -> dict[str, float]:
    from finops_tui.catalog.loader import load_catalog
    from finops_tui.core.paths import settings_path
    from finops_tui.core.settings import load_settings
    from finops_tui.tui.app import FinopsApp

    with tempfile.TemporaryDirectory() as directory:
        config = Path(directory)
        NotesFile.open(config).apply(SetRoleNote(ROLE, paragraph(size), datetime.now(UTC)))
        app = FinopsApp(load_catalog([]), NotesFile.open(config), load_settings(settings_path(config)), None)
        clock = FrameClock(app)
        figures: dict[str, float] = {}
        async with app.run_test(size=(120, 36)):
            await settle(clock, perf_counter())
            started = perf_counter()
            app.open_role(ROLE)
            await settle(clock, started)
            figures["open the role"] = (clock.last_since(started) or perf_counter()) - started
            app.screen.focus_next()  # away from the responsibilities: `n` edits the role's own note
            app.screen.set_focus(None)
            await settle(clock, perf_counter())
            pressed = perf_counter()
            app._driver.send_message(key_event("n"))
            await settle(clock, pressed)
            figures["open the editor"] = (clock.last_since(pressed) or perf_counter()) - pressed
            typed = []
            for index in range(keys):
                event = key_event("x" if index % 4 else "backspace")
                pressed = perf_counter()
                app._driver.send_message(event)
                await settle(clock, pressed)
                typed.append((clock.last_since(pressed) or perf_counter()) - pressed)
            figures["key in the editor, median"] = statistics.median(typed)
            figures["key in the editor, worst"] = max(typed)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=f"20000,100000,{NOTE_MAX_LENGTH}")
    parser.add_argument("--keys", type=int, default=20)
    args = parser.parse_args()
    results = {}
    for size in (int(part) for part in args.sizes.split(",")):
        results[size] = asyncio.run(measure(size, args.keys))
        print(size, json.dumps({k: round(v * 1000, 1) for k, v in results[size].items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
