"""The Textual app: launch, the store every screen shares, the palette, screens, widgets and styles."""

from finops_tui.core.lazy import lazy_exports

_EXPORTS = {
    "run_serve": "serve",
    "app_command": "serve",
    "MAP_SCREEN": "app",
    "MY_NOTES_SCREEN": "app",
    "KeptScreen": "app",
    "FinopsApp": "app",
    "binding_ids": "keymap",
    "unknown_binding_problems": "keymap",
    "build_app": "launch",
    "run_tui": "launch",
    "HoldsInput": "leaving",
    "STOP_SIGNALS": "leaving",
    "confirm_closing": "leaving",
    "quit_safely": "leaving",
    "install_stop_signals": "leaving",
    "stop_for_signal": "leaving",
    "offer_kept_drafts": "leaving",
    "Command": "palette",
    "FinopsCommands": "palette",
    "NotesChanged": "store",
    "now": "store",
    "Store": "store",
    "STYLES": "stylesheets",
    "stylesheet": "stylesheets",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
