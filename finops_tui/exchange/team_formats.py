"""Team coverage as text, Markdown, CSV (wide and long) and JSON; and the three views.

Pure logic, no Textual. Every format shows the same report (finops_tui.exchange.team): the same
letters, findings and coverage, so their counts agree. User text (names, responsibility
wording) is made harmless for each format: visible control characters in text, escaped Markdown,
the notes export's formula guard in CSV, and JSON's own escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from finops_tui.catalog.fingerprint import catalog_fingerprint
from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.models import RACI_LETTERS, kind_heading
from finops_tui.core.text import make_visible
from finops_tui.exchange.export import escape_markdown_line, neutralise_csv_cell
from finops_tui.exchange.team import (
    CAPABILITY_SUBJECT,
    CHECKS,
    SEVERITY_ORDER,
    Finding,
    Member,
    TeamReport,
    initials,
)

TEAM_FORMATS = ("text", "markdown", "csv", "csv-long", "json")
TEAM_VIEWS = ("responsibilities", "roles", "people", "capabilities")
TEAM_REPORT_VERSION = 1
View = Literal["responsibilities", "roles", "people", "capabilities"]
HELD_MARK = "●"
EMPTY_CELL = "·"
# A symbol per severity, so a gap never shows by colour alone.
SEVERITY_MARKS = {"error": "✗", "warning": "!", "info": "i"}
CSV_HELD = "held"
GROUPED_HEADS = ("Responsibility", "Capability")
"""Views whose rows sit under group headings (roles, domains), indented under them."""
CSV_LONG_COLUMNS = ("person", "role_id", "responsibility_id", "raci", "held")


# ---------------------------------------------------------------------------------------------
# Views as tables


@dataclass
class TableRow:
    label: str
    cells: list[str]
    subject: str = ""
    """What findings are filed under: ``role/responsibility``, a role id or a person's name."""
    group: bool = False
    """A role's heading row in the responsibilities view."""
    ids: tuple[str, ...] = ()
    """The row's ids for CSV: (role id, responsibility id) or (role id,)."""


@dataclass
class Table:
    label_head: str
    heads: list[str]
    """Column heads in full (people's names, or counts)."""
    people_columns: bool
    """Whether the columns are people (then text output heads them with initials)."""
    rows: list[TableRow] = field(default_factory=list)


def view_table(report: TeamReport, view: View) -> Table:
    if view == "roles":
        return _roles_table(report)
    if view == "people":
        return _people_table(report)
    if view == "capabilities":
        return _capabilities_table(report)
    return _responsibilities_table(report)


def _responsibilities_table(report: TeamReport) -> Table:
    members = report.members
    table = Table("Responsibility", [member.name for member in members], people_columns=True)
    current_role = None
    for row in report.rows:
        if row.role.id != current_role:
            current_role = row.role.id
            held = [HELD_MARK if row.role.id in member.held else "" for member in members]
            table.rows.append(TableRow(row.role.name, held, row.role.id, group=True, ids=(row.role.id,)))
        letters = [member.letters.get(row.key, "") for member in members]
        table.rows.append(TableRow(row.text, letters, row.key, ids=(row.role.id, row.responsibility_id)))
    return table


def _roles_table(report: TeamReport) -> Table:
    members = report.members
    heads = [member.name for member in members] + ["holders", *RACI_LETTERS]
    table = Table("Role", heads, people_columns=True)
    # Each member's letters counted by role in one pass (not once per role).
    per_member: list[dict[str, int]] = []
    totals_by_role: dict[str, dict[str, int]] = {}
    for member in members:
        counts: dict[str, int] = {}
        for key, letter in member.letters.items():
            role_id = key.partition("/")[0]
            counts[role_id] = counts.get(role_id, 0) + 1
            role_totals = totals_by_role.setdefault(role_id, dict.fromkeys(RACI_LETTERS, 0))
            role_totals[letter] += 1
        per_member.append(counts)
    for role in report.catalog.roles_in_display_order():
        totals = totals_by_role.get(role.id, dict.fromkeys(RACI_LETTERS, 0))
        cells: list[str] = []
        for member, counts in zip(members, per_member, strict=True):
            count = counts.get(role.id, 0)
            mark = HELD_MARK if role.id in member.held else ""
            cells.append(f"{mark}{count or ''}")
        holders = sum(role.id in member.held for member in members)
        cells += [str(holders), *(str(totals[letter]) for letter in RACI_LETTERS)]
        table.rows.append(TableRow(role.name, cells, role.id, ids=(role.id,)))
    return table


def _capabilities_table(report: TeamReport) -> Table:
    """Capabilities by domain; a cell holds the letters a person gave on its responsibilities."""
    members = report.members
    table = Table("Capability", [member.name for member in members] + ["accountable"], people_columns=True)
    capabilities = report.catalog.capabilities
    for domain, in_domain in capabilities.by_domain():
        table.rows.append(TableRow(domain.name, [""] * (len(members) + 1), "", group=True, ids=(domain.id,)))
        for capability in in_domain:
            links = capability.responsibilities
            cells = []
            accountable = 0
            for member in members:
                given = {member.letters[link] for link in links if link in member.letters}
                accountable += "A" in given
                cells.append("".join(letter for letter in RACI_LETTERS if letter in given))
            subject = CAPABILITY_SUBJECT + capability.id
            table.rows.append(
                TableRow(capability.name, [*cells, str(accountable)], subject, ids=(capability.id,))
            )
    return table


def _people_table(report: TeamReport) -> Table:
    table = Table("Person", [*RACI_LETTERS, "roles held"], people_columns=False)
    for member in report.members:
        counts = _member_counts(member)
        held = ", ".join(
            role.label for role in report.catalog.roles_in_display_order() if role.id in member.held
        )
        cells = [*(str(counts[letter]) for letter in RACI_LETTERS), held or "-"]
        table.rows.append(TableRow(member.name, cells, member.name, ids=(member.name,)))
    return table


def _member_counts(member: Member) -> dict[str, int]:
    counts = dict.fromkeys(RACI_LETTERS, 0)
    for letter in member.letters.values():
        counts[letter] += 1
    return counts


def worst_severity(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    return min((finding.severity for finding in findings), key=SEVERITY_ORDER.__getitem__)


def subject_label(report: TeamReport, subject: str, *, separator: str = " › ") -> str:
    """A finding's subject as people read it: 'Finance › Set budget units', a role name, a name."""
    if subject.startswith(CAPABILITY_SUBJECT):
        capability = report.catalog.capabilities.capability(subject.removeprefix(CAPABILITY_SUBJECT))
        return capability.name if capability is not None else subject
    role_id, slash, responsibility_id = subject.partition("/")
    role = report.catalog.role(role_id)
    if role is not None and slash:
        responsibility = role.responsibility(responsibility_id)
        if responsibility is not None:
            return role.label + separator + responsibility.text.rstrip(".")
    if role is not None and not slash:
        return role.name
    return subject


def summary_line(report: TeamReport) -> str:
    """People, coverage and letter counts in one line (every format starts with it)."""
    letters = report.letter_counts()
    people = len(report.members)
    parts = [
        f"{people} {'person' if people == 1 else 'people'}",
        report.coverage.describe(),
        "letters " + ", ".join(f"{letter} {letters[letter]}" for letter in RACI_LETTERS),
    ]
    return " · ".join(parts)


def checks_line(report: TeamReport) -> str:
    fired = [f"{name} {count}" for name, count in report.counts().items() if count]
    return "checks: " + (", ".join(fired) if fired else "none failed")


def files_line(report: TeamReport) -> str | None:
    files = report.files
    if files is None:
        return None
    read = len(files.members)
    parts = [f"{read} {'export' if read == 1 else 'exports'} read"]
    if files.ignored:
        parts.append(f"{files.ignored} other {'file' if files.ignored == 1 else 'files'} ignored")
    if files.problems:
        parts.append(f"{len(files.problems)} skipped")
    return "files: " + ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# Text


def render_text(report: TeamReport, view: View = "responsibilities", *, width: int = 80) -> str:
    width = max(40, width)
    table = view_table(report, view)
    heading = [summary_line(report), checks_line(report)]
    if (files := files_line(report)) is not None:
        heading.append(files)
    lines = ["Team coverage"]
    for line in heading:
        lines += _wrap_at_separators(line, width)
    lines.append("")
    people = len(report.members) if table.people_columns else 0
    heads = initials(table.heads[:people]) + table.heads[people:]
    lines += _text_matrix(report, table, heads, width)
    if table.people_columns and report.members:
        lines += ["", "People:"]
        for head, member in zip(heads, report.members, strict=False):
            origin = f" ({make_visible(member.source)})" if member.source else " (your own notes)"
            lines.append(fit(f"  {pad(head, 4)} {member.name}{origin}", width))
    lines += _text_findings(report, width)
    if view == "responsibilities":
        legend = f"{HELD_MARK} holds the role · {EMPTY_CELL} no letter · "
        legend += " ".join(f"{mark} {severity}" for severity, mark in SEVERITY_MARKS.items())
        lines += ["", fit(legend, width)]
    # Names reach the lines in many places; none may carry a control character to the terminal.
    return "\n".join(make_visible(line).rstrip() for line in lines) + "\n"


def _wrap_at_separators(line: str, width: int) -> list[str]:
    """``line`` wrapped to ``width``, breaking only after ' · ', ', ' or ': ' (never inside an item)."""
    glued = line.replace(" ", "\u00a0")
    for separator in (" · ", ", ", ": "):
        glued = glued.replace(separator.replace(" ", "\u00a0"), separator)
    wrapped = textwrap.wrap(
        glued, width, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False
    )
    return [part.replace("\u00a0", " ") for part in wrapped]


def _text_matrix(report: TeamReport, table: Table, heads: list[str], width: int) -> list[str]:
    widths = [max(3, display_width(head) + 1) for head in heads]
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            widths[index] = max(widths[index], display_width(cell) + 1)
    if not table.people_columns:
        # The people view: counts, then the roles held, which takes what is left of the line.
        label_width = min(24, max([8, *(display_width(row.label) for row in table.rows)]))
        widths[-1] = max(widths[-1], width - 3 - label_width - sum(widths[:-1]))
    else:
        label_width = max(20, min(44, width - 3 - sum(widths)))
    blocks = _column_blocks(widths, width - 3 - label_width)
    lines: list[str] = []
    for start, end in blocks:
        if len(blocks) > 1:
            lines.append(f"Columns {start + 1}-{end} of {len(heads)}")
        head_cells = "".join(pad(fit(heads[i], widths[i] - 1), widths[i]) for i in range(start, end))
        lines.append(pad("  " + table.label_head, label_width + 3) + head_cells)
        for row in table.rows:
            severity = worst_severity(report.findings_for(row.subject)) if row.subject else None
            mark = SEVERITY_MARKS[severity] if severity else " "
            indent = "  " if not row.group and table.label_head in GROUPED_HEADS else ""
            label = fit(make_visible(indent + row.label), label_width)
            cells = []
            for index in range(start, end):
                cell = row.cells[index] or ("" if row.group else EMPTY_CELL)
                if len(cell) < widths[index] and (cell == EMPTY_CELL or _PLAIN_CELL.fullmatch(cell)):
                    cells.append(cell.ljust(widths[index]))  # one cell per character: no measuring
                else:
                    cells.append(pad(fit(make_visible(cell), widths[index] - 1), widths[index]))
            lines.append(f"{mark} {pad(label, label_width)} {''.join(cells)}")
        lines.append("")
    return lines[:-1]


def _column_blocks(widths: list[int], room: int) -> list[tuple[int, int]]:
    """Runs of columns that fit in ``room`` cells side by side (at least one column each)."""
    blocks: list[tuple[int, int]] = []
    start = used = 0
    for index, column in enumerate(widths):
        if index > start and used + column > room:
            blocks.append((start, index))
            start, used = index, 0
        used += column
    blocks.append((start, len(widths)))
    return blocks


def _text_findings(report: TeamReport, width: int) -> list[str]:
    lines: list[str] = []
    for name, check in CHECKS.items():
        found = [finding for finding in report.findings if finding.check == name]
        if not found:
            continue
        lines += [
            "",
            fit(f"{SEVERITY_MARKS[check.severity]} {name} ({len(found)}): {check.description}", width),
        ]
        for finding in found:
            subject = make_visible(subject_label(report, finding.subject))
            lines.append(fit(f"  {subject}: {make_visible(finding.message)}", width))
    return lines


# ---------------------------------------------------------------------------------------------
# Markdown


def render_markdown(report: TeamReport, view: View = "responsibilities") -> str:
    table = view_table(report, view)
    blocks = [
        "# Team coverage",
        escape_markdown_line(summary_line(report)) + "\\\n" + escape_markdown_line(checks_line(report)),
    ]
    if (files := files_line(report)) is not None:
        blocks.append(escape_markdown_line(files))
    blocks.append(_markdown_table(report, table))
    blocks.append(
        f"{HELD_MARK} holds the role. Letters: R Responsible, A Accountable, C Consulted, I Informed."
    )
    gaps = list(_markdown_findings(report))
    blocks.append("## Gaps")
    blocks.extend(gaps or ["No check failed."])
    return "\n\n".join(blocks) + "\n"


def _markdown_table(report: TeamReport, table: Table) -> str:
    heads = [table.label_head, *table.heads, "Checks"]
    lines = [_markdown_row(heads), "|" + "---|" * len(heads)]
    for row in table.rows:
        checks = ", ".join(dict.fromkeys(f.check for f in report.findings_for(row.subject)))
        label = f"**{escape_markdown_line(row.label)}**" if row.group else escape_markdown_line(row.label)
        cells = [label, *(_markdown_cell(cell) for cell in row.cells), checks]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# Letters, held marks and counts need no escaping; 500 people make 46,000 cells of them.
_PLAIN_CELL = re.compile(f"[RACI{HELD_MARK}0-9]*")


def _markdown_cell(cell: str) -> str:
    return cell if _PLAIN_CELL.fullmatch(cell) else escape_markdown_line(cell)


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(escape_markdown_line(cell) or " " for cell in cells) + " |"


def _markdown_findings(report: TeamReport) -> Iterator[str]:
    for name, check in CHECKS.items():
        found = [finding for finding in report.findings if finding.check == name]
        if not found:
            continue
        yield f"### `{name}` ({len(found)}, {check.severity})"
        yield "\n".join(
            f"- {escape_markdown_line(subject_label(report, f.subject))}: {escape_markdown_line(f.message)}"
            for f in found
        )


# ---------------------------------------------------------------------------------------------
# CSV


def render_csv(report: TeamReport, view: View = "responsibilities") -> str:
    """The matrix of the view, one row per table row, then a ``checks`` column."""
    table = view_table(report, view)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if view == "responsibilities":
        id_heads = ["role_id", "responsibility_id", "label"]
    elif view == "roles":
        id_heads = ["role_id", "label"]
    elif view == "capabilities":
        id_heads = ["capability_id", "label"]
    else:
        id_heads = ["person"]
    writer.writerow([neutralise_csv_cell(head) for head in [*id_heads, *table.heads, "checks"]])
    id_count = len(id_heads) - 1
    for row in table.rows:
        if view == "people":
            prefix = [row.label]
        else:
            prefix = [*row.ids, *[""] * (id_count - len(row.ids)), row.label]
        checks = " ".join(dict.fromkeys(f.check for f in report.findings_for(row.subject)))
        cells = [CSV_HELD if row.group and cell == HELD_MARK else cell for cell in row.cells]
        # Letters, held marks and counts are safe as they are; anything else gets the guard.
        guarded = [cell if _PLAIN_CELL.fullmatch(cell) else neutralise_csv_cell(cell) for cell in cells]
        writer.writerow([neutralise_csv_cell(cell) for cell in prefix] + guarded + [checks])
    return buffer.getvalue()


def render_csv_long(report: TeamReport, view: View = "responsibilities") -> str:
    """``person,role_id,responsibility_id,raci,held``: one row per letter, and per held role
    without letters (for pivot tables). The view does not change it."""
    del view
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_LONG_COLUMNS)
    order = {row.key: index for index, row in enumerate(report.rows)}
    for member in report.members:
        # Ids are checked kebab-case and letters are R, A, C or I: only the name needs the guard.
        name = neutralise_csv_cell(member.name)
        lettered_roles: set[str] = set()
        for key in sorted(member.letters, key=lambda k: (order.get(k, len(order)), k)):
            role_id, _, responsibility_id = key.partition("/")
            lettered_roles.add(role_id)
            held = "yes" if role_id in member.held else "no"
            writer.writerow((name, role_id, responsibility_id, member.letters[key], held))
        for role_id in sorted(member.held - lettered_roles):
            writer.writerow((name, role_id, "", "", "yes"))
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# JSON


def report_as_json(report: TeamReport, view: View = "responsibilities") -> dict[str, Any]:
    """The report as data; its shape is documented in the README ("Team coverage")."""
    coverage = report.coverage
    percent = coverage.percent
    files = report.files
    return {
        "team_report_version": TEAM_REPORT_VERSION,
        "catalog": catalog_fingerprint(report.catalog),
        "view": view,
        "all_roles": report.all_roles,
        "max_age_days": report.max_age_days,
        "coverage": {
            "in_play": coverage.in_play,
            "covered": coverage.covered,
            "percent": None if percent is None else round(percent, 1),
        },
        "letters": report.letter_counts(),
        "people": [_person_json(member) for member in report.members],
        "roles": [_role_json(report, role_id) for role_id in _role_ids(report)],
        "capabilities": [_capability_json(report, capability) for capability in _capabilities(report)],
        "checks": {
            name: {"severity": check.severity, "scope": check.scope, "count": count}
            for (name, check), count in zip(CHECKS.items(), report.counts().values(), strict=True)
        },
        "findings": [
            {
                "check": finding.check,
                "severity": finding.severity,
                "scope": finding.scope,
                "subject": finding.subject,
                "message": finding.message,
                "people": list(finding.people),
            }
            for finding in report.findings
        ],
        "files": {
            "read": len(files.members) if files else len(report.members),
            "ignored": files.ignored if files else 0,
            "skipped": list(files.problems) if files else [],
            "left_out": [member.source for member in report.dropped],
        },
    }


def _role_ids(report: TeamReport) -> list[str]:
    return [role.id for role in report.catalog.roles_in_display_order()]


def _capabilities(report: TeamReport) -> list[Any]:
    return report.catalog.capabilities.in_display_order()


def _capability_json(report: TeamReport, capability: Any) -> dict[str, Any]:
    letters: dict[str, str] = {}
    for member in report.members:
        given = {member.letters[link] for link in capability.responsibilities if link in member.letters}
        if given:
            letters[member.name] = "".join(letter for letter in RACI_LETTERS if letter in given)
    return {
        "id": capability.id,
        "name": capability.name,
        "domain": capability.domain,
        "responsibilities": list(capability.responsibilities),
        "accountable": [name for name, given in letters.items() if "A" in given],
        "letters": letters,
        "checks": [f.check for f in report.findings_for(CAPABILITY_SUBJECT + capability.id)],
    }


def _person_json(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "file": member.source or None,
        "named_by_file": member.named_by_file,
        "exported_at": member.exported_at.isoformat() if member.exported_at else None,
        "catalog": member.catalog,
        "held": sorted(member.held),
        "letters": _member_counts(member),
    }


def _role_json(report: TeamReport, role_id: str) -> dict[str, Any]:
    role = report.catalog.role(role_id)
    assert role is not None
    return {
        "id": role.id,
        "name": role.name,
        "kind": role.kind,
        "group": kind_heading(role.kind),
        "holders": [member.name for member in report.holders(role.id)],
        "checks": [finding.check for finding in report.findings_for(role.id)],
        "responsibilities": [
            {
                "id": row.responsibility_id,
                "text": row.text,
                "letters": {m.name: m.letters[row.key] for m in report.members if row.key in m.letters},
                "checks": [finding.check for finding in report.findings_for(row.key)],
            }
            for row in report.rows
            if row.role.id == role.id
        ],
    }


def render_json(report: TeamReport, view: View = "responsibilities") -> str:
    return json.dumps(report_as_json(report, view), ensure_ascii=True, indent=2) + "\n"


Renderer = Callable[[TeamReport, View], str]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "csv": render_csv,
    "csv-long": render_csv_long,
    "json": render_json,
}


def render(report: TeamReport, format_name: str, view: View = "responsibilities", *, width: int = 80) -> str:
    if format_name == "text":
        return render_text(report, view, width=width)
    return RENDERERS[format_name](report, view)
