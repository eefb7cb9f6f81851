"""Headless key latency: the time from a key press to the last frame it causes.

    python benchmarks/keys.py [--repeat N] -- [finops-tui options...]
    python benchmarks/keys.py [--repeat N] --floor

``--floor`` plays the same keys on a minimal Textual app (minimal_keys_app.py), measured the
same way: what Textual itself costs for each kind of key on this machine.

Each key is sent as the terminal driver sends it, on an app that has settled; every frame the
screen then renders is turned into terminal text (the work a real driver does on top), and the
figure for the key is the time to the last of those frames, once the app has been idle, with
no frame, for ``QUIET_SECONDS``: the screen fully updated, saves included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from time import perf_counter, process_time
from typing import Any

from minimal_keys_app import MinimalKeysApp
from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from finops_tui.cli import build_parser
from finops_tui.tui.launch import build_app

SIZE = (120, 36)
QUIET_SECONDS = 0.1
IDLE_CPU_SHARE = 0.2  # a window using less CPU than this is idle
TIMEOUT_SECONDS = 30.0

MOVE = "list: move the cursor"
OPEN = "open a role's detail"
BACK = "back to the list"
FILTER_TYPE = "filter: type a character"
FILTER_DELETE = "filter: delete a character"
RACI = "toggle a RACI letter (and save)"
KEY_LABELS = (MOVE, OPEN, BACK, FILTER_TYPE, FILTER_DELETE, RACI)
FILTER_WORDS = ("cost", "data", "plan", "budget", "tags")


@dataclass(frozen=True)
class Step:
    key: str
    label: str | None = None  # None: a key that only sets the scene, not measured


def script(repeat: int) -> list[Step]:
    """The keys, in order: ``repeat`` measured presses of each kind (at least)."""
    steps: list[Step] = []
    # The cursor down the list and back up (headings are skipped, the ends stop it).
    for index in range(repeat):
        steps.append(Step("down" if (index // 5) % 2 == 0 else "up", MOVE))
    # Open a role, go back, move on to the next one.
    for index in range(repeat):
        steps += [Step("enter", OPEN), Step("escape", BACK), Step("down" if index % 10 < 5 else "up")]
    # Filter words typed and deleted one character at a time.
    steps.append(Step("slash"))
    typed = 0
    while typed < repeat:
        for word in FILTER_WORDS:
            steps += [Step(char, FILTER_TYPE) for char in word]
            steps += [Step("backspace", FILTER_DELETE) for _ in word]
            typed += len(word)
    steps += [Step("enter"), Step("enter")]  # back to the list, then open the role
    # RACI letters on the responsibilities of that role (each change is saved at once).
    for index in range(repeat):
        steps.append(Step("space", RACI))
        if index % 5 == 4:
            steps.append(Step("down"))
    steps.append(Step("escape"))
    return steps


def key_event(key: str) -> events.Key:
    """The event a terminal driver posts for ``key`` (as ``App._press_keys`` builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


class FrameClock:
    """Times every frame the app renders, and renders it to terminal text as a driver would."""

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        display = app._display

        def display_and_time(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                renderable.render_segments(app.console)
                self.times.append(perf_counter())

        app._display = display_and_time

    def last_since(self, moment: float) -> float | None:
        return self.times[-1] if self.times and self.times[-1] >= moment else None


async def settle(clock: FrameClock, since: float) -> None:
    """Wait until the app is idle (little CPU used) and no frame has come for QUIET_SECONDS.

    Only sleeps and looks: anything posted to the app here would add to the figures.
    """
    quiet_since = perf_counter()
    while True:
        window_start, cpu_start = perf_counter(), process_time()
        await asyncio.sleep(QUIET_SECONDS / 4)
        now = perf_counter()
        busy = process_time() - cpu_start > IDLE_CPU_SHARE * (now - window_start)
        last = clock.last_since(since) or since
        if busy or last > window_start:
            quiet_since = now
        elif now - quiet_since >= QUIET_SECONDS:
            return
        if now - since > TIMEOUT_SECONDS:
            raise TimeoutError("the app did not settle")


async def run_keys(app: App[Any], steps: Iterable[Step]) -> dict[str, list[float]]:
    """Seconds from press to last frame, per label, for ``app`` driven by ``steps``."""
    clock = FrameClock(app)
    timings: dict[str, list[float]] = defaultdict(list)
    async with app.run_test(size=SIZE):
        await settle(clock, perf_counter())
        for step in steps:
            event = key_event(step.key)
            event.set_sender(app)
            pressed = perf_counter()
            app._driver.send_message(event)
            await settle(clock, pressed)
            last = clock.last_since(pressed)
            if step.label is not None:
                if last is None:
                    raise RuntimeError(f"{step.key!r} ({step.label}) did not change the screen")
                timings[step.label].append(last - pressed)
    return dict(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description="Print key latencies (seconds) as JSON.")
    parser.add_argument("--repeat", type=int, default=30, help="measured presses of each kind")
    parser.add_argument("--floor", action="store_true", help="the minimal Textual app instead")
    parser.add_argument("options", nargs="*", help="finops-tui options, after --")
    args = parser.parse_args()
    app = MinimalKeysApp() if args.floor else build_app(build_parser().parse_args(args.options))
    timings = asyncio.run(run_keys(app, script(args.repeat)))
    print(json.dumps(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
