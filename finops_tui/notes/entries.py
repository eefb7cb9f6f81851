"""The user's annotations in the order they are shown and exported, each with its catalog wording.

Pure logic, no Textual. Roles come in catalog display order, then orphaned roles (no longer in
the catalog) by id; within a role, responsibilities in the role's order, then orphaned ones by
id. The exports, the export dialog's summary and the My notes screen all list this order.
"""

from __future__ import annotations

from dataclasses import dataclass

from finops_tui.core.models import Catalog, NotesDocument, ResponsibilityNote, RoleNotes


@dataclass(frozen=True)
class ResponsibilityEntry:
    id: str
    text: str | None
    """The responsibility's wording from the catalog; None when the catalog no longer has it."""
    notes: ResponsibilityNote

    @property
    def orphaned(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class RoleEntry:
    id: str
    name: str | None
    """The role's name from the catalog; None when the catalog no longer has the role."""
    notes: RoleNotes
    responsibilities: tuple[ResponsibilityEntry, ...]

    @property
    def orphaned(self) -> bool:
        return self.name is None

    @property
    def annotated_responsibilities(self) -> tuple[ResponsibilityEntry, ...]:
        return tuple(entry for entry in self.responsibilities if not entry.notes.is_empty)

    @property
    def is_annotated(self) -> bool:
        """Whether a person reading the notes would find anything here."""
        return self.notes.held or bool(self.notes.note) or bool(self.annotated_responsibilities)


def role_entries(catalog: Catalog, document: NotesDocument) -> list[RoleEntry]:
    """Every role of ``document``, in order, each with all of its responsibility notes.

    Entries holding nothing a person would see are kept, so the lossless exports stay lossless;
    :attr:`RoleEntry.is_annotated` tells them apart.
    """
    catalog_ids = [role.id for role in catalog.roles_in_display_order()]
    orphan_ids = sorted(role_id for role_id in document.roles if catalog.role(role_id) is None)
    return [
        _role_entry(catalog, role_id, document.roles[role_id])
        for role_id in catalog_ids + orphan_ids
        if role_id in document.roles
    ]


def _role_entry(catalog: Catalog, role_id: str, notes: RoleNotes) -> RoleEntry:
    role = catalog.role(role_id)
    catalog_order = [responsibility.id for responsibility in role.responsibilities] if role else []
    orphan_ids = sorted(
        responsibility_id
        for responsibility_id in notes.responsibilities
        if responsibility_id not in catalog_order
    )
    responsibilities = []
    for responsibility_id in catalog_order + orphan_ids:
        responsibility_notes = notes.responsibilities.get(responsibility_id)
        if responsibility_notes is None:
            continue
        responsibility = role.responsibility(responsibility_id) if role else None
        text = responsibility.text if responsibility else None
        responsibilities.append(ResponsibilityEntry(responsibility_id, text, responsibility_notes))
    name = role.name if role else None
    return RoleEntry(role_id, name, notes, tuple(responsibilities))
