"""A short fingerprint of a catalog's ids, so a team sees exports made against another catalog.

Pure logic, no Textual. Only the ids count: rewording a responsibility keeps the fingerprint,
adding, removing or renaming an id changes it.
"""

from __future__ import annotations

import hashlib

from finops_tui.core.models import Catalog

FINGERPRINT_PREFIX = "sha256:"
FINGERPRINT_LENGTH = 12


def catalog_ids(catalog: Catalog) -> list[str]:
    """Every role id and every ``role/responsibility`` id of ``catalog``, sorted."""
    ids = [role.id for role in catalog.roles]
    ids += [
        f"{role.id}/{responsibility.id}" for role in catalog.roles for responsibility in role.responsibilities
    ]
    return sorted(ids)


def catalog_fingerprint(catalog: Catalog) -> str:
    """``sha256:`` and the first 12 hex digits of the hash of the sorted ids, one per line."""
    digest = hashlib.sha256("\n".join(catalog_ids(catalog)).encode("utf-8")).hexdigest()
    return FINGERPRINT_PREFIX + digest[:FINGERPRINT_LENGTH]
