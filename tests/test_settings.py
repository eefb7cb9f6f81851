import tomllib
from pathlib import Path

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
        '# my settings\ntheme = "nord"  # dark\n\nname = "Bo"\nteam_dir = "/srv/raci"\n'
        '[keymap]\n# filter\n"list.filter" = "f"\n'
    )
    assert load_settings(path).name == "Bo"
    assert save_theme(path, settings, "dracula") is None
    assert path.read_text(encoding="utf-8").startswith('# my settings\ntheme = "dracula"\n')


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
