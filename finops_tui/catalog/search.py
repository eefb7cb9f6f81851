"""Filtering roles by the words a user types. Pure: no Textual imports.

Every word of the query must appear (case-insensitively) in a role's name, summary,
responsibilities or the names of the capabilities it is involved in; the spans of each match
are returned so the screen can highlight them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from finops_tui.core.models import Capabilities, Capability, Role

Span = tuple[int, int]


@dataclass(frozen=True)
class RoleMatch:
    role: Role
    name_spans: tuple[Span, ...] = ()
    summary_spans: tuple[Span, ...] = ()
    words: tuple[str, ...] = ()
    # While filtering: the names of the capabilities the role is involved in.
    capability_names: tuple[str, ...] = ()

    @cached_property
    def capability_spans(self) -> dict[str, tuple[Span, ...]]:
        """The capability names that matched, with their spans (found when first asked for)."""
        found = {}
        for name in self.capability_names:
            spans = find_spans(name, self.words)
            if spans:
                found[name] = spans
        return found

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
    """Lower-cased search text per role, built once per catalog so a keystroke is a few lookups.

    Built at the first non-empty query, not with the index: the capability names come from a
    file the first frame does not read.
    """

    def __init__(
        self, roles: Sequence[Role], capability_names: Callable[[Role], Sequence[str]] | None = None
    ) -> None:
        self._roles = list(roles)
        self._capability_names = capability_names
        self._names: list[tuple[str, ...]] | None = None
        self._haystacks: list[str] = []

    def _build(self) -> list[tuple[str, ...]]:
        if self._names is None:
            names_of = self._capability_names
            self._names = [tuple(names_of(role)) if names_of else () for role in self._roles]
            self._haystacks = [
                "\n".join(
                    (
                        role.name,
                        role.summary,
                        *(responsibility.text for responsibility in role.responsibilities),
                        *names,
                    )
                ).lower()
                for role, names in zip(self._roles, self._names, strict=True)
            ]
        return self._names

    def filter(self, query: str) -> list[RoleMatch]:
        words = query_words(query)
        if not words:
            return [RoleMatch(role) for role in self._roles]
        names = self._build()
        results = []
        for role, haystack, role_names in zip(self._roles, self._haystacks, names, strict=True):
            if all(word in haystack for word in words):
                results.append(_match(role, words, role_names))
        return results


def _match(role: Role, words: Sequence[str], capability_names: tuple[str, ...] = ()) -> RoleMatch:
    return RoleMatch(
        role=role,
        name_spans=find_spans(role.name, words),
        summary_spans=find_spans(role.summary, words),
        words=tuple(words),
        capability_names=capability_names,
    )


@dataclass(frozen=True)
class CapabilityMatch:
    capability: Capability
    name_spans: tuple[Span, ...] = ()
    summary_spans: tuple[Span, ...] = ()


class CapabilityIndex:
    """Filtering capabilities: every word must appear in the name, short name, summary, domain
    name or the names of the roles involved."""

    def __init__(self, capabilities: Capabilities, role_names: Callable[[str], str]) -> None:
        self._capabilities = capabilities.in_display_order()
        self._haystacks = []
        for capability in self._capabilities:
            domain = capabilities.domain(capability.domain)
            parts = [capability.name, capability.label, capability.summary, domain.name if domain else ""]
            parts += [role_names(role_id) for role_id in capability.roles_involved()]
            self._haystacks.append("\n".join(parts).lower())

    def filter(self, query: str) -> list[CapabilityMatch]:
        words = query_words(query)
        if not words:
            return [CapabilityMatch(capability) for capability in self._capabilities]
        return [
            CapabilityMatch(
                capability,
                find_spans(capability.name, words),
                find_spans(capability.summary, words),
            )
            for capability, haystack in zip(self._capabilities, self._haystacks, strict=True)
            if all(word in haystack for word in words)
        ]
