"""The one store every screen shares: the catalog, the current role, the filter and the notes.

Screens read state from here and subscribe to its signals; they never keep their own copy of
catalog data. Without an app (in tests) the signals are silent and everything else works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from finops_tui.catalog.search import RoleIndex, RoleMatch
from finops_tui.core.models import RACI_LETTERS, Catalog, Raci, ResponsibilityNote, Role, RoleNotes
from finops_tui.core.settings import TeamThresholds
from finops_tui.notes.changes import NoteChange, SetHeld, SetRaci, SetResponsibilityNote, SetRoleNote
from finops_tui.notes.errors import NoteConflict, NotesError
from finops_tui.notes.file import NotesFile

if TYPE_CHECKING:
    from pathlib import Path

    from textual.dom import DOMNode

    from finops_tui.exchange.team import TeamFiles, TeamReport

T = TypeVar("T")


class _Silent(Generic[T]):
    """Stands in for a Textual Signal when the store runs without an app."""

    def publish(self, data: T) -> None:
        pass

    def subscribe(self, node: Any, callback: Callable[[T], Any], immediate: bool = False) -> None:
        pass

    def unsubscribe(self, node: Any) -> None:
        pass


def _signal(owner: DOMNode | None, name: str) -> Any:
    if owner is None:
        return _Silent()
    from textual.signal import Signal

    return Signal(owner, name)


@dataclass(frozen=True)
class NotesChanged:
    """What changed, so a screen can redraw only the affected role."""

    role_id: str
    responsibility_id: str | None = None


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(
        self,
        catalog: Catalog,
        notes: NotesFile,
        *,
        owner: DOMNode | None = None,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.catalog = catalog
        self.notes = notes
        self._clock = clock
        self._ordered_roles = catalog.roles_in_display_order()
        self._index = RoleIndex(self._ordered_roles, self._capability_names)
        self.filter_text = ""
        self.mine_only = False
        self.matches: list[RoleMatch] = self._index.filter("")
        self.selected_role_id: str | None = self._ordered_roles[0].id if self._ordered_roles else None
        self.selection_changed = _signal(owner, "selection_changed")
        self.filter_changed = _signal(owner, "filter_changed")
        self.notes_changed = _signal(owner, "notes_changed")
        # Team coverage: the folder of exports, what was read from it, and the report over it
        # with the user's own notes as the "you" column (analysed again on every notes change).
        self.team_dir: Path | None = None
        self.team_files: TeamFiles | None = None
        self.team_report: TeamReport | None = None
        self.team_thresholds = TeamThresholds()
        self.team_changed = _signal(owner, "team_changed")
        self.save_failed = _signal(owner, "save_failed")
        """Published with a one-line problem when a change could not be saved (the app shows it)."""

    def _capability_names(self, role: Role) -> list[str]:
        return [capability.name for capability in self.catalog.capabilities.involving(role.id)]

    # -- roles and selection ------------------------------------------------------------------

    @property
    def roles(self) -> list[Role]:
        """Every role in display order (core, associated, then other kinds)."""
        return self._ordered_roles

    @property
    def selected_role(self) -> Role | None:
        return self.catalog.role(self.selected_role_id) if self.selected_role_id else None

    def select(self, role_id: str | None) -> None:
        if role_id == self.selected_role_id:
            return
        if role_id is not None and self.catalog.role(role_id) is None:
            return
        self.selected_role_id = role_id
        self.selection_changed.publish(role_id)

    def neighbour(self, role_id: str, step: int) -> str:
        """The role ``step`` places after ``role_id`` in display order, wrapping around."""
        ids = [role.id for role in self._ordered_roles]
        position = ids.index(role_id) if role_id in ids else 0
        return ids[(position + step) % len(ids)]

    # -- filtering ------------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        if text == self.filter_text:
            return
        self.filter_text = text
        self._refilter()

    def set_mine_only(self, mine_only: bool) -> None:
        if mine_only == self.mine_only:
            return
        self.mine_only = mine_only
        self._refilter()

    def best_match_id(self) -> str | None:
        """Where the cursor goes after filtering: a name match, else a summary match, else the first."""
        for matched in (lambda m: m.name_spans, lambda m: m.summary_spans, lambda m: True):
            best = next((match for match in self.matches if matched(match)), None)
            if best is not None:
                return best.role.id
        return None

    def _refilter(self) -> None:
        matches = self._index.filter(self.filter_text)
        if self.mine_only:
            matches = [match for match in matches if self.holds(match.role.id)]
        self.matches = matches
        self.filter_changed.publish(self.filter_text)

    # -- notes ----------------------------------------------------------------------------------

    def role_notes(self, role_id: str) -> RoleNotes | None:
        return self.notes.document.roles.get(role_id)

    def responsibility_note(self, role_id: str, responsibility_id: str) -> ResponsibilityNote | None:
        role_notes = self.role_notes(role_id)
        return role_notes.responsibilities.get(responsibility_id) if role_notes else None

    def holds(self, role_id: str) -> bool:
        role_notes = self.role_notes(role_id)
        return bool(role_notes and role_notes.held)

    def toggle_held(self, role_id: str) -> str | None:
        return self._change(SetHeld(role_id, not self.holds(role_id), self._clock()))

    def set_role_note(self, role_id: str, text: str) -> str | None:
        return self._change(SetRoleNote(role_id, text, self._clock()))

    def set_raci(self, role_id: str, responsibility_id: str, letter: Raci | None) -> str | None:
        return self._change(SetRaci(role_id, responsibility_id, letter, self._clock()))

    def cycle_raci(self, role_id: str, responsibility_id: str) -> str | None:
        """R -> A -> C -> I -> none -> R."""
        current = self.responsibility_note(role_id, responsibility_id)
        letters: list[Raci | None] = [*RACI_LETTERS, None]
        position = letters.index(current.raci if current else None)
        return self.set_raci(role_id, responsibility_id, letters[(position + 1) % len(letters)])

    def set_responsibility_note(self, role_id: str, responsibility_id: str, text: str) -> str | None:
        return self._change(SetResponsibilityNote(role_id, responsibility_id, text, self._clock()))

    def note_text(self, role_id: str, responsibility_id: str | None = None) -> str:
        """The user's note on a role (``responsibility_id`` None) or on one of its responsibilities."""
        if responsibility_id is None:
            notes = self.role_notes(role_id)
            return notes.note if notes else ""
        note = self.responsibility_note(role_id, responsibility_id)
        return note.note if note else ""

    def set_note(
        self, role_id: str, responsibility_id: str | None, text: str, *, started_from: str | None = None
    ) -> str | None:
        """Save the user's note on a role (``responsibility_id`` None) or on a responsibility.

        With ``started_from`` (the text the editor opened with), raises ``NoteConflict`` when
        another copy of the app changed the note meanwhile; nothing is changed then.
        """
        if responsibility_id is None:
            change: NoteChange = SetRoleNote(role_id, text, self._clock())
        else:
            change = SetResponsibilityNote(role_id, responsibility_id, text, self._clock())
        return self._change(change, started_from=started_from)

    def _change(self, change: NoteChange, *, started_from: str | None = None) -> str | None:
        """Apply and save one change; returns a one-line problem when it could not be saved.

        A failed save keeps the change in memory, so the user loses nothing; a notes file that
        must not be written (a newer format) refuses the change and says why.
        """
        problem = None
        try:
            self.notes.apply(change, started_from=started_from)
        except NoteConflict:
            raise  # nothing changed: the caller asks which text to keep
        except NotesError as error:
            problem = str(error)
        responsibility_id = getattr(change, "responsibility_id", None)
        if self.mine_only and isinstance(change, SetHeld):
            self._refilter()
        if self.team_files is not None:
            self._analyse_team()  # the "you" column follows the user's notes, and the checks with it
        self.notes_changed.publish(NotesChanged(change.role_id, responsibility_id))
        if problem:
            self.save_failed.publish(problem)
        return problem

    # -- team coverage ------------------------------------------------------------------------

    def set_team(self, directory: Path, files: TeamFiles) -> None:
        """The team read from ``directory`` (by :func:`finops_tui.exchange.team.read_team`)."""
        self.team_dir = directory
        self.team_files = files
        self._analyse_team()

    def _analyse_team(self) -> None:
        from finops_tui.exchange.team import analyse, you_member

        files = self.team_files
        if files is None:
            return
        moment = self._clock()
        you = you_member(self.notes.document, self.catalog, moment)
        self.team_report = analyse(
            self.catalog,
            [*files.members, you],
            thresholds=self.team_thresholds,
            now=moment,
            files=files,
        )
        self.team_changed.publish(self.team_report)

    def team_letters(self, role_id: str, responsibility_id: str) -> list[tuple[str, str]]:
        """The team's letters on one responsibility, as (name, letter), the user's own left out."""
        report = self.team_report
        if report is None:
            return []
        key = f"{role_id}/{responsibility_id}"
        return [(m.name, m.letters[key]) for m in report.members if not m.is_you and key in m.letters]

    def take_messages(self) -> list[str]:
        """Things the notes file has to tell the user (once), e.g. where a corrupt file went."""
        messages = list(self.notes.messages)
        self.notes.messages.clear()
        return messages
