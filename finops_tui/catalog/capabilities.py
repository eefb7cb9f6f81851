"""The bundled capabilities (``data/capabilities.toml``): the FinOps Framework's domains and
capabilities, and the responsibilities each one covers.

Read when first needed (the capabilities screen, a role's detail, a filter), not at start-up.
Like the roles, the bundled file is built straight into models; the test suite checks it
against the schema. No Textual imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from finops_tui.core.models import Capabilities, Capability, Domain

CAPABILITIES_NAME = "capabilities.toml"


def bundled_capabilities_path() -> Path:
    return Path(__file__).parent / "data" / CAPABILITIES_NAME


def bundled_capabilities() -> Capabilities:
    from finops_tui.catalog.loader import read_toml

    return capabilities_from_document(read_toml(bundled_capabilities_path()))


def capabilities_from_document(document: dict[str, Any]) -> Capabilities:
    """Models from a document already known to be valid (the bundled file, or a checked overlay)."""
    return Capabilities(
        domains=tuple(Domain(**raw) for raw in document.get("domains", ())),
        capabilities=tuple(capability_from_table(raw) for raw in document.get("capabilities", ())),
        unlinked=tuple(document.get("unlinked", ())),
    )


def capability_from_table(raw: dict[str, Any]) -> Capability:
    fields = dict(raw)
    fields["raci"] = tuple(fields.get("raci", {}).items())
    fields["responsibilities"] = tuple(fields.get("responsibilities", ()))
    return Capability(**fields)
