"""Checking the ``[keymap]`` of config.toml against the bindings the app has.

The key syntax is checked when the settings are read (finops_tui.core.settings); whether each
binding id exists needs the screens, so it is checked here, after the first frame.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

from finops_tui.core.text import make_visible

# Where the app's bindings are declared: every screen and widget module, and the app.
_PACKAGES = ("finops_tui.tui.screens", "finops_tui.tui.widgets")


def binding_ids(extra: Iterable[type] = ()) -> set[str]:
    """Every binding id of the app's screens and widgets (and of ``extra`` classes)."""
    classes: list[type] = list(extra)
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        for module_name in set(getattr(package, "_EXPORTS", {}).values()):
            module = importlib.import_module(f"{package_name}.{module_name}")
            classes += [value for value in vars(module).values() if isinstance(value, type)]
    ids: set[str] = set()
    for cls in classes:
        if not issubclass(cls, DOMNode):
            continue
        for owner in cls.__mro__:
            for binding in owner.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def unknown_binding_problems(keymap: Mapping[str, str], known: set[str], source: str) -> list[str]:
    """One line per ``[keymap]`` entry naming a binding the app does not have."""
    import difflib

    problems = []
    for binding_id in keymap:
        if binding_id in known:
            continue
        close = difflib.get_close_matches(binding_id, sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(f"{source}: keymap.{make_visible(binding_id)}: no such binding{hint}; ignored")
    return problems
