"""The capabilities: the bundled data (finops_tui/catalog/data/capabilities.toml), its models, and
capabilities in ``--data`` overlays with every problem named at its place."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from finops_tui.catalog import schema
from finops_tui.catalog.capabilities import bundled_capabilities, bundled_capabilities_path
from finops_tui.catalog.loader import bundled_catalog, load_catalog, read_toml, validate_files
from finops_tui.core.models import Capabilities
from finops_tui.core.problems import CatalogError

DATA = tomllib.loads(bundled_capabilities_path().read_text(encoding="utf-8"))
ROLES_FILE = bundled_capabilities_path().with_name("roles.toml")
DOMAIN_IDS = [
    "understand-usage-and-cost",
    "quantify-business-value",
    "optimize-usage-and-cost",
    "manage-the-finops-practice",
]
# The 2026 Framework's capabilities per domain, by the slugs of their pages.
CAPABILITY_IDS = {
    "understand-usage-and-cost": [
        "data-ingestion",
        "allocation",
        "reporting-analytics",
        "anomaly-management",
    ],
    "quantify-business-value": [
        "planning-estimating",
        "forecasting",
        "budgeting",
        "kpis-benchmarking",
        "unit-economics",
    ],
    "optimize-usage-and-cost": [
        "architecting-workload-placement",
        "rate-optimization",
        "usage-optimization",
        "sustainability",
        "licensing-saas",
    ],
    "manage-the-finops-practice": [
        "finops-practice-operations",
        "governance-policy-risk",
        "finops-assessment",
        "automation-tools-services",
        "finops-education-enablement",
        "invoicing-chargeback",
        "intersecting-disciplines",
        "executive-strategy-alignment",
    ],
}


# --- the bundled data -------------------------------------------------------------------------


def test_four_domains_and_twenty_two_capabilities() -> None:
    assert [domain["id"] for domain in DATA["domains"]] == DOMAIN_IDS
    by_domain = {
        domain: [c["id"] for c in DATA["capabilities"] if c["domain"] == domain] for domain in DOMAIN_IDS
    }
    assert by_domain == CAPABILITY_IDS
    assert len(DATA["capabilities"]) == 22
    assert DATA["framework_version"] == "2026"


def test_the_header_credits_the_framework_and_says_what_changed() -> None:
    header = bundled_capabilities_path().read_text(encoding="utf-8").split("\n\n")[0]
    for words in ("FinOps Framework", "FinOps Foundation", "CC BY 4.0", "own words", "not the Foundation's"):
        assert words in header


@pytest.mark.parametrize("raw", DATA["capabilities"], ids=lambda raw: raw["id"])
def test_capability_shape(raw: dict) -> None:
    assert raw["source_url"] == f"https://www.finops.org/framework/capabilities/{raw['id']}/"
    assert 0 < len(raw["summary"]) <= 100 and not raw["summary"].endswith(".")
    assert 0 < len(raw["short_name"]) <= 16
    assert list(raw["raci"].values()).count("A") == 1
    linked_roles = {link.split("/")[0] for link in raw["responsibilities"]}
    assert linked_roles <= set(raw["raci"]), "every linked role has a suggested letter"
    assert raw["responsibilities"], "every capability covers at least one responsibility"


def test_the_bundled_capabilities_satisfy_the_schema_and_their_links_hold() -> None:
    catalog = bundled_catalog()
    from_schema = schema.CapabilityCatalog.model_validate(read_toml(bundled_capabilities_path())).to_model()
    assert from_schema == bundled_capabilities() == catalog.capabilities
    assert catalog.capabilities.link_problems(catalog.roles_by_id) == []


def test_every_bundled_responsibility_serves_a_capability() -> None:
    catalog = bundled_catalog()
    unlinked = catalog.capabilities.unlinked_responsibilities(catalog.roles)
    assert [f"{role.id}/{responsibility.id}" for role, responsibility in unlinked] == []
    assert DATA["unlinked"] == []


def test_the_suggested_accountable_roles_follow_the_review() -> None:
    accountable = {c.id: c.accountable_roles for c in bundled_capabilities().capabilities}
    assert accountable["budgeting"] == ["finance"]
    assert accountable["unit-economics"] == ["product"]
    assert accountable["licensing-saas"] == ["procurement"]
    assert accountable["sustainability"] == ["management"]
    assert accountable["planning-estimating"] == ["engineering"]
    assert accountable["executive-strategy-alignment"] == ["management"]


def test_a_responsibility_knows_the_capabilities_it_serves() -> None:
    capabilities = bundled_capabilities()
    assert [c.id for c in capabilities.serving("finance", "reconcile-invoices")] == [
        "data-ingestion",
        "invoicing-chargeback",
    ]
    assert capabilities.serving("finance", "no-such-thing") == ()
    assert [c.id for c in capabilities.involving("itfm")][:2] == ["allocation", "reporting-analytics"]


def test_the_bundled_catalog_reads_capabilities_only_when_asked() -> None:
    catalog = bundled_catalog()
    assert catalog.capability_data is None
    assert len(catalog.capabilities.capabilities) == 22
    assert catalog.capability_data is not None


def test_an_empty_catalog_has_no_capabilities() -> None:
    from finops_tui.core.models import Catalog

    assert Catalog().capabilities == Capabilities()


# --- overlays ---------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "org.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    return [str(problem).removeprefix(f"{path}: ") for problem in validate_files([path])]


NEW_CAPABILITY = """
[[capabilities]]
id = "cloud-shopping"
name = "Cloud shopping"
domain = "optimize-usage-and-cost"
summary = "Buy wisely"
responsibilities = ["finance/lead-budgeting"]
raci = { finance = "A", engineering = "C" }
"""


def test_an_overlay_adds_a_capability_and_a_domain(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        NEW_CAPABILITY.replace("optimize-usage-and-cost", "our-domain")
        + '\n[[domains]]\nid = "our-domain"\nname = "Ours"\nsummary = "What we add"\n',
    )
    capabilities = load_catalog([path]).capabilities
    added = capabilities.capability("cloud-shopping")
    assert added is not None and added.raci == (("finance", "A"), ("engineering", "C"))
    assert added.source_url == ""
    assert capabilities.domain("our-domain").name == "Ours"
    assert [c.id for c in capabilities.serving("finance", "lead-budgeting")] == [
        "budgeting",
        "cloud-shopping",
    ]
    assert len(capabilities.capabilities) == 23


def test_an_overlay_replaces_only_the_fields_it_gives(tmp_path: Path) -> None:
    path = write(tmp_path, '[[capabilities]]\nid = "budgeting"\nraci = { finance = "R", management = "A" }\n')
    budgeting = load_catalog([path]).capabilities.capability("budgeting")
    assert budgeting.raci == (("finance", "R"), ("management", "A"))
    assert budgeting.name == "Budgeting"
    assert "finance/lead-budgeting" in budgeting.responsibilities


def test_replacing_a_roles_responsibilities_drops_the_bundled_links_to_them(tmp_path: Path) -> None:
    """An older overlay that replaced a role's responsibilities stays valid."""
    path = write(tmp_path, '[[roles]]\nid = "finance"\nresponsibilities = [{ id = "one", text = "One." }]\n')
    catalog = load_catalog([path])
    assert "finance/lead-budgeting" not in catalog.capabilities.capability("budgeting").responsibilities
    assert catalog.capabilities.link_problems(catalog.roles_by_id) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            NEW_CAPABILITY.replace("optimize-usage-and-cost", "optimise-usage-and-cost"),
            "capabilities[0].domain: unknown domain 'optimise-usage-and-cost'"
            " (did you mean 'optimize-usage-and-cost' or 'understand-usage-and-cost'?)",
        ),
        (
            NEW_CAPABILITY.replace('finance = "A"', 'finance = "C"'),
            "capabilities[0].raci: needs exactly one suggested A (found none)",
        ),
        (
            '[[capabilities]]\nid = "budgeting"\nraci = { finance = "A", product = "A" }\n',
            "capabilities[0].raci: needs exactly one suggested A (found 2: finance, product)",
        ),
        (
            NEW_CAPABILITY.replace('engineering = "C"', 'enginering = "C"'),
            "capabilities[0].raci.enginering: unknown role 'enginering' (did you mean 'engineering'?)",
        ),
        (
            NEW_CAPABILITY.replace('engineering = "C"', 'engineering = "X"'),
            "capabilities[0].raci.engineering: 'X' is not a RACI letter: use R, A, C or I",
        ),
        (
            NEW_CAPABILITY.replace('"finance/lead-budgeting"', '"finance/lead-budgetting"'),
            "capabilities[0].responsibilities[0]: role 'finance' has no responsibility 'lead-budgetting'"
            " (did you mean 'lead-budgeting'?)",
        ),
        (
            NEW_CAPABILITY.replace('"finance/lead-budgeting"', '"financial/lead-budgeting"'),
            "capabilities[0].responsibilities[0]: unknown role 'financial' in 'financial/lead-budgeting'",
        ),
        (
            NEW_CAPABILITY.replace('"finance/lead-budgeting"', '"lead-budgeting"'),
            "capabilities[0].responsibilities[0]: 'lead-budgeting' is not a link:"
            " write 'role-id/responsibility-id'",
        ),
        (
            NEW_CAPABILITY.replace(
                '"finance/lead-budgeting"', '"finance/lead-budgeting", "finance/lead-budgeting"'
            ),
            "capabilities[0].responsibilities[1]: 'finance/lead-budgeting' is linked twice",
        ),
        (
            NEW_CAPABILITY.replace('summary = "Buy wisely"', ""),
            "capabilities[0].summary: missing field 'summary'",
        ),
        (
            NEW_CAPABILITY.replace('summary = "Buy wisely"', 'summary = "Buy wisely"\nsumary = "x"'),
            "capabilities[0].sumary: unknown field 'sumary' (did you mean 'summary'?)",
        ),
        (
            NEW_CAPABILITY.replace('summary = "Buy wisely"', 'summary = "Buy"\nsource_url = "finops.org"'),
            "capabilities[0].source_url: expected a web address starting with https://",
        ),
        (
            NEW_CAPABILITY.replace('["finance/lead-budgeting"]', '"finance/lead-budgeting"'),
            "capabilities[0].responsibilities: expected a list of 'role-id/responsibility-id' strings",
        ),
        (
            NEW_CAPABILITY + NEW_CAPABILITY,
            "capabilities[1].id: duplicate capability id 'cloud-shopping'",
        ),
        ('unlinked = ["finance/nope"]\n', "unlinked[0]: role 'finance' has no responsibility 'nope'"),
        ("unlinked = 3\n", "unlinked: expected a list of 'role-id/responsibility-id' strings"),
        ('[[domains]]\nid = "new"\nname = "New"\n', "domains[0].summary: missing field 'summary'"),
        ("capabilitys = []\n", "capabilitys: unknown field 'capabilitys' (did you mean 'capabilities'?)"),
        ("framework_version = 2026\n", 'framework_version: expected a one-line string, like "2026"'),
    ],
)
def test_each_bad_capability_is_named_at_its_place(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_of(tmp_path, text) == [expected]


def test_bad_capabilities_stop_the_load_with_every_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path, NEW_CAPABILITY.replace('finance = "A"', 'finance = "C"').replace("lead-budgeting", "x")
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog([path])
    assert [problem.location for problem in caught.value.problems] == [
        "capabilities[0].raci",
        "capabilities[0].responsibilities[0]",
    ]


def test_the_bundled_files_validate_as_overlays() -> None:
    assert validate_files([bundled_capabilities_path(), ROLES_FILE]) == []


def test_a_copied_framework_version_is_accepted_and_the_bundled_one_stays(tmp_path: Path) -> None:
    path = write(tmp_path, 'framework_version = "2024"\n')
    assert validate_files([path]) == []
    assert load_catalog([path]).framework_version == "2026"
