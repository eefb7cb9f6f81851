"""Saving one change and exporting every format, timed on a copy of a notes file.

    python benchmarks/fileops.py [--repeat N] CONFIG_DIR [--data FILE]...

Works on a copy of CONFIG_DIR (the notes there are never changed) and prints JSON: seconds per
run for "open" (reading and checking the notes, as before the first frame), "prepare saving"
(rendering the file as opened, which the app does in a thread once its first frame is drawn),
"save" (one RACI change, applied and saved atomically, as the app does on a key) and
"export: FORMAT" (the export built and written to a file, as ``finops-tui export -o`` does).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter

from finops_tui.catalog.loader import load_catalog
from finops_tui.core.models import RACI_LETTERS
from finops_tui.exchange.export import EXPORT_FORMATS, export_notes, write_export
from finops_tui.notes.changes import SetRaci
from finops_tui.notes.file import NotesFile

EXPORTED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def measure(config_dir: Path, data_files: list[Path], repeat: int) -> dict[str, list[float]]:
    catalog = load_catalog(data_files)
    timings: dict[str, list[float]] = {"open": [], "prepare saving": [], "save": []}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "config"
        shutil.copytree(config_dir, work)
        for _ in range(repeat):
            started = perf_counter()
            notes = NotesFile.open(work)
            opened = perf_counter()
            notes.prepare_saving()
            timings["open"].append(opened - started)
            timings["prepare saving"].append(perf_counter() - opened)
        role = catalog.roles_in_display_order()[0]
        responsibility = role.responsibilities[0]
        for index in range(repeat):
            change = SetRaci(
                role.id, responsibility.id, RACI_LETTERS[index % 4], EXPORTED_AT + timedelta(seconds=index)
            )
            started = perf_counter()
            notes.apply(change)
            timings["save"].append(perf_counter() - started)
        for name, export_format in EXPORT_FORMATS.items():
            target = Path(scratch) / f"notes.{export_format.extension}"
            runs = timings[f"export: {name}"] = []
            for _ in range(repeat):
                started = perf_counter()
                text = export_notes(name, catalog, notes.document, exported_at=EXPORTED_AT)
                write_export(target, text, overwrite=True, notes_file=notes.path)
                runs.append(perf_counter() - started)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description="Print save and export times (seconds) as JSON.")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--data", action="append", default=[], type=Path)
    parser.add_argument("config_dir", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.config_dir, args.data, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
