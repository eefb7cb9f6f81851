"""The collaboration map: a matrix of who works with whom, or one role's collaborators around it.

The screen holds the state (the cursor's row and column, and which view shows) in reactives and
binds them into both views; the views draw, and say where a move lands. The pane below (or
beside, on a wide terminal) shows the two roles under the cursor and every topic they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from finops_tui.catalog.collabmap import CollaborationMatrix
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import AppHeader
from finops_tui.tui.widgets.map_focus import FocusView, nearest_collaborator
from finops_tui.tui.widgets.map_matrix import MatrixView, pair_details
from finops_tui.tui.widgets.map_view import MapView

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp

View = Literal["matrix", "focus"]
TITLE = "Collaboration map"
PREVIOUS_NEXT = Binding.Group("Prev/next role", compact=True)


class CollaborationMapScreen(Screen[None]):
    CSS_PATH = stylesheet("map")
    SUB_TITLE = TITLE
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="map.back"),
        Binding("enter", "open", "Open role", id="map.open"),
        # One key, two bindings: the footer names the view the key switches to.
        Binding("f", "show_view('focus')", "Focus view", id="map.toggle-view"),
        Binding("f", "show_view('matrix')", "Matrix view", id="map.toggle-view"),
        Binding(
            "left_square_bracket",
            "step_role(-1)",
            "Previous role",
            id="map.previous-role",
            key_display="[",
            group=PREVIOUS_NEXT,
        ),
        Binding(
            "right_square_bracket",
            "step_role(1)",
            "Next role",
            id="map.next-role",
            key_display="]",
            group=PREVIOUS_NEXT,
        ),
        Binding("up,k", "move(-1, 0)", "Move up", id="map.up", show=False),
        Binding("down,j", "move(1, 0)", "Move down", id="map.down", show=False),
        Binding("left,h", "move(0, -1)", "Move left", id="map.left", show=False),
        Binding("right,l", "move(0, 1)", "Move right", id="map.right", show=False),
        # On the map, the app's "m Map" key goes back to the matrix instead of opening another map.
        Binding("m", "matrix", "Matrix view", id="map.matrix", show=False),
    ]

    app: FinopsApp
    matrix: CollaborationMatrix  # built from the app's catalog when the screen is composed

    cursor_row: reactive[int] = reactive(0, init=False)
    cursor_col: reactive[int] = reactive(0, init=False)
    view: reactive[View] = reactive("matrix", init=False)

    def __init__(self, focus_role_id: str | None = None) -> None:
        super().__init__()
        self._focus_role_id = focus_role_id

    def compose(self) -> ComposeResult:
        self.matrix = CollaborationMatrix.from_catalog(self.app.store.catalog)
        self._views: dict[View, MatrixView | FocusView] = {
            "matrix": MatrixView(self.matrix, id="map-matrix"),
            "focus": FocusView(self.matrix, id="map-focus"),
        }
        yield AppHeader()
        with Container(id="map-body"):
            with ContentSwitcher(initial="map-matrix", id="map-views"):
                for view in self._views.values():
                    yield view.data_bind(
                        row=CollaborationMapScreen.cursor_row, col=CollaborationMapScreen.cursor_col
                    )
            with VerticalScroll(id="map-pane"):
                yield Static(id="map-pair")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.start(self._focus_role_id)

    def start(self, focus_role_id: str | None) -> None:
        """Where the map opens: the matrix at the first role, or the focus view of one role."""
        self.view = "matrix"
        self.cursor_row = 0
        if focus_role_id is not None:
            self.focus_role(focus_role_id)
        self.cursor_col = nearest_collaborator(self.matrix, self.cursor_row, 0)
        self._show_pair()
        self._active_view().focus()

    def focus_role(self, role_id: str) -> None:
        """Show the focus view of one role (used when the map is asked for from a role's detail)."""
        if any(role.id == role_id for role in self.matrix.roles):
            self.cursor_row = self.matrix.index(role_id)
            self.cursor_col = nearest_collaborator(self.matrix, self.cursor_row, 0)
            self.view = "focus"

    # -- state changes --------------------------------------------------------------------------

    def watch_cursor_row(self) -> None:
        self._show_pair()

    def watch_cursor_col(self) -> None:
        self._show_pair()

    def watch_view(self) -> None:
        active = self._active_view()
        self.query_one(ContentSwitcher).current = active.id
        active.focus()
        self._show_pair()
        self.refresh_bindings()

    def _active_view(self) -> MatrixView | FocusView:
        return self._views[self.view]

    def _show_pair(self) -> None:
        self.query_one("#map-pair", Static).update(
            pair_details(self.matrix, self.cursor_row, self.cursor_col)
        )
        if self.view == "focus" and self.matrix.roles:
            self.sub_title = f"{TITLE}: {self.matrix.roles[self.cursor_row].name}"
        else:
            self.sub_title = TITLE

    def _keep_on_a_connection(self) -> None:
        """In the focus view the column is always one of the row's collaborators (if it has any)."""
        if self.view == "focus":
            self.cursor_col = nearest_collaborator(self.matrix, self.cursor_row, self.cursor_col)

    # -- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Of the two bindings of the toggle key, only the one switching away from this view is on.
        if action == "show_view":
            return parameters[0] != self.view
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_open(self) -> None:
        if self.matrix.roles:
            self.app.open_role(self.matrix.roles[self.cursor_col].id)

    def action_show_view(self, view: View) -> None:
        self.view = view
        self._keep_on_a_connection()

    def action_matrix(self) -> None:
        self.action_show_view("matrix")

    def action_move(self, rows: int, cols: int) -> None:
        if self.matrix.roles:
            self.cursor_row, self.cursor_col = self._active_view().moved(
                self.cursor_row, self.cursor_col, rows, cols
            )

    def action_step_role(self, step: int) -> None:
        if self.matrix.roles:
            self.cursor_row = max(0, min(len(self.matrix) - 1, self.cursor_row + step))
            self._keep_on_a_connection()

    @on(MapView.CellClicked)
    def _clicked(self, event: MapView.CellClicked) -> None:
        # A click on the cell under the cursor opens it, as enter does; elsewhere it moves there.
        if (event.row, event.col) == (self.cursor_row, self.cursor_col):
            self.action_open()
            return
        if event.row is not None:
            self.cursor_row = event.row
        if event.col is not None:
            self.cursor_col = event.col
