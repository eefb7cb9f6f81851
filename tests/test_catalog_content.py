"""Content checks for the bundled role data (finops_tui/catalog/data/roles.toml).

These read the TOML directly with tomllib, so they check the shipped text itself:
the fixed role ids and order, the required sections and their sizes, and the shape
of the collaboration graph. Schema validation proper lives with the models.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

DATA_FILE = Path(__file__).parent.parent / "finops_tui" / "catalog" / "data" / "roles.toml"

CORE_IDS = ["finops-practitioner", "management", "product", "engineering", "finance", "procurement"]
ASSOCIATED_IDS = ["itsm-itil", "itam", "sustainability", "security", "itfm"]
ALL_IDS = CORE_IDS + ASSOCIATED_IDS

ROLE_KEYS = [
    "id",
    "name",
    "short_name",
    "kind",
    "summary",
    "description",
    "challenges",
    "metrics",
    "outcomes",
    "perspective",
    "responsibilities",
]
LIST_SECTIONS = ["challenges", "metrics", "outcomes"]
KEBAB_CASE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# C0 controls other than newline, DEL and C1 controls.
CONTROL_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _load() -> dict:
    with DATA_FILE.open("rb") as handle:
        return tomllib.load(handle)


DATA = _load()
ROLES = {role["id"]: role for role in DATA["roles"]}
EDGES = DATA["collaborations"]


def _min_responsibilities(role_id: str) -> int:
    return 8 if role_id in ("finops-practitioner", "itfm") else 5


def _min_list_items(role_id: str) -> int:
    return 3 if role_id in CORE_IDS else 2


def _strings(value: object, where: str):
    """Every string in a TOML value, with a readable location."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


# --- roles ------------------------------------------------------------------------------------


def test_top_level_tables() -> None:
    assert set(DATA) == {"roles", "collaborations"}


def test_role_ids_in_order() -> None:
    assert [role["id"] for role in DATA["roles"]] == ALL_IDS


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_kind(role_id: str) -> None:
    expected = "core" if role_id in CORE_IDS else "associated"
    assert ROLES[role_id]["kind"] == expected


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_has_every_key_in_order(role_id: str) -> None:
    assert list(ROLES[role_id]) == ROLE_KEYS
    assert set(ROLES[role_id]["perspective"]) == {"titles", "view"}


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_labels(role_id: str) -> None:
    role = ROLES[role_id]
    assert role["name"].strip()
    assert 0 < len(role["short_name"]) <= 8
    summary = role["summary"]
    assert 0 < len(summary) <= 70
    assert "\n" not in summary
    assert not summary.endswith(".")
    assert role["description"].strip()


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_lists_are_long_enough(role_id: str) -> None:
    role = ROLES[role_id]
    for section in LIST_SECTIONS:
        items = role[section]
        assert len(items) >= _min_list_items(role_id), section
        assert all(isinstance(item, str) and item.strip() for item in items), section
    for challenge in role["challenges"]:
        assert len(challenge) <= 110, challenge


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_perspective(role_id: str) -> None:
    perspective = ROLES[role_id]["perspective"]
    assert 3 <= len(perspective["titles"]) <= 8
    assert perspective["view"].strip()


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_responsibilities(role_id: str) -> None:
    responsibilities = ROLES[role_id]["responsibilities"]
    assert len(responsibilities) >= _min_responsibilities(role_id)
    ids = [responsibility["id"] for responsibility in responsibilities]
    assert len(ids) == len(set(ids)), "duplicate responsibility id"
    for responsibility in responsibilities:
        assert set(responsibility) == {"id", "text"}
        assert KEBAB_CASE.match(responsibility["id"]), responsibility["id"]
        assert 0 < len(responsibility["text"]) <= 140, responsibility["text"]
        assert "\n" not in responsibility["text"]


# --- collaborations ---------------------------------------------------------------------------


def test_enough_collaborations() -> None:
    assert len(EDGES) >= 18


@pytest.mark.parametrize("index", range(len(EDGES)))
def test_edge_shape(index: int) -> None:
    edge = EDGES[index]
    assert set(edge) == {"roles", "topics"}
    first, second = edge["roles"]
    assert first in ROLES and second in ROLES
    assert first != second
    assert 1 <= len(edge["topics"]) <= 4
    for topic in edge["topics"]:
        assert 0 < len(topic) <= 80, topic


def test_no_duplicate_pairs() -> None:
    pairs = Counter(frozenset(edge["roles"]) for edge in EDGES)
    duplicates = [sorted(pair) for pair, count in pairs.items() if count > 1]
    assert duplicates == []


@pytest.mark.parametrize("role_id", ALL_IDS)
def test_role_has_at_least_two_edges(role_id: str) -> None:
    assert sum(role_id in edge["roles"] for edge in EDGES) >= 2


@pytest.mark.parametrize("role_id", ASSOCIATED_IDS)
def test_associated_role_linked_to_practitioner(role_id: str) -> None:
    pair = frozenset((role_id, "finops-practitioner"))
    assert any(frozenset(edge["roles"]) == pair for edge in EDGES)


# --- text hygiene -----------------------------------------------------------------------------


def test_no_control_characters() -> None:
    offenders = [
        where for where, text in _strings(DATA, "data") if CONTROL_CHARACTER.search(text) or "\x1b" in text
    ]
    assert offenders == []
