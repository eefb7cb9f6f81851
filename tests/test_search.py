from finops_tui.catalog.loader import load_catalog
from finops_tui.catalog.search import RoleIndex, find_spans, query_words


def test_query_words_are_lower_case_and_split_on_spaces() -> None:
    assert query_words("  Cloud   BUDGET ") == ["cloud", "budget"]


def test_find_spans_merges_overlaps_case_insensitively() -> None:
    assert find_spans("Budget budgeting", ["budget"]) == ((0, 6), (7, 13))
    assert find_spans("abcdef", ["abc", "cde"]) == ((0, 5),)
    assert find_spans("abc", []) == ()


def test_empty_query_lists_every_role_in_order() -> None:
    catalog = load_catalog()
    index = RoleIndex(catalog.roles)
    assert [match.role.id for match in index.filter("")] == [role.id for role in catalog.roles]


def test_every_word_must_match_somewhere() -> None:
    catalog = load_catalog()
    index = RoleIndex(catalog.roles)
    ids = [match.role.id for match in index.filter("ITAM")]
    assert "itam" in ids
    assert index.filter("itam zzzz-nothing") == []


def test_matches_in_responsibilities_are_reported_with_their_index() -> None:
    catalog = load_catalog()
    finance = catalog.role("finance")
    assert finance is not None
    word = finance.responsibilities[2].text.split()[-1].strip(".").lower()
    match = next(m for m in RoleIndex([finance]).filter(word))
    assert 2 in match.responsibility_spans
    start, end = match.responsibility_spans[2][0]
    assert finance.responsibilities[2].text[start:end].lower() == word


def test_name_spans_point_at_the_matched_text() -> None:
    catalog = load_catalog()
    match = RoleIndex(catalog.roles).filter("pract")[0]
    assert match.role.id == "finops-practitioner"
    ((start, end),) = match.name_spans
    assert match.role.name[start:end] == "pract"


def test_a_capability_name_finds_the_roles_involved_in_it() -> None:
    catalog = load_catalog()
    capabilities = catalog.capabilities
    index = RoleIndex(
        catalog.roles, lambda role: [capability.name for capability in capabilities.involving(role.id)]
    )
    involved = {role for role, _ in capabilities.capability("kpis-benchmarking").raci}
    matches = index.filter("benchmarking")
    assert {match.role.id for match in matches} >= involved
    # Procurement's own text never says "benchmarking": the capability's name lists it.
    procurement = next(match for match in matches if match.role.id == "procurement")
    assert "benchmarking" not in " ".join(duty.text.lower() for duty in procurement.role.responsibilities)
    assert procurement.capability_spans == {"KPIs & Benchmarking": ((7, 19),)}


def test_without_capability_names_the_index_matches_the_role_text_only() -> None:
    catalog = load_catalog()
    assert "procurement" not in [match.role.id for match in RoleIndex(catalog.roles).filter("benchmarking")]
