"""My notes: everything the user has annotated, grouped by role, each opening the place to edit it.

Roles follow the catalog's display order, responsibilities their order in the role. Notes on a
role or responsibility the catalog no longer has are kept in the file and listed last, under
their own heading: they can be edited here but not opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from finops_tui.core.models import Catalog, NotesDocument, ResponsibilityNote, Role, RoleNotes
from finops_tui.core.text import plural
from finops_tui.notes.entries import role_entries
from finops_tui.tui.store import NotesChanged
from finops_tui.tui.stylesheets import stylesheet
from finops_tui.tui.widgets.content import HELD_MARK, NOTE_MARK, plain
from finops_tui.tui.widgets.footer import SteadyFooter
from finops_tui.tui.widgets.header import AppHeader

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp

ORPHANED_HEADING = "Orphaned notes (no longer in the role catalog)"
ORPHANED_EXPLANATION = "Kept in your notes file. n edits or clears them; they cannot be opened."
EMPTY_STATE = """You have not annotated anything yet.

Open a role (enter on the role list), then:
  h               mark the role as one you hold
  n               write a note on the role or on a responsibility
  space, r/a/c/i  give a responsibility a RACI letter

Everything you annotate is listed here, grouped by role."""
PREVIEW_LINES = 2
# Enough for the widest terminal; a 100 KB one-line note is never handed whole to the renderer.
PREVIEW_LINE_CHARACTERS = 400
# Under a responsibility's text: past the indent and the RACI badge ("   R  ").
RESPONSIBILITY_INDENT = " " * 6


# ---------------------------------------------------------------------------------------------
# What is listed


@dataclass(frozen=True)
class NoteEntry:
    """One selectable line group: a role's own annotations, or one responsibility's."""

    role_id: str
    responsibility_id: str | None = None
    orphaned: bool = False

    @property
    def key(self) -> str:
        return f"{self.role_id}/{self.responsibility_id}" if self.responsibility_id else self.role_id


def annotated_entries(catalog: Catalog, document: NotesDocument) -> tuple[list[NoteEntry], list[NoteEntry]]:
    """(entries under known roles, orphaned entries), each in the order they are listed."""
    listed: list[NoteEntry] = []
    orphaned: list[NoteEntry] = []
    for role in role_entries(catalog, document):
        own_notes = role.notes.held or bool(role.notes.note)
        # Emptied annotations stay in the notes as deletion markers: nothing to list.
        annotated = role.annotated_responsibilities
        known = [NoteEntry(role.id, entry.id) for entry in annotated if not entry.orphaned]
        if role.orphaned:
            if own_notes:
                orphaned.append(NoteEntry(role.id, orphaned=True))
        elif own_notes or known:  # else only orphaned responsibilities: listed under their heading
            listed += [NoteEntry(role.id), *known]
        orphaned += [
            NoteEntry(role.id, responsibility.id, orphaned=True)
            for responsibility in annotated
            if responsibility.orphaned
        ]
    return listed, orphaned


# ---------------------------------------------------------------------------------------------
# How an entry looks (every piece of user text goes through plain())


def _updated(moment: datetime | None, before: str) -> Content:
    if moment is None:
        return Content("")
    return Content.styled(f"{before}updated {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC", "$text-muted")


def note_preview(note: str, indent: str) -> list[Content]:
    """The first lines of a note that hold something, and how many more there are."""
    lines = [line for line in note.replace("\r\n", "\n").split("\n") if line.strip()]
    parts: list[Content] = []
    for line in lines[:PREVIEW_LINES]:
        parts += [Content(f"\n{indent}"), Content.styled(f"{NOTE_MARK} ", "$text-warning")]
        parts.append(plain(line[:PREVIEW_LINE_CHARACTERS], "italic"))
    more = len(lines) - PREVIEW_LINES
    if more > 0:
        parts.append(
            Content.styled(f"\n{indent}  … {more} more line{'s' if more > 1 else ''}", "$text-muted")
        )
    return parts


def role_prompt(title: Content, notes: RoleNotes) -> Content:
    parts = [title]
    if notes.held:
        parts.append(Content.styled(f"  {HELD_MARK} held", "$text-warning"))
    if notes.held or notes.note:
        parts.append(_updated(notes.updated_at, before="  · "))
    return Content.assemble(*parts, *note_preview(notes.note, "  "))


def responsibility_prompt(text: Content, note: ResponsibilityNote) -> Content:
    badge = (
        Content.styled(f" {note.raci} ", "bold reverse $text-success")
        if note.raci
        else Content.styled(" · ", "$text-muted")
    )
    return Content.assemble(
        Content("  "),
        badge,
        Content(" "),
        text,
        *note_preview(note.note, RESPONSIBILITY_INDENT),
        _updated(note.updated_at, before="\n" + RESPONSIBILITY_INDENT),
    )


# ---------------------------------------------------------------------------------------------
# Widgets


class NotesList(OptionList):
    """The annotated entries; enter (a binding of the screen) or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="notes.down"),
        Binding("k", "cursor_up", "Up", show=False, id="notes.up"),
    ]


class MyNotesScreen(Screen[None]):
    CSS_PATH = stylesheet("notes")
    SUB_TITLE = "My notes"
    AUTO_FOCUS = "NotesList"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so that the footer and the help show it above the list's own hidden enter.
        Binding("enter", "open", "Open", id="notes.open", priority=True),
        Binding("escape", "back", "Back", id="notes.back"),
        Binding("n", "edit_note", "Edit note", id="notes.edit-note"),
    ]

    app: FinopsApp

    def __init__(self) -> None:
        super().__init__()
        self._entries: dict[str, NoteEntry] = {}
        self._stale = False
        self._from_the_top = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="my-notes-summary")
        yield NotesList(id="my-notes-list")
        yield Static(Content(EMPTY_STATE), id="my-notes-empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_entries()
        self.app.store.notes_changed.subscribe(self, self._notes_changed)

    def start(self) -> None:
        """A new visit (the screen is kept between them) starts at the first entry."""
        self._from_the_top = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._show_entries()
        if self._from_the_top:
            self._from_the_top = False
            self._restore_cursor(None, 0)

    def _notes_changed(self, _: NotesChanged) -> None:
        if not self.is_active:
            # Hidden (kept for the next visit, or under a role or the editor): rebuilt once when
            # shown again, not on every annotation made elsewhere.
            self._stale = True
            return
        self._show_entries()

    # -- showing ---------------------------------------------------------------------------

    def _show_entries(self) -> None:
        store = self.app.store
        listed, orphaned = annotated_entries(store.catalog, store.notes.document)
        notes_list = self.query_one(NotesList)
        kept_key, kept_index = self._highlighted_key(), notes_list.highlighted
        self._entries = {entry.key: entry for entry in (*listed, *orphaned)}
        notes_list.set_options(self._options(listed, orphaned))
        self._restore_cursor(kept_key, kept_index)
        empty = not self._entries
        notes_list.display = not empty
        self.query_one("#my-notes-empty", Static).display = empty
        self.query_one("#my-notes-summary", Static).update(self._summary(listed, orphaned))
        self.refresh_bindings()

    def _options(self, listed: list[NoteEntry], orphaned: list[NoteEntry]) -> list[Option | None]:
        options: list[Option | None] = []
        for entry in listed:
            if entry.responsibility_id is None and options:
                options.append(None)  # a rule between roles
            options.append(Option(self._prompt(entry), id=entry.key))
        if orphaned:
            if options:
                options.append(None)
            heading = Content.assemble(
                Content.styled(ORPHANED_HEADING, "bold"), Content(f"\n{ORPHANED_EXPLANATION}")
            )
            options.append(Option(heading, id="orphaned-heading", disabled=True))
            options += [Option(self._prompt(entry), id=entry.key) for entry in orphaned]
        return options

    def _prompt(self, entry: NoteEntry) -> Content:
        store = self.app.store
        role = store.catalog.role(entry.role_id)
        notes = store.role_notes(entry.role_id)
        assert notes is not None, "entries are only made for annotated roles"
        if entry.responsibility_id is None:
            return role_prompt(self._role_title(entry, role), notes)
        note = notes.responsibilities[entry.responsibility_id]
        return responsibility_prompt(self._responsibility_title(entry, role), note)

    @staticmethod
    def _role_title(entry: NoteEntry, role: Role | None) -> Content:
        if role is None:
            return Content.assemble(Content.styled("role ", "$text-muted"), plain(entry.role_id, "bold"))
        return plain(role.name, "bold")

    @staticmethod
    def _responsibility_title(entry: NoteEntry, role: Role | None) -> Content:
        assert entry.responsibility_id is not None
        responsibility = role.responsibility(entry.responsibility_id) if role else None
        if responsibility is not None:
            return plain(responsibility.text[:PREVIEW_LINE_CHARACTERS])
        owner = role.name if role else entry.role_id
        return Content.assemble(plain(owner, "bold"), Content(" / "), plain(entry.responsibility_id))

    @staticmethod
    def _summary(listed: list[NoteEntry], orphaned: list[NoteEntry]) -> Content:
        if not listed and not orphaned:
            return Content("")
        roles = sum(1 for entry in listed if entry.responsibility_id is None)
        responsibilities = len(listed) - roles
        counts = f"{plural(roles, 'role')}, {plural(responsibilities, 'responsibility', 'responsibilities')}"
        text = f"Annotated: {counts}"
        if orphaned:
            text += f"; {len(orphaned)} orphaned"
        return Content.styled(f"{text}.", "$text-muted")

    def _highlighted_key(self) -> str | None:
        option = self.query_one(NotesList).highlighted_option
        return option.id if option is not None else None

    def _restore_cursor(self, key: str | None, index: int | None) -> None:
        """Back on the same entry after a refresh; near where it was if that entry is gone."""
        notes_list = self.query_one(NotesList)
        if key in self._entries:
            notes_list.highlighted = notes_list.get_option_index(key)
            return
        enabled = [i for i, option in enumerate(notes_list.options) if not option.disabled]
        if enabled:
            near = index if index is not None else 0
            notes_list.highlighted = min(enabled, key=lambda i: (abs(i - near), i))

    # -- acting ----------------------------------------------------------------------------

    @property
    def highlighted_entry(self) -> NoteEntry | None:
        key = self._highlighted_key()
        return self._entries.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open and edit are shown greyed out while there is nothing to act on."""
        if action in ("open", "edit_note") and self.highlighted_entry is None:
            return None
        return True

    @on(OptionList.OptionSelected, "#my-notes-list")
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self._entries.get(event.option.id or "")
        if entry is not None:
            self._open(entry)

    def _open(self, entry: NoteEntry) -> None:
        if entry.orphaned:
            self.notify(
                "This note is about something no longer in the role catalog, so there is nothing "
                "to open; n edits it here.",
                severity="warning",
                markup=False,
            )
            return
        self.app.open_role(entry.role_id, responsibility_id=entry.responsibility_id)

    def action_open(self) -> None:
        entry = self.highlighted_entry
        if entry is not None:
            self._open(entry)

    def action_back(self) -> None:
        self.dismiss()

    def action_edit_note(self) -> None:
        from finops_tui.tui.screens.note_editor import edit_note

        entry = self.highlighted_entry
        if entry is not None:
            edit_note(self.app, entry.role_id, entry.responsibility_id)
