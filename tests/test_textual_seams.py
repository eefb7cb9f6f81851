"""Textual internals: used only in ``tui/widgets/_textual_seams.py``, and each still there.

finops-tui pins Textual exactly, and a few speed-ups lean on its private parts. When Textual
changes one, these tests fail by name instead of the app slowing down or drawing wrong silently.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import pytest
import textual

import finops_tui
from finops_tui.tui.widgets import _textual_seams

SEAMS = Path(_textual_seams.__file__)
PACKAGE = Path(finops_tui.__file__).parent


@pytest.mark.parametrize("name", _textual_seams.PRIVATE_NAMES)
def test_each_private_name_the_seams_use_exists_in_textual(name: str) -> None:
    module_name, _, path = name.partition(":")
    owner: object = importlib.import_module(module_name)
    *outer, attribute = path.split(".")
    for part in outer:
        owner = getattr(owner, part)
    if hasattr(owner, attribute):
        return
    # Attributes set on instances are found in the class's source instead.
    assert inspect.isclass(owner), name
    assert attribute in private_attributes_of(owner), name


def test_the_size_hook_still_takes_a_layout_flag() -> None:
    from textual.widget import Widget

    assert "layout" in inspect.signature(Widget._size_updated).parameters


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@cache
def textual_private_attributes() -> frozenset[str]:
    """Every ``_name`` a Textual class defines or reads as an attribute (``def _x``, ``obj._x``)."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names.update(re.findall(r"(?:\.|\bdef )(_[A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    return frozenset(name for name in names if private(name))


@cache
def private_attributes_of(textual_class: type) -> frozenset[str]:
    """The private attributes a Textual class (or its Textual bases) defines or sets on itself."""
    names: set[str] = set()
    for cls in textual_class.__mro__:
        if not cls.__module__.startswith("textual"):
            continue
        names.update(name for name in vars(cls) if private(name))
        try:
            source = inspect.getsource(cls)
        except (OSError, TypeError):
            continue
        names.update(re.findall(r"self\.(_[A-Za-z]\w*)", source))
    return frozenset(name for name in names if private(name))


@cache
def our_private_attributes() -> frozenset[str]:
    """The private attributes our own code sets or defines (``self._x = ...``, ``def _x``)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path == SEAMS:
            continue
        source = path.read_text(encoding="utf-8")
        names.update(re.findall(r"self\.(_[A-Za-z]\w*)\s*(?::[^=]+)?=[^=]", source))
        names.update(re.findall(r"\bdef (_[A-Za-z]\w*)", source))
    return frozenset(name for name in names if private(name))


def textual_internals_touched(path: Path) -> list[str]:
    module_name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    module = importlib.import_module(module_name)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    touched: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual"):
            touched.update(part for part in node.module.split(".") if private(part))
        if not isinstance(node, ast.ClassDef):
            continue
        ours = getattr(module, node.name, None)
        bases = [cls for cls in getattr(ours, "__mro__", ()) if cls.__module__.startswith("textual")]
        inherited = frozenset().union(*(private_attributes_of(cls) for cls in bases))
        for inner in ast.walk(node):
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name in inherited:
                touched.add(inner.name)  # overriding a Textual internal
            elif isinstance(inner, ast.Attribute) and inner.attr in inherited:
                touched.add(inner.attr)  # reading or setting one on self
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            and node.attr in textual_private_attributes()
            and node.attr not in our_private_attributes()
        ):
            touched.add(node.attr)  # another object's internal (the app's, an option's...)
    return sorted(touched)


@pytest.mark.parametrize(
    "path",
    [path for path in sorted((PACKAGE / "tui").rglob("*.py")) if path != SEAMS],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_no_module_but_the_seams_touches_a_textual_internal(path: Path) -> None:
    touched = textual_internals_touched(path)
    assert touched == [], f"move these into {SEAMS.name} behind a named helper: {touched}"


def test_the_check_finds_an_internal_where_one_is_used() -> None:
    assert "_size_updated" in textual_internals_touched(SEAMS)
    assert "_css_update_count" in textual_internals_touched(SEAMS)
