"""The catalog commands (list, show, validate, paths, --version) through ``finops_tui.cli.main``.

Expected content comes from the bundled TOML read directly with tomllib, not from the loader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from finops_tui import __version__
from finops_tui.catalog.loader import bundled_path
from finops_tui.cli import main

CORE_IDS = ["finops-practitioner", "management", "product", "engineering", "finance", "procurement"]
ASSOCIATED_IDS = ["itsm-itil", "itam", "sustainability", "security", "itfm"]
ALL_IDS = CORE_IDS + ASSOCIATED_IDS

BUNDLED: dict[str, Any] = tomllib.loads(bundled_path().read_text(encoding="utf-8"))
NAMES = {role["id"]: role["name"] for role in BUNDLED["roles"]}

SHOW_HEADINGS = [
    "Description",
    "FinOps responsibilities",
    "Perspective",
    "Challenges",
    "Metrics (KPIs)",
    "Desired outcomes",
    "Collaborations",
]

EMEA_ROLE = """
[[roles]]
id = "emea-lead"
name = "EMEA lead"
kind = "regional"
summary = "Runs FinOps for the EMEA region"

[[collaborations]]
roles = ["emea-lead", "finance"]
topics = ["Regional budgets"]
"""
TYPO = '[[roles]]\nid = "finance"\nnmae = "Money"\n'
TYPO_PROBLEM = "roles[0].nmae: unknown field 'nmae' (did you mean 'name'?)"


@pytest.fixture(autouse=True)
def fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables and wrapped text do not depend on the terminal the tests run in."""
    monkeypatch.setenv("COLUMNS", "120")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def write(directory: Path, content: str, name: str = "org.toml") -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


def partners_of(role_id: str) -> dict[str, list[str]]:
    """Whom the bundled data says a role works with, and on what."""
    partners = {}
    for edge in BUNDLED["collaborations"]:
        if role_id in edge["roles"]:
            first, second = edge["roles"]
            partners[second if first == role_id else first] = edge["topics"]
    return partners


# ---------------------------------------------------------------------------------------------
# list


def test_list_prints_the_roles_grouped_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list")
    assert (status, err) == (0, "")
    core, associated = out.rstrip("\n").split("\n\n")
    core_lines, associated_lines = core.splitlines(), associated.splitlines()
    assert core_lines[0] == "Core roles"
    assert associated_lines[0] == "Associated roles"
    assert [line.split()[0] for line in core_lines[1:]] == CORE_IDS
    assert [line.split()[0] for line in associated_lines[1:]] == ASSOCIATED_IDS
    finance_row = next(line for line in core_lines if line.split()[0] == "finance")
    assert NAMES["finance"] in finance_row
    assert all(len(line) <= 120 for line in out.splitlines())


def test_list_json_gives_id_name_kind_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--json")
    assert (status, err) == (0, "")
    rows = json.loads(out)
    assert [row["id"] for row in rows] == ALL_IDS
    assert all(set(row) == {"id", "name", "kind", "summary"} for row in rows)
    by_id = {role["id"]: role for role in BUNDLED["roles"]}
    for row in rows:
        bundled = by_id[row["id"]]
        assert row == {key: bundled[key] for key in ("id", "name", "kind", "summary")}
    assert [row["kind"] for row in rows] == ["core"] * 6 + ["associated"] * 5


# ---------------------------------------------------------------------------------------------
# show


def test_show_prints_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "itam")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == ["ITAM", "====", "associated role · id itam"]
    positions = [lines.index(heading) for heading in SHOW_HEADINGS]
    assert positions == sorted(positions), "sections are in their reading order"
    responsibilities = next(role for role in BUNDLED["roles"] if role["id"] == "itam")["responsibilities"]
    assert f"  {len(responsibilities)}. " in out
    collaborations = lines[lines.index("Collaborations") + 1 :]
    for partner, topics in partners_of("itam").items():
        assert f"  {NAMES[partner]}" in collaborations
        assert all(f"    - {topic}" in collaborations for topic in topics)


def test_show_json_gives_the_full_role_and_its_collaborations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "show", "itam", "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    bundled = next(role for role in BUNDLED["roles"] if role["id"] == "itam")
    assert {key: data[key] for key in bundled} == bundled
    assert set(data) == {*bundled, "collaborations"}
    assert all(set(edge) == {"role", "topics"} for edge in data["collaborations"])
    assert {edge["role"]: edge["topics"] for edge in data["collaborations"]} == partners_of("itam")


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        pytest.param("finanse", "unknown role 'finanse'; did you mean finance?", id="typo"),
        pytest.param(
            "nope",
            "unknown role 'nope'; known roles: " + ", ".join(ALL_IDS),
            id="nothing-close",
        ),
        pytest.param(
            "\x1b]0;pwned\x07",
            "unknown role '\\x1b]0;pwned\\x07'; known roles: " + ", ".join(ALL_IDS),
            id="escape-sequence-not-echoed",
        ),
    ],
)
def test_show_an_unknown_role_exits_2_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], wanted: str, message: str
) -> None:
    assert run(capsys, "show", wanted) == (2, "", f"finops-tui: {message}\n")


# ---------------------------------------------------------------------------------------------
# validate


def test_validate_valid_files_prints_ok(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write(tmp_path, EMEA_ROLE, "emea.toml")
    second = write(tmp_path, '[[roles]]\nid = "finance"\nname = "Treasury"\n', "finance.toml")
    assert run(capsys, "validate", str(first), str(second)) == (0, "ok\n", "")


def test_validate_prints_one_line_per_problem_of_every_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, EMEA_ROLE, "good.toml")
    typo = write(tmp_path, TYPO, "typo.toml")
    edges = write(
        tmp_path,
        '[[collaborations]]\nroles = ["finance", "finops-team"]\ntopics = ["Budgets"]\n'
        # A key with a newline and an escape sequence still makes one harmless line.
        '[[roles]]\nid = "itam"\n"a\\nb\\u001b[2J" = 1\n',
        "edges.toml",
    )
    missing = tmp_path / "missing.toml"
    status, out, err = run(capsys, "validate", str(good), str(typo), str(edges), str(missing))
    assert (status, err) == (2, "")
    assert out.splitlines() == [
        f"{typo}: {TYPO_PROBLEM}",
        f"{edges}: roles[0].a\u240ab\u241b[2J: unknown field 'a\u240ab\u241b[2J'",
        f"{edges}: collaborations[0].roles[1]: unknown role 'finops-team'",
        f"{missing}: no such file",
    ]


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# paths, --version


def expected_paths(config: Path, *data_files: Path) -> str:
    rows = [
        ("config dir:", config),
        ("notes file:", config / "notes.toml"),
        ("settings:", config / "config.toml"),
        ("bundled data:", bundled_path()),
        *(("data file:", path) for path in data_files),
    ]
    return "".join(f"{label:<14}{path}\n" for label, path in rows)


def test_paths_follows_the_environment_variable(capsys: pytest.CaptureFixture[str], config_dir: Path) -> None:
    assert os.environ["FINOPS_TUI_CONFIG_DIR"] == str(config_dir)
    assert run(capsys, "paths") == (0, expected_paths(config_dir), "")
    assert not config_dir.exists(), "paths only reports; it creates nothing"


@pytest.mark.parametrize("before_command", [True, False], ids=["before", "after"])
def test_paths_config_dir_option_wins_over_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, before_command: bool
) -> None:
    chosen = tmp_path / "chosen"
    data = write(tmp_path, EMEA_ROLE)
    options = ["--config-dir", str(chosen), "--data", str(data)]
    argv = [*options, "paths"] if before_command else ["paths", *options]
    assert run(capsys, *argv) == (0, expected_paths(chosen, data.resolve()), "")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"finops-tui {__version__}\n"


# ---------------------------------------------------------------------------------------------
# --data


@pytest.mark.parametrize("before_command", [True, False], ids=["before", "after"])
def test_data_is_laid_over_the_bundled_roles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, before_command: bool
) -> None:
    data = ["--data", str(write(tmp_path, EMEA_ROLE))]

    def argv(*command: str) -> list[str]:
        return [*data, *command] if before_command else [*command, *data]

    status, out, _ = run(capsys, *argv("list", "--json"))
    assert status == 0
    assert [row["id"] for row in json.loads(out)] == [*ALL_IDS, "emea-lead"]

    status, out, _ = run(capsys, *argv("show", "emea-lead", "--json"))
    assert status == 0
    assert json.loads(out)["collaborations"] == [{"role": "finance", "topics": ["Regional budgets"]}]

    status, out, _ = run(capsys, *argv("list"))
    assert status == 0
    assert out.rstrip("\n").split("\n\n")[-1].splitlines()[0] == "Regional roles"


def test_an_added_core_role_is_listed_with_the_core_roles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = write(tmp_path, EMEA_ROLE.replace('kind = "regional"', 'kind = "core"'))
    status, out, _ = run(capsys, "list", "--data", str(data))
    assert status == 0
    core, associated = out.rstrip("\n").split("\n\n")
    assert [line.split()[0] for line in core.splitlines()[1:]] == [*CORE_IDS, "emea-lead"]
    assert [line.split()[0] for line in associated.splitlines()[1:]] == ASSOCIATED_IDS


def test_repeated_data_files_the_later_wins(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    money = write(tmp_path, '[[roles]]\nid = "finance"\nname = "Money"\n', "money.toml")
    treasury = write(tmp_path, '[[roles]]\nid = "finance"\nname = "Treasury"\n', "treasury.toml")
    status, out, _ = run(capsys, "--data", str(money), "show", "finance", "--data", str(treasury))
    assert status == 0
    assert out.splitlines()[:2] == ["Treasury", "========"]


@pytest.mark.parametrize("command", [["list"], ["show", "finance"], ["list", "--json"]])
def test_a_bad_data_file_exits_2_with_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    bad = write(tmp_path, TYPO + '[[collaborations]]\nroles = ["finance", "finanse"]\n')
    assert run(capsys, "--data", str(bad), *command) == (
        2,
        "",
        f"finops-tui: {bad}: {TYPO_PROBLEM}\n"
        f"{bad}: collaborations[0].topics: missing field 'topics'\n"
        f"{bad}: collaborations[0].roles[1]: unknown role 'finanse' (did you mean 'finance'?)\n",
    )


def test_a_missing_data_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    assert run(capsys, "list", "--data", str(missing)) == (
        2,
        "",
        f"finops-tui: {missing}: no such file\n",
    )


# ---------------------------------------------------------------------------------------------
# The installed entry points, in a real process


def test_the_installed_entry_points(tmp_path: Path) -> None:
    def execute(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(part) for part in argv],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            cwd=tmp_path,
            check=False,
        )

    module = execute(sys.executable, "-m", "finops_tui", "list", "--json")
    assert (module.returncode, module.stderr) == (0, "")
    assert [row["id"] for row in json.loads(module.stdout)] == ALL_IDS

    script = Path(sys.executable).parent / ("finops-tui.exe" if os.name == "nt" else "finops-tui")
    if not script.exists():
        pytest.skip(f"no console script next to the interpreter ({script}): package not installed")

    listed = execute(script, "list", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout == module.stdout

    unknown = execute(script, "show", "nope")
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert "Traceback" not in unknown.stderr
    assert unknown.stderr.startswith("finops-tui: unknown role 'nope'; known roles: ")
