"""The store on its own, without an app."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from finops_tui.catalog.loader import load_catalog
from finops_tui.notes.file import NotesFile
from finops_tui.tui.store import Store

MOMENT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def store(config_dir: Path) -> Store:
    return Store(load_catalog(), NotesFile.open(config_dir), clock=lambda: MOMENT)


def test_roles_are_in_display_order_and_the_first_is_selected(store: Store) -> None:
    assert [role.kind for role in store.roles] == ["core"] * 6 + ["associated"] * 5
    assert store.selected_role_id == "finops-practitioner"


def test_select_ignores_unknown_roles(store: Store) -> None:
    store.select("finance")
    store.select("no-such-role")
    assert store.selected_role_id == "finance"
    assert store.selected_role is not None and store.selected_role.name == "Finance"


def test_neighbour_wraps_around(store: Store) -> None:
    assert store.neighbour("finops-practitioner", -1) == "itfm"
    assert store.neighbour("itfm", 1) == "finops-practitioner"
    assert store.neighbour("management", 1) == "product"


def test_filter_narrows_the_matches(store: Store) -> None:
    store.set_filter("procure")
    ids = [match.role.id for match in store.matches]
    assert "procurement" in ids and "security" not in ids
    assert store.best_match_id() == "procurement"
    store.set_filter("")
    assert len(store.matches) == 11


def test_mine_only_lists_held_roles(store: Store) -> None:
    store.toggle_held("finance")
    store.set_mine_only(True)
    assert [match.role.id for match in store.matches] == ["finance"]
    store.toggle_held("finance")
    assert store.matches == []


def test_annotations_are_saved_at_once(store: Store, config_dir: Path) -> None:
    assert store.set_raci("finance", "lead-budgeting", "R") is None
    assert store.set_role_note("finance", "mine") is None
    assert store.toggle_held("finance") is None
    again = NotesFile.open(config_dir)
    finance = again.document.roles["finance"]
    assert finance.held and finance.note == "mine"
    assert finance.responsibilities["lead-budgeting"].raci == "R"
    assert finance.responsibilities["lead-budgeting"].updated_at == MOMENT


def test_cycle_raci_goes_through_every_letter_and_back_to_none(store: Store) -> None:
    seen = []
    for _ in range(5):
        store.cycle_raci("finance", "lead-budgeting")
        note = store.responsibility_note("finance", "lead-budgeting")
        seen.append(note.raci if note else None)
    assert seen == ["R", "A", "C", "I", None]


def test_a_failed_save_keeps_the_change_and_reports_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("finops_tui.core.fileio.tempfile.mkstemp", refuse)
    problem = store.set_role_note("finance", "keep me")
    assert problem is not None and "permission denied" in problem
    assert store.role_notes("finance") is not None
    assert store.role_notes("finance").note == "keep me"  # type: ignore[union-attr]
