"""Subprocess workers (tests/notes_worker.py) that edit notes while a test watches or kills them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("notes_worker.py")


def start_worker(config_dir: Path, *arguments: str, stdin: bool = False) -> subprocess.Popen[str]:
    """Start the worker on ``config_dir`` and wait until it says it is ready."""
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(config_dir), *arguments],
        stdin=subprocess.PIPE if stdin else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    if worker.stdout.readline() != "ready\n":
        worker.kill()
        pytest.fail(f"worker did not start: {worker.communicate()[1]}")
    return worker
