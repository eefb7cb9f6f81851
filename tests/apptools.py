"""Building the app for Pilot and snapshot tests, always on an isolated config directory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

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
