"""Columns line up in terminal cells, not characters: names in Chinese or with emoji (F18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_tui.catalog.loader import load_catalog
from finops_tui.catalog.search import RoleIndex
from finops_tui.cli import main
from finops_tui.core.cells import display_width
from finops_tui.tui.widgets.role_list import _rows

WIDE_ROLES = """
[[roles]]
id = "cn-finance"
name = "财务运营负责人"
kind = "core"
summary = "负责云成本的预算、预测与分摊，并与工程团队一起推动节约措施的落实和跟踪，确保每月报告准确及时"

[[roles]]
id = "emoji-lead"
name = "Cloud 💸 lead"
kind = "core"
summary = "Keeps the money side of the cloud honest and visible to everyone who spends it every day"
"""


@pytest.fixture
def wide_data(tmp_path: Path) -> Path:
    path = tmp_path / "wide.toml"
    path.write_text(WIDE_ROLES, encoding="utf-8")
    return path


def test_list_lines_fit_80_columns_and_summaries_line_up(
    wide_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--data", str(wide_data), "list"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert len(rows) == 13
    assert max(display_width(line) for line in rows) <= 80
    catalog = load_catalog([wide_data])
    starts = set()
    for line in rows:
        role = next(role for role in catalog.roles if line.startswith(f"  {role.id} "))
        name_end = line.index(role.name) + len(role.name)
        summary_start = name_end + len(line[name_end:]) - len(line[name_end:].lstrip())
        starts.add(display_width(line[:summary_start]))
    assert len(starts) == 1


def test_role_list_rows_line_up_in_cells(wide_data: Path) -> None:
    catalog = load_catalog([wide_data])
    roles = catalog.roles_in_display_order()
    rows = [row for _, row, role_id in _rows(RoleIndex(roles).filter(""), lambda _: False) if role_id]
    starts = set()
    for row, role in zip(rows, roles, strict=True):
        text = row.plain  # type: ignore[attr-defined]
        starts.add(display_width(text[: text.index(role.summary)]))
    assert len(starts) == 1
