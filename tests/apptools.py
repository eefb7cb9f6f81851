"""Building the app for Pilot and snapshot tests, always on an isolated config directory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from finops_tui.cli import build_parser
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.launch import build_app

FIXED_TIME = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def make_app(config_dir: Path, data_files: Sequence[Path] = ()) -> FinopsApp:
    """The app as `finops-tui --config-dir CONFIG_DIR --data ...` would build it."""
    options = ["--config-dir", str(config_dir)]
    for path in data_files:
        options += ["--data", str(path)]
    # Annotations made in tests carry a fixed time, so screens and files are reproducible.
    return build_app(build_parser().parse_args(options), clock=lambda: FIXED_TIME)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], *, seconds: float = 5.0) -> None:
    """Pause until ``condition`` holds (work in threads, searches as you type, screens opening)."""
    for _ in range(max(1, round(seconds / 0.02))):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


def first_palette_command(app: App[None]) -> str | None:
    """The text of the palette's first hit, once its search has listed any."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return None
    hits = app.screen.query_one(CommandList)
    if not hits.option_count:
        return None
    prompt = hits.get_option_at_index(0).prompt
    return str(getattr(prompt, "plain", prompt)).split("\n", 1)[0]  # the name, without its help line


async def run_from_palette(pilot: Pilot[None], command: str) -> None:
    """Open the palette, type ``command`` and press enter once the search lists it first."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*command)
    await wait_until(pilot, lambda: first_palette_command(pilot.app) == command)
    await pilot.press("enter")
    await pilot.pause()
