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
