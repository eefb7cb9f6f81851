"""The commands that read the role catalog: list, show, validate, paths."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import shutil
import textwrap
from pathlib import Path

from finops_tui.catalog.loader import bundled_path, validate_files
from finops_tui.catalog.sections import (
    COLLABORATIONS,
    NONE_RECORDED,
    PERSPECTIVE,
    RESPONSIBILITIES,
    TYPICAL_TITLES,
    list_sections,
)
from finops_tui.commands.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    catalog_from,
    config_dir_from,
)
from finops_tui.core.cells import display_width, fit, pad
from finops_tui.core.models import Catalog, Role, kind_heading
from finops_tui.core.paths import notes_path, settings_path

MAX_TEXT_WIDTH = 100


def run_list(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    if args.json:
        rows = [
            {"id": role.id, "name": role.name, "kind": role.kind, "summary": role.summary}
            for role in catalog.roles_in_display_order()
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(format_role_table(catalog, shutil.get_terminal_size().columns))
    return EXIT_OK


def format_role_table(catalog: Catalog, width: int) -> str:
    roles = catalog.roles
    # Terminal cells, not characters: names in Chinese or with emoji take two cells a glyph.
    id_width = max(display_width(role.id) for role in roles)
    name_width = max(display_width(role.name) for role in roles)
    summary_width = max(20, width - id_width - name_width - 6)
    blocks = []
    for kind in catalog.kinds():
        lines = [kind_heading(kind)]
        for role in roles:
            if role.kind == kind:
                summary = _truncate(role.summary, summary_width)
                lines.append(f"  {pad(role.id, id_width)}  {pad(role.name, name_width)}  {summary}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _truncate(text: str, width: int) -> str:
    cut = fit(text, width)
    return cut if cut == text else cut.removesuffix("…").rstrip() + "…"


def run_show(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    role = catalog.role(args.role)
    if role is None:
        raise CommandError(_unknown_role_message(catalog, args.role))
    if args.json:
        print(json.dumps(role_as_json(catalog, role), indent=2, ensure_ascii=False))
    else:
        width = min(MAX_TEXT_WIDTH, shutil.get_terminal_size().columns)
        print(format_role(catalog, role, width))
    return EXIT_OK


def _unknown_role_message(catalog: Catalog, wanted: str) -> str:
    ids = [role.id for role in catalog.roles]
    by_name = {role.name.lower(): role.id for role in catalog.roles}
    close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.5)
    close += [by_name[name] for name in difflib.get_close_matches(wanted.lower(), by_name, n=2, cutoff=0.6)]
    close = list(dict.fromkeys(close))
    shown = wanted.encode("unicode_escape").decode("ascii")
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known roles: {', '.join(ids)}"
    return f"unknown role '{shown}'{hint}"


def role_as_json(catalog: Catalog, role: Role) -> dict[str, object]:
    data: dict[str, object] = dataclasses.asdict(role)
    data["collaborations"] = [
        {"role": edge.other(role.id), "topics": list(edge.topics)}
        for edge in catalog.collaborations_of(role.id)
    ]
    return data


def format_role(catalog: Catalog, role: Role, width: int) -> str:
    """Every section of a role as plain text for a terminal."""

    def paragraph(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]

    def bullets(items: tuple[str, ...] | list[str], marker: str = "-") -> list[str]:
        lines: list[str] = []
        for item in items:
            lines += textwrap.wrap(item, width, initial_indent=f"  {marker} ", subsequent_indent="    ")
        return lines or [f"  {NONE_RECORDED}"]

    kind = kind_heading(role.kind).removesuffix(" roles").lower()
    out = [
        role.name,
        "=" * len(role.name),
        f"{kind} role · id {role.id}",
        "",
        *paragraph(role.summary, ""),
    ]
    if role.description:
        out += ["", "Description", *paragraph(role.description)]
    out += ["", RESPONSIBILITIES]
    responsibilities = role.responsibilities
    number_width = len(str(len(responsibilities)))
    for number, responsibility in enumerate(responsibilities, start=1):
        prefix = f"  {number:>{number_width}}. "
        out += textwrap.wrap(
            responsibility.text, width, initial_indent=prefix, subsequent_indent=" " * len(prefix)
        )
    if not responsibilities:
        out.append(f"  {NONE_RECORDED}")
    perspective = role.perspective
    out += ["", PERSPECTIVE]
    if perspective.titles:
        out += paragraph(TYPICAL_TITLES + ", ".join(perspective.titles))
    if perspective.view:
        out += paragraph(perspective.view)
    if not perspective.titles and not perspective.view:
        out.append(f"  {NONE_RECORDED}")
    for section in list_sections(role):
        out += ["", section.title, *bullets(section.items)]
    out += ["", COLLABORATIONS]
    edges = list(catalog.collaborations_of(role.id))
    for edge in edges:
        other = catalog.role(edge.other(role.id))
        out.append(f"  {other.name if other else edge.other(role.id)}")
        out += [f"    - {line}" for line in edge.topics]
    if not edges:
        out.append(f"  {NONE_RECORDED}")
    return "\n".join(out)


def run_validate(args: argparse.Namespace) -> int:
    problems = validate_files([Path(name) for name in args.files])
    if problems:
        for problem in problems:
            print(problem)
        return EXIT_USAGE
    print("ok")
    return EXIT_OK


def run_paths(args: argparse.Namespace) -> int:
    directory = config_dir_from(args)
    rows = [
        ("config dir", directory),
        ("notes file", notes_path(directory)),
        ("settings", settings_path(directory)),
        ("bundled data", bundled_path()),
        *(("data file", Path(name).resolve()) for name in args.data or ()),
    ]
    for label, path in rows:
        print(f"{label + ':':<14}{path}")
    return EXIT_OK
