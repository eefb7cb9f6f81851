"""`finops-tui serve` in a real browser: Debian's Chromium driven through Playwright.

xterm.js draws on a canvas, so the DOM holds no text: the tests read what the app sends down the
websocket instead (ANSI stripped), and keep screenshots under the test's tmp dir for people.
Playwright is used with the system Chromium (``executable_path``); ``playwright install`` is
never needed.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from finops_tui.catalog.loader import bundled_path

pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
pytest.importorskip("playwright.async_api", reason="needs playwright: pip install -e '.[test]'")


def find_chromium() -> str | None:
    named = os.environ.get("FINOPS_TUI_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install chromium"),
    pytest.mark.slow,
]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROLE_NAMES = [role["name"] for role in tomllib.loads(bundled_path().read_text(encoding="utf-8"))["roles"]]
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]")
WAIT = 15.0


class Served:
    def __init__(self, process: subprocess.Popen[str], address: str, cwd: Path) -> None:
        self.process = process
        self.address = address
        self.cwd = cwd
        parts = urlsplit(address)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.netloc = parts.netloc
        self.token = address.split("token=", 1)[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    port = free_port()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env = {**os.environ, "FINOPS_TUI_CONFIG_DIR": str(tmp_path / "config")}
    process = subprocess.Popen(
        [sys.executable, "-m", "finops_tui", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env=env,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        match = re.search(r"http://\S+", first_line)
        assert match, f"no address printed: {first_line!r}"
        deadline = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never accepted a connection"
                time.sleep(0.05)
        yield Served(process, match.group(0), cwd)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Screen:
    """Text the app sent down the page's websocket, with a mark to read only what came later."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    def record(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        self.frames.append(text)

    def text(self, since: int = 0) -> str:
        """What was drawn, escapes removed after joining (one may be split across frames)."""
        return ANSI.sub("", "".join(self.frames[since:]))

    def mark(self) -> int:
        return len(self.frames)

    async def wait_for(self, words: list[str], since: int = 0) -> None:
        deadline = time.monotonic() + WAIT
        while True:
            text = self.text(since)
            missing = [word for word in words if word not in text]
            if not missing:
                return
            assert time.monotonic() < deadline, f"never drawn: {missing}"
            await asyncio.sleep(0.05)


async def launch(playwright):  # type: ignore[no-untyped-def]
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


async def test_the_role_list_arrives_and_the_keyboard_works_from_the_first_key(
    served: Served, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    screen = Screen()
    requested: list[str] = []
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("request", lambda request: requested.append(request.url))
        page.on("websocket", lambda ws: ws.on("framereceived", screen.record))
        await page.goto(served.address)
        await screen.wait_for(["Core roles", "Associated roles", *ROLE_NAMES])
        await page.screenshot(path=tmp_path / "list.png")

        # No click first: the page focuses the terminal itself (a click would also reach the app
        # as a mouse event and could focus a widget, hiding a dead keyboard).
        await page.wait_for_function("document.activeElement.classList.contains('xterm-helper-textarea')")
        before = screen.mark()
        for key in ("ArrowDown", "ArrowDown", "Enter"):
            await page.keyboard.press(key)
        await screen.wait_for(
            ["Product", "FinOps responsibilities", "Provide the business data"], since=before
        )
        await page.screenshot(path=tmp_path / "detail.png")
        await browser.close()

    drawn = screen.text()
    assert "○" in drawn and "⭘" not in drawn, "the header icon must be one the page's fonts have"
    elsewhere = [url for url in requested if not url.startswith(served.origin + "/")]
    assert elsewhere == [], "the page fetched from another host"


async def test_only_the_page_with_the_token_gets_in_and_an_export_is_a_download(
    served: Served, tmp_path: Path
) -> None:
    import aiohttp
    from playwright.async_api import async_playwright

    async with aiohttp.ClientSession() as client:
        for address in (served.origin + "/", f"{served.origin}/?token=wrong"):
            async with client.get(address) as response:
                assert response.status == 403, address
        async with client.get(served.address) as response:
            assert response.status == 200
            assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
            assert "SameSite=Strict" in response.headers["Set-Cookie"]
            page = await response.text()
            assert "googleapis" not in page and served.token in page
        ws_base = f"ws://{served.netloc}/ws"
        refused = [
            (f"{ws_base}", served.origin),  # no token
            (f"{ws_base}/wrong", served.origin),  # a wrong token
            (f"{ws_base}/{served.token}", "http://evil.example"),  # a foreign page
            (f"{ws_base}/{served.token}", None),  # no Origin at all
        ]
        for address, origin in refused:
            headers = {"Origin": origin} if origin else {}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refusal:
                await client.ws_connect(address, headers=headers)
            assert refusal.value.status in (403, 404), (address, origin)
        async with client.get(f"{served.origin}/download/anything") as response:
            assert response.status == 403  # a download needs the cookie the page sets

    async with async_playwright() as playwright:
        browser = await launch(playwright)
        context = await browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)

        # A page from another origin, in the same browser, trying the real address and token.
        evil = await context.new_page()
        await evil.route(
            "http://evil.example/",
            lambda route: route.fulfill(content_type="text/html", body="<html><body>evil</body></html>"),
        )
        await evil.goto("http://evil.example/")
        outcome = await evil.evaluate(
            """address => new Promise(done => {
                const socket = new WebSocket(address);
                socket.onopen = () => done("open");
                socket.onerror = () => done("refused");
            })""",
            f"ws://{served.netloc}/ws/{served.token}",
        )
        assert outcome == "refused"
        await evil.close()

        downloads: list = []

        def keep(download) -> None:  # type: ignore[no-untyped-def]
            downloads.append(download)

        # textual-serve's page opens each download in a new tab.
        context.on("page", lambda popup: popup.on("download", keep))
        page = await context.new_page()
        page.on("download", keep)
        screen = Screen()
        page.on("websocket", lambda ws: ws.on("framereceived", screen.record))
        await page.goto(served.address)
        await screen.wait_for(ROLE_NAMES)
        await page.wait_for_function("document.activeElement.classList.contains('xterm-helper-textarea')")
        before = screen.mark()
        await page.keyboard.press("E")
        await screen.wait_for(["Export notes", "Your browser downloads it as"], since=before)
        await page.screenshot(path=tmp_path / "export.png")
        await page.keyboard.press("Enter")
        deadline = time.monotonic() + WAIT
        while not downloads:
            assert time.monotonic() < deadline, "no download reached the browser"
            await asyncio.sleep(0.05)
        download = downloads[0]
        saved = tmp_path / "downloaded.md"
        await download.save_as(saved)
        await browser.close()

    assert download.suggested_filename == f"finops-notes-{date.today().isoformat()}.md"
    assert saved.read_text(encoding="utf-8").startswith("# ")
    assert list(served.cwd.iterdir()) == [], "the export must not be written on the server"
