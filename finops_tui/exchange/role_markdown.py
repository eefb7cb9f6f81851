"""A role as Markdown, for the clipboard. Pure: no Textual imports."""

from __future__ import annotations

from finops_tui.core.models import Catalog, Role, kind_heading
from finops_tui.core.text import strip_unsafe


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"- {item}" for item in items] or ["- (none recorded)"]


def role_markdown(catalog: Catalog, role: Role) -> str:
    kind = kind_heading(role.kind).removesuffix(" roles")
    lines = [f"# {role.name}", "", f"*{kind} role* — {role.summary}", ""]
    if role.description:
        lines += [role.description, ""]
    lines += ["## FinOps responsibilities", ""]
    lines += [f"{number}. {duty.text}" for number, duty in enumerate(role.responsibilities, 1)]
    lines += ["", "## Perspective", ""]
    if role.perspective.titles:
        lines += [f"Typical titles: {', '.join(role.perspective.titles)}", ""]
    if role.perspective.view:
        lines += [role.perspective.view, ""]
    lines += ["## Challenges", "", *_bullets(role.challenges), ""]
    lines += ["## Metrics (KPIs)", "", *_bullets(role.metrics), ""]
    lines += ["## Desired outcomes", "", *_bullets(role.outcomes), ""]
    lines += ["## Collaborations", ""]
    for edge in catalog.collaborations_of(role.id):
        other = catalog.role(edge.other(role.id))
        name = other.name if other else edge.other(role.id)
        lines.append(f"- **{name}**: {'; '.join(edge.topics)}")
    lines += ["", "_Source: FinOps Framework, FinOps Foundation, CC BY 4.0 (adapted)._", ""]
    return strip_unsafe("\n".join(lines))
