"""Generate the scale data: a 1,000-role catalog and a notes file with 10,000 annotations.

    python benchmarks/generate.py OUT_DIR

writes ``OUT_DIR/roles-1000.toml`` (1,000 roles x 12 responsibilities, 3,000 collaborations;
load it with ``--data``), ``OUT_DIR/config/notes.toml`` (10,000 responsibility annotations
plus 100 held roles with a note; use ``--config-dir OUT_DIR/config``) and
``OUT_DIR/bundled-config/notes.toml`` (a day-to-day user's notes on the bundled roles: two roles
held, a dozen RACI letters, a few notes). The output is the same on every run (fixed seed), so
figures from different runs compare.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

from finops_tui.catalog.loader import load_catalog
from finops_tui.core.models import NotesDocument
from finops_tui.notes.format import dump_notes
from finops_tui.notes.schema import NotesDocument as NotesSchema

ROLES = 1_000
RESPONSIBILITIES_PER_ROLE = 12
COLLABORATIONS = 3_000
ANNOTATED_DUTIES_PER_ROLE = 10  # 1,000 roles x 10 = 10,000 annotations
HELD_EVERY = 10  # every 10th role is held and carries a note: 100 role annotations
CATALOG_NAME = "roles-1000.toml"
SEED = 7

_AREAS = [
    "cloud", "platform", "data", "security", "finance", "product", "network", "storage",
    "analytics", "billing", "procurement", "sustainability", "operations", "compliance",
]  # fmt: skip
_JOBS = ["analyst", "engineer", "lead", "manager", "architect", "owner", "steward", "planner"]
_KINDS = ["core"] * 5 + ["associated"] * 4 + ["regional"]
_VERBS = [
    "Review", "Forecast", "Allocate", "Tag", "Report", "Optimize", "Negotiate", "Reconcile",
    "Approve", "Automate", "Track", "Benchmark", "Audit", "Budget", "Rightsize", "Schedule",
]  # fmt: skip
_OBJECTS = [
    "commitment purchases", "shared platform costs", "anomaly alerts", "unit economics",
    "storage tiers", "reserved capacity", "invoice lines", "tagging coverage", "chargeback reports",
    "carbon estimates", "license renewals", "idle resources", "budget variances", "spot usage",
]  # fmt: skip
_QUALIFIERS = [
    "every month with the owning teams",
    "before each quarterly planning cycle",
    "against the agreed targets and thresholds",
    "so that engineering can act on the numbers",
    "with finance ahead of the close",
    "using the shared FOCUS cost dataset",
]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_QUALIFIERS)}."


def _lines(rng: random.Random, count: int) -> list[str]:
    return [_sentence(rng).removesuffix(".") for _ in range(count)]


def role_id(number: int) -> str:
    return f"role-{number:04d}"


def responsibility_id(number: int) -> str:
    return f"duty-{number:02d}"


def catalog_document(rng: random.Random) -> dict[str, object]:
    roles = []
    for number in range(ROLES):
        area, job = rng.choice(_AREAS), rng.choice(_JOBS)
        roles.append(
            {
                "id": role_id(number),
                "name": f"{area.capitalize()} {job} {number:04d}",
                "kind": rng.choice(_KINDS),
                "summary": f"Keeps {rng.choice(_OBJECTS)} in line for the {area} {job}s",
                "description": " ".join(_sentence(rng) for _ in range(4)),
                "challenges": _lines(rng, 4),
                "metrics": _lines(rng, 4),
                "outcomes": _lines(rng, 4),
                "perspective": {"titles": [f"{area} {job}", f"senior {area} {job}"], "view": _sentence(rng)},
                "responsibilities": [
                    {"id": responsibility_id(responsibility), "text": _sentence(rng)}
                    for responsibility in range(RESPONSIBILITIES_PER_ROLE)
                ],
            }
        )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < COLLABORATIONS:
        first, second = sorted(rng.sample(range(ROLES), 2))
        pairs.add((first, second))
    collaborations = [
        {"roles": [role_id(first), role_id(second)], "topics": _lines(rng, 2)}
        for first, second in sorted(pairs)
    ]
    return {"roles": roles, "collaborations": collaborations}


def notes_document(rng: random.Random) -> NotesDocument:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    roles: dict[str, object] = {}
    for number in range(ROLES):
        responsibilities = {
            responsibility_id(responsibility): {
                "raci": rng.choice("RACI"),
                "note": f"Checked with the team: {_sentence(rng)}" if responsibility % 3 == 0 else "",
                "updated_at": start + timedelta(minutes=number * 20 + responsibility),
            }
            for responsibility in range(ANNOTATED_DUTIES_PER_ROLE)
        }
        role: dict[str, object] = {"responsibilities": responsibilities}
        if number % HELD_EVERY == 0:
            role.update(held=True, note=_sentence(rng), updated_at=start + timedelta(minutes=number))
        roles[role_id(number)] = role
    return NotesSchema.model_validate({"roles": roles}).to_model()


def everyday_notes(rng: random.Random) -> NotesDocument:
    """Notes on the bundled roles, as someone who uses the tool every day keeps them."""
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    roles: dict[str, object] = {}
    for role in load_catalog().roles_in_display_order()[:4]:
        responsibilities = {
            responsibility.id: {
                "raci": rng.choice("RACI"),
                "note": _sentence(rng) if index == 0 else "",
                "updated_at": at,
            }
            for index, responsibility in enumerate(role.responsibilities[:3])
        }
        roles[role.id] = {"responsibilities": responsibilities}
    for role_id in ("finops-practitioner", "engineering"):
        roles[role_id] |= {"held": True, "note": _sentence(rng), "updated_at": at}
    return NotesSchema.model_validate({"roles": roles}).to_model()


def generate(out_dir: Path) -> tuple[Path, Path, Path]:
    """Write the data; returns (catalog file, its config dir, the bundled catalog's config dir)."""
    rng = random.Random(SEED)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog_file = out_dir / CATALOG_NAME
    catalog_file.write_text(tomli_w.dumps(catalog_document(rng)), encoding="utf-8")
    config_dir = out_dir / "config"
    config_dir.mkdir(exist_ok=True)
    (config_dir / "notes.toml").write_text(dump_notes(notes_document(rng)), encoding="utf-8")
    bundled_config_dir = out_dir / "bundled-config"
    bundled_config_dir.mkdir(exist_ok=True)
    (bundled_config_dir / "notes.toml").write_text(dump_notes(everyday_notes(rng)), encoding="utf-8")
    return catalog_file, config_dir, bundled_config_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    catalog_file, config_dir, bundled_config_dir = generate(args.out_dir)
    size = catalog_file.stat().st_size / 1_048_576
    print(f"wrote {catalog_file} ({size:.1f} MB), {config_dir} and {bundled_config_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
