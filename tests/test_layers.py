"""The layers point one way: tui -> commands -> exchange -> (catalog, notes) -> core.

Checked on the real import graph: each module of the package is imported alone in a fresh
interpreter and what it loaded is read from ``sys.modules``. Modules are discovered, so a new
one is covered without editing this file.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import finops_tui

# What each layer may load of ours, besides its own modules and the package root.
ALLOWED = {
    "core": (),
    "catalog": ("core",),
    "notes": ("core",),
    "exchange": ("core", "catalog", "notes"),
    "commands": ("core", "catalog", "notes", "exchange"),
    "tui": ("core", "catalog", "notes", "exchange", "commands"),
}
# The entry points sit above everything; they may load any layer, but still lazily (below).
ENTRY_POINTS = ("finops_tui.cli", "finops_tui.__main__")


def all_modules() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(finops_tui.__path__, prefix="finops_tui.")
        if info.name != "finops_tui.__main__"  # importing it runs the app
    ]
    return sorted(found)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def loaded_by(module: str) -> list[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_every_module_belongs_to_a_layer() -> None:
    strays = [m for m in all_modules() if layer_of(m) is None and m not in ENTRY_POINTS]
    assert strays == [], "a module outside the layers: put it in core/, catalog/, notes/, exchange/ or tui/"


@pytest.mark.parametrize("module", [m for m in all_modules() if layer_of(m) != "tui"])
def test_nothing_outside_tui_imports_textual_or_a_layer_above(module: str) -> None:
    loaded = loaded_by(module)
    assert [name for name in loaded if name == "textual" or name.startswith("textual.")] == []
    layer = layer_of(module)
    if layer is None:  # the command line: everything above it is imported lazily, when needed
        assert [name for name in loaded if name.startswith("finops_tui.tui")] == []
        return
    allowed = ("finops_tui", f"finops_tui.{layer}", *(f"finops_tui.{other}" for other in ALLOWED[layer]))
    ours = [name for name in loaded if name == "finops_tui" or name.startswith("finops_tui.")]
    above = [name for name in ours if not any(name == a or name.startswith(a + ".") for a in allowed)]
    assert above == [], f"{module} ({layer}) loads modules of a layer above it"


def test_the_layering_test_sees_every_layer() -> None:
    layers = {layer_of(m) for m in all_modules()}
    assert set(ALLOWED) <= layers


PACKAGES = sorted({m.rsplit(".", 1)[0] for m in all_modules() if m.count(".") >= 2} - {"finops_tui"})


@pytest.mark.parametrize("package", PACKAGES)
def test_every_name_a_package_offers_is_there(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in getattr(module, "__all__", []) if not hasattr(module, name)]
    assert missing == [], f"{package}.__all__ names what its modules no longer define"
