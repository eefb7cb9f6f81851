"""Hypothesis strategies shared by the tests: notes documents built from chosen ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from finops_tui.core.models import NotesDocument, ResponsibilityNote, RoleNotes

OFFSETS = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=2)),
        timezone(-timedelta(hours=5, minutes=30)),
        timezone(-timedelta(hours=7)),
    ]
)
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=OFFSETS)
RACI_OR_NONE = st.sampled_from([None, "R", "A", "C", "I"])

responsibility_notes = st.builds(ResponsibilityNote, raci=RACI_OR_NONE, note=st.text(), updated_at=MOMENTS)


def notes_documents(
    role_ids: list[str], responsibility_ids: list[str], *, max_roles: int
) -> st.SearchStrategy[NotesDocument]:
    """Notes on roles and responsibilities drawn from the given ids (some may be unknown ones)."""
    role_notes = st.builds(
        RoleNotes,
        held=st.booleans(),
        note=st.text(),
        updated_at=st.none() | MOMENTS,
        responsibilities=st.dictionaries(
            st.sampled_from(responsibility_ids), responsibility_notes, max_size=3
        ),
    )
    return st.builds(
        NotesDocument, roles=st.dictionaries(st.sampled_from(role_ids), role_notes, max_size=max_roles)
    )
