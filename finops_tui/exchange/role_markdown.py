"""A role as Markdown, for the clipboard. Pure: no Textual imports."""

from __future__ import annotations

from finops_tui.catalog.credit import DATA_CREDIT
from finops_tui.catalog.sections import (
    COLLABORATIONS,
    NONE_RECORDED,
    PERSPECTIVE,
    RESPONSIBILITIES,
    TYPICAL_TITLES,
    list_sections,
)
from finops_tui.core.models import Catalog, Role, kind_heading
from finops_tui.core.text import strip_unsafe


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"- {item}" for item in items] or [f"- {NONE_RECORDED}"]


def role_markdown(catalog: Catalog, role: Role) -> str:
    kind = kind_heading(role.kind).removesuffix(" roles")
    lines = [f"# {role.name}", "", f"*{kind} role* — {role.summary}", ""]
    if role.description:
        lines += [role.description, ""]
    lines += [f"## {RESPONSIBILITIES}", ""]
    lines += [f"{number}. {item.text}" for number, item in enumerate(role.responsibilities, 1)]
    if not role.responsibilities:
        lines.append(NONE_RECORDED)
    lines += ["", f"## {PERSPECTIVE}", ""]
    if role.perspective.titles:
        lines += [f"{TYPICAL_TITLES}{', '.join(role.perspective.titles)}", ""]
    if role.perspective.view:
        lines += [role.perspective.view, ""]
    if not role.perspective.titles and not role.perspective.view:
        lines += [NONE_RECORDED, ""]
    for section in list_sections(role):
        lines += [f"## {section.title}", "", *_bullets(section.items), ""]
    lines += [f"## {COLLABORATIONS}", ""]
    edges = catalog.collaborations_of(role.id)
    for edge in edges:
        other = catalog.role(edge.other(role.id))
        name = other.name if other else edge.other(role.id)
        lines.append(f"- **{name}**: {'; '.join(edge.topics)}")
    if not edges:
        lines.append(f"- {NONE_RECORDED}")
    lines += ["", f"_{DATA_CREDIT}_", ""]
    return strip_unsafe("\n".join(lines))
