"""``finops-tui capabilities``, ``finops-tui capability ID`` and the capability ids in ``show --json``.

Golden files live in tests/golden/cli/; regenerate them with FINOPS_TUI_UPDATE_GOLDEN=1 (and read
the difference). Other expectations come from the bundled TOML read directly with tomllib.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from finops_tui.catalog.capabilities import bundled_capabilities_path
from finops_tui.cli import main

GOLDEN_DIR = Path(__file__).parent / "golden" / "cli"
UPDATE_GOLDEN = os.environ.get("FINOPS_TUI_UPDATE_GOLDEN") == "1"
BUNDLED = tomllib.loads(bundled_capabilities_path().read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def assert_matches_golden(name: str, actual: str) -> None:
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with FINOPS_TUI_UPDATE_GOLDEN=1")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs; regenerate with FINOPS_TUI_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize(
    ("argv", "golden"),
    [
        (["capabilities"], "capabilities.txt"),
        (["capabilities", "--json"], "capabilities.json"),
        (["capability", "forecasting"], "capability-forecasting.txt"),
        (["capability", "forecasting", "--json"], "capability-forecasting.json"),
    ],
)
def test_golden(capsys: pytest.CaptureFixture[str], argv: list[str], golden: str) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, err) == (0, "")
    assert_matches_golden(golden, out)


def test_capabilities_lists_every_domain_and_capability_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "capabilities", "--json")
    data = json.loads(out)
    assert status == 0 and data["framework_version"] == "2026"
    assert [domain["id"] for domain in data["domains"]] == [domain["id"] for domain in BUNDLED["domains"]]
    listed = [c["id"] for domain in data["domains"] for c in domain["capabilities"]]
    assert listed == [c["id"] for c in BUNDLED["capabilities"]]
    budgeting = next(
        c for domain in data["domains"] for c in domain["capabilities"] if c["id"] == "budgeting"
    )
    assert budgeting["suggested_raci"]["finance"] == "A"


def test_the_text_names_every_capability_and_credits_the_letters_to_us(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "capabilities")
    for capability in BUNDLED["capabilities"]:
        assert f"  {capability['name']} ({capability['id']})\n" in out
    assert "not the FinOps Foundation's" in out.splitlines()[1]


def test_one_capability_lists_its_linked_responsibilities(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "capability", "budgeting", "--json")
    data = json.loads(out)
    expected = next(c for c in BUNDLED["capabilities"] if c["id"] == "budgeting")
    assert status == 0
    linked = {f"{item['role']}/{item['id']}" for item in data["linked_responsibilities"]}
    assert linked == set(expected["responsibilities"])
    assert data["source_url"] == "https://www.finops.org/framework/capabilities/budgeting/"


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        (
            "forcasting",
            "finops-tui: unknown capability 'forcasting'; did you mean forecasting, allocation?\n",
        ),
        (
            "Rate Optimization",
            "finops-tui: unknown capability 'Rate Optimization';"
            " did you mean rate-optimization, usage-optimization, allocation?\n",
        ),
        ("zzz", "finops-tui: unknown capability 'zzz'; `finops-tui capabilities` lists them\n"),
        ("\x1b[31m", "finops-tui: unknown capability '\\x1b[31m'; `finops-tui capabilities` lists them\n"),
    ],
)
def test_an_unknown_capability_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], wanted: str, message: str
) -> None:
    assert run(capsys, "capability", wanted) == (2, "", message)


def test_show_json_gives_each_responsibility_its_capability_ids(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "finance", "--json")
    serves = {
        responsibility["id"]: responsibility["capabilities"]
        for responsibility in json.loads(out)["responsibilities"]
    }
    assert serves["reconcile-invoices"] == ["data-ingestion", "invoicing-chargeback"]
    assert serves["lead-budgeting"] == ["budgeting"]
    assert all(serves.values())


def test_a_data_file_adds_a_capability(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "org.toml"
    data.write_text(
        '[[capabilities]]\nid = "cloud-shopping"\nname = "Cloud shopping"\n'
        'domain = "optimize-usage-and-cost"\n'
        'summary = "Buy wisely"\nresponsibilities = ["finance/lead-budgeting"]\nraci = { finance = "A" }\n',
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "--data", str(data), "capability", "cloud-shopping")
    assert status == 0 and out.startswith("Cloud shopping\n")
    _, out, _ = run(capsys, "show", "finance", "--json", "--data", str(data))
    serves = {
        responsibility["id"]: responsibility["capabilities"]
        for responsibility in json.loads(out)["responsibilities"]
    }
    assert serves["lead-budgeting"] == ["budgeting", "cloud-shopping"]


def test_a_bad_data_file_stops_the_command_with_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "org.toml"
    data.write_text('[[capabilities]]\nid = "budgeting"\nraci = { finance = "R" }\n', encoding="utf-8")
    status, out, err = run(capsys, "--data", str(data), "capabilities")
    assert (status, out) == (2, "")
    assert err == f"finops-tui: {data}: capabilities[0].raci: needs exactly one suggested A (found none)\n"
