"""The commands about capabilities: ``capabilities`` (every domain and capability, the roles
involved) and ``capability ID`` (one capability and the responsibilities it covers)."""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import textwrap

from finops_tui.commands.catalog_commands import MAX_TEXT_WIDTH
from finops_tui.commands.common import EXIT_OK, CommandError, catalog_from
from finops_tui.core.models import RACI_MEANINGS, Capability, Catalog

# Accountable first: it is the letter a reader looks for in a capability.
RACI_LETTERS_IN_ORDER = ("A", "R", "C", "I")
SUGGESTION_NOTE = "Suggested letters are finops-tui's suggestion, not the FinOps Foundation's."


def run_capabilities(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    if args.json:
        print(json.dumps(capabilities_as_json(catalog), indent=2, ensure_ascii=False))
    else:
        print(format_capabilities(catalog, min(MAX_TEXT_WIDTH, shutil.get_terminal_size().columns)))
    return EXIT_OK


def run_capability(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    capability = catalog.capabilities.capability(args.capability)
    if capability is None:
        raise CommandError(unknown_capability_message(catalog, args.capability))
    if args.json:
        print(json.dumps(capability_detail_as_json(catalog, capability), indent=2, ensure_ascii=False))
    else:
        print(format_capability(catalog, capability, min(MAX_TEXT_WIDTH, shutil.get_terminal_size().columns)))
    return EXIT_OK


def unknown_capability_message(catalog: Catalog, wanted: str) -> str:
    capabilities = catalog.capabilities.capabilities
    ids = [capability.id for capability in capabilities]
    by_name = {capability.name.lower(): capability.id for capability in capabilities}
    close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.5)
    close += [by_name[name] for name in difflib.get_close_matches(wanted.lower(), by_name, n=2, cutoff=0.6)]
    close = list(dict.fromkeys(close))
    shown = wanted.encode("unicode_escape").decode("ascii")
    hint = f"; did you mean {', '.join(close)}?" if close else "; `finops-tui capabilities` lists them"
    return f"unknown capability '{shown}'{hint}"


def capability_as_json(capability: Capability) -> dict[str, object]:
    return {
        "id": capability.id,
        "name": capability.name,
        "short_name": capability.label,
        "domain": capability.domain,
        "summary": capability.summary,
        "source_url": capability.source_url,
        "suggested_raci": dict(capability.raci),
        "responsibilities": list(capability.responsibilities),
    }


def capabilities_as_json(catalog: Catalog) -> dict[str, object]:
    capabilities = catalog.capabilities
    return {
        "framework_version": catalog.framework_version,
        "domains": [
            {
                "id": domain.id,
                "name": domain.name,
                "summary": domain.summary,
                "capabilities": [capability_as_json(capability) for capability in members],
            }
            for domain, members in capabilities.by_domain()
        ],
    }


def capability_detail_as_json(catalog: Catalog, capability: Capability) -> dict[str, object]:
    data = capability_as_json(capability)
    domain = catalog.capabilities.domain(capability.domain)
    data["domain_name"] = domain.name if domain else capability.domain
    data["linked_responsibilities"] = [
        {"role": role_id, "id": responsibility_id, "text": responsibility.text}
        for role_id in capability.roles_by_letter()
        if (role := catalog.role(role_id)) is not None
        for responsibility_id in capability.responsibility_ids_of(role_id)
        if (responsibility := role.responsibility(responsibility_id)) is not None
    ]
    return data


def letters_line(catalog: Catalog, capability: Capability) -> str:
    """``A FinOps · R Eng, Finance · C Product · I Mgmt``: the suggested letters, role labels by letter."""
    parts = []
    for letter in RACI_LETTERS_IN_ORDER:
        labels = [_label(catalog, role) for role, given in capability.raci if given == letter]
        if labels:
            parts.append(f"{letter} {', '.join(labels)}")
    return " · ".join(parts)


def _label(catalog: Catalog, role_id: str) -> str:
    role = catalog.role(role_id)
    return role.label if role else role_id


def format_capabilities(catalog: Catalog, width: int) -> str:
    capabilities = catalog.capabilities
    version = f" ({'FinOps Framework ' + catalog.framework_version})" if catalog.framework_version else ""
    out = [f"FinOps capabilities{version}", SUGGESTION_NOTE]
    for domain, members in capabilities.by_domain():
        out += ["", domain.name, *_wrap(domain.summary, width, "  ")]
        for capability in members:
            out.append(f"  {capability.name} ({capability.id})")
            for text in (capability.summary, letters_line(catalog, capability)):
                out += _wrap(text, width, "      ")
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    # Ids such as [set-forecast-calendar] stay whole on one line.
    return textwrap.wrap(
        text,
        width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent]


def format_capability(catalog: Catalog, capability: Capability, width: int) -> str:
    def paragraph(text: str, indent: str = "  ") -> list[str]:
        return _wrap(text, width, indent)

    domain = catalog.capabilities.domain(capability.domain)
    out = [
        capability.name,
        "=" * len(capability.name),
        f"capability · id {capability.id} · domain {domain.name if domain else capability.domain}",
        "",
        *paragraph(capability.summary, ""),
    ]
    if capability.source_url:
        out += ["", f"FinOps Framework page: {capability.source_url}"]
    out += ["", "Suggested letters (finops-tui's suggestion, not the FinOps Foundation's)"]
    for letter in RACI_LETTERS_IN_ORDER:
        names = [
            (role.name if (role := catalog.role(role_id)) else role_id)
            for role_id, given in capability.raci
            if given == letter
        ]
        if names:
            out += paragraph(f"{letter} {RACI_MEANINGS[letter]}: {', '.join(names)}")
    out += ["", "Responsibilities it covers"]
    linked = False
    for role_id in capability.roles_by_letter():
        role = catalog.role(role_id)
        ids = capability.responsibility_ids_of(role_id)
        if role is None or not ids:
            continue
        linked = True
        letter = capability.suggested_letter(role_id)
        out.append(f"  {role.name}" + (f" ({letter})" if letter else ""))
        for responsibility_id in ids:
            responsibility = role.responsibility(responsibility_id)
            if responsibility is not None:
                out += _wrap(f"{responsibility.text} [{responsibility_id}]", width, "      ", first="    - ")
    if not linked:
        out.append("  (none recorded)")
    return "\n".join(out)
