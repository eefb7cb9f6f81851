"""Notes and roles leaving or entering the app: export formats, import, a role as Markdown."""

from finops_tui.core.lazy import lazy_exports

_EXPORTS = {
    "ORPHANED_MARKER": "export",
    "NO_NOTES_MESSAGE": "export",
    "ExportFormat": "export",
    "EXPORT_FORMATS": "export",
    "DEFAULT_FORMAT": "export",
    "default_export_filename": "export",
    "export_format": "export",
    "ExportError": "export",
    "ExportTargetExistsError": "export",
    "ExportWriteError": "export",
    "export_entries": "export",
    "export_notes": "export",
    "ExportHeader": "export",
    "CSV_COLUMNS": "export",
    "neutralise_csv_cell": "export",
    "escape_markdown_line": "export",
    "markdown_paragraphs": "export",
    "write_export": "export",
    "NotesImportError": "importer",
    "MAX_IMPORT_BYTES": "importer",
    "ImportKind": "importer",
    "read_import_file": "importer",
    "read_export_file": "importer",
    "parse_export_text": "importer",
    "ExportFile": "importer",
    "PERSON_MAX_LENGTH": "importer",
    "parse_import_text": "importer",
    "ImportSummary": "importer",
    "summarise_import": "importer",
    "role_markdown": "role_markdown",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
