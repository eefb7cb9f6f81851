"""Writes the example team's exports in this folder from the bundled catalog.

Five people of a made-up FinOps team, each marking the roles they hold and a RACI letter on
responsibilities, with a few gaps left on purpose (two Accountable, none Accountable, only
Consulted, unclaimed rows, roles nobody holds). Letters are given by a responsibility's position
in its role, so the files stay valid when the catalog's wording or ids change: run
``python examples/team/generate.py`` again after changing roles.toml.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from finops_tui.catalog.loader import load_catalog
from finops_tui.core.models import NotesDocument, ResponsibilityNote, RoleNotes
from finops_tui.exchange.export import export_notes

HERE = Path(__file__).parent
EXPORTED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

# person -> (file name, format, person field or None for an older file, letters-only,
#            held roles, {role: letters by responsibility position, "." for none})
TEAM = {
    "Ana Silva": (
        "ana-silva.json",
        "json",
        "Ana Silva",
        False,
        ["finops-practitioner"],
        {
            "finops-practitioner": "AAAAAAAAAAAA",
            "management": "RRR.RR",
            "engineering": "C.C",
            "finance": "C.R.R",
        },
    ),
    "Bo Chen": (
        "bo-chen.json",
        "json",
        "Bo Chen",
        True,
        ["engineering"],
        {"engineering": "RRRRRRRRRR", "finops-practitioner": "RRRR.RRRR.RR", "product": "RR.RRC.R"},
    ),
    "Carla Mendes": (
        "carla-mendes.toml",
        "toml",
        "Carla Mendes",
        False,
        ["finance", "procurement"],
        {"finance": "ARAAAAAAA", "procurement": "RRRR", "finops-practitioner": ".....A"},
    ),
    "Dev Patel": (
        "dev-patel.json",
        "json",
        "Dev Patel",
        False,
        ["product", "management"],
        {"product": "AAAAAAAA", "management": "AAAAACA", "engineering": ".I"},
    ),
    # An export from before exports carried a name: the file stem names the person.
    "eli": (
        "eli.json",
        "json",
        None,
        True,
        ["engineering"],
        {"engineering": "AAAAC.A", "security": "R"},
    ),
}
NOTES = {
    ("Ana Silva", "finops-practitioner", 0): "Tag policy v3 agreed with the platform team in March.",
    ("Carla Mendes", "finance", 0): "Budget cycle starts in September.",
}


def document_for(person: str, held: list[str], letters: dict[str, str]) -> NotesDocument:
    catalog = load_catalog()
    roles: dict[str, RoleNotes] = {}
    for role_id in dict.fromkeys([*held, *letters]):
        role = catalog.role(role_id)
        assert role is not None, role_id
        lettered = {}
        for position, letter in enumerate(letters.get(role_id, "")):
            if letter == "." or position >= len(role.responsibilities):
                continue
            note = NOTES.get((person, role_id, position), "")
            lettered[role.responsibilities[position].id] = ResponsibilityNote(
                raci=letter,  # type: ignore[arg-type]
                note=note,
                updated_at=EXPORTED_AT - timedelta(days=3),
            )
        roles[role_id] = RoleNotes(
            held=role_id in held, updated_at=EXPORTED_AT - timedelta(days=7), responsibilities=lettered
        )
    return NotesDocument(roles=roles)


def main() -> None:
    catalog = load_catalog()
    for person, (file_name, format_name, person_field, letters_only, held, letters) in TEAM.items():
        text = export_notes(
            format_name,
            catalog,
            document_for(person, held, letters),
            exported_at=EXPORTED_AT,
            person=person_field,
            letters_only=letters_only,
        )
        (HERE / file_name).write_text(text, encoding="utf-8")
        print(f"wrote {HERE / file_name}")


if __name__ == "__main__":
    main()
