"""Killing a save at any moment (SIGKILL) never leaves a torn notes file or loses a finished save.

A worker process saves in a loop, one new annotation per save, and prints each number only
after its save returned. It is killed at a random moment, round after round on the same file;
two such lanes (two config directories) run side by side to keep the test short.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
from pathlib import Path

import pytest
from workers import start_worker

from finops_tui.notes.file import NotesFile
from finops_tui.notes.format import parse_notes_bytes

LANES = 2
ROUNDS = 15  # per lane: 30 kills in all
# Once ready the worker saves every few milliseconds, so kills land before, inside (writing,
# fsync, rename) and between saves alike.
LONGEST_WAIT_SECONDS = 0.08
ROLE_ID = "finops-practitioner"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.name == "nt" or not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX only)"
    ),
]


def start_crashing_worker(config_dir: Path, prefix: str) -> subprocess.Popen[str]:
    return start_worker(config_dir, "crash", prefix)


def kill_later(worker: subprocess.Popen[str], delay: float) -> list[str]:
    """SIGKILL the worker after ``delay`` seconds; returns the numbers it reported as saved."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        worker.wait(timeout=delay)  # it never exits by itself: this is the random moment
    worker.send_signal(signal.SIGKILL)
    output, _ = worker.communicate(timeout=10)
    # The output may end in a number cut off mid-print; only whole lines count.
    return output.split("\n")[:-1]


def annotations_on_disk(config_dir: Path) -> set[str]:
    path = config_dir / "notes.toml"
    if not path.exists():
        return set()
    document = parse_notes_bytes(path.read_bytes(), str(path))  # raises if torn
    role = document.roles.get(ROLE_ID)
    return set(role.responsibilities) if role else set()


def test_a_killed_save_leaves_a_whole_file_with_every_finished_save(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    lanes = [tmp_path / f"lane{lane}" for lane in range(LANES)]
    reported: dict[Path, set[str]] = {lane: set() for lane in lanes}
    for round_number in range(ROUNDS):
        prefix = f"round{round_number}"
        workers = {lane: start_crashing_worker(lane, prefix) for lane in lanes}
        for lane, worker in workers.items():
            saved = kill_later(worker, rng.uniform(0, LONGEST_WAIT_SECONDS))
            reported[lane].update(f"{prefix}-{number}" for number in saved)
            missing = reported[lane] - annotations_on_disk(lane)
            assert not missing, f"{lane.name} round {round_number} (seed {seed}) lost {sorted(missing)}"
    for lane in lanes:
        assert reported[lane], "no save ever finished: nothing was tested"
        # The next start removes the temp files that killed saves left behind.
        NotesFile.open(lane)
        assert list(lane.glob(".notes.toml.*.tmp")) == []
