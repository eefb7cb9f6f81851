"""finops-tui benchmarks: start-up, keys, scale and memory, printed as Markdown tables.

    python benchmarks/run.py [--runs 10] [--repeat 30] [--no-tmux] [--no-scale] [--only PART] [--work DIR]

Every start-up is a fresh process. finops-tui and a minimal Textual app (minimal_app.py) are
started by the same harness, interleaved (the order alternating run by run), so that their
ratio holds on a noisy machine:

- headless: startup_probe.py runs the app with ``App.run(headless=True)`` and prints a line
  once a frame showing a role name (or the minimal app's text) has been rendered; the time runs
  from ``Popen`` to that line. The same probe reports peak RSS once the first screen settled.
- tmux: the app starts in a new tmux window (a private tmux server); the time runs from the
  ``tmux new-window`` call until ``tmux capture-pane`` shows the role name.

Keys (keys.py) and saving/exporting (fileops.py) run in their own processes too. The scale
data (generate.py) is made in ``--work`` when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import generate
import keys
import minimal_app

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FINOPS_MARKER = "FinOps practitioner"  # the first role of the list
TMUX_SOCKET = f"finops-bench-{os.getpid()}"
TMUX_SIZE = keys.SIZE
TIMEOUT_SECONDS = 60.0

STARTUP_TARGET = 1.25
RSS_TARGET = 1.3
KEY_MEDIAN_TARGET_MS = 16.0
KEY_WORST_TARGET_MS = 50.0
SCALE_KEY_MEDIAN_TARGET_MS = 33.0
SAVE_TARGET_MS = 50.0
EXPORT_TARGET_MS = 500.0
TEAM_COMMAND_TARGET_MS = 1000.0
TEAM_OPEN_TARGET_MS = 300.0
SECTIONS = ("startup", "keys", "files", "team")


@dataclass
class App:
    """One app as the benchmarks start it: the probe's arguments and the terminal command."""

    label: str
    probe_args: list[str]
    command: list[str]
    marker: str
    headless: list[float] = field(default_factory=list)
    tmux: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


def minimal() -> App:
    marker = minimal_app.MARKER
    return App("minimal Textual app", ["minimal", marker], [PYTHON, str(HERE / "minimal_app.py")], marker)


def finops(label: str, options: Sequence[str]) -> App:
    return App(
        label,
        ["finops", FINOPS_MARKER, *options],
        [PYTHON, "-m", "finops_tui", *options],
        FINOPS_MARKER,
    )


def child_environment() -> dict[str, str]:
    """This environment without what changes Textual's rendering, the config directory, or
    whether Python may cache bytecode (see :func:`compile_bytecode`)."""
    environment = dict(os.environ)
    for name in (
        "NO_COLOR",
        "TEXTUAL_THEME",
        "TEXTUAL_ANIMATIONS",
        "TEXTUAL_FPS",
        "FINOPS_TUI_CONFIG_DIR",
        "PYTHONDONTWRITEBYTECODE",
    ):
        environment.pop(name, None)
    return environment


def compile_bytecode() -> None:
    """Compile finops-tui and the floor app as pip compiles an installed package.

    From a checkout (an editable install) under PYTHONDONTWRITEBYTECODE, every start would
    compile all of finops-tui's modules from source while Textual's come compiled: about 40 ms
    that no installed copy pays.
    """
    import finops_tui

    package = Path(finops_tui.__file__).resolve().parent
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(package), str(HERE)],
        check=True,
        env=child_environment(),
        stdout=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------------------------------------
# Start-up and memory


def probe(app: App) -> None:
    """One headless start: time to the first frame showing the marker, and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, str(HERE / "startup_probe.py"), *app.probe_args],
        stdout=subprocess.PIPE,
        text=True,
        env=child_environment(),
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    painted = time.perf_counter() - started
    rss = process.stdout.readline().split()
    if process.wait(TIMEOUT_SECONDS) != 0 or line.strip() != "painted" or rss[:1] != ["rss"]:
        raise RuntimeError(f"{app.label}: the start-up probe failed")
    app.headless.append(painted)
    app.rss_kb.append(int(rss[1]))


class Tmux:
    """A private tmux server whose windows are the size the key benchmarks use."""

    def __init__(self) -> None:
        width, height = TMUX_SIZE
        self._run("new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height))
        self._run("set-option", "-g", "remain-on-exit", "on")

    def _run(self, *args: str) -> str:
        command = ["tmux", "-L", TMUX_SOCKET, "-f", os.devnull, *args]
        # The server's environment is what its windows inherit beneath the -e variables.
        return subprocess.run(
            command, check=True, capture_output=True, text=True, env=child_environment()
        ).stdout

    def time_to_marker(self, command: list[str], marker: str) -> float:
        environment = [
            f"-e{name}={value}" for name, value in child_environment().items() if "\n" not in value
        ]
        started = time.perf_counter()
        pane = self._run(
            "new-window", "-d", "-P", "-F", "#{pane_id}", *environment, shlex.join(command)
        ).strip()
        try:
            while True:
                screen = self._run("capture-pane", "-p", "-t", pane)
                elapsed = time.perf_counter() - started
                if marker in screen:
                    return elapsed
                if elapsed > TIMEOUT_SECONDS:
                    raise RuntimeError(f"{shlex.join(command)}: '{marker}' never appeared:\n{screen}")
                time.sleep(0.002)
        finally:
            self._run("kill-pane", "-t", pane)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], check=False, capture_output=True)


def measure_startup(apps: Sequence[App], runs: int, tmux: Tmux | None) -> None:
    """``runs`` starts of each app, interleaved and in alternating order, after one warm-up each."""
    for app in apps:
        probe(app)
        if tmux is not None:
            tmux.time_to_marker(app.command, app.marker)
        app.headless.clear()
        app.rss_kb.clear()
    for run in range(runs):
        order = apps if run % 2 == 0 else list(reversed(apps))
        for app in order:
            probe(app)
            if tmux is not None:
                app.tmux.append(tmux.time_to_marker(app.command, app.marker))


# ---------------------------------------------------------------------------------------------
# Keys and files (each in its own process)


def run_json(script: str, *args: str) -> dict[str, list[float]]:
    output = subprocess.run(
        [PYTHON, str(HERE / script), *args],
        check=True,
        capture_output=True,
        text=True,
        env=child_environment(),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_keys(options: Sequence[str], repeat: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as scratch:
        options = copy_config(options, Path(scratch))
        return run_json("keys.py", "--repeat", str(repeat), "--", *options)


def measure_floor_keys(repeat: int) -> dict[str, list[float]]:
    return run_json("keys.py", "--repeat", str(repeat), "--floor")


def copy_config(options: Sequence[str], scratch: Path) -> list[str]:
    """``options`` with ``--config-dir`` pointing at a copy, so the keys never change the original."""
    options = list(options)
    position = options.index("--config-dir") + 1
    copy = scratch / "config"
    shutil.copytree(options[position], copy, dirs_exist_ok=True)
    options[position] = str(copy)
    return options


# ---------------------------------------------------------------------------------------------
# Tables


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def startup_table(floor: App, apps: Sequence[App], runs: int) -> str:
    rows = []
    for mode in ("headless", "tmux"):
        base: list[float] = getattr(floor, mode)
        if not base:
            continue
        rows.append([f"{floor.label} ({mode})", ms(statistics.median(base)), "1.00", ""])
        for app in apps:
            figures: list[float] = getattr(app, mode)
            ratio = statistics.median(figures) / statistics.median(base)
            rows.append(
                [
                    f"{app.label} ({mode})",
                    ms(statistics.median(figures)),
                    f"{ratio:.2f}",
                    verdict(ratio <= STARTUP_TARGET) if app is apps[0] else "",
                ]
            )
    title = f"Start-up to the first frame with the roles drawn (median of {runs} fresh processes)"
    return f"### {title}\n\n" + table(
        ["app", "median", f"ratio (target <= {STARTUP_TARGET})", "target"], rows
    )


def memory_table(floor: App, apps: Sequence[App]) -> str:
    base = statistics.median(floor.rss_kb)
    rows = [[floor.label, f"{base / 1024:.1f} MB", "1.00", ""]]
    for app in apps:
        rss = statistics.median(app.rss_kb)
        ratio = rss / base
        ok = verdict(ratio <= RSS_TARGET) if app is apps[0] else ""
        rows.append([app.label, f"{rss / 1024:.1f} MB", f"{ratio:.2f}", ok])
    return "### Peak RSS at the home screen (headless, median)\n\n" + table(
        ["app", "peak RSS", f"ratio (target <= {RSS_TARGET})", "target"], rows
    )


def keys_table(
    title: str,
    timings: dict[str, list[float]],
    floor: dict[str, list[float]],
    median_target: float,
    worst_target: float | None,
) -> str:
    rows = []
    for label in keys.KEY_LABELS:
        figures = timings[label]
        median, worst = statistics.median(figures), max(figures)
        ok = median * 1000 <= median_target and (worst_target is None or worst * 1000 <= worst_target)
        floor_figure = f"{ms(statistics.median(floor[label]))} / {ms(max(floor[label]))}"
        rows.append([label, str(len(figures)), ms(median), ms(worst), floor_figure, verdict(ok)])
    targets = f"median <= {median_target:.0f} ms" + (
        f", worst <= {worst_target:.0f} ms" if worst_target is not None else ""
    )
    header = ["key", "presses", "median", "worst", "minimal Textual app: median / worst", targets]
    return f"### {title}\n\n" + table(header, rows)


FLOOR_KEYS_NOTE = (
    "The minimal Textual app (benchmarks/minimal_keys_app.py) plays the same keys, measured the "
    "same way: an OptionList cursor for the list, typing into an Input for the filter, a kept "
    "screen of one OptionList pushed and popped for the detail, an option redrawn for the RACI "
    "letter."
)


def files_table(timings: dict[str, list[float]]) -> str:
    rows = []
    for label, figures in timings.items():
        limit = (
            SAVE_TARGET_MS if label == "save" else EXPORT_TARGET_MS if label.startswith("export") else None
        )
        median = statistics.median(figures)
        ok = "" if limit is None else verdict(max(figures) * 1000 <= limit)
        target = "" if limit is None else f"<= {limit:.0f} ms"
        rows.append([label, ms(median), ms(max(figures)), target, ok])
    title = "Notes with 10,000 annotations: open, save one change, export (1,000-role catalog)"
    return f"### {title}\n\n" + table(["operation", "median", "worst", "target", ""], rows)


def team_table(timings: dict[str, list[float]], people: int) -> str:
    """The team command per format, the Team screen opened once the files are read, its keys."""
    rows = []
    for label, figures in timings.items():
        median, worst = statistics.median(figures), max(figures)
        if label.startswith("team --format"):
            target, ok = (
                f"<= {TEAM_COMMAND_TARGET_MS:.0f} ms",
                verdict(worst * 1000 <= TEAM_COMMAND_TARGET_MS),
            )
        elif label.startswith("open"):
            # The first open composes the screen; the target is for that one.
            target, ok = f"<= {TEAM_OPEN_TARGET_MS:.0f} ms", verdict(figures[0] * 1000 <= TEAM_OPEN_TARGET_MS)
            label += f" (first {ms(figures[0])})"
        else:
            target, ok = (
                f"median <= {SCALE_KEY_MEDIAN_TARGET_MS:.0f} ms",
                verdict(median * 1000 <= SCALE_KEY_MEDIAN_TARGET_MS),
            )
        rows.append([label, ms(median), ms(worst), target, ok])
    title = f"Team coverage: {people} exports of the full bundled catalog"
    return f"### {title}\n\n" + table(["operation", "median", "worst", "target", ""], rows)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with_model = Path("/proc/cpuinfo")
    if with_model.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in with_model.read_text().splitlines()
            if "model name" in line
        ]
        cpu = names[0] if names else cpu
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average before the run {load}"
    )


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per app (start-up, memory)")
    parser.add_argument("--repeat", type=int, default=30, help="measured presses of each key")
    parser.add_argument("--no-tmux", action="store_true", help="skip the real-terminal start-up")
    parser.add_argument("--no-scale", action="store_true", help="skip the 1,000-role catalog")
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="run only this part (repeatable): start-up and memory, keys, saving and exporting, "
        "or team coverage",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="where the scale data is made (made there when missing; default: a temp dir)",
    )
    args = parser.parse_args()
    sections = args.only or SECTIONS

    print(f"Machine: {machine()}\n", flush=True)
    compile_bytecode()
    use_tmux = not args.no_tmux and shutil.which("tmux") is not None
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch) / "data"
        catalog_file = work / generate.CATALOG_NAME
        if not (work / "bundled-config").exists():
            generate.generate(work)
        # Copies: the keys and the start-ups must never change the generated notes.
        bundled = copy_config(["--config-dir", str(work / "bundled-config")], Path(scratch) / "bundled")
        scale = copy_config(
            ["--data", str(catalog_file), "--config-dir", str(work / "config")], Path(scratch) / "scale"
        )
        if "startup" in sections:
            floor = minimal()
            home = finops("finops-tui", bundled)
            apps = (
                [home] if args.no_scale else [home, finops("finops-tui, 1,000 roles + 10,000 notes", scale)]
            )
            tmux = Tmux() if use_tmux else None
            try:
                measure_startup([floor, *apps], args.runs, tmux)
            finally:
                if tmux is not None:
                    tmux.close()
            print(startup_table(floor, apps, args.runs) + "\n", flush=True)
            print(memory_table(floor, apps) + "\n", flush=True)
        if "keys" in sections:
            floor_keys = measure_floor_keys(args.repeat)
            timings = measure_keys(bundled, args.repeat)
            title = "Keys, bundled catalog (headless, press to last frame)"
            targets = (KEY_MEDIAN_TARGET_MS, KEY_WORST_TARGET_MS)
            print(keys_table(title, timings, floor_keys, *targets) + "\n", flush=True)
            print(FLOOR_KEYS_NOTE + "\n", flush=True)
            if not args.no_scale:
                timings = measure_keys(scale, args.repeat)
                title = "Keys, 1,000 roles x 12 responsibilities, 10,000 annotations (headless)"
                targets = (SCALE_KEY_MEDIAN_TARGET_MS, None)
                print(keys_table(title, timings, floor_keys, *targets) + "\n", flush=True)
        if "team" in sections:
            people = "500"
            team = run_json(
                "team.py",
                "--people",
                people,
                "--repeat",
                "5",
                "--keys",
                str(args.repeat),
                "--work",
                str(work),
            )
            print(team_table(team, int(people)) + "\n", flush=True)
        if "files" in sections and not args.no_scale:
            files = run_json(
                "fileops.py", "--repeat", "10", "--data", str(catalog_file), str(work / "config")
            )
            print(files_table(files) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
