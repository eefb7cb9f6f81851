"""Run by run.py in a fresh process: start one app headless and report its first frame.

    python benchmarks/startup_probe.py finops|minimal MARKER [finops-tui options...]

Builds the app the way its command does (finops-tui through ``finops_tui.tui.launch.build_app``),
runs it headless, and prints ``painted`` as soon as a frame showing MARKER has been rendered
to terminal text; the parent times the line from its ``Popen``, so the figure runs from process
start. Half a second later (the app settled on its first screen) it prints ``rss KB`` (peak
resident memory) and exits.
"""

from __future__ import annotations

import re
import resource
import sys
from pathlib import Path
from typing import Any

SIZE = (120, 36)
SETTLE_SECONDS = 0.5
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB.

    VmHWM belongs to this program's own address space; ``ru_maxrss`` would also count the
    parent's memory, which a forked child inherits before it runs this program.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build(which: str, options: list[str]) -> Any:
    if which == "minimal":
        from minimal_app import MinimalApp

        return MinimalApp()
    from finops_tui.cli import build_parser
    from finops_tui.tui.launch import build_app

    return build_app(build_parser().parse_args(options))


def watch_first_paint(app: Any, marker: str) -> None:
    """Wrap the app's display hook: the frame is turned into terminal text, as a real driver does."""
    display = app._display
    painted = False

    def report_rss() -> None:
        print(f"rss {peak_rss_kb()}", flush=True)
        app.exit()

    def display_and_watch(screen: Any, renderable: Any) -> None:
        nonlocal painted
        display(screen, renderable)
        if painted or renderable is None or app._batch_count:
            return
        text = _ESCAPE.sub("", renderable.render_segments(app.console))
        if marker in text:
            painted = True
            print("painted", flush=True)
            app.set_timer(SETTLE_SECONDS, report_rss)

    app._display = display_and_watch


def main() -> int:
    which, marker, *options = sys.argv[1:]
    app = build(which, options)
    watch_first_paint(app, marker)
    app.run(headless=True, size=SIZE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
