"""The non-interactive commands (list, show, map, export, import, team, validate, paths, serve)."""

from finops_tui.core.lazy import lazy_exports

_EXPORTS = {
    "MAX_TEXT_WIDTH": "catalog_commands",
    "run_list": "catalog_commands",
    "format_role_table": "catalog_commands",
    "run_show": "catalog_commands",
    "role_as_json": "catalog_commands",
    "format_role": "catalog_commands",
    "run_validate": "catalog_commands",
    "run_paths": "catalog_commands",
    "SUGGESTION_NOTE": "capability_commands",
    "run_capabilities": "capability_commands",
    "run_capability": "capability_commands",
    "unknown_capability_message": "capability_commands",
    "capability_as_json": "capability_commands",
    "capabilities_as_json": "capability_commands",
    "capability_detail_as_json": "capability_commands",
    "letters_line": "capability_commands",
    "format_capabilities": "capability_commands",
    "format_capability": "capability_commands",
    "EXIT_OK": "common",
    "EXIT_FAILURE": "common",
    "EXIT_USAGE": "common",
    "CommandError": "common",
    "catalog_from": "common",
    "config_dir_from": "common",
    "write_output": "common",
    "run": "map_command",
    "SOURCE_DATE_EPOCH": "notes_commands",
    "run_export": "notes_commands",
    "run_import": "notes_commands",
    "export_time": "notes_commands",
    "run_team": "team_command",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
