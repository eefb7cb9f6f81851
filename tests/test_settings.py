import tomllib
from pathlib import Path

import pytest

from finops_tui.core.settings import load_settings, save_theme


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "config.toml")
    assert settings.theme is None and settings.keymap == {} and settings.problems == []


def test_theme_and_keymap_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keymap]\n"list.filter" = "slash,f"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.theme == "nord"
    assert settings.keymap == {"list.filter": "slash,f"}


def test_a_bad_file_is_reported_ignored_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"theme = \n")
    settings = load_settings(path)
    assert settings.theme is None
    assert len(settings.problems) == 1 and settings.problems[0].startswith(f"{path}: ")
    assert "settings ignored" in settings.problems[0]
    assert save_theme(path, settings, "nord") is not None
    assert path.read_bytes() == b"theme = \n"


def test_bad_entries_are_reported_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = 3\n[keymap]\nok = "f2"\nbad = 5\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {"ok": "f2"}
    assert [problem.split(": ", 1)[1] for problem in settings.problems] == [
        "theme: expected a theme name; ignored",
        'keymap.bad: expected keys like "ctrl+k,f5"; ignored',
    ]


def test_saving_the_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    path.parent.mkdir()
    path.write_text('theme = "nord"\n[keymap]\n"list.filter" = "f"\n', encoding="utf-8")
    settings = load_settings(path)
    assert save_theme(path, settings, "dracula") is None
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "theme": "dracula",
        "keymap": {"list.filter": "f"},
    }


def test_name_team_dir_and_thresholds_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'name = " Ana Silva "\nteam_dir = "~/raci"\n[team]\noverload_factor = 3\nmax_age_days = 30\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.name == "Ana Silva" and settings.team_dir == "~/raci"
    assert settings.team.overload_factor == 3.0 and settings.team.max_age_days == 30
    assert settings.team.overload_minimum == 5 and settings.problems == []


def test_bad_team_settings_are_reported_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('name = 3\n[team]\noverload_factor = "x"\nmax_age_days = 0\nodd = 1\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.name is None and settings.team.max_age_days == 90
    assert [problem.split(": ", 1)[1] for problem in settings.problems] == [
        "name: expected a non-empty string; ignored",
        "team.overload_factor: expected a number of at least 1; ignored",
        "team.max_age_days: expected a whole number of days, at least 1; ignored",
        "team.odd: unknown setting; ignored",
    ]


def test_saving_one_value_keeps_comments_and_layout(tmp_path: Path) -> None:
    from finops_tui.core.settings import save_name, save_team_dir

    path = tmp_path / "config.toml"
    original = '# my settings\ntheme = "nord"  # dark\n\n[keymap]\n# filter\n"list.filter" = "f"\n'
    path.write_text(original, encoding="utf-8")
    settings = load_settings(path)
    assert save_name(path, settings, "Ana [b]Silva[/b] 😀") is None
    assert save_team_dir(path, settings, "/srv/raci") is None
    assert save_name(path, settings, "Bo") is None
    text = path.read_text(encoding="utf-8")
    assert text == (
        '# my settings\ntheme = "nord"  # dark\n\nname = "Bo"\n\nteam_dir = "/srv/raci"\n\n'
        '[keymap]\n# filter\n"list.filter" = "f"\n'
    )
    assert load_settings(path).name == "Bo"
    assert save_theme(path, settings, "dracula") is None
    assert path.read_text(encoding="utf-8").startswith('# my settings\ntheme = "dracula"  # dark\n')


def test_a_name_is_never_empty_or_too_long(tmp_path: Path) -> None:
    from finops_tui.core.settings import save_name

    path = tmp_path / "config.toml"
    settings = load_settings(path)
    assert save_name(path, settings, "  ") == "a name cannot be empty"
    assert save_name(path, settings, "x" * 10_000) is not None
    assert not path.exists()


def test_the_os_full_name_is_a_string() -> None:
    from finops_tui.core.settings import os_full_name

    assert isinstance(os_full_name(), str)


CONFIG_WITH_COMMENTS = """\
# my settings: kept by hand
theme = "dracula"  # dark, for the evening
name = "Ana"

# keys I moved
[keymap]
"list.filter" = "f"  # slash is awkward on my keyboard
"""


def test_a_theme_change_edits_the_one_line_and_keeps_every_comment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG_WITH_COMMENTS, encoding="utf-8")
    settings = load_settings(path)
    assert save_theme(path, settings, "nord") is None
    assert path.read_text(encoding="utf-8") == CONFIG_WITH_COMMENTS.replace('"dracula"', '"nord"')
    assert load_settings(path).theme == "nord"


def test_a_theme_is_added_before_the_first_table_and_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = '# my settings\n\n# keys I moved\n[keymap]\n"list.filter" = "f"\n'
    path.write_text(original, encoding="utf-8")
    assert save_theme(path, load_settings(path), "nord") is None
    assert path.read_text(encoding="utf-8") == (
        '# my settings\n\ntheme = "nord"\n\n# keys I moved\n[keymap]\n"list.filter" = "f"\n'
    )


def test_a_theme_change_keeps_what_another_program_wrote_since_start(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "dracula"\n', encoding="utf-8")
    settings = load_settings(path)
    path.write_text('theme = "dracula"\nname = "added meanwhile"\n', encoding="utf-8")
    assert save_theme(path, settings, "nord") is None
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\nname = "added meanwhile"\n'


def test_a_file_broken_since_start_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "dracula"\n', encoding="utf-8")
    settings = load_settings(path)
    path.write_text("theme = \n# half-edited\n", encoding="utf-8")
    problem = save_theme(path, settings, "nord")
    assert problem is not None and "could not be read" in problem
    assert path.read_text(encoding="utf-8") == "theme = \n# half-edited\n"


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        (",,,", "'' is not a key"),
        ("ctrl+", "'ctrl+' is not a key"),
        ("ünïcødé", "'ünïcødé' is not a key"),
        ("hyperx+a", "'hyperx+a' has an unknown modifier (use ctrl, shift, alt, meta, super or hyper)"),
        ("f2,ctrl+", "'ctrl+' is not a key"),
    ],
)
def test_malformed_keymap_keys_are_reported_and_ignored(tmp_path: Path, keys: str, problem: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[keymap]\n"list.filter" = "{keys}"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.keymap == {}
    [said] = settings.problems
    assert said.startswith(f"{path}: keymap.list.filter: {problem}; expected keys like")


def test_every_key_the_app_binds_is_accepted_in_a_keymap() -> None:
    from textual.app import App
    from textual.binding import Binding

    from finops_tui.core.settings import keys_problem
    from finops_tui.tui.app import FinopsApp
    from finops_tui.tui.keymap import binding_ids

    assert len(binding_ids()) > 20
    classes = [FinopsApp, App]
    import finops_tui.tui.keymap as keymap_module

    keymap_module.binding_ids()  # imports every screen and widget module
    from textual.dom import DOMNode

    def subclasses(cls: type) -> list[type]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in subclasses(child))]

    classes += [cls for cls in subclasses(DOMNode) if cls.__module__.startswith("finops_tui")]
    keys = {b.key for cls in classes for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)}
    assert {key for key in keys if keys_problem(key) is not None} == set()


async def test_the_app_reports_keymap_entries_for_bindings_it_does_not_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apptools import make_app

    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        '[keymap]\n"nonexistent.id" = "z"\n"list.filtre" = "f"\n"help" = "f1"\n', encoding="utf-8"
    )
    app = make_app(config)
    shown: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: shown.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
    assert any("keymap.nonexistent.id: no such binding; ignored" in message for message in shown)
    assert any("keymap.list.filtre: no such binding (did you mean 'list.filter'?)" in m for m in shown)
    assert not any("keymap.help" in message for message in shown)
