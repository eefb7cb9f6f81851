"""The capabilities in the TUI: their screen (kept between visits), a capability's detail, the
capability tags and section of a role's detail, the role filter matching capability names, and
the palette. Snapshots at 80x24 and 120x40; keys typed in one go end as keys typed slowly."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptools import make_app
from keys import burst, slowly
from test_annotations_ui import record_notifications
from textual.pilot import Pilot
from textual.widgets import Input, Static

from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.capabilities import CapabilitiesScreen
from finops_tui.tui.screens.capability_detail import CapabilityDetailScreen
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen
from finops_tui.tui.widgets.capability_sections import (
    CapabilityList,
    LinkedResponsibilityList,
    RoleCapabilityList,
)
from finops_tui.tui.widgets.role_list import RoleList
from finops_tui.tui.widgets.role_sections import ResponsibilityList

SMALL = (80, 24)
LARGE = (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])


def listed_capabilities(screen: CapabilitiesScreen) -> list[str]:
    options = screen.query_one(CapabilityList).options
    return [option.id for option in options if option.id and not option.disabled]


def preview_text(screen: CapabilitiesScreen) -> str:
    return str(screen.query_one("#capability-preview-text", Static).visual)


# --- the capabilities screen -------------------------------------------------------------------


async def test_capital_c_opens_the_capabilities_grouped_by_domain(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CapabilitiesScreen)
        capabilities = app.store.catalog.capabilities
        assert listed_capabilities(screen) == [c.id for c in capabilities.in_display_order()]
        headings = [o.id for o in screen.query_one(CapabilityList).options if o.disabled]
        assert headings == [f"domain:{domain.id}" for domain in capabilities.domains]
        assert screen.query_one(CapabilityList).highlighted_capability_id == "data-ingestion"
        assert preview_text(screen).startswith("Data Ingestion\nUnderstand Usage & Cost")
        await pilot.press("j")
        assert preview_text(screen).startswith("Allocation\n")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)


async def test_the_filter_narrows_as_you_type_and_escape_clears_it_then_leaves(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("C", "slash", *"forecast")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CapabilitiesScreen)
        assert listed_capabilities(screen) == ["forecasting"]
        await pilot.press(*"ing")
        assert listed_capabilities(screen) == ["forecasting"]
        await pilot.press("enter")  # from the filter box to the list
        assert app.focused is screen.query_one(CapabilityList)
        # A role's name finds the capabilities it is involved in.
        await pilot.press("slash", *["ctrl+a"], "ctrl+k")
        for key in "itam":
            await pilot.press(key)
        itam_capabilities = [c.id for c in app.store.catalog.capabilities.involving("itam")]
        assert listed_capabilities(screen) == itam_capabilities
        await pilot.press("ctrl+a", "ctrl+k", *"zzz")
        assert listed_capabilities(screen) == []
        assert "No capability matches 'zzz'." in str(screen.query_one("#capability-no-match", Static).visual)
        await pilot.press("escape")
        assert screen.query_one("#capability-filter", Input).value == ""
        assert len(listed_capabilities(screen)) == 22
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)


async def test_the_screen_is_kept_and_each_visit_starts_unfiltered(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("C", "slash", *"budget", "enter")
        await pilot.pause()
        first = app.screen
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)
        await pilot.press("C")
        await pilot.pause()
        # The same screen (how fast it opens again is a benchmark: benchmarks/keys.py).
        assert app.screen is first
        assert first.query_one("#capability-filter", Input).value == ""
        assert first.query_one(CapabilityList).highlighted_capability_id == "data-ingestion"


async def test_enter_opens_a_capability_and_a_linked_responsibility_opens_the_role_there(
    config_dir: Path,
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("C", "slash", *"budgeting", "enter", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CapabilityDetailScreen)
        assert detail.capability_id == "budgeting"
        links = detail.query_one(LinkedResponsibilityList)
        expected = list(app.store.catalog.capabilities.capability("budgeting").responsibilities)
        listed = [o.id for o in links.options if o.id and "/" in o.id]
        assert sorted(listed) == sorted(expected)
        assert links.highlighted_link == ("finance", "lead-budgeting")  # the A's first responsibility
        await pilot.press("j", "enter")
        await pilot.pause()
        role = app.screen
        assert isinstance(role, RoleDetailScreen) and role.role_id == "finance"
        assert role.query_one(ResponsibilityList).highlighted_responsibility_id == "explain-variances"
        # Your letter given there shows in the capability when you come back.
        await pilot.press("a", "escape")
        await pilot.pause()
        assert app.screen is detail
        prompt = links.get_option("finance/explain-variances").prompt
        assert " A " in str(prompt.marker)


async def test_y_copies_the_framework_page_and_opens_nothing(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("C", "j", "y")
        assert app.clipboard == "https://www.finops.org/framework/capabilities/allocation/"
        await pilot.press("enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, CapabilityDetailScreen)
        assert app.clipboard == "https://www.finops.org/framework/capabilities/allocation/"


# --- the role detail and the role list -----------------------------------------------------------


async def test_the_role_detail_tags_each_responsibility_and_lists_the_roles_capabilities(
    config_dir: Path,
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        app.open_role("finance")
        await pilot.pause()
        detail = app.screen
        responsibilities_shown = detail.query_one(ResponsibilityList)
        assert str(responsibilities_shown.get_option("reconcile-invoices").prompt.text).endswith(
            "spreadsheets. [Ingestion] [Invoicing]"
        )
        section = detail.query_one(RoleCapabilityList)
        involved = app.store.catalog.capabilities.involving("finance")
        assert [o.id for o in section.options] == [c.id for c in involved]
        budgeting = section.get_option("budgeting").prompt
        assert str(budgeting.marker).strip() == "A"
        assert str(budgeting.text) == "Budgeting  Quantify Business Value"
        section.focus()
        section.highlighted = section.get_option_index("budgeting")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CapabilityDetailScreen) and app.screen.capability_id == "budgeting"


async def test_the_role_filter_finds_roles_by_capability_name(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("slash", *"benchmarking")
        await pilot.pause()
        listed = [o.id for o in app.screen.query_one(RoleList).options if o.id and not o.disabled]
        assert "procurement" in listed  # involved in KPIs & Benchmarking; its own text never says so
        app.screen.query_one(RoleList).highlight_role("procurement")
        await pilot.pause()
        preview = app.screen.query_one("#preview")
        text = "\n".join(preview.render_line(y).text.rstrip() for y in range(preview.size.height))
        assert "Involved in\nKPIs & Benchmarking" in text.replace("  ", "").replace("\n\n", "\n")


async def test_the_palette_goes_to_the_screen_and_to_a_capability(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("ctrl+p", *"Go to capability: Unit", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CapabilityDetailScreen) and app.screen.capability_id == "unit-economics"
        await pilot.press("ctrl+p", *"Capabilities")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CapabilitiesScreen)


async def test_an_unknown_capability_is_refused_with_a_message(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        shown = record_notifications(app, monkeypatch)
        app.open_capability("no-such-capability")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)
        assert shown == [("That capability is not in the catalog", "warning")]


# --- keys typed in one go end as keys typed slowly ---------------------------------------------

BURSTS = {
    "browse, leave and come back": ["C", "j", "j", "j", "G", "k", "escape", "C", "k", "y"],
    "leave, come back at the top, copy a link": ["C", "j", "j", "escape", "C", "G", "y", "k", "k"],
    "filter, open, open a responsibility, back": [
        "C",
        "slash",
        *"rate",
        "enter",
        "j",
        "enter",
        "j",
        "j",
        "enter",
    ],
    "role detail to its capabilities and back": [
        "enter",
        "tab",
        "j",
        "enter",
        "escape",
        "C",
        "G",
        "enter",
        "y",
    ],
    "a letter given from a capability shows in it": ["C", "enter", "enter", "a", "escape", "j"],
}


def state(app: FinopsApp) -> tuple[object, ...]:
    screens = []
    for screen in app.screen_stack:
        if isinstance(screen, CapabilitiesScreen):
            screens.append(
                (
                    "capabilities",
                    screen.query_one("#capability-filter", Input).value,
                    screen.query_one(CapabilityList).highlighted_capability_id,
                    tuple(listed_capabilities(screen)),
                )
            )
        elif isinstance(screen, CapabilityDetailScreen):
            screens.append(
                ("capability", screen.capability_id, screen.query_one(LinkedResponsibilityList).highlighted)
            )
        elif isinstance(screen, RoleDetailScreen):
            responsibilities_shown = screen.query_one(ResponsibilityList)
            screens.append(("role", screen.role_id, responsibilities_shown.highlighted_responsibility_id))
        else:
            screens.append((type(screen).__name__,))
    focused = app.focused.id if app.focused else None
    return (tuple(screens), focused, app.clipboard)


async def play(config_dir: Path, keys: list[str], *, typed_at_once: bool) -> tuple[object, ...]:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await (burst if typed_at_once else slowly)(pilot, keys)
        return state(app)


@pytest.mark.parametrize("keys", BURSTS.values(), ids=BURSTS.keys())
async def test_keys_in_one_go_end_as_keys_typed_slowly(tmp_path: Path, keys: list[str]) -> None:
    slow = await play(tmp_path / "slow", keys, typed_at_once=False)
    fast = await play(tmp_path / "burst", keys, typed_at_once=True)
    assert fast == slow
    assert len(slow[0]) > 1  # the keys went somewhere


# --- snapshots ---------------------------------------------------------------------------------


@SIZES
def test_snapshot_capabilities(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), press=["C", "j", "j", "j"], terminal_size=size)


@SIZES
def test_snapshot_capabilities_filtered(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(config_dir), press=["C", "slash", *"optim"], terminal_size=size)


@SIZES
def test_snapshot_capability_detail(snap_compare, config_dir: Path, size: tuple[int, int]) -> None:
    async def annotate_and_open(pilot: Pilot) -> None:
        app: FinopsApp = pilot.app  # type: ignore[assignment]
        app.store.set_raci("finance", "lead-budgeting", "A")
        app.store.set_raci("engineering", "seek-approval-for-increases", "R")
        app.open_capability("budgeting")
        await pilot.pause()

    assert snap_compare(make_app(config_dir), run_before=annotate_and_open, terminal_size=size)


@SIZES
def test_snapshot_role_detail_capabilities_section(
    snap_compare, config_dir: Path, size: tuple[int, int]
) -> None:
    async def open_at_the_section(pilot: Pilot) -> None:
        pilot.app.open_role("procurement")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(
        make_app(config_dir), run_before=open_at_the_section, press=["tab", "j"], terminal_size=size
    )


async def test_help_names_the_framework_version_and_what_we_changed(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(app.screen.query_one("#help-body Static").render().plain.split())
        assert "The role data follows the FinOps Framework 2026." in text
        assert "suggested RACI letters are finops-tui's own, not the Foundation's" in text
        assert "C Capabilities" in text


async def test_a_capability_detail_is_kept_and_shows_the_next_capability_from_its_top(
    config_dir: Path,
) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=LARGE) as pilot:
        app.open_capability("budgeting")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CapabilityDetailScreen)
        await pilot.press("j", "j", "escape")
        await pilot.pause()
        app.open_capability("licensing-saas")
        await pilot.pause()
        assert app.screen is first and first.capability_id == "licensing-saas"
        assert first.sub_title == "Licensing & SaaS"
        links = first.query_one(LinkedResponsibilityList)
        assert links.highlighted_link == ("procurement", "monitor-license-use")  # the A's first
        heading = str(first.query_one("#capability-heading", Static).visual)
        assert heading.startswith("Licensing & SaaS")
        # A capability opened from a role opened from this one gets a screen of its own.
        await pilot.press("enter")
        await pilot.pause()
        role = app.screen
        assert isinstance(role, RoleDetailScreen)
        app.open_capability("budgeting")
        await pilot.pause()
        assert app.screen is not first and isinstance(app.screen, CapabilityDetailScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is first and first.capability_id == "licensing-saas"


async def test_the_preview_is_never_cut_whether_it_fits_the_pane_or_not(config_dir: Path) -> None:
    """Only a preview that fits, replacing one that fitted, skips the layout: a taller one grows."""
    app = make_app(config_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        text = screen.query_one("#capability-preview-text", Static)
        heights = set()
        for _ in range(len(listed_capabilities(screen))):
            await pilot.press("j")
            await pilot.pause()
            needed = text.visual.get_height(text.styles, text.content_region.width)
            heights.add(needed)
            assert text.content_region.height >= needed
        assert max(heights) > screen.query_one("#capability-preview").scrollable_content_region.height
        assert min(heights) < screen.query_one("#capability-preview").scrollable_content_region.height


async def test_a_capability_of_your_own_without_a_page_says_so_on_y(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "org.toml"
    data.write_text(
        '[[capabilities]]\nid = "our-own"\nname = "Our own"\ndomain = "understand-usage-and-cost"\n'
        'summary = "Ours"\nresponsibilities = ["finance/lead-budgeting"]\nraci = { finance = "A" }\n',
        encoding="utf-8",
    )
    app = make_app(config_dir, [data])
    async with app.run_test(size=LARGE) as pilot:
        shown = record_notifications(app, monkeypatch)
        await pilot.press("C", "slash", *"our own", "enter", "y")
        await pilot.pause()
        assert app.clipboard == ""
        assert shown == [("This capability names no FinOps Framework page", "information")]
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CapabilityDetailScreen) and detail.capability_id == "our-own"
        assert detail.active_bindings["y"].enabled is False  # shown greyed out: nothing to copy


async def test_a_role_of_your_own_serves_no_capability_until_you_link_it(
    config_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "org.toml"
    data.write_text(
        '[[roles]]\nid = "emea-lead"\nname = "EMEA lead"\nkind = "regional"\nsummary = "Runs it"\n'
        '[[roles.responsibilities]]\nid = "run-emea"\ntext = "Run FinOps for EMEA."\n',
        encoding="utf-8",
    )
    app = make_app(config_dir, [data])
    async with app.run_test(size=LARGE) as pilot:
        app.open_role("emea-lead")
        await pilot.pause()
        detail = app.screen
        assert (
            str(detail.query_one(ResponsibilityList).get_option("run-emea").prompt.text)
            == "Run FinOps for EMEA."
        )
        section = detail.query_one(RoleCapabilityList)
        assert [str(option.prompt).strip() for option in section.options] == ["None recorded"]
        assert section.options[0].disabled
