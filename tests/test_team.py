"""Team coverage as pure logic (finops_tui/exchange/team.py, team_formats.py): each check firing
and not, over small synthetic teams; the formats agreeing with one another."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_tui.catalog.fingerprint import catalog_fingerprint
from finops_tui.core.models import Catalog, Responsibility, Role
from finops_tui.core.settings import TeamThresholds
from finops_tui.exchange.team import (
    CHECKS,
    Member,
    TeamError,
    analyse,
    failing,
    initials,
    parse_check_names,
)
from finops_tui.exchange.team_formats import (
    CSV_LONG_COLUMNS,
    render,
    render_csv,
    render_csv_long,
    render_markdown,
    render_text,
    report_as_json,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CATALOG = Catalog(
    roles=(
        Role(
            id="lead",
            name="Lead",
            kind="core",
            summary="s",
            responsibilities=(
                Responsibility(id="plan", text="Plan"),
                Responsibility(id="report", text="Report"),
            ),
        ),
        Role(
            id="build",
            name="Build",
            kind="core",
            summary="s",
            responsibilities=(Responsibility(id="tag", text="Tag"), Responsibility(id="fix", text="Fix")),
        ),
        Role(
            id="audit",
            name="Audit",
            kind="associated",
            summary="s",
            responsibilities=(Responsibility(id="check", text="Check"),),
        ),
    )
)
FINGERPRINT = catalog_fingerprint(CATALOG)
KEYS = ["lead/plan", "lead/report", "build/tag", "build/fix", "audit/check"]


def person(
    name: str,
    held: tuple[str, ...] = (),
    exported_at: datetime = NOW - timedelta(days=1),
    catalog: str | None = FINGERPRINT,
    source: str | None = None,
    **letters: str,
) -> Member:
    """``person("Ana", ("lead",), lead_plan="A")``: letters by key with '/' written '_'."""
    return Member(
        name=name,
        source=source or f"{name.lower()}.json",
        exported_at=exported_at,
        catalog=catalog,
        held=frozenset(held),
        letters={key.replace("_", "/", 1): letter for key, letter in letters.items()},
    )


def checks_on(members: list[Member], subject: str | None = None, **options: object) -> set[str]:
    report = analyse(CATALOG, members, now=NOW, **options)  # type: ignore[arg-type]
    return {f.check for f in report.findings if subject is None or f.subject == subject}


# -- per responsibility -----------------------------------------------------------------------


def test_one_a_and_one_r_is_clean_and_covered() -> None:
    team = [
        person("Ana", ("lead",), lead_plan="A", lead_report="A"),
        person("Bo", ("lead",), lead_plan="R", lead_report="R"),
    ]
    assert checks_on(team, "lead/plan") == set()
    report = analyse(CATALOG, team, now=NOW)
    assert (report.coverage.in_play, report.coverage.covered) == (2, 2)


def test_no_accountable_fires_on_letters_without_an_a() -> None:
    assert "no-accountable" in checks_on([person("Ana", lead_plan="R")], "lead/plan")
    assert "no-accountable" not in checks_on([person("Ana")], "lead/plan")  # no letters at all


def test_multiple_accountable_names_them() -> None:
    report = analyse(
        CATALOG,
        [person("Ana", lead_plan="A"), person("Bo", lead_plan="A"), person("Cy", lead_plan="R")],
        now=NOW,
    )
    found = [f for f in report.findings if f.check == "multiple-accountable"]
    assert len(found) == 1 and found[0].people == ("Ana", "Bo") and "Ana, Bo" in found[0].message
    assert "multiple-accountable" not in checks_on([person("Ana", lead_plan="A")], "lead/plan")


def test_no_responsible_fires_on_an_a_alone() -> None:
    assert "no-responsible" in checks_on([person("Ana", lead_plan="A")], "lead/plan")
    assert "no-responsible" not in checks_on(
        [person("Ana", lead_plan="A"), person("Bo", lead_plan="R")], "lead/plan"
    )


def test_consulted_only() -> None:
    assert "consulted-only" in checks_on(
        [person("Ana", lead_plan="C"), person("Bo", lead_plan="I")], "lead/plan"
    )
    assert "consulted-only" not in checks_on(
        [person("Ana", lead_plan="C"), person("Bo", lead_plan="R")], "lead/plan"
    )


def test_unclaimed_only_on_held_roles_unless_all() -> None:
    team = [person("Ana", ("lead",), lead_plan="A")]
    assert "unclaimed" in checks_on(team, "lead/report")
    assert "unclaimed" not in checks_on(team, "build/tag")
    assert "unclaimed" in checks_on(team, "build/tag", all_roles=True)
    report = analyse(CATALOG, team, now=NOW, all_roles=True)
    assert report.coverage.in_play == len(KEYS)


# -- per role ---------------------------------------------------------------------------------


def test_role_holding_checks() -> None:
    team = [person("Ana", ("lead",)), person("Bo", ("lead", "audit"))]
    assert checks_on(team, "lead") == set()
    assert checks_on(team, "build") == {"core-role-unheld"}
    assert checks_on(team, "audit") == {"single-holder"}
    assert checks_on([person("Ana", ("build",))], "audit") == {"associated-role-unheld"}
    report = analyse(CATALOG, team, now=NOW)
    assert CHECKS["associated-role-unheld"].severity == "info"
    assert [f.people for f in report.findings if f.check == "single-holder"] == [("Bo",)]


# -- per person -------------------------------------------------------------------------------


def test_overloaded_needs_twice_the_median_and_the_minimum() -> None:
    keys = {key.replace("/", "_", 1): "A" for key in KEYS}
    heavy = person("Ana", **keys)  # 5 A's
    light = [person(name, lead_plan="A") for name in ("Bo", "Cy")]  # median of [5, 1, 1] is 1
    assert "overloaded" in checks_on([heavy, *light], "Ana")
    thresholds = TeamThresholds(overload_minimum=6)
    assert "overloaded" not in checks_on([heavy, *light], "Ana", thresholds=thresholds)
    thresholds = TeamThresholds(overload_factor=6)
    assert "overloaded" not in checks_on([heavy, *light], "Ana", thresholds=thresholds)


def test_no_letters() -> None:
    assert checks_on([person("Ana", ("lead",)), person("Bo", lead_plan="A")], "Ana") == {"no-letters"}
    assert "no-letters" not in checks_on([person("Bo", lead_plan="A")], "Bo")


# -- per file ---------------------------------------------------------------------------------


def test_duplicate_person_keeps_the_newer_export() -> None:
    old = person("Ana Silva", exported_at=NOW - timedelta(days=9), source="ana (1).json", lead_plan="R")
    new = person("ana  silva", exported_at=NOW - timedelta(days=2), source="ana.json", lead_plan="A")
    report = analyse(CATALOG, [new, old], now=NOW)
    assert [m.source for m in report.members] == ["ana.json"]
    found = [f for f in report.findings if f.check == "duplicate-person"]
    assert [(f.subject, f.people) for f in found] == [("ana (1).json", ("Ana Silva",))]
    assert "ana.json" in found[0].message
    assert checks_on([new]) & {"duplicate-person"} == set()


def test_stale_export_uses_max_age() -> None:
    old = person("Ana", exported_at=NOW - timedelta(days=100))
    assert "stale-export" in checks_on([old], "ana.json")
    assert "stale-export" not in checks_on([old], "ana.json", max_age_days=120)
    assert "stale-export" not in checks_on([person("Ana")], "ana.json")


def test_other_catalog_lists_unknown_ids_and_orphaned_ids() -> None:
    other = person("Ana", ("gone-role",), catalog="sha256:000000000000", lead_plan="A", lead_gone="R")
    report = analyse(CATALOG, [other], now=NOW)
    by_check = {f.check: f for f in report.findings if f.subject == "ana.json"}
    assert set(by_check) == {"other-catalog", "orphaned-ids"}
    assert (
        "gone-role" in by_check["other-catalog"].message and "lead/gone" in by_check["orphaned-ids"].message
    )
    same = person("Bo", lead_plan="A")
    assert checks_on([same], "bo.json") == set()
    unknown_catalog = person("Cy", catalog=None, lead_plan="A")  # older exports carry none
    assert checks_on([unknown_catalog], "cy.json") == set()


# -- options and helpers ----------------------------------------------------------------------


def test_check_names_are_parsed_and_unknown_ones_refused() -> None:
    assert parse_check_names("no-accountable, multiple-accountable,") == [
        "no-accountable",
        "multiple-accountable",
    ]
    with pytest.raises(TeamError, match="did you mean 'no-accountable'"):
        parse_check_names("no-acountable")
    report = analyse(CATALOG, [person("Ana", lead_plan="R")], now=NOW)
    assert {f.check for f in failing(report, ["no-accountable"])} == {"no-accountable"}


def test_initials_are_short_and_unique() -> None:
    assert initials(["Ana Silva", "bo", "Ana Sousa", "李 小龙", ""]) == ["AS", "Bo", "AS2", "李小", "?"]
    heads = initials([f"Person {n}" for n in range(30)])
    assert len(set(heads)) == 30


# -- formats agree ----------------------------------------------------------------------------

letters_strategy = st.dictionaries(st.sampled_from(KEYS), st.sampled_from("RACI"), max_size=len(KEYS))
names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda text: text.strip()
)
members_strategy = st.lists(
    st.builds(
        lambda name, held, letters, age: Member(
            name=" ".join(name.split()) or "?",
            source=f"{abs(hash(name))}.json",
            exported_at=NOW - timedelta(days=age),
            catalog=FINGERPRINT,
            held=frozenset(held),
            letters=letters,
        ),
        names,
        st.sets(st.sampled_from(["lead", "build", "audit"])),
        letters_strategy,
        st.integers(0, 200),
    ),
    min_size=1,
    max_size=8,
)


def _check_counts_in_text(text: str) -> dict[str, int]:
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("checks: "))
    line = lines[start]
    for more in lines[start + 1 :]:  # the text format wraps long lines, indenting the rest
        if not more.startswith("  ") or more.startswith("  Responsibility"):
            break
        line += " " + more.strip()
    return {name: int(count) for name, count in re.findall(r"([a-z-]+) (\d+)", line)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members_strategy, st.booleans())
def test_any_team_renders_and_the_formats_agree(members: list[Member], all_roles: bool) -> None:
    report = analyse(CATALOG, members, now=NOW, all_roles=all_roles)
    for format_name in ("text", "markdown", "csv", "csv-long", "json"):
        for view in ("responsibilities", "roles", "people"):
            assert render(report, format_name, view)  # type: ignore[arg-type]
    data = report_as_json(report)
    fired = {name: check["count"] for name, check in data["checks"].items() if check["count"]}
    assert _check_counts_in_text(render_text(report)) == fired
    markdown = render_markdown(report)
    assert _check_counts_in_text(markdown.replace("\\", "")) == fired
    headings = dict(re.findall(r"^### `([a-z-]+)` \((\d+),", markdown, flags=re.MULTILINE))
    assert {name: int(count) for name, count in headings.items()} == fired
    assert sum(len(f["people"]) >= 0 for f in data["findings"]) == sum(fired.values())
    # Letters: JSON totals = the long CSV's rows = the wide CSV's cells.
    long_rows = list(csv.DictReader(io.StringIO(render_csv_long(report))))
    wide = list(csv.reader(io.StringIO(render_csv(report))))
    wide_letters = [cell for row in wide[1:] if row[1] for cell in row[3:-1] if cell]
    for letter in "RACI":
        assert data["letters"][letter] == sum(r["raci"] == letter for r in long_rows)
        assert data["letters"][letter] == wide_letters.count(letter)
    assert data["coverage"]["in_play"] == report.coverage.in_play


def test_wide_csv_reads_back_into_the_same_matrix() -> None:
    team = [
        person("=cmd|' /C calc'!A0", ("lead",), lead_plan="A", build_tag="C"),
        person('Bo, "the" builder', ("build",), lead_plan="R", build_fix="I"),
    ]
    report = analyse(CATALOG, team, now=NOW)
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    head = rows[0]
    assert head[:3] == ["role_id", "responsibility_id", "label"] and head[-1] == "checks"
    assert head[3:5] == ["'=cmd|' /C calc'!A0", 'Bo, "the" builder']  # the formula guard
    matrix = {(row[0], row[1]): row[3:5] for row in rows[1:] if row[1]}
    for member_index, member in enumerate(report.members):
        for key in KEYS:
            role_id, _, responsibility_id = key.partition("/")
            assert matrix[(role_id, responsibility_id)][member_index] == member.letters.get(key, "")
    held = {row[0]: row[3:5] for row in rows[1:] if not row[1]}
    assert held == {"lead": ["held", ""], "build": ["", "held"], "audit": ["", ""]}
    long_rows = list(csv.reader(io.StringIO(render_csv_long(report))))
    assert tuple(long_rows[0]) == CSV_LONG_COLUMNS


def test_names_are_shown_as_text_in_every_format() -> None:
    hostile = person("[b]x[/b] \x1b[31mred\u202e", lead_plan="A")
    report = analyse(CATALOG, [hostile], now=NOW)
    text = render_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "[b]x[/b]" in text
    assert "\x1b" not in render_markdown(report) and "\\[b\\]x\\[/b\\]" in render_markdown(report)
    assert json.loads(render(report, "json"))["people"][0]["name"] == hostile.name


def test_text_fits_80_columns_with_many_people() -> None:
    team = [person(f"Person Number{n}", ("lead",), lead_plan="A" if n == 0 else "R") for n in range(40)]
    for view in ("responsibilities", "roles", "people"):
        text = render_text(analyse(CATALOG, team, now=NOW), view)  # type: ignore[arg-type]
        from finops_tui.core.cells import display_width

        assert max(display_width(line) for line in text.splitlines()) <= 80
    assert "Columns 1-" in render_text(analyse(CATALOG, team, now=NOW))


def test_reading_without_the_safety_net_gives_the_same_notes() -> None:
    from pathlib import Path

    from finops_tui.exchange.importer import read_export_file

    examples = sorted((Path(__file__).parent.parent / "examples" / "team").glob("*.[jt][so][om]*"))
    assert len(examples) == 5
    for path in examples:
        assert read_export_file(path, safety_net=False) == read_export_file(path)


# -- any team of real exports, through the exporter and the reader ----------------------------------


def _bundled_keys() -> list[tuple[str, str]]:
    from finops_tui.catalog.loader import load_catalog

    return [(role.id, r.id) for role in load_catalog().roles for r in role.responsibilities]


BUNDLED_KEYS = _bundled_keys()
exports_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.text(max_size=40)),  # person: none (named by the file), or any text
        st.dictionaries(st.sampled_from(BUNDLED_KEYS), st.sampled_from("RACI"), max_size=25),
        st.sets(st.sampled_from(sorted({role for role, _ in BUNDLED_KEYS})), max_size=3),
        st.sampled_from(["json", "toml"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports_strategy)
def test_any_team_of_real_exports_reads_and_renders(exports: list[tuple[object, ...]]) -> None:
    from finops_tui.catalog.loader import load_catalog
    from finops_tui.core.models import NotesDocument, ResponsibilityNote, RoleNotes
    from finops_tui.exchange.export import export_notes
    from finops_tui.exchange.importer import parse_export_text
    from finops_tui.exchange.team import member_from_notes, shown_name

    catalog = load_catalog()
    members = []
    for number, (person, letters, held, format_name, letters_only) in enumerate(exports):
        roles: dict[str, RoleNotes] = {}
        for role_id in {role for role, _ in letters} | held:
            roles[role_id] = RoleNotes(
                held=role_id in held,
                responsibilities={
                    r: ResponsibilityNote(raci=letter, note="n", updated_at=NOW)  # type: ignore[arg-type]
                    for (role, r), letter in letters.items()
                    if role == role_id
                },
            )
        text = export_notes(
            str(format_name),
            catalog,
            NotesDocument(roles=roles),
            exported_at=NOW,
            person=person if isinstance(person, str) and len(person) <= 200 else None,
            letters_only=bool(letters_only),
        )
        read = parse_export_text(text, source=f"p{number}", kind=format_name, safety_net=False)  # type: ignore[arg-type]
        name = shown_name(read.person) if read.person else f"p{number}"
        members.append(
            member_from_notes(read.document, name=name, source=f"p{number}", exported_at=read.exported_at)
        )
        assert len(members[-1].letters) == len(letters)  # every letter survives the round trip
    report = analyse(catalog, members, now=NOW)
    letters_json = report_as_json(report)["letters"]
    long_rows = list(csv.DictReader(io.StringIO(render_csv_long(report))))
    assert sum(letters_json.values()) == len(long_rows) - sum(1 for row in long_rows if not row["raci"])
    for format_name in ("text", "markdown", "csv", "csv-long", "json"):
        for view in ("responsibilities", "roles", "people"):
            rendered = render(report, format_name, view)  # type: ignore[arg-type]
            assert "\x1b" not in rendered


# -- capabilities --------------------------------------------------------------------------------


def with_capabilities() -> Catalog:
    from dataclasses import replace

    from finops_tui.core.models import Capabilities, Capability, Domain

    capabilities = Capabilities(
        domains=(Domain(id="run", name="Run it", summary="s"),),
        capabilities=(
            Capability(
                id="planning",
                name="Planning",
                domain="run",
                summary="s",
                responsibilities=("lead/plan", "build/fix"),
            ),
            Capability(
                id="auditing", name="Auditing", domain="run", summary="s", responsibilities=("audit/check",)
            ),
        ),
    )
    return replace(CATALOG, capability_data=capabilities)


def test_capability_no_accountable_fires_on_capabilities_in_play_only() -> None:
    catalog = with_capabilities()
    team = [person("Ana", ("lead",), lead_plan="R"), person("Bo", ("lead",), build_fix="C")]
    report = analyse(catalog, team, now=NOW)
    found = {f.subject: f for f in report.findings if f.check == "capability-no-accountable"}
    assert set(found) == {"capability:planning"}  # auditing: its role is held by nobody
    assert found["capability:planning"].message == "nobody is Accountable on 2 linked responsibilities"
    assert "capability:auditing" in {
        f.subject for f in analyse(catalog, team, now=NOW, all_roles=True).findings if f.scope == "capability"
    }
    covered = analyse(catalog, [*team, person("Cy", build_fix="A")], now=NOW)
    assert not [f for f in covered.findings if f.check == "capability-no-accountable"]


def test_the_capabilities_view_in_every_format() -> None:
    catalog = with_capabilities()
    team = [
        person("Ana Silva", ("lead",), lead_plan="R", build_fix="A"),
        person("Bo", ("lead",), lead_plan="C"),
    ]
    report = analyse(catalog, team, now=NOW)
    rows = list(csv.reader(io.StringIO(render_csv(report, "capabilities"))))
    assert rows[0] == ["capability_id", "label", "Ana Silva", "Bo", "accountable", "checks"]
    assert rows[1][:2] == ["run", "Run it"]
    assert rows[2] == ["planning", "Planning", "RA", "C", "1", ""]
    text = render_text(report, "capabilities")
    assert "    Planning" in text and "accountable" in text
    data = report_as_json(report, "capabilities")
    assert data["capabilities"][0] == {
        "id": "planning",
        "name": "Planning",
        "domain": "run",
        "responsibilities": ["lead/plan", "build/fix"],
        "accountable": ["Ana Silva"],
        "letters": {"Ana Silva": "RA", "Bo": "C"},
        "checks": [],
    }
    assert "| Planning | RA | C | 1 |" in render_markdown(report, "capabilities")
