"""The app's screens and dialogs."""

from finops_tui.core.lazy import lazy_exports

_EXPORTS = {
    "View": "collaboration_map",
    "TITLE": "collaboration_map",
    "PREVIOUS_NEXT": "collaboration_map",
    "CollaborationMapScreen": "collaboration_map",
    "ExportDialog": "export_dialog",
    "ConfirmOverwrite": "export_dialog",
    "working_directory": "export_dialog",
    "target_path": "export_dialog",
    "with_extension_of": "export_dialog",
    "render_and_write": "export_dialog",
    "summarise_notes": "export_dialog",
    "HELP_SECTIONS": "help",
    "EXTRA_KEYS": "help",
    "help_content": "help",
    "HelpScreen": "help",
    "ORPHANED_HEADING": "my_notes",
    "ORPHANED_EXPLANATION": "my_notes",
    "EMPTY_STATE": "my_notes",
    "PREVIEW_LINES": "my_notes",
    "PREVIEW_LINE_CHARACTERS": "my_notes",
    "DUTY_INDENT": "my_notes",
    "NoteEntry": "my_notes",
    "annotated_entries": "my_notes",
    "note_preview": "my_notes",
    "role_prompt": "my_notes",
    "responsibility_prompt": "my_notes",
    "NotesList": "my_notes",
    "MyNotesScreen": "my_notes",
    "NoteArea": "note_editor",
    "NoteEditor": "note_editor",
    "DiscardChanges": "note_editor",
    "YesOrNo": "question",
    "RoleDetailScreen": "role_detail",
    "RoleListScreen": "role_list",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
