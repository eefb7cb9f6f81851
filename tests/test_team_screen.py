"""The Team screen as a person uses it: open the team folder, move, gaps only, views, open a
responsibility, change your own letter and see the checks follow, reload, bad files named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from apptools import make_app, run_from_palette
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from finops_tui.exchange.team_formats import TEAM_VIEWS
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.team import CellPane, TeamFolderDialog, TeamScreen, everyone_line
from finops_tui.tui.widgets.role_sections import ResponsibilityList

EXAMPLES = Path(__file__).parent.parent / "examples" / "team"
# A responsibility of the example team with an A and no R: your R there fixes it.
ROLE = "finops-practitioner"


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    """A copy of the example team (tests change files in it)."""
    folder = tmp_path / "raci"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def app(config_dir: Path, team_dir: Path) -> FinopsApp:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(f"team_dir = {json.dumps(str(team_dir))}\n", encoding="utf-8")
    return make_app(config_dir)


async def open_team(pilot: Pilot[None]) -> TeamScreen:
    await pilot.press("T")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen)
    return screen


def pane_text(screen: TeamScreen) -> str:
    return str(screen.query_one("#team-cell", CellPane).content)


def row_subject(screen: TeamScreen) -> str:
    return screen._grid.rows[screen.cursor_row].subject


def first_row(screen: TeamScreen, check: str) -> int:
    report = screen.report
    assert report is not None
    return next(
        index
        for index, row in enumerate(screen._grid.rows)
        if any(f.check == check for f in report.findings_for(row.subject))
    )


# -- opening ----------------------------------------------------------------------------------


async def test_t_opens_the_remembered_folder(app: FinopsApp, team_dir: Path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        report = screen.report
        assert report is not None
        names = [m.name for m in report.members]
        assert names == ["Ana Silva", "Bo Chen", "Carla Mendes", "Dev Patel", "eli", "you"]
        assert report.coverage.describe() in str(screen.query_one("#team-summary", CellPane).content)
        assert row_subject(screen) == ROLE
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TeamScreen)


async def test_the_folder_prompt_remembers_the_folder(config_dir: Path, team_dir: Path):
    app = make_app(config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TeamFolderDialog)
        folder = app.screen.query_one("#team-folder-input", Input)
        folder.value = str(team_dir / "missing")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeamFolderDialog)  # not a folder: said so, still asking
        assert "is not a folder" in str(app.screen.query_one("#team-folder-error", Static).content)
        folder.value = str(team_dir)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
    assert f'team_dir = "{team_dir}"' in (config_dir / "config.toml").read_text(encoding="utf-8")


async def test_palette_opens_the_team(app: FinopsApp):
    async with app.run_test(size=(100, 30)) as pilot:
        await run_from_palette(pilot, "Team coverage")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)


async def test_team_option_opens_the_screen_at_start(config_dir: Path, team_dir: Path):
    from apptools import FIXED_TIME

    from finops_tui.cli import build_parser
    from finops_tui.tui.launch import build_app

    args = build_parser().parse_args(["--config-dir", str(config_dir), "--team", str(team_dir)])
    app = build_app(args, clock=lambda: FIXED_TIME)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        assert app.store.team_dir == team_dir


async def test_an_unreadable_file_is_named_and_the_rest_shown(
    app: FinopsApp, team_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    (team_dir / "broken.json").write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    real_notify = app.notify

    def notify(message: str, **options: Any) -> None:
        if options.get("severity") == "warning":
            warnings.append(message)
        real_notify(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        assert screen.report is not None and len(screen.report.members) == 6
    assert any(f"{team_dir / 'broken.json'}: " in warning for warning in warnings)


# -- moving, gaps, views ------------------------------------------------------------------------


async def test_moving_shows_the_cell_in_the_pane(app: FinopsApp):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        await pilot.press("j", "l")
        assert (screen.cursor_row, screen.cursor_col) == (1, 1)
        text = pane_text(screen)
        assert "Bo Chen" in text and "R Responsible" in text and "Everyone: Ana Silva A · Bo Chen R" in text
        await pilot.press("h", "k")
        assert "Held by Ana Silva" in pane_text(screen)


async def test_gaps_only_keeps_rows_with_a_failing_check(app: FinopsApp):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        every = len(screen._grid.rows)
        await pilot.press("g")
        report = screen.report
        assert report is not None
        shown = screen._grid.rows
        assert len(shown) < every
        for row in shown:
            if not row.group:
                assert report.findings_for(row.subject)
        await pilot.press("g")
        assert len(screen._grid.rows) == every


async def test_v_switches_the_views(app: FinopsApp):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        await pilot.press("v")
        assert screen.view == "roles" and screen._grid.table.label_head == "Role"
        await pilot.press("v")
        assert screen.view == "people"
        assert "Holds: FinOps practitioner" in pane_text(screen)
        await pilot.press("j", "enter")  # a person's row: the matrix at their column
        assert screen.view == "responsibilities" and screen.cursor_col == 1


async def test_the_capabilities_view_names_capabilities_nobody_is_accountable_for(app: FinopsApp):
    from finops_tui.tui.screens.capability_detail import CapabilityDetailScreen

    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        await pilot.press("v", "v", "v")
        assert screen.view == "capabilities" and screen._grid.table.label_head == "Capability"
        row = first_row(screen, "capability-no-accountable")
        await pilot.press(*["j"] * row)
        assert "capability-no-accountable: nobody is Accountable on" in pane_text(screen)
        assert "Accountable: nobody" in pane_text(screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CapabilityDetailScreen)
        assert app.screen.capability_id == screen._grid.rows[row].subject.removeprefix("capability:")


# -- into the detail and back -------------------------------------------------------------------


async def test_enter_opens_the_responsibility_and_your_letter_updates_the_checks(app: FinopsApp):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        row = first_row(screen, "no-responsible")
        subject = screen._grid.rows[row].subject
        role_id, _, responsibility_id = subject.partition("/")
        await pilot.press(*["j"] * row)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, RoleDetailScreen) and detail.role_id == role_id
        responsibilities = detail.query_one(ResponsibilityList)
        assert responsibilities.highlighted_responsibility_id == responsibility_id
        prompt = str(responsibilities.get_option(responsibility_id).prompt.text)
        assert "Team: Ana Silva A" in prompt
        await pilot.press("r")  # you are Responsible
        await pilot.pause()
        report = app.store.team_report
        assert report is not None
        assert [f.check for f in report.findings_for(subject)] == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "you R" in pane_text(screen) and "No check fails here." in pane_text(screen)


async def test_r_reloads_after_a_file_changes(app: FinopsApp, team_dir: Path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        report = screen.report
        assert report is not None and "single-holder" in {f.check for f in report.findings_for(ROLE)}
        export = json.loads((team_dir / "bo-chen.json").read_text(encoding="utf-8"))
        next(role for role in export["roles"] if role["id"] == ROLE)["held"] = True
        (team_dir / "bo-chen.json").write_text(json.dumps(export), encoding="utf-8")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = screen.report
        assert report is not None
        assert "single-holder" not in {f.check for f in report.findings_for(ROLE)}
        assert app.screen is screen


# -- keys typed ahead end where keys typed slowly do ----------------------------------------------

KEYS = ["j", "j", "l", "g", "j", "v", "j", "v", "v", "l", "down", "right", "k", "g"]


def key_event(key: str) -> events.Key:
    return events.Key(key, key if len(key) == 1 else None)


async def state_after(config_dir: Path, team_dir: Path, *, burst: bool) -> tuple[object, ...]:
    app = make_app(config_dir)
    app.settings.team_dir = str(team_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_team(pilot)
        if burst:
            for key in KEYS:
                app.post_message(key_event(key))
            await pilot.pause()
            await pilot.pause()
        else:
            for key in KEYS:
                await pilot.press(key)
                await pilot.pause()
        return screen.view, screen.gaps_only, screen.cursor_row, screen.cursor_col, pane_text(screen)


async def test_keys_in_a_burst_end_as_keys_typed_slowly(config_dir: Path, team_dir: Path):
    slow = await state_after(config_dir, team_dir, burst=False)
    burst = await state_after(config_dir, team_dir, burst=True)
    assert burst == slow
    assert slow[:2] == (TEAM_VIEWS[KEYS.count("v") % len(TEAM_VIEWS)], False)


# -- snapshots --------------------------------------------------------------------------------


@pytest.fixture
def snapshot_app(config_dir: Path, team_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FinopsApp:
    """The team folder named relatively (``raci``), so the file names shown never vary."""
    monkeypatch.chdir(team_dir.parent)
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('team_dir = "raci"\n', encoding="utf-8")
    return make_app(config_dir)


def snapshot_team(keys: tuple[str, ...] = ()) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_team(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_team(snapshot_app: FinopsApp, snap_compare: Any, size: tuple[int, int]):
    keys = ("j", "j", "j", "j", "j", "l")
    assert snap_compare(snapshot_app, terminal_size=size, run_before=snapshot_team(keys))


def test_snapshot_team_gaps_only(snapshot_app: FinopsApp, snap_compare: Any):
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=snapshot_team(("g", "j", "j")))


def test_snapshot_team_capabilities_view(snapshot_app: FinopsApp, snap_compare: Any):
    keys = ("v", "v", "v", "g", "j")
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=snapshot_team(keys))


def test_snapshot_team_roles_view(snapshot_app: FinopsApp, snap_compare: Any):
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=snapshot_team(("v", "l", "l")))


def test_everyone_is_counted_past_a_dozen_people():
    from finops_tui.exchange.team import Member

    people = [
        Member(
            name=f"P{n}",
            source="",
            exported_at=None,
            catalog=None,
            held=frozenset(),
            letters={"a/b": "RACI"[n % 4]},
        )
        for n in range(30)
    ]
    assert everyone_line(people[:2], "a/b") == "Everyone: P0 R · P1 A"
    line = everyone_line(people, "a/b")
    assert line.startswith("Everyone: R 8 · A 8 · C 7 · I 7 (P0 R, P1 A,") and line.endswith("and 18 more)")
    assert everyone_line(people, "x/y") == "Everyone: no letters"


async def test_coming_back_reads_the_folder_again_if_an_export_changed(app: FinopsApp, team_dir: Path):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_team(pilot)
        first = screen.report
        await pilot.press("escape")
        await pilot.press("T")  # nothing changed: the team as read
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and screen.report is first
        await pilot.press("escape")
        (team_dir / "eli.json").unlink()
        await open_team(pilot)
        report = screen.report
        assert report is not None and "eli" not in [m.name for m in report.members]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_folder_prompt(config_dir: Path, snap_compare: Any, size: tuple[int, int]):
    app = make_app(config_dir)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("T")
        await pilot.pause()
        folder = app.screen.query_one("#team-folder-input", Input)
        folder.value = "/home/user/raci"
        folder.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# The character a terminal sends for enter, as the driver posts it.
CHARACTERS = {"enter": "\r"}


async def dialog_typed(config_dir: Path, open_dialog: str, text: str, *, burst: bool) -> str:
    """Open a dialog (an app action), type ``text`` and enter; what config.toml holds after."""
    config_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(config_dir)
    keys = [*text, "enter"]
    async with app.run_test(size=(80, 24)) as pilot:
        getattr(app, open_dialog)()
        await pilot.pause()
        if burst:
            for pressed in keys:
                app.post_message(events.Key(pressed, CHARACTERS.get(pressed, pressed)))
        else:
            for pressed in keys:
                await pilot.press(pressed)
        for _ in range(2):
            await app.workers.wait_for_complete()
            await pilot.pause()
    return (config_dir / "config.toml").read_text(encoding="utf-8")


async def test_the_folder_prompt_typed_in_a_burst_ends_as_typed_slowly(tmp_path: Path, team_dir: Path):
    text = str(team_dir)
    slow = await dialog_typed(tmp_path / "slow", "action_open_team_folder", text, burst=False)
    burst = await dialog_typed(tmp_path / "burst", "action_open_team_folder", text, burst=True)
    assert slow == burst == f'team_dir = "{team_dir}"\n'


async def test_the_name_typed_in_a_burst_ends_as_typed_slowly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("finops_tui.tui.app.os_full_name", lambda: "")  # an empty field to type in
    slow = await dialog_typed(tmp_path / "slow", "action_set_name", "Ana Silva", burst=False)
    burst = await dialog_typed(tmp_path / "burst", "action_set_name", "Ana Silva", burst=True)
    assert slow == burst == 'name = "Ana Silva"\n'
