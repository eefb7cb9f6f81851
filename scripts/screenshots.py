"""The README's screenshots, taken from the real app: ``python scripts/screenshots.py``.

Runs finops-tui headless (``App.run_test``) on a scratch config dir holding a few example
notes, and saves an SVG of each screen below with ``App.save_screenshot`` into
docs/screenshots/. Run it again after a change to one of these screens and look at the result
(e.g. ``rsvg-convert docs/screenshots/roles.svg -o /tmp/roles.png``) before committing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

SIZE = (110, 32)
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
HELD = "finops-practitioner"
NOTE = "I run the FinOps practice for the platform group; allocation rules are mine."
LETTERS = {"define-allocation-standards": "A", "agree-shared-cost-splits": "R"}


async def take(output: Path) -> list[Path]:
    # Imported here: the scratch config dir must be in place before anything reads it.
    from textual.widgets import Header

    from finops_tui.catalog.loader import load_catalog
    from finops_tui.notes.file import NotesFile
    from finops_tui.tui.app import FinopsApp
    from finops_tui.tui.widgets.header import WEB_ICON

    config = Path(os.environ["FINOPS_TUI_CONFIG_DIR"])
    app = FinopsApp(load_catalog([]), NotesFile.open(config))
    written: list[Path] = []

    async def shot(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
        # The images are drawn by a browser, like the served page: the same icon as there, since
        # the usual fonts lack Textual's and would show a missing-glyph box.
        for header in app.screen.query(Header):
            header.icon = WEB_ICON
        await pilot.pause(0.3)
        app.save_screenshot(f"{name}.svg", str(output))
        written.append(output / f"{name}.svg")

    async with app.run_test(size=SIZE) as pilot:
        app.store.toggle_held(HELD)
        app.store.set_role_note(HELD, NOTE)
        role = app.store.catalog.role(HELD)
        known = {responsibility.id for responsibility in role.responsibilities} if role else set()
        for responsibility_id, letter in LETTERS.items():
            if responsibility_id in known:
                app.store.set_raci(HELD, responsibility_id, letter)
            else:  # the bundled data moved on: the shots still come, with one letter fewer
                print(f"note: {HELD} has no responsibility {responsibility_id!r}; update LETTERS")
        await shot(pilot, "roles")
        await pilot.press("down", "down", "enter")
        await shot(pilot, "detail")
        await pilot.press("escape", "m")
        await shot(pilot, "map")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where the SVGs go (default: {OUTPUT})")
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="finops-screenshots-") as scratch:
        os.environ["FINOPS_TUI_CONFIG_DIR"] = scratch
        for name in ("TEXTUAL_THEME", "NO_COLOR"):  # the screenshots show the default look
            os.environ.pop(name, None)
        written = asyncio.run(take(args.output))
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} screenshots in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
