"""The user's notes: ``notes.toml`` read and saved atomically under a lock, changes, merge, schema."""

from finops_tui.core.lazy import lazy_exports

_EXPORTS = {
    "SetHeld": "changes",
    "SetRoleNote": "changes",
    "SetRaci": "changes",
    "SetResponsibilityNote": "changes",
    "NoteChange": "changes",
    "apply_change": "changes",
    "merge_documents": "changes",
    "normalize_timestamps": "changes",
    "ResponsibilityEntry": "entries",
    "RoleEntry": "entries",
    "role_entries": "entries",
    "NotesError": "errors",
    "NotesFormatError": "errors",
    "NewerNotesSchemaError": "errors",
    "LOCK_SUFFIX": "file",
    "CORRUPT_INFIX": "file",
    "BACKUP_INFIX": "file",
    "UNSAVED_INFIX": "file",
    "LOCK_TIMEOUT_SECONDS": "file",
    "FileSignature": "file",
    "NotesFile": "file",
    "parse_notes": "format",
    "parse_notes_bytes": "format",
    "FileContent": "format",
    "ParsedFile": "format",
    "parse_notes_file": "format",
    "parse_newer_notes": "format",
    "dump_notes": "format",
    "NotesRenderer": "format",
    "DRAFTS_FILE": "recovery",
    "Draft": "recovery",
    "NoteTarget": "recovery",
    "drafts_path": "recovery",
    "keep_drafts": "recovery",
    "kept_drafts": "recovery",
    "drop_drafts": "recovery",
    "NoteText": "schema",
    "ResponsibilityNote": "schema",
    "RoleNotes": "schema",
    "NotesDocument": "schema",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
