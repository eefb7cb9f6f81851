"""Team coverage: the team's exports as one RACI matrix, with the user's own notes as "you".

The store holds the team (finops_tui.tui.store: read from a folder, analysed again on every
notes change); this screen shows it: the matrix (finops_tui.tui.widgets.team_matrix), and a pane
for the cell under the cursor. ``g`` keeps only rows with a failing check, ``v`` switches the
views, enter opens the responsibility in the role detail, ``r`` reads the folder again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from finops_tui.core.models import RACI_MEANINGS
from finops_tui.core.text import plural
from finops_tui.exchange.team import CAPABILITY_SUBJECT, CHECKS, Member, TeamFiles, TeamReport
from finops_tui.exchange.team_formats import SEVERITY_MARKS, TEAM_VIEWS, View, subject_label, summary_line
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.content import plain
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import SteadyHeader
from finops_tui.tui.widgets.team_matrix import TeamGrid, TeamMatrix, one_line

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp

TITLE = "Team coverage"
VIEW_NAMES: dict[str, str] = {
    "responsibilities": "Responsibilities",
    "roles": "Roles",
    "people": "People",
    "capabilities": "Capabilities",
}
MAX_WARNED_FILES = 5
MAX_LISTED_LETTERS = 12


class CellPane(Widget):
    """Text drawn in place (the cell under the cursor, the summary): its size is set by the
    screen's styles, so new text never lays the screen out again (as a Static's update does)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")

    def show(self, content: Content) -> None:
        self.content = content
        self.refresh()

    def render(self) -> Content:
        return self.content


def read_team_folder(directory: Path) -> TeamFiles:
    """The exports in ``directory`` (run in a thread: a big folder takes a while)."""
    from finops_tui.exchange.team import read_team

    return read_team([directory])


def unreadable_warning(files: TeamFiles) -> str | None:
    """One line per file that could not be read (the first few), for a warning."""
    if not files.problems:
        return None
    count = len(files.problems)
    lines = [f"{plural(count, 'file')} could not be read; the rest is shown:"]
    lines += files.problems[:MAX_WARNED_FILES]
    if count > MAX_WARNED_FILES:
        lines.append(f"and {count - MAX_WARNED_FILES} more")
    return "\n".join(lines)


class TeamScreen(Screen[None]):
    CSS_PATH = stylesheet("team")
    SUB_TITLE = TITLE
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="team.back"),
        Binding("enter", "open", "Open", id="team.open"),
        Binding("g", "toggle_gaps", "Gaps only", id="team.gaps"),
        Binding("v", "next_view", "View", id="team.view"),
        Binding("r", "reload", "Reload", id="team.reload"),
        Binding("up,k", "move(-1, 0)", "Move up", id="team.up", show=False),
        Binding("down,j", "move(1, 0)", "Move down", id="team.down", show=False),
        Binding("left,h", "move(0, -1)", "Move left", id="team.left", show=False),
        Binding("right,l", "move(0, 1)", "Move right", id="team.right", show=False),
        Binding("pageup", "move(-10, 0)", "Page up", id="team.page-up", show=False),
        Binding("pagedown", "move(10, 0)", "Page down", id="team.page-down", show=False),
        Binding("home", "move(-100000, 0)", "First row", id="team.first", show=False),
        Binding("end", "move(100000, 0)", "Last row", id="team.last", show=False),
    ]

    app: FinopsApp

    cursor_row: reactive[int] = reactive(0, init=False)
    cursor_col: reactive[int] = reactive(0, init=False)
    view: reactive[View] = reactive("responsibilities", init=False)
    gaps_only: reactive[bool] = reactive(False, init=False)

    def compose(self) -> ComposeResult:
        yield SteadyHeader()
        yield CellPane(id="team-summary")
        with Container(id="team-body"):
            yield TeamMatrix(id="team-matrix").data_bind(row=TeamScreen.cursor_row, col=TeamScreen.cursor_col)
            with Container(id="team-pane"):
                yield CellPane(id="team-cell")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.app.store.team_changed.subscribe(self, self._team_changed)
        self.query_one(TeamMatrix).focus()
        self._rebuild()

    # -- state ------------------------------------------------------------------------------------

    @property
    def report(self) -> TeamReport | None:
        return self.app.store.team_report

    def _team_changed(self, _report: TeamReport) -> None:
        self._rebuild()

    def watch_view(self) -> None:
        self.cursor_row = 0
        self._rebuild()

    def watch_gaps_only(self) -> None:
        self.cursor_row = 0
        self._rebuild()

    def watch_cursor_row(self) -> None:
        self._show_cell()

    def watch_cursor_col(self) -> None:
        self._show_cell()

    def _rebuild(self) -> None:
        """The grid again from the store's report (a reload, a change of your notes, a view)."""
        report = self.report
        matrix = self.query_one(TeamMatrix)
        if report is None:
            self.query_one("#team-summary", CellPane).show(Content("No team folder is open."))
            return
        self._grid = self._grid_for(report)
        you = next((i for i, m in enumerate(report.members) if m.is_you), None)
        matrix.show(self._grid, you if self._grid.table.people_columns else None)
        # Keep the cursor inside the (maybe smaller) grid.
        self.cursor_row = max(0, min(self.cursor_row, len(self._grid.rows) - 1))
        self.cursor_col = max(0, min(self.cursor_col, len(self._grid.widths) - 1))
        folder = str(self.app.store.team_dir) if self.app.store.team_dir else ""
        gaps = " · gaps only" if self.gaps_only else ""
        summary = f"{VIEW_NAMES[self.view]}{gaps} · {summary_line(report)}"
        if folder:
            summary += f" · {folder}"
        self.query_one("#team-summary", CellPane).show(plain(summary))
        # The title stays "Team coverage" (a new sub-title costs a frame of its own); the summary
        # names the view.
        self._show_cell()

    def _grid_for(self, report: TeamReport) -> TeamGrid:
        """The grid of the view, made once per report: switching back and forth costs nothing."""
        if getattr(self, "_grids_of", None) is not report:
            self._grids_of = report
            self._grids: dict[tuple[str, bool], TeamGrid] = {}
        key = (self.view, self.gaps_only)
        if key not in self._grids:
            self._grids[key] = TeamGrid.of(report, self.view, gaps_only=self.gaps_only)
        return self._grids[key]

    def _show_cell(self) -> None:
        report = self.report
        grid = getattr(self, "_grid", None)
        if report is None or grid is None:
            return
        self.query_one("#team-cell", CellPane).show(
            cell_details(report, grid, self.cursor_row, self.cursor_col)
        )

    # -- actions ----------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_move(self, rows: int, cols: int) -> None:
        grid = getattr(self, "_grid", None)
        if grid is None:
            return
        self.cursor_row = max(0, min(len(grid.rows) - 1, self.cursor_row + rows))
        self.cursor_col = max(0, min(len(grid.widths) - 1, self.cursor_col + cols))

    def action_toggle_gaps(self) -> None:
        self.gaps_only = not self.gaps_only

    def action_next_view(self) -> None:
        self.view = TEAM_VIEWS[(TEAM_VIEWS.index(self.view) + 1) % len(TEAM_VIEWS)]  # type: ignore[assignment]

    def action_open(self) -> None:
        grid = getattr(self, "_grid", None)
        report = self.report
        if grid is None or report is None or not grid.rows:
            return
        row = grid.rows[self.cursor_row]
        if self.view == "people":
            # A person's row opens the matrix at their column.
            index = next((i for i, m in enumerate(report.members) if m.name == row.subject), 0)
            self.view = "responsibilities"
            self.cursor_col = index
            return
        if row.subject.startswith(CAPABILITY_SUBJECT):
            self.app.open_capability(row.subject.removeprefix(CAPABILITY_SUBJECT))
            return
        if not row.subject:
            return  # a domain's heading
        role_id, _, responsibility_id = row.subject.partition("/")
        self.app.open_role(role_id, responsibility_id or None)

    def action_reload(self) -> None:
        self.app.open_team_folder(self.app.store.team_dir, reload=True)

    @on(TeamMatrix.CellClicked)
    def _clicked(self, event: TeamMatrix.CellClicked) -> None:
        if event.row is not None:
            self.cursor_row = event.row
        if event.col is not None:
            self.cursor_col = event.col


# -- the pane: what the cell under the cursor holds ----------------------------------------------


def cell_details(report: TeamReport, grid: TeamGrid, row_index: int, col_index: int) -> Content:
    if not grid.rows:
        return plain("No row has a failing check." if grid.table.rows else "Nothing to show.")
    row = grid.rows[min(row_index, len(grid.rows) - 1)]
    people = report.members
    member = people[col_index] if grid.table.people_columns and col_index < len(people) else None
    parts: list[Content] = []
    if grid.table.label_head == "Person":
        member = next((m for m in people if m.name == row.subject), None)
        if member is not None:
            parts += _person_lines(report, member)
        return Content("\n").join(parts)
    if row.subject.startswith(CAPABILITY_SUBJECT) or not row.subject:
        return Content("\n").join(_capability_lines(report, row.subject, member))
    role_id, slash, _ = row.subject.partition("/")
    if slash:
        parts.append(plain(one_line(subject_label(report, row.subject)), "bold"))
        if member is not None:
            letter = member.letters.get(row.subject)
            meaning = f"{letter} {RACI_MEANINGS[letter]}" if letter else "no letter"
            parts.append(Content.assemble(_who(member), f": {meaning}"))
            note = member.notes.get(row.subject)
            if note:
                parts.append(Content.assemble("Note: ", plain(one_line(note), "italic")))
        parts.append(plain(everyone_line(people, row.subject)))
    else:
        role = report.catalog.role(role_id)
        holders = [m.name for m in report.holders(role_id)]
        name = role.name if role else role_id
        parts.append(plain(one_line(name), "bold"))
        parts.append(plain("Held by " + (", ".join(holders) if holders else "nobody")))
        if member is not None:
            held = "holds it" if role_id in member.held else "does not hold it"
            count = sum(key.startswith(f"{role_id}/") for key in member.letters)
            parts.append(
                Content.assemble(_who(member), f" {held}; {plural(count, 'letter')} on its responsibilities")
            )
    parts += _finding_lines(report, row.subject)
    return Content("\n").join(parts)


def everyone_line(people: list[Member], key: str, *, listed: int = MAX_LISTED_LETTERS) -> str:
    """Everyone's letters on one responsibility; past a dozen people, the counts and the first few."""
    letters = [(m.name, m.letters[key]) for m in people if key in m.letters]
    if not letters:
        return "Everyone: no letters"
    if len(letters) <= listed:
        return "Everyone: " + " · ".join(f"{name} {letter}" for name, letter in letters)
    counts = {letter: sum(given == letter for _, given in letters) for letter in RACI_MEANINGS}
    shown = ", ".join(f"{name} {letter}" for name, letter in letters[:listed])
    totals = " · ".join(f"{letter} {count}" for letter, count in counts.items())
    return f"Everyone: {totals} ({shown} and {len(letters) - listed} more)"


def _capability_lines(report: TeamReport, subject: str, member: Member | None) -> list[Content]:
    capability = report.catalog.capabilities.capability(subject.removeprefix(CAPABILITY_SUBJECT))
    if capability is None:
        return [plain("A domain: its capabilities are listed under it.")]
    links = capability.responsibilities
    lines = [
        plain(one_line(capability.name), "bold"),
        plain(plural(len(links), "linked responsibility", "linked responsibilities")),
    ]
    if member is not None:
        given = [member.letters[link] for link in links if link in member.letters]
        counts = " ".join(f"{letter} {given.count(letter)}" for letter in RACI_MEANINGS if letter in given)
        lines.append(Content.assemble(_who(member), f": {counts or 'no letter'}"))
    accountable = [m.name for m in report.members if any(m.letters.get(link) == "A" for link in links)]
    lines.append(plain("Accountable: " + (", ".join(accountable) if accountable else "nobody")))
    return lines + _finding_lines(report, subject)


def _who(member: Member) -> Content:
    origin = f" ({one_line(member.source)})" if member.source else " (your own notes)"
    return Content.assemble(plain(one_line(member.name), "bold"), plain(origin, "$text-muted"))


def _person_lines(report: TeamReport, member: Member) -> list[Content]:
    lines = [_who(member)]
    if member.exported_at is not None and not member.is_you:
        lines.append(plain(f"Exported {member.exported_at:%Y-%m-%d %H:%M %Z}"))
    held = [role.name for role in report.catalog.roles_in_display_order() if role.id in member.held]
    lines.append(plain("Holds: " + (", ".join(held) if held else "no role")))
    lines += _finding_lines(report, member.name)
    if member.source:
        lines += _finding_lines(report, member.source)
    return lines


def _finding_lines(report: TeamReport, subject: str) -> list[Content]:
    found = report.findings_for(subject)
    if not found:
        return [plain("No check fails here.", "$text-success")]
    return [
        Content.assemble(
            Content.styled(f"{SEVERITY_MARKS[f.severity]} {f.check}", _SEVERITY_STYLES[f.severity]),
            ": ",
            plain(one_line(f.message)),
        )
        for f in found
    ]


_SEVERITY_STYLES = {"error": "bold $text-error", "warning": "bold $text-warning", "info": "$text-primary"}
assert set(_SEVERITY_STYLES) == {check.severity for check in CHECKS.values()}


# -- the folder prompt -----------------------------------------------------------------------------


class TeamFolderDialog(ModalScreen[Path | None]):
    """Asks for the folder of the team's exports; returns it, or None when the user cancels."""

    CSS_PATH = stylesheet("team")
    AUTO_FOCUS = "#team-folder-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="team-folder.cancel", priority=True),
    ]

    def __init__(self, prefill: str = "") -> None:
        super().__init__()
        self._prefill = prefill

    def compose(self) -> ComposeResult:
        with Vertical(id="team-folder-dialog"):
            yield Label(plain("Open team folder", "bold"), id="team-folder-title")
            yield Static("The folder of the team's exports; it is remembered.", id="team-folder-detail")
            folder = Input(self._prefill, id="team-folder-input", select_on_focus=False)
            folder.border_title = "Folder"
            yield folder
            yield Static(id="team-folder-error", markup=False)
            with Horizontal(id="team-folder-buttons"):
                yield Label("enter open · esc cancel", id="team-folder-hint")
                yield Button("Cancel", id="team-folder-cancel")
                yield Button("Open", id="team-folder-open", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#team-folder-error").display = False

    @on(Input.Submitted, "#team-folder-input")
    @on(Button.Pressed, "#team-folder-open")
    def _open(self) -> None:
        text = self.query_one("#team-folder-input", Input).value.strip()
        folder = Path(text).expanduser() if text else None
        problem = None
        if folder is None:
            problem = "Type the path of a folder."
        elif not folder.is_dir():
            problem = f"{folder} is not a folder."
        if problem:
            error = self.query_one("#team-folder-error", Static)
            error.update(plain(problem))
            error.display = True
            return
        self.dismiss(folder.absolute() if folder else None)

    @on(Button.Pressed, "#team-folder-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
