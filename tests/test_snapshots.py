"""Snapshots of the role list, role detail, help and palette, at 80x24 and a larger size.

Regenerate with `pytest --snapshot-update` only after looking at every changed SVG.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import make_app
from textual.pilot import Pilot

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.mark.parametrize("size", [SMALL, LARGE, (200, 60)], ids=["80x24", "120x40", "200x60"])
def test_home(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_filter_with_a_match(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), press=["slash", *"budget"], terminal_size=size)


def test_filter_without_a_match(snap_compare, config_dir: Path) -> None:
    assert snap_compare(make_app(config_dir), press=["slash", *"xyzzy"], terminal_size=SMALL)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_detail_of_a_core_role(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    async def open_engineering(pilot: Pilot) -> None:
        pilot.app.open_role("engineering")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(config_dir), run_before=open_engineering, terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_detail_of_an_associated_role(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    async def open_itam(pilot: Pilot) -> None:
        pilot.app.open_role("itam")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(config_dir), run_before=open_itam, terminal_size=size)


def test_detail_scrolled_to_the_collaborations(snap_compare, config_dir: Path) -> None:
    async def open_finance(pilot: Pilot) -> None:
        pilot.app.open_role("finance")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(
        make_app(config_dir), run_before=open_finance, press=["tab", "j"], terminal_size=SMALL
    )


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_help(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), press=["question_mark"], terminal_size=size)


def test_palette_with_go_to_role_typed(snap_compare, config_dir: Path) -> None:
    assert snap_compare(
        make_app(config_dir), press=["ctrl+p", *"Go to role", "wait:400"], terminal_size=SMALL
    )
