"""Where the .tcss files are: absolute paths, so that styles load whatever the working directory."""

from __future__ import annotations

from pathlib import Path

STYLES = Path(__file__).parent / "styles"


def stylesheet(name: str) -> Path:
    return STYLES / f"{name}.tcss"
