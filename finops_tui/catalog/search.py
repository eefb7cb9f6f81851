"""Filtering roles by the words a user types. Pure: no Textual imports.

Every word of the query must appear (case-insensitively) in a role's name, summary or
responsibilities; the spans of each match are returned so the screen can highlight them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from finops_tui.core.models import Role

Span = tuple[int, int]


@dataclass(frozen=True)
class RoleMatch:
    role: Role
    name_spans: tuple[Span, ...] = ()
    summary_spans: tuple[Span, ...] = ()
    words: tuple[str, ...] = ()

    @cached_property
    def responsibility_spans(self) -> dict[int, tuple[Span, ...]]:
        """Indexes of responsibilities whose text matched, with their spans.

        Found when first asked for: only the role in the preview needs them, and finding them
        for every match made each keystroke in the filter slow with a large catalog.
        """
        responsibilities = {}
        for index, responsibility in enumerate(self.role.responsibilities):
            spans = find_spans(responsibility.text, self.words)
            if spans:
                responsibilities[index] = spans
        return responsibilities


def query_words(query: str) -> list[str]:
    return [word for word in query.lower().split() if word]


def find_spans(text: str, words: Sequence[str]) -> tuple[Span, ...]:
    """Where any of ``words`` occurs in ``text``, case-insensitively, merged and in order."""
    lowered = text.lower()
    spans = []
    for word in words:
        start = lowered.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + 1)
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


class RoleIndex:
    """Lower-cased search text per role, built once per catalog so a keystroke is a few lookups."""

    def __init__(self, roles: Sequence[Role]) -> None:
        self._roles = list(roles)
        self._haystacks = [
            "\n".join(
                (role.name, role.summary, *(responsibility.text for responsibility in role.responsibilities))
            ).lower()
            for role in self._roles
        ]

    def filter(self, query: str) -> list[RoleMatch]:
        words = query_words(query)
        if not words:
            return [RoleMatch(role) for role in self._roles]
        results = []
        for role, haystack in zip(self._roles, self._haystacks, strict=True):
            if all(word in haystack for word in words):
                results.append(_match(role, words))
        return results


def _match(role: Role, words: Sequence[str]) -> RoleMatch:
    return RoleMatch(
        role=role,
        name_spans=find_spans(role.name, words),
        summary_spans=find_spans(role.summary, words),
        words=tuple(words),
    )
