"""The collaboration map screen: snapshots, the flows a user walks (Pilot), and its edges.

Regenerate snapshots with `pytest tests/test_map_screen.py --snapshot-update` only after looking
at every changed SVG (convert with rsvg-convert and view it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import make_app, run_from_palette
from textual.pilot import Pilot

from finops_tui.catalog.collabmap import CollaborationMatrix
from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.collaboration_map import CollaborationMapScreen
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen
from finops_tui.tui.widgets.map_focus import FocusView, build_diagram, junction, nearest_collaborator
from finops_tui.tui.widgets.map_matrix import CELL_WIDTH, MatrixGeometry, MatrixView

SMALL = (80, 24)
LARGE = (120, 40)
HUGE = (230, 60)  # the whole 30-role matrix with the pane beside it, nothing scrolled

BUNDLED_IDS = [
    "finops-practitioner",
    "management",
    "product",
    "engineering",
    "finance",
    "procurement",
    "itsm-itil",
    "itam",
    "sustainability",
    "security",
    "itfm",
]
TEAM_COUNT = 19  # with the 11 bundled roles, a map of 30
MARKUP_TEAM = "team-19"
MARKUP_LABEL = "[b]T19[/b]"
MARKUP_TOPIC = "[@click=app.quit]Quit[/] on click"


# ---------------------------------------------------------------------------------------------
# Data and helpers


def team_id(number: int) -> str:
    return f"team-{number:02d}"


def thirty_role_toml() -> str:
    """Regional teams joined in a chain, each to one bundled role and to the FinOps practitioner.

    Deterministic: the same text every run. One team's label, name and topic look like markup,
    one label is in wide characters.
    """
    parts: list[str] = []
    for number in range(1, TEAM_COUNT + 1):
        role_id = team_id(number)
        name, label = f"Team {number:02d} (regional)", f"Team {number:02d}"
        if role_id == MARKUP_TEAM:
            name, label = "[bold]Team 19[/bold]", MARKUP_LABEL
        elif number == 18:
            label = "東京"
        parts.append(
            f'[[roles]]\nid = "{role_id}"\nname = "{name}"\nshort_name = "{label}"\n'
            f'kind = "regional"\nsummary = "Runs cloud spend for region {number}"\n'
        )
    for number in range(1, TEAM_COUNT + 1):
        role_id = team_id(number)
        edges = [("finops-practitioner", [f"Regional showback {number}", "Anomaly triage"])]
        edges.append((BUNDLED_IDS[1 + number % 10], [f"Regional budget {number}"]))
        if number < TEAM_COUNT:
            topics = [f"Shared platform costs {number}-{number + 1}", "Hand-over of accounts", "Quotas"]
            edges.append((team_id(number + 1), topics[: 1 + number % 3]))
        if role_id == MARKUP_TEAM:
            edges.append(("security", [MARKUP_TOPIC]))
        for other, topics in edges:
            quoted = ", ".join(f'"{topic}"' for topic in topics)
            parts.append(f'[[collaborations]]\nroles = ["{role_id}", "{other}"]\ntopics = [{quoted}]\n')
    return "\n".join(parts)


@pytest.fixture
def thirty_roles(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(thirty_role_toml(), encoding="utf-8")
    return path


def map_screen(app: FinopsApp) -> CollaborationMapScreen:
    screen = app.screen
    assert isinstance(screen, CollaborationMapScreen)
    return screen


def pane_text(app: FinopsApp) -> str:
    return str(map_screen(app).query_one("#map-pair").render())


async def open_map(pilot: Pilot, role_id: str | None = None) -> None:
    pilot.app.action_open_map(role_id)  # type: ignore[attr-defined]
    await pilot.pause()


def drawn_line(view: MatrixView | FocusView, y: int) -> str:
    return view.render_line(y).text


def drawn_marks(view: MatrixView) -> dict[tuple[str, str], str]:
    """Every cell's mark as drawn (the view must be big enough to show the whole matrix)."""
    geometry, roles = view.geometry, view.matrix.roles
    marks: dict[tuple[str, str], str] = {}
    for row, row_role in enumerate(roles):
        line = view.render_line(geometry.header_height + geometry.row_y[row])
        for col, col_role in enumerate(roles):
            start = geometry.fixed_width + geometry.column_x[col]
            marks[row_role.id, col_role.id] = line.crop(start, start + CELL_WIDTH).text.strip()
    return marks


# ---------------------------------------------------------------------------------------------
# Snapshots (each one looked at before it was accepted)


def at_cell(row: int, col: int) -> list[str]:
    """Keys that take the cursor from where the map opens (row 0, column 1) to a cell."""
    moves = ["j"] * row + (["l"] * (col - 1) if col >= 1 else ["h"])
    return [*moves, "wait:100"]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_matrix_with_the_cursor_on_an_edge(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    # Engineering x Finance: four topics.
    assert snap_compare(make_app(config_dir), run_before=open_map, press=at_cell(3, 4), terminal_size=size)


def test_matrix_with_the_cursor_on_an_empty_cell(snap_compare, config_dir: Path) -> None:
    # Product x Procurement: no collaboration.
    assert snap_compare(make_app(config_dir), run_before=open_map, press=at_cell(2, 5), terminal_size=SMALL)


def test_matrix_in_a_light_theme(snap_compare, config_dir: Path) -> None:
    async def light_map(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await open_map(pilot)

    assert snap_compare(make_app(config_dir), run_before=light_map, press=at_cell(8, 4), terminal_size=SMALL)


@pytest.mark.parametrize("role_id", ["engineering", "itam"], ids=["core", "associated"])
def test_focus_view(snap_compare, config_dir: Path, role_id: str) -> None:
    async def focus(pilot: Pilot) -> None:
        await open_map(pilot, role_id)

    assert snap_compare(make_app(config_dir), run_before=focus, press=["j", "wait:100"], terminal_size=SMALL)


@pytest.mark.slow
def test_thirty_roles_scrolled(snap_compare, config_dir: Path, thirty_roles: Path) -> None:
    app = make_app(config_dir, [thirty_roles])
    assert snap_compare(app, run_before=open_map, press=at_cell(29, 27), terminal_size=SMALL)


@pytest.mark.slow
def test_thirty_roles_focus_on_a_busy_role(snap_compare, config_dir: Path, thirty_roles: Path) -> None:
    async def focus(pilot: Pilot) -> None:
        await open_map(pilot, "finops-practitioner")

    app = make_app(config_dir, [thirty_roles])
    assert snap_compare(app, run_before=focus, press=["j"] * 12 + ["wait:100"], terminal_size=SMALL)


# ---------------------------------------------------------------------------------------------
# The flows a user walks


async def test_open_from_the_palette(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await run_from_palette(pilot, "Collaboration map")
        screen = map_screen(app)
        assert screen.view == "matrix"
        # The cursor starts on the first role's first collaboration.
        assert (screen.cursor_row, screen.cursor_col) == (0, 1)
        assert pane_text(app).startswith("FinOps practitioner and Management work together on 3 topics:")


async def test_open_from_every_screen_with_m(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert map_screen(app).view == "matrix"
        # On the map, m shows the matrix rather than stacking a second map.
        await pilot.press("f", "m")
        await pilot.pause()
        assert map_screen(app).view == "matrix"
        assert len(app.screen_stack) == 2


async def test_open_from_a_role_detail_focused_on_that_role(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        app.open_role("itam")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = map_screen(app)
        itam = screen.matrix.index("itam")
        assert screen.view == "focus"
        assert screen.cursor_row == itam
        assert screen.sub_title == "Collaboration map: ITAM"
        focus = screen.query_one(FocusView)
        assert app.focused is focus
        # The first connection is selected, and the pane shows its topics.
        assert (
            screen.cursor_col
            == focus.diagram.connections[0].column
            == screen.matrix.index("finops-practitioner")
        )
        assert pane_text(app).startswith("ITAM and FinOps practitioner work together on 3 topics:")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "itam"


async def test_navigate_the_matrix(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        index = screen.matrix.index
        await pilot.press("j", "j", "j", "l", "l", "right")  # Eng x Finance
        assert (screen.cursor_row, screen.cursor_col) == (index("engineering"), index("finance"))
        text = pane_text(app)
        assert text.splitlines() == [
            "Engineering and Finance work together on 4 topics:",
            "• Approve changes that raise spend against the budget",
            "• Validate chargeback of shared services Engineering runs",
            "• Set efficiency and budget targets",
            "• Compare lower-carbon options with cheaper ones",
        ]
        await pilot.press("up", "l")  # Product x Procurement
        assert (screen.cursor_row, screen.cursor_col) == (index("product"), index("procurement"))
        assert pane_text(app) == "The catalog records no collaboration between Product and Procurement."
        await pilot.press(*"hhhhhhhhhh", *"kkkk")  # stops at the edges
        assert (screen.cursor_row, screen.cursor_col) == (0, 0)
        assert pane_text(app).startswith("FinOps practitioner (core) works with 10 roles: Management, ")
        await pilot.press("right_square_bracket")  # next role: the row moves
        assert (screen.cursor_row, screen.cursor_col) == (1, 0)


async def test_the_cursor_row_and_column_are_highlighted(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        await pilot.press("j", "j", "j", "l", "l", "l")
        await pilot.pause()
        matrix = map_screen(app).query_one(MatrixView)
        geometry = matrix.geometry
        cursor = matrix.get_component_rich_style("map-matrix--cursor")
        crosshair = matrix.get_component_rich_style("map-matrix--crosshair")
        active_label = matrix.get_component_rich_style("map-matrix--active-label")

        def style_at(row_line: int, x: int) -> object:
            segments = list(matrix.render_line(row_line).crop(x, x + 1))
            return segments[0].style.bgcolor if segments else None

        def cell_x(col: int) -> int:
            return geometry.fixed_width + geometry.column_x[col] + 1

        line_of = {row: geometry.header_height + geometry.row_y[row] for row in range(11)}
        assert style_at(line_of[3], cell_x(4)) == cursor.bgcolor
        assert style_at(line_of[3], cell_x(9)) == crosshair.bgcolor  # same row
        assert style_at(line_of[9], cell_x(4)) == crosshair.bgcolor  # same column
        assert style_at(line_of[9], cell_x(9)) != crosshair.bgcolor
        assert style_at(line_of[3], 1) == active_label.bgcolor  # the row's label
        label_line = 1 + 4 % geometry.label_lines
        assert style_at(label_line, cell_x(4)) == active_label.bgcolor  # the column's label


async def test_open_a_role_and_come_back_to_the_same_place(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        await pilot.press("j", "j", "j", "l", "l", "l")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "finance"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert (screen.view, screen.cursor_row, screen.cursor_col) == ("matrix", 3, 4)
        assert app.focused is screen.query_one(MatrixView)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)


async def test_m_from_a_detail_opened_from_the_map_goes_back_to_that_map(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        await pilot.press("j", "j", "j", "l", "l", "l", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "finance"
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is screen
        assert sum(isinstance(s, CollaborationMapScreen) for s in app.screen_stack) == 1
        assert screen.view == "focus"
        assert screen.matrix.roles[screen.cursor_row].id == "finance"


async def test_focus_follows_the_matrix_row_and_back(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        index = screen.matrix.index
        await pilot.press("j", "j", "l")  # Product x Product: not a connection
        await pilot.press("f")
        await pilot.pause()
        assert screen.view == "focus" and screen.sub_title == "Collaboration map: Product"
        focus = screen.query_one(FocusView)
        ids = [connection.role.id for connection in focus.diagram.connections]
        assert ids == ["finops-practitioner", "management", "engineering", "finance"]
        # The column settled on the next collaborator in display order.
        assert screen.cursor_col == index("engineering")
        await pilot.press("j")
        assert screen.cursor_col == index("finance")
        await pilot.press("j")  # the last connection: stays
        assert screen.cursor_col == index("finance")
        await pilot.press("h")  # across to the left side, the nearest line
        assert focus.diagram.connections[focus.diagram.connection_for(screen.cursor_col)].side == 0
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, RoleDetailScreen)
        assert opened.role_id == screen.matrix.roles[screen.cursor_col].id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.view == "focus"
        await pilot.press("right_square_bracket")  # the next role in the middle
        assert screen.cursor_row == index("engineering")
        assert screen.cursor_col in [c.column for c in focus.diagram.connections]
        selected = screen.cursor_col
        await pilot.press("f")
        await pilot.pause()
        assert screen.view == "matrix"
        assert (screen.cursor_row, screen.cursor_col) == (index("engineering"), selected)


async def test_the_toggle_key_follows_the_keymap(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        app.set_keymap({"map.toggle-view": "t"})
        await open_map(pilot)
        await pilot.press("t")
        assert map_screen(app).view == "focus"
        await pilot.press("t")
        assert map_screen(app).view == "matrix"


async def test_clicks_move_the_cursor_and_a_second_click_opens(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        matrix = screen.query_one(MatrixView)
        region = matrix.geometry.cell_region(3, 4)
        offset = (region.x + 1, region.y)
        assert await pilot.click(MatrixView, offset=offset)
        assert (screen.cursor_row, screen.cursor_col) == (3, 4)
        assert await pilot.click(MatrixView, offset=offset)
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "finance"


@pytest.mark.slow
async def test_thirty_roles_scroll_and_keep_header_and_labels(config_dir: Path, thirty_roles: Path) -> None:
    app = make_app(config_dir, [thirty_roles])
    async with app.run_test(size=SMALL) as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        matrix = screen.query_one(MatrixView)
        assert len(screen.matrix) == 30
        await pilot.press(*["j"] * 29, *["l"] * 26)  # Team 19 x Team 17
        await pilot.pause()
        assert matrix.scroll_offset.x > 0 and matrix.scroll_offset.y > 0
        geometry = matrix.geometry
        header = [drawn_line(matrix, y) for y in range(geometry.header_height)]
        assert "Regional roles" in header[0]
        assert any("Team 17" in line for line in header)  # the cursor's column label, whole
        last_row = drawn_line(matrix, matrix.scrollable_content_region.height - 1)
        assert last_row.startswith(f" {MARKUP_LABEL} │")  # label column in view, markup as text
        assert pane_text(app) == (
            "The catalog records no collaboration between [bold]Team 19[/bold] and Team 17 (regional)."
        )


async def test_markup_in_role_data_is_shown_as_text(config_dir: Path, thirty_roles: Path) -> None:
    app = make_app(config_dir, [thirty_roles])
    async with app.run_test(size=SMALL) as pilot:
        await open_map(pilot, MARKUP_TEAM)
        screen = map_screen(app)
        focus = screen.query_one(FocusView)
        security = next(c for c in focus.diagram.connections if c.role.id == "security")
        await pilot.click(FocusView, offset=(2, security.line - focus.scroll_offset.y))
        assert screen.cursor_col == screen.matrix.index("security")
        assert pane_text(app).splitlines() == [
            "[bold]Team 19[/bold] and Security work together on 1 topic:",
            f"• {MARKUP_TOPIC}",
        ]
        assert app.is_running  # the [@click=app.quit] topic did nothing


# ---------------------------------------------------------------------------------------------
# The map shows exactly the catalog's edges


@pytest.mark.parametrize("with_data", [False, True], ids=["bundled", "thirty-roles"])
async def test_the_map_shows_every_edge_and_no_other(
    config_dir: Path, thirty_roles: Path, with_data: bool
) -> None:
    app = make_app(config_dir, [thirty_roles] if with_data else [])
    catalog = app.store.catalog
    expected = {edge.pair: len(edge.topics) for edge in catalog.collaborations}
    async with app.run_test(size=HUGE) as pilot:
        await open_map(pilot)
        screen = map_screen(app)
        matrix = screen.query_one(MatrixView)
        assert len(screen.matrix) == len(catalog.roles)
        drawn: dict[frozenset[str], int] = {}
        for (row_id, col_id), mark in drawn_marks(matrix).items():
            if row_id == col_id:
                assert mark == "—"
            elif mark == "·":
                assert frozenset((row_id, col_id)) not in expected
            else:
                assert mark.startswith("●")
                drawn[frozenset((row_id, col_id))] = int(mark[1:])
        assert drawn == expected

        # Each role's focus view draws one connection per edge, labelled with the first topic.
        await pilot.press("f")
        focus = screen.query_one(FocusView)
        connected: set[frozenset[str]] = set()
        for row, role in enumerate(screen.matrix.roles):
            screen.cursor_row = row
            await pilot.pause()
            for connection in focus.diagram.connections:
                pair = frozenset((role.id, connection.role.id))
                assert pair not in connected or pair in expected
                connected.add(pair)
                line = drawn_line(focus, connection.line - round(focus.scroll_y))
                assert connection.edge.topics[0][:8] in line
        assert connected == set(expected)


# ---------------------------------------------------------------------------------------------
# The pure parts


def test_geometry_of_the_bundled_matrix_fits_80_columns(config_dir: Path) -> None:
    matrix = CollaborationMatrix.from_catalog(make_app(config_dir).store.catalog)
    geometry = MatrixGeometry.of(matrix)
    assert geometry.width <= 80
    assert geometry.height <= 24 - 2 - 6  # title bar, footer, pane
    # Every label shows whole: no label is longer than the room the staggering gives it.
    assert all(len(matrix.label(role.id)) <= geometry.label_room for role in matrix.roles)
    assert [geometry.body[y] for y in geometry.row_y] == list(range(len(matrix)))
    assert geometry.body.count(None) == len(matrix.groups) - 1


def test_junctions() -> None:
    assert junction(north=False, south=True, east=False, west=True) == "┐"
    assert junction(north=True, south=True, east=True, west=True) == "┼"
    assert junction(north=True, south=False, east=True, west=False) == "└"
    assert junction(north=False, south=False, east=True, west=False) == "─"


def test_a_role_without_collaborators_says_so(config_dir: Path, tmp_path: Path) -> None:
    lonely = tmp_path / "lonely.toml"
    lonely.write_text(
        '[[roles]]\nid = "lonely"\nname = "Lonely role"\nkind = "regional"\nsummary = "Works alone"\n',
        encoding="utf-8",
    )
    matrix = CollaborationMatrix.from_catalog(make_app(config_dir, [lonely]).store.catalog)
    row = matrix.index("lonely")
    assert nearest_collaborator(matrix, row, 0) == row
    diagram = build_diagram(matrix, row, 80, 10)
    assert diagram.connections == ()
    text = ["".join(piece.text for piece in line) for line in diagram.lines]
    assert any("│ Lonely role │" in line for line in text)
    assert "The catalog records no collaboration for this role." in text[-1]
