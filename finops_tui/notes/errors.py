"""Why notes could not be read, saved or imported: one plain line each, for the user.

Pure, no Textual; shared by the notes.toml format and the notes file.
"""

from __future__ import annotations

from finops_tui.core.models import NOTES_SCHEMA_VERSION


class NotesError(Exception):
    """One-line, user-facing reason a save/import could not happen."""


class NotesFormatError(NotesError):
    """Notes text that cannot be used; ``detail`` says why and where, without the source name."""

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail


class NewerNotesSchemaError(NotesFormatError):
    """Notes written by a newer finops-tui: readable perhaps, but never to be written over."""

    def __init__(self, source: str, version: int) -> None:
        super().__init__(
            source,
            f"schema_version {version} is newer than this finops-tui understands "
            f"({NOTES_SCHEMA_VERSION}); upgrade finops-tui to edit these notes",
        )
        self.version = version


class NoteConflict(NotesError):
    """A note changed on disk (by another copy of the app) since the editor opened it.

    ``theirs`` is the note as it is now on disk; nothing was saved.
    """

    def __init__(self, theirs: str) -> None:
        super().__init__("this note was changed elsewhere while you edited it")
        self.theirs = theirs
