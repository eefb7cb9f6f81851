"""Re-exporting a package's public names without importing its modules up front.

A package's ``__init__`` names what it offers (``__all__``); the module holding a name is
imported the first time the name is asked for, so ``from finops_tui.notes import NotesFile``
loads the notes file module and not the schema beside it (pydantic stays off start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each public name -> the submodule holding it."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
