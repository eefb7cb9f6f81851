"""`finops-tui serve`: how soon it accepts connections, and how soon a browser shows the role list.

    python benchmarks/serve.py [--runs 5]

Needs the web extra, playwright (the test extra) and Chromium (``$FINOPS_TUI_CHROMIUM``, else
``chromium`` on PATH); Playwright drives that browser, nothing is downloaded. Each run starts a
fresh server on a free port with an empty config dir and measures:

- accepting: from ``Popen`` of ``python -m finops_tui serve`` to the first TCP connection accepted;
- role list: from ``page.goto`` of the printed address (token included) to the websocket frame
  that completes the last role name: the page, its script and font, the websocket, one app
  process started for the tab, and its first screen drawn. The browser is launched beforehand.

Prints the median and the range of each, in a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from finops_tui.catalog.loader import bundled_path

ROLE_NAMES = [role["name"] for role in tomllib.loads(bundled_path().read_text(encoding="utf-8"))["roles"]]
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(config: Path) -> tuple[subprocess.Popen[str], str, float]:
    port = free_port()
    env = {**os.environ, "FINOPS_TUI_CONFIG_DIR": str(config)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "finops_tui", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > 15:
                raise SystemExit("the server did not start") from None
            time.sleep(0.005)
    accepting = time.perf_counter() - started
    assert process.stdout is not None
    address = re.search(r"http://\S+", process.stdout.readline())
    assert address, "no address printed"
    return process, address.group(0), accepting


async def time_role_list(browser, address: str) -> float:  # type: ignore[no-untyped-def]
    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    frames: list[str] = []
    arrived = asyncio.Event()
    done_at = 0.0

    def record(payload: str | bytes) -> None:
        nonlocal done_at
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        frames.append(text)
        drawn = ANSI.sub("", "".join(frames))  # an escape may be split across frames
        if not arrived.is_set() and all(name in drawn for name in ROLE_NAMES):
            done_at = time.perf_counter()
            arrived.set()

    page.on("websocket", lambda ws: ws.on("framereceived", record))
    started = time.perf_counter()
    await page.goto(address)
    await asyncio.wait_for(arrived.wait(), timeout=15)
    await page.close()
    return done_at - started


async def measure(runs: int, chromium: str) -> tuple[list[float], list[float]]:
    from playwright.async_api import async_playwright

    accepting: list[float] = []
    role_list: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            with tempfile.TemporaryDirectory(prefix="finops-serve-") as scratch:
                process, address, accepted = start_server(Path(scratch))
                try:
                    accepting.append(accepted)
                    role_list.append(await time_role_list(browser, address))
                finally:
                    process.terminate()
                    process.wait(timeout=10)
        await browser.close()
    return accepting, role_list


def row(label: str, values: list[float], target: float) -> str:
    median = statistics.median(values)
    spread = f"{min(values):.2f}-{max(values):.2f} s"
    verdict = "met" if median <= target else "missed"
    return f"| {label} | {median:.2f} s ({spread}) | <= {target:g} s | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    chromium = os.environ.get("FINOPS_TUI_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    accepting, role_list = asyncio.run(measure(args.runs, chromium))
    print(
        f"{args.runs} runs; Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"
    )
    print()
    print("| step | median (range) | target | |")
    print("|---|---|---|---|")
    print(row("`serve` until it accepts connections", accepting, 1))
    print(row("page opened until the role list is drawn", role_list, 3))


if __name__ == "__main__":
    main()
