"""A role's sections, in the order and with the words every rendering of a role uses.

The detail screen, ``finops-tui show`` and the Markdown copy draw the same sections from here,
so a section is named, ordered and said to be empty the same way everywhere.
"""

from __future__ import annotations

from typing import NamedTuple

from finops_tui.core.models import Role

__all__ = [
    "COLLABORATIONS",
    "NONE_RECORDED",
    "PERSPECTIVE",
    "RESPONSIBILITIES",
    "TYPICAL_TITLES",
    "ListSection",
    "list_sections",
]

RESPONSIBILITIES = "FinOps responsibilities"
PERSPECTIVE = "Perspective"
COLLABORATIONS = "Collaborations"
TYPICAL_TITLES = "Typical titles: "
NONE_RECORDED = "None recorded"


class ListSection(NamedTuple):
    """A section that is a list of lines: its title and its items (maybe none)."""

    title: str
    items: tuple[str, ...]


def list_sections(role: Role) -> list[ListSection]:
    """The sections after the perspective, in order: challenges, metrics, outcomes."""
    return [
        ListSection("Challenges", role.challenges),
        ListSection("Metrics (KPIs)", role.metrics),
        ListSection("Desired outcomes", role.outcomes),
    ]
