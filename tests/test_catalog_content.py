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

# Every responsibility id of the catalog before the 2026 content review (issue 14), never to go.
RESPONSIBILITY_IDS_BEFORE_2026 = {
    "finops-practitioner": [
        "define-allocation-standards",
        "agree-shared-cost-splits",
        "run-cost-data-pipeline",
        "agree-official-metrics",
        "configure-anomaly-alerts",
        "own-forecasting-approach",
        "manage-commitment-portfolio",
        "track-optimization-backlog",
        "govern-unit-metrics",
        "support-invoice-reconciliation",
        "run-enablement-program",
        "set-policies-guardrails",
    ],
    "management": [
        "sponsor-finops-practice",
        "approve-allocation-strategy",
        "set-variance-thresholds",
        "arbitrate-competing-priorities",
        "set-commitment-policy",
        "choose-headline-unit-metrics",
        "enforce-governance-policy",
        "set-sustainability-targets",
        "act-as-escalation-point",
    ],
    "product": [
        "supply-business-metrics",
        "review-allocated-costs",
        "forecast-with-engineering",
        "set-cost-to-serve-targets",
        "schedule-efficiency-work",
        "compare-design-options",
        "include-license-costs",
        "flag-critical-services",
        "help-resolve-anomalies",
    ],
    "engineering": [
        "apply-and-automate-tagging",
        "investigate-cost-anomalies",
        "announce-planned-spikes",
        "lead-cost-estimates",
        "rightsize-and-schedule",
        "share-capacity-plans",
        "build-with-infrastructure-code",
        "seek-approval-for-increases",
        "weigh-license-options",
        "provide-usage-telemetry",
        "close-compliance-gaps",
    ],
    "finance": [
        "lead-budgeting",
        "define-budget-units",
        "reconcile-invoices",
        "set-forecast-calendar",
        "post-chargebacks",
        "explain-variances",
        "model-commitment-options",
        "define-fully-loaded-cost",
        "hold-contingency-funds",
    ],
    "procurement": [
        "negotiate-vendor-agreements",
        "set-rate-guidelines",
        "require-billing-data-access",
        "choose-purchase-channel",
        "manage-purchase-orders",
        "time-renewals-to-forecasts",
        "source-finops-tools",
        "surface-vendor-risk",
        "apply-vendor-criteria",
    ],
    "itsm-itil": [
        "share-cmdb-data",
        "align-tags-with-catalog",
        "add-cost-to-change-requests",
        "balance-service-levels-and-cost",
        "report-service-cost",
        "route-cost-actions-as-tickets",
    ],
    "itam": [
        "share-entitlement-summary",
        "track-cloud-license-position",
        "maximize-byol",
        "coordinate-commitment-impact",
        "split-shared-license-costs",
        "maintain-asset-inventory",
    ],
    "sustainability": [
        "provide-carbon-data",
        "align-emissions-reporting",
        "advise-on-regulation",
        "set-vendor-criteria",
        "publish-engineering-guidance",
        "set-it-sustainability-goals",
    ],
    "security": [
        "share-tagging-strategy",
        "investigate-suspicious-spend",
        "define-security-risk-policy",
        "control-cost-data-access",
        "set-onboarding-controls",
        "review-security-spend",
    ],
    "itfm": [
        "own-it-cost-model",
        "align-budgets-and-forecasts",
        "agree-savings-recognition",
        "co-design-chargeback",
        "decompose-variances",
        "align-terminology",
        "classify-new-cost-types",
        "compare-investments-on-tco",
        "run-joint-review",
        "report-it-spend-value",
    ],
}
EXPECTED_RESPONSIBILITY_COUNTS = {
    "finops-practitioner": 12 + 5,
    "management": 9 + 3,
    "product": 9 + 2,
    "engineering": 11 + 2,
    "finance": 9 + 2,
    "procurement": 9 + 2,
    "itsm-itil": 6 + 0,
    "itam": 6 + 1,
    "sustainability": 6 + 1,
    "security": 6 + 0,
    "itfm": 10 + 0,
}

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
    assert set(DATA) == {"framework_version", "roles", "collaborations"}


def test_framework_version() -> None:
    assert DATA["framework_version"] == "2026"


def test_responsibility_counts() -> None:
    counts = {role_id: len(ROLES[role_id]["responsibilities"]) for role_id in ALL_IDS}
    assert counts == EXPECTED_RESPONSIBILITY_COUNTS
    assert sum(counts.values()) == 111


def test_no_responsibility_id_disappeared() -> None:
    """People's notes point at these ids: each must stay, under the same role, for good."""
    present = {(role["id"], duty["id"]) for role in DATA["roles"] for duty in role["responsibilities"]}
    missing = [
        f"{role_id}/{duty_id}"
        for role_id, duty_ids in RESPONSIBILITY_IDS_BEFORE_2026.items()
        for duty_id in duty_ids
        if (role_id, duty_id) not in present
    ]
    assert missing == []


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
    assert len(EDGES) == 33  # 28 before the 2026 review, plus its five pairs


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
