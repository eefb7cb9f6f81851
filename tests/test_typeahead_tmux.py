"""Keys sent through a real terminal in one burst end as the same keys sent one at a time.

As the reliability review tried it: two fresh copies of ``finops-tui`` in tmux (100x30), one
given the keys in one ``tmux send-keys`` call (so they reach the terminal in one write), the
other a key every 0.3 s; then the screen, notes.toml and the files written are compared. One
sequence per kind of screen. ``.ci/run`` installs tmux, so these run in CI.

An ``Escape`` followed in the same burst by a printable key or enter reaches the app as one
alt-key (see the F16 test at the end): the sequences leave the screen with escape only where an
escape sequence (an arrow, another escape) or the end of the burst follows it.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SLOW_SECONDS = 0.3
QUIET_SECONDS = 1.0
TIMEOUT_SECONDS = 20.0
# Both runs' directories have names of the same length, so their paths lay out alike on screen.
RUNS = ("burst", "slow1")

# (what it exercises, the keys as tmux names them; 'quoted' text is sent literally)
SEQUENCES = [
    ("list", "j j Enter Escape Down h"),
    ("filter", "/ 'fin' Enter"),
    ("detail", "Enter Down Down h"),
    ("raci", "Enter r Down a Down c Down i"),
    ("note editor", "Enter n 'quarterly' C-s"),
    ("discard question", "Enter n 'draft' Escape Escape"),
    ("map", "m f Enter h"),
    ("my notes", "Enter r M Down Enter h"),
    ("export dialog", "E C-u 'out.json' C-s"),
    ("palette", "C-p 'Collaboration map' Enter"),
    ("help", "? Down Escape Down h"),
]


def tmux_words(sequence: str) -> list[tuple[str, bool]]:
    """(key or text, is literal text) for each word of a sequence."""
    return [
        (match.group(1), True) if match.group(1) is not None else (match.group(2), False)
        for match in re.finditer(r"'([^']*)'|(\S+)", sequence)
    ]


class Terminal:
    """A private tmux server running copies of finops-tui."""

    def __init__(self, root: Path) -> None:
        self.socket = f"finops-typeahead-{os.getpid()}-{root.name}"
        self.root = root

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def start(self, name: str) -> None:
        config, work = self.root / name / "config", self.root / name / "work"
        work.mkdir(parents=True)
        command = f"FINOPS_TUI_CONFIG_DIR={config} {sys.executable} -m finops_tui; echo EXIT=$?; sleep 600"
        self.tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "-c", str(work), command)

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while text not in self.screen(name):
            assert time.monotonic() < deadline, f"{text!r} never showed:\n{self.screen(name)}"
            time.sleep(0.1)

    def send_burst(self, name: str, sequence: str) -> None:
        args: list[str] = []
        for word, literal in tmux_words(sequence):
            args += [";", "send-keys", "-t", name, *(["-l"] if literal else []), word]
        self.tmux(*args[1:])

    def send_slowly(self, name: str, sequence: str) -> None:
        for word, literal in tmux_words(sequence):
            for key in word if literal else [word]:
                self.tmux("send-keys", "-t", name, *(["-l"] if literal else []), key)
                time.sleep(SLOW_SECONDS)

    def state(self, name: str) -> dict[str, object]:
        """Once nothing has changed for a while: the screen, notes.toml, the files written."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        last, quiet_since = self._state(name), time.monotonic()
        while time.monotonic() - quiet_since < QUIET_SECONDS and time.monotonic() < deadline:
            time.sleep(0.1)
            now = self._state(name)
            if now != last:
                last, quiet_since = now, time.monotonic()
        return last

    def _state(self, name: str) -> dict[str, object]:
        config, work = self.root / name / "config", self.root / name / "work"
        notes = config / "notes.toml"
        return {
            "screen": self.screen(name).replace(f"/{name}/", "/<run>/"),
            "notes.toml": re.sub(r"updated_at = .*", "", notes.read_text()) if notes.exists() else None,
            "files written": sorted(path.name for path in work.iterdir()),
        }


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(tmp_path)
    try:
        yield terminal
    finally:
        subprocess.run(["tmux", "-L", terminal.socket, "kill-server"], capture_output=True)


def burst_and_slow(terminal: Terminal, sequence: str) -> tuple[dict[str, object], dict[str, object]]:
    for name in RUNS:
        terminal.start(name)
    for name in RUNS:
        terminal.wait_for(name, "FinOps practitioner")
    burst, slow = RUNS
    terminal.send_burst(burst, sequence)
    terminal.send_slowly(slow, sequence)
    return terminal.state(burst), terminal.state(slow)


@pytest.mark.parametrize("sequence", [keys for _, keys in SEQUENCES], ids=[kind for kind, _ in SEQUENCES])
def test_a_burst_through_a_terminal_ends_as_the_same_keys_sent_slowly(
    terminal: Terminal, sequence: str
) -> None:
    fast, slow = burst_and_slow(terminal, sequence)
    assert fast == slow, "\n".join(
        difflib.unified_diff(str(slow["screen"]).splitlines(), str(fast["screen"]).splitlines())
    )
    assert "EXIT=" not in str(fast["screen"])


def test_f16_escape_then_a_letter_in_one_read_is_an_alt_key_and_drops_nothing(terminal: Terminal) -> None:
    """Not in our hands: a terminal sends Alt+d as ESC d, the very bytes of Escape then d.

    Only time tells them apart: Textual takes ESC and what follows within ``ESCAPE_DELAY``
    (100 ms) as one key, as vim and readline do. Reading ``alt+d`` as escape, d instead would
    turn an Alt+d typed in the note editor into "discard the draft": so the burst below must
    leave the draft in the editor with a "d" added, where sent slowly it is discarded.
    """
    before = "Enter n 'draft'"
    for name in RUNS:
        terminal.start(name)
    for name in RUNS:
        terminal.wait_for(name, "FinOps practitioner")
        terminal.send_slowly(name, before)
    burst, slow = RUNS
    terminal.send_burst(burst, "Escape d")
    terminal.send_slowly(slow, "Escape d")
    fast, slowly = terminal.state(burst), terminal.state(slow)
    assert "draftd" in str(fast["screen"])  # still editing: alt+d typed a d
    assert "draft" not in str(slowly["screen"])  # the draft discarded, as asked
    assert fast["notes.toml"] is None and slowly["notes.toml"] is None
