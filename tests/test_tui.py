"""The flows a person walks through the role list and role detail, driven with Pilot."""

from __future__ import annotations

import tomllib
from pathlib import Path

from apptools import make_app, run_from_palette
from terminal_mirror import TerminalMirror
from textual import events
from textual.color import Color
from textual.content import Content
from textual.widgets import Input, Static

from finops_tui.tui.app import FinopsApp
from finops_tui.tui.screens.help import HelpScreen
from finops_tui.tui.screens.note_editor import NoteEditor
from finops_tui.tui.screens.role_detail import RoleDetailScreen
from finops_tui.tui.screens.role_list import RoleListScreen
from finops_tui.tui.widgets.role_list import RoleList
from finops_tui.tui.widgets.role_sections import CollaborationList, HangingIndent, ResponsibilityList

MARKUP_ROLE = """
[[roles]]
id = "platform-team"
name = "[bold]Platform[/bold] team"
kind = "regional"
summary = "Runs [@click=app.quit]the shared platform[/]"

[[roles.responsibilities]]
id = "click-me"
text = "[@click=app.quit]Do not quit[/] when clicked"

[[collaborations]]
roles = ["platform-team", "engineering"]
topics = ["Share [red]golden[/red] paths"]
"""


def write_markup_role(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(MARKUP_ROLE, encoding="utf-8")
    return path


def role_list(app) -> RoleList:  # type: ignore[no-untyped-def]
    return app.screen.query_one(RoleList)


async def test_open_a_role_and_come_back_to_the_same_cursor(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("j", "j", "j")
        assert role_list(app).highlighted_role_id == "engineering"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.screen.role_id == "engineering"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)
        assert role_list(app).highlighted_role_id == "engineering"


async def test_follow_a_collaboration_and_go_back_through_the_history(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen.role_id == "management"
        await pilot.press("tab")
        collaborations = app.screen.query_one("#collaborations", CollaborationList)
        assert app.focused is collaborations
        first = collaborations.highlighted_option
        assert first is not None and first.id is not None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.screen.role_id == first.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.role_id == "management"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoleListScreen)
        assert role_list(app).highlighted_role_id == "management"


async def test_a_role_opened_after_another_shows_only_itself(config_dir: Path) -> None:
    # The app shows each role opened from the list in the same detail screen: nothing of the
    # role shown before (its text, cursor, focus or scrolling) may stay.
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen
        await pilot.press("j", "j", "tab", "end")
        await pilot.pause()
        assert first.query_one("#detail").scroll_y > 0
        await pilot.press("escape", "j", "j", "enter")
        await pilot.pause()
        assert app.screen is first and first.role_id == "product"
        assert first.sub_title == "Product"
        heading = first.query_one("#detail-heading", Static).content
        assert isinstance(heading, Content) and heading.plain.startswith("Product")
        responsibilities = first.query_one(ResponsibilityList)
        assert app.focused is responsibilities and responsibilities.highlighted == 0
        product = app.store.catalog.role("product")
        assert product is not None and responsibilities.option_count == len(product.responsibilities)
        assert first.query_one("#detail").scroll_y == 0
        # A role opened from this one gets a screen of its own, so escape walks back.
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.screen is not first and isinstance(app.screen, RoleDetailScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is first and first.role_id == "product"


def detail_layout(app: FinopsApp, terminal: TerminalMirror) -> list[object]:
    """Where each part of the detail lies, how far it scrolls, and what the terminal shows."""
    screen = app.screen
    assert isinstance(screen, RoleDetailScreen)
    scroll = screen.query_one("#detail")
    parts: list[object] = [(part.id, part.region) for part in scroll.children]
    # The terminal shows the scrollbar's thumb too, sent for the new scrollable height.
    return [*parts, scroll.virtual_size, scroll.max_scroll_y, terminal.cells]


async def fresh_detail_layout(config_dir: Path, role_id: str, size: tuple[int, int]) -> list[object]:
    app = make_app(config_dir)
    terminal = TerminalMirror(app)
    async with app.run_test(size=size) as pilot:
        app.open_role(role_id)
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == role_id
        return detail_layout(app, terminal)


async def test_a_kept_detail_is_laid_out_as_a_new_one_for_each_role(config_dir: Path) -> None:
    # A kept detail records the sizes its parts get for the next role without a second layout
    # pass: every part, and the scrolling, must still come out as on a detail made for it.
    app = make_app(config_dir)
    terminal = TerminalMirror(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        kept = app.screen
        assert isinstance(kept, RoleDetailScreen)
        await pilot.press("escape", "j", "j", "j", "j", "enter")  # opened again, on finance
        await pilot.pause()
        assert app.screen is kept and kept.role_id == "finance"
        assert detail_layout(app, terminal) == await fresh_detail_layout(config_dir, "finance", (80, 24))
        await pilot.press("right_square_bracket")  # stepped to the next role, on the same screen
        await pilot.pause()
        assert detail_layout(app, terminal) == await fresh_detail_layout(config_dir, kept.role_id, (80, 24))
        await pilot.resize_terminal(120, 30)  # wider: the lists wrap their options again
        await pilot.pause()
        assert detail_layout(app, terminal) == await fresh_detail_layout(config_dir, kept.role_id, (120, 30))


async def test_a_kept_detail_takes_the_theme_chosen_while_it_was_hidden(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        kept = app.screen
        title = kept.query_one(".section-title")
        await pilot.press("escape")
        await pilot.pause()
        before = title.styles.color
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is kept
        assert title.styles.color != before
        assert title.styles.color == Color.parse(app.get_css_variables()["text-accent"])


async def test_moving_in_a_list_keeps_the_highlight_in_view(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one("#detail")
        responsibilities = app.screen.query_one(ResponsibilityList)
        view = detail.scrollable_content_region
        await pilot.press(*"j" * (responsibilities.option_count - 1))
        await pilot.pause()
        # The last responsibility ends the list: all of it shows at the bottom of the detail.
        assert detail.scroll_y > 0 and responsibilities.region.bottom == view.bottom
        await pilot.press(*"k" * (responsibilities.option_count - 1))
        await pilot.pause()
        assert responsibilities.region.y == view.y


async def test_filter_then_open(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("slash", *"sustain")
        assert app.screen.query_one("#filter", Input).value == "sustain"
        assert role_list(app).highlighted_role_id == "sustainability"
        await pilot.press("enter")  # leaves the filter box for the list
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "sustainability"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "sustain"
        await pilot.press("escape")
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(app.store.matches) == 11


def drawn_rows(roles: RoleList) -> list[list[tuple[str, bool]]]:
    """Each visible row as the list draws it: its text, run by run, and whether it stands out."""
    return [
        [(segment.text, bool(segment.style and segment.style.reverse)) for segment in roles.render_line(y)]
        for y in range(roles.size.height)
    ]


async def test_filter_rows_are_redrawn_on_each_keystroke(config_dir: Path) -> None:
    # "c", "co" and "cos" list the same roles: their rows are given new text in place, and
    # must be drawn exactly as a list drawn from nothing (after a resize) draws them.
    app = make_app(config_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("slash")
        for key in ("c", "o", "s", "backspace"):
            await pilot.press(key)
            await pilot.pause()
            roles = role_list(app)
            drawn = drawn_rows(roles)
            assert any(stands_out for row in drawn for _, stands_out in row)
            await pilot.resize_terminal(121, 36)
            await pilot.pause()
            await pilot.resize_terminal(120, 36)
            await pilot.pause()
            assert drawn_rows(roles) == drawn


async def test_escape_leaves_an_empty_filter_box(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("slash")
        # Offered while typing, so the footer stays the same from the first character on.
        assert app.screen.check_action("clear_filter", ()) is True
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.focused is role_list(app)
        assert app.screen.check_action("clear_filter", ()) is False


async def test_filter_without_match_says_so(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("slash", *"xyzzy")
        message = app.screen.query_one("#no-match", Static)
        assert message.display
        assert str(message.render()) == "No role matches 'xyzzy'."
        assert not role_list(app).display


async def test_step_to_the_next_and_previous_role(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.role_id == "management"
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.role_id == "product"
        await pilot.press("left_square_bracket", "left_square_bracket", "left")
        await pilot.pause()
        assert app.screen.role_id == "itfm"
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert role_list(app).highlighted_role_id == "itfm"


async def test_a_role_from_data_shows_in_its_own_group_and_in_detail(
    config_dir: Path, tmp_path: Path
) -> None:
    app = make_app(config_dir, [write_markup_role(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        prompts = [str(option.prompt) for option in role_list(app).options]
        assert "Regional roles" in prompts
        assert prompts.index("Regional roles") > prompts.index("Associated roles")
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.screen.role_id == "platform-team"
        assert "[bold]Platform[/bold] team" in str(app.screen.query_one("#detail-heading", Static).render())


async def test_markup_in_role_data_is_shown_literally_and_clicking_it_does_nothing(
    config_dir: Path, tmp_path: Path
) -> None:
    app = make_app(config_dir, [write_markup_role(tmp_path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end")
        row = str(role_list(app).highlighted_option.prompt)  # type: ignore[union-attr]
        assert "[bold]Platform[/bold] team" in row
        assert "Runs [@click=app.quit]the shared platform[/]" in row
        await pilot.press("enter")
        await pilot.pause()
        responsibilities = app.screen.query_one(ResponsibilityList)
        responsibility = responsibilities.get_option("click-me").prompt
        assert isinstance(responsibility, HangingIndent)
        assert responsibility.text.plain == "[@click=app.quit]Do not quit[/] when clicked"
        await pilot.click(app.screen.query_one("#detail-heading"))
        await pilot.click(responsibilities, offset=(responsibility.marker_width + 2, 0))
        await pilot.pause()
        # Clicking a responsibility opens the note editor, and nothing else.
        assert app.is_running and isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        topics = app.screen.query_one(CollaborationList).get_option("engineering").prompt
        assert isinstance(topics, Content)
        assert "Share [red]golden[/red] paths" in topics.plain


async def test_palette_goes_to_a_role(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await run_from_palette(pilot, "Go to role: Finance")
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "finance"


async def test_help_lists_keys_and_the_data_credit(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "FinOps Framework, FinOps Foundation, licensed CC BY 4.0" in text
        for description in ("Filter", "Previous role", "Next role", "Open", "Quit"):
            assert description in text
        await pilot.press("escape")
        assert isinstance(app.screen, RoleListScreen)


async def test_copy_puts_the_role_on_the_clipboard_as_markdown(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("j", "y")
        assert app.clipboard.startswith("# Management\n")
        assert "## FinOps responsibilities" in app.clipboard
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("right", "y")
        assert app.clipboard.startswith("# Product\n")


async def test_mouse_click_highlights_and_opens_a_role(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        roles = role_list(app)
        # Row 0 is the "Core roles" heading; row 3 is the third core role.
        await pilot.click(roles, offset=(5, 3))
        assert roles.highlighted_role_id == "product"
        await pilot.click(roles, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen) and app.screen.role_id == "product"


async def test_resizing_never_crashes(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((200, 60), (40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for size in ((30, 10), (200, 60)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.is_running


async def test_the_chosen_theme_is_remembered(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
    settings = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert settings["theme"] == "nord"
    again = make_app(config_dir)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_keymap_in_settings_rebinds_a_key(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keymap]\n"list.filter" = "f"\n', encoding="utf-8")
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("f")
        assert app.focused is app.screen.query_one("#filter", Input)


async def test_help_shows_the_keys_the_keymap_gives(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keymap]\n"list.filter" = "f,f5"\n', encoding="utf-8")
    app = make_app(config_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("#help-body Static").render().plain
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert "f, f5 Filter" in lines
        assert "/ Filter" not in lines


def test_help_lists_each_screen_by_its_class() -> None:
    # Imported directly: a screen renamed or moved fails here instead of losing its help section.
    from finops_tui.tui.screens.help import help_sections

    headings = [heading for heading, _ in help_sections()]
    assert headings[:2] == ["Everywhere", "Role list"]
    assert all(owner.BINDINGS for _, owner in help_sections())


async def test_a_bad_settings_file_is_reported_not_fatal(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text("theme = [\n", encoding="utf-8")
    app = make_app(config_dir)
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("settings ignored" in message for message in messages)
        assert isinstance(app.screen, RoleListScreen)


async def test_the_app_taking_focus_with_nothing_focused_focuses_the_role_list(config_dir: Path) -> None:
    """In a browser the page reports the app blurred before the role list mounts, so Textual's
    auto focus is skipped; the keyboard must still work once the page takes focus."""
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.set_focus(None)  # as if the screen had mounted while the app was blurred
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert isinstance(app.focused, RoleList)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoleDetailScreen)
        assert app.screen.sub_title == "Product"


async def test_the_app_taking_focus_leaves_a_focused_widget_alone(config_dir: Path) -> None:
    app = make_app(config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert isinstance(app.focused, Input)


def test_every_screen_uses_a_header_a_browser_can_draw() -> None:
    """Textual's own Header shows an icon the browser page's fonts lack (a missing-glyph box
    under `finops-tui serve`); AppHeader (or SteadyHeader) swaps it in a browser."""
    import re

    screens = Path(__file__).parent.parent / "finops_tui" / "tui" / "screens"
    bare = [
        f"{path.name}: {line.strip()}"
        for path in sorted(screens.glob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(?<![A-Za-z_])Header\(", line)
    ]
    assert bare == [], "use finops_tui.tui.widgets.header.AppHeader instead of Textual's Header"
