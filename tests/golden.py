"""Golden files: expected outputs kept under tests/golden/, compared byte for byte.

Regenerate with ``FINOPS_TUI_UPDATE_GOLDEN=1 python -m pytest TESTS`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN_ROOT = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("FINOPS_TUI_UPDATE_GOLDEN") == "1"


def assert_matches_golden(
    folder: str, name: str, actual: str, *, normalise_line_endings: bool = True
) -> None:
    """Compare ``actual`` with tests/golden/FOLDER/NAME, or rewrite it when FINOPS_TUI_UPDATE_GOLDEN=1.

    ``normalise_line_endings``: a checkout with CRLF line endings is not a change in the output.
    Turn it off where line endings are the output (CSV rows end in CRLF; such folders are marked
    binary in .gitattributes).
    """
    path = GOLDEN_ROOT / folder / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with FINOPS_TUI_UPDATE_GOLDEN=1")
    expected = path.read_bytes().decode("utf-8")
    if normalise_line_endings:
        expected = expected.replace("\r\n", "\n")
    assert actual == expected, f"{name} differs; if intended, regenerate with FINOPS_TUI_UPDATE_GOLDEN=1"
