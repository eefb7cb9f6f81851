"""``finops-tui team`` from the command line: goldens on examples/team, exit codes, bad input.

Golden files live in tests/golden/team/ (tests/golden.py says how to regenerate them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from golden import assert_matches_golden

from finops_tui.cli import main

REPO = Path(__file__).parent.parent
EXAMPLES = REPO / "examples" / "team"
# 2026-12-01: ten days after the example team's exports.
REPORT_TIME = "1796083200"
GOOD_EXPORT = (EXAMPLES / "ana-silva.json").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fixed_time_and_place(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REPORT_TIME)
    monkeypatch.chdir(REPO)  # the reports name files as given: examples/team/...


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


CASES = [
    ("text", "responsibilities", "responsibilities.txt"),
    ("text", "roles", "roles.txt"),
    ("text", "people", "people.txt"),
    ("text", "capabilities", "capabilities.txt"),
    ("markdown", "responsibilities", "responsibilities.md"),
    ("markdown", "roles", "roles.md"),
    ("csv", "responsibilities", "responsibilities.csv"),
    ("csv-long", "responsibilities", "long.csv"),
    ("json", "responsibilities", "report.json"),
]


@pytest.mark.parametrize(("format_name", "view", "golden"), CASES, ids=[case[2] for case in CASES])
def test_golden(capsys: pytest.CaptureFixture[str], format_name: str, view: str, golden: str) -> None:
    status, out, err = run(capsys, "team", "examples/team", "--format", format_name, "--view", view)
    assert status == 0, err
    assert err == ""
    # CSV rows end in CRLF: there the line endings are the output.
    assert_matches_golden("team", golden, out, normalise_line_endings=not golden.endswith(".csv"))


def test_the_example_team_has_the_gaps_it_was_made_with(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "team", "examples/team", "--format", "json")
    report = json.loads(out)
    assert status == 0 and [p["name"] for p in report["people"]] == [
        "Ana Silva",
        "Bo Chen",
        "Carla Mendes",
        "Dev Patel",
        "eli",
    ]
    assert report["people"][-1]["named_by_file"] is True
    counts = {name: check["count"] for name, check in report["checks"].items()}
    assert counts["multiple-accountable"] == 1 and counts["core-role-unheld"] == 0
    assert counts["no-accountable"] > 0 and counts["unclaimed"] > 0 and counts["stale-export"] == 0
    assert report["files"] == {"read": 5, "ignored": 1, "skipped": [], "left_out": []}


def test_fail_on_gives_exit_1_only_for_the_checks_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "gaps.md"
    status, _, err = run(
        capsys, "team", "examples/team", "--format", "markdown", "-o", str(output),
        "--fail-on", "no-accountable,multiple-accountable",
    )  # fmt: skip
    assert status == 1
    counts = {
        name: check["count"]
        for name, check in json.loads(run(capsys, "team", "examples/team", "--format", "json")[1])[
            "checks"
        ].items()
    }
    expected = (
        f"no-accountable {counts['no-accountable']}, multiple-accountable {counts['multiple-accountable']}"
    )
    assert f"--fail-on checks failed: {expected}" in err
    assert output.read_text(encoding="utf-8").startswith("# Team coverage")  # the report is still written
    assert run(capsys, "team", "examples/team", "--fail-on", "core-role-unheld,stale-export")[0] == 0
    status, _, err = run(capsys, "team", "examples/team", "--fail-on", "no-acountable")
    assert status == 2 and "did you mean 'no-accountable'" in err


def test_max_age_makes_the_examples_stale(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, "team", "examples/team", "--max-age", "5", "--fail-on", "stale-export")
    assert status == 1
    assert run(capsys, "team", "examples/team", "--max-age", "0")[0] == 2


def test_me_adds_the_users_notes_as_a_column(capsys: pytest.CaptureFixture[str], config_dir: Path) -> None:
    status, out, _ = run(capsys, "team", "examples/team", "--me", "--format", "json")
    assert status == 0 and json.loads(out)["people"][-1]["name"] == "you"


def test_all_puts_every_role_in_play(capsys: pytest.CaptureFixture[str]) -> None:
    held = json.loads(run(capsys, "team", "examples/team", "--format", "json")[1])["coverage"]
    every = json.loads(run(capsys, "team", "examples/team", "--format", "json", "--all")[1])["coverage"]
    assert every["in_play"] > held["in_play"] and every["covered"] == held["covered"]


# -- bad input: one line naming the file, exit 2, nothing written --------------------------------


def bad_files(folder: Path) -> dict[str, str]:
    """file name -> what its one line must say."""
    newer = json.loads(GOOD_EXPORT) | {"schema_version": 99}
    long_name = json.loads(GOOD_EXPORT) | {"person": "x" * 10_000}
    cases = {
        "not-export.json": ('{"hello": "world"}', "not a finops-tui export (no schema_version)"),
        "newer.json": (json.dumps(newer), "from a newer finops-tui"),
        "notes.toml": ("schema_version = 1\n[roles.finance]\nheld = true\n", "a notes file, not an export"),
        "broken.json": ('{"schema_version": 1,', "invalid JSON"),
        "broken.toml": ("schema_version = = 1\n", "invalid TOML"),
        "long-name.json": (json.dumps(long_name), "person: is too long (10,000 characters; at most 200)"),
    }
    for name, (text, _) in cases.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with (folder / "huge.json").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: the size is what counts
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")
    expected = {name: message for name, (_, message) in cases.items()}
    expected |= {
        "binary.json": "a binary file, not an export",
        "huge.json": "file is too large (100.0 MB; the limit is 20 MB)",
        "loop-a.json": "too many levels of symbolic links",
        "loop-b.json": "too many levels of symbolic links",
    }
    return expected


def test_every_bad_file_is_named_on_one_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "raci"
    folder.mkdir()
    (folder / "ana.json").write_text(GOOD_EXPORT, encoding="utf-8")
    expected = bad_files(folder)
    output = tmp_path / "out.md"
    status, out, err = run(capsys, "team", str(folder), "-o", str(output))
    assert status == 2 and out == "" and not output.exists()
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"finops-tui: {len(expected)} files are not readable exports")
    for name, message in expected.items():
        matching = [line for line in lines if line.startswith(f"{folder / name}: ")]
        assert len(matching) == 1, (name, lines)
        assert message in matching[0], (name, matching[0])
    status, out, err = run(capsys, "team", str(folder), "--skip-bad", "--format", "json")
    assert status == 0 and [p["name"] for p in json.loads(out)["people"]] == ["Ana Silva"]
    assert sum(line.startswith("finops-tui: skipped ") for line in err.splitlines()) == len(expected)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    locked = tmp_path / "locked.json"
    locked.write_text(GOOD_EXPORT, encoding="utf-8")
    locked.chmod(0)
    status, _, err = run(capsys, "team", str(locked))
    assert status == 2 and f"{locked}: cannot read the file: permission denied" in err


def test_a_folder_of_unrelated_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for number in range(10_000):
        (folder / f"img{number}.jpg").touch()
    status, _, err = run(capsys, "team", str(folder))
    assert status == 2
    assert err == f"finops-tui: no export found in {folder} (10000 other files ignored)\n"
    (folder / "ana.json").write_text(GOOD_EXPORT, encoding="utf-8")
    status, out, _ = run(capsys, "team", str(folder), "--format", "json")
    assert status == 0 and json.loads(out)["files"]["ignored"] == 10_000


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "team", str(tmp_path / "nope"))
    assert status == 2 and f"{tmp_path / 'nope'}: no such file or folder" in err


def test_two_files_for_one_person_keep_the_newer(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    older = json.loads(GOOD_EXPORT) | {"exported_at": "2026-10-01T00:00:00+00:00"}
    (tmp_path / "ana (1).json").write_text(json.dumps(older), encoding="utf-8")
    (tmp_path / "ana.json").write_text(GOOD_EXPORT, encoding="utf-8")
    status, out, _ = run(capsys, "team", str(tmp_path), "--format", "json")
    report = json.loads(out)
    assert status == 0 and [p["file"] for p in report["people"]] == [str(tmp_path / "ana.json")]
    duplicate = [f for f in report["findings"] if f["check"] == "duplicate-person"]
    assert [f["subject"] for f in duplicate] == [str(tmp_path / "ana (1).json")]


@pytest.mark.parametrize("name", ["[@click=app.quit]Ana[/]", "Ana\x1b[2J\x07 Silva\u202e", "Ana\nSilva"])
def test_odd_names_are_shown_as_plain_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    (tmp_path / "x.json").write_text(json.dumps(json.loads(GOOD_EXPORT) | {"person": name}), encoding="utf-8")
    for format_name in ("text", "markdown", "csv", "csv-long"):
        status, out, _ = run(capsys, "team", str(tmp_path), "--format", format_name)
        assert status == 0
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    out = run(capsys, "team", str(tmp_path))[1]
    assert "[@click=app.quit]Ana[/]" in out or "Ana␛[2J␇ Silva" in out or "Ana Silva" in out


def test_the_installed_command_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "finops_tui", "team", str(EXAMPLES), "--format", "csv-long"],
        capture_output=True,
        text=True,
        env=os.environ | {"FINOPS_TUI_CONFIG_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("person,role_id,responsibility_id,raci,held")
