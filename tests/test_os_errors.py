"""Errors from the operating system end in one line and an exit status, never a traceback.

The errors are raised by monkeypatching, so the tests hold when run as root (which bypasses
permissions) and on any file system.
"""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path

import pytest
from apptools import make_app

from finops_tui.catalog.loader import bundled_path
from finops_tui.cli import main
from finops_tui.core.settings import load_settings
from finops_tui.tui.screens.export_dialog import ExportDialog

TOO_LONG = "x" * 300


class FailingStdout(io.TextIOBase):
    """stdout on a full disk (or a failing one): every write and flush raises."""

    def __init__(self, code: int) -> None:
        self.code = code
        self.buffer = self

    def write(self, text: object) -> int:
        raise OSError(self.code, "failing")

    def flush(self) -> None:
        raise OSError(self.code, "failing")


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["show", "finance"],
    ["map"],
    ["export"],
    ["export", "--format", "csv"],
    ["paths"],
    ["validate", str(bundled_path())],
    ["--version"],
]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_a_failing_stdout_is_one_line_and_exit_1(
    argv: list[str], code: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", FailingStdout(code))
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert err.count("\n") == 1
    reason = "the disk is full" if code == errno.ENOSPC else "an input/output error occurred"
    assert err.startswith(f"finops-tui: cannot write the output: {reason}")


def test_version_still_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from finops_tui import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"finops-tui {__version__}\n"


@pytest.mark.parametrize("command", ["export", "map"])
def test_an_output_name_too_long_is_a_bad_argument(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([command, "-o", str(tmp_path / f"{TOO_LONG}.md")])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err and err.count("\n") == 1
    assert err.rstrip().endswith(".md: the file name is too long")


@pytest.mark.parametrize("command", ["export", "map"])
def test_a_parent_that_cannot_be_entered_is_reported(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"

    def denied(path: Path) -> bool:
        if locked in (path, *path.parents):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return original(path)

    original = Path.is_dir
    monkeypatch.setattr(Path, "is_dir", denied)
    status = main([command, "-o", str(locked / "inner" / "out.md")])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err and err.count("\n") == 1
    assert err.rstrip().endswith("out.md: permission denied")


def test_a_config_dir_name_too_long_still_runs_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--config-dir", str(tmp_path / TOO_LONG), "export"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "There are no notes to export." in out
    assert "Traceback" not in err
    assert "the file name is too long" in err


def test_settings_in_a_config_dir_name_too_long_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / TOO_LONG / "config.toml")
    assert len(settings.problems) == 1
    assert "the file name is too long; settings ignored" in settings.problems[0]


def test_settings_behind_a_denied_parent_are_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: Path, **_: object) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(Path, "exists", denied)
    settings = load_settings(tmp_path / "config.toml")
    assert settings.problems and "permission denied" in settings.problems[0]


def test_the_tui_starts_with_a_config_dir_name_too_long(tmp_path: Path) -> None:
    from argparse import Namespace

    from finops_tui.tui.launch import build_app

    app = build_app(Namespace(data=None, config_dir=str(tmp_path / TOO_LONG)))
    assert not app.store.notes.can_save
    assert any("the file name is too long" in problem for problem in app.settings.problems)


async def test_export_dialog_reports_a_name_too_long(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path").value = str(tmp_path / f"{TOO_LONG}.md")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.screen is dialog
        error = str(dialog.query_one("#export-error").content)  # type: ignore[attr-defined]
        assert error.endswith(".md: the file name is too long")


def test_the_tui_takes_its_size_from_the_terminal_not_columns_and_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from argparse import Namespace

    from finops_tui.tui import launch
    from finops_tui.tui.app import FinopsApp

    seen: dict[str, str | None] = {}

    def run(self: FinopsApp) -> None:
        import os

        seen["COLUMNS"], seen["LINES"] = os.environ.get("COLUMNS"), os.environ.get("LINES")

    monkeypatch.setenv("COLUMNS", "5")
    monkeypatch.setenv("LINES", "2")
    monkeypatch.setattr(FinopsApp, "run", run)
    assert launch.run_tui(Namespace(data=None, config_dir=str(tmp_path / "config"))) == 0
    assert seen == {"COLUMNS": None, "LINES": None}


def test_pythonioencoding_ascii_does_not_turn_glyphs_into_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import locale

    from finops_tui.tui import launch

    ascii_stderr = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "__stderr__", ascii_stderr)
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "UTF-8")
    launch._use_the_real_terminal()
    ascii_stderr.write("⭘ —")
    ascii_stderr.flush()
    assert ascii_stderr.buffer.getvalue().decode("utf-8") == "⭘ —"  # type: ignore[attr-defined]


async def test_export_dialog_reports_a_parent_that_cannot_be_entered(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "locked"
    original = Path.is_dir

    def denied(path: Path) -> bool:
        if locked in (path, *path.parents):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return original(path)

    app = make_app(config_dir)
    async with app.run_test() as pilot:
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        monkeypatch.setattr(Path, "is_dir", denied)
        dialog.query_one("#export-path").value = str(locked / "inner" / "out.md")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is dialog
        error = str(dialog.query_one("#export-error").content)  # type: ignore[attr-defined]
        assert error.endswith("out.md: permission denied")
