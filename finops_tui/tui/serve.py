"""``finops-tui serve``: the same app in a browser tab, through textual-serve (the ``web`` extra).

Each browser tab runs its own ``finops-tui`` process as the server's user, on that user's notes.
So the server only talks to the page it served itself: the page and its websocket need the
random token printed at start, and a websocket opened from any other origin is refused (without
that check any web page open in the user's browser could drive the app and change the notes).
textual-serve is imported only here, and only when the command runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import shlex
import socket
import sys
import webbrowser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from finops_tui.commands.common import EXIT_FAILURE, CommandError, catalog_from

WEB_EXTRA_MESSAGE = "serve needs textual-serve: pip install 'finops-tui[web]'"
LOOPBACK_NAMES = ("localhost",)
TEMPLATES = Path(__file__).parent / "web"
REFUSED_PAGE = "finops-tui: open the address `finops-tui serve` printed; it holds the token needed.\n"
REFUSED_ORIGIN = "finops-tui: only the page this server sent may connect.\n"


def run_serve(args: argparse.Namespace) -> int:
    catalog_from(args)  # bad --data is reported here, once, not in every browser tab
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError(WEB_EXTRA_MESSAGE) from None

    _check_can_listen(args.host, args.port)
    token = secrets.token_urlsafe(24)
    server = _guarded_server_class(Server)(
        app_command(args), host=args.host, port=args.port, token=token, open_browser=args.open
    )
    if not is_loopback(args.host):
        print(exposed_warning(args.host), file=sys.stderr)
    try:
        server.serve()
    except OSError as error:
        message = f"cannot listen on {args.host}:{args.port}: {error.strerror or error}"
        raise CommandError(message, EXIT_FAILURE) from None
    return 0


def _check_can_listen(host: str, port: int) -> None:
    """Fail before printing an address nobody can open (textual-serve prints it before binding)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise CommandError(f"cannot listen on {host}: no such address") from None
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind((host, port))
    except OSError as error:
        raise CommandError(
            f"cannot listen on {host}:{port}: {error.strerror or error}", EXIT_FAILURE
        ) from None


def app_command(args: argparse.Namespace) -> str:
    """The shell command each browser tab runs: this interpreter, so pipx and uv tool installs work
    without relying on PATH; the paths made absolute, since the server may be started elsewhere."""
    command = [sys.executable, "-m", "finops_tui"]
    for data in args.data or ():
        command += ["--data", str(Path(data).expanduser().absolute())]
    if args.config_dir:
        command += ["--config-dir", str(Path(args.config_dir).expanduser().absolute())]
    return shlex.join(command)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed_warning(host: str) -> str:
    return (
        f"finops-tui: warning: listening on {host}, not only this machine: anyone who can reach it "
        "and has the address with its token acts as you on your notes. "
        "For a team, run one server per person or put it behind an authenticating proxy."
    )


def page_address(host: str, port: int, token: str) -> str:
    shown_host = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown_host = "127.0.0.1"
    return f"http://{shown_host}:{port}/?token={token}"


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether a websocket's ``Origin`` is the address the request itself came to."""
    if not origin or not host:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def _guarded_server_class(server_base: type) -> type:
    """textual-serve's Server with the token and the origin check; made here because the base
    class is only importable with the ``web`` extra installed."""
    import aiohttp_jinja2
    from aiohttp import web

    class GuardedServer(server_base):  # type: ignore[misc, valid-type]
        def __init__(self, command: str, *, host: str, port: int, token: str, open_browser: bool) -> None:
            super().__init__(command, host=host, port=port, title="finops-tui", templates_path=TEMPLATES)
            self.token = token
            self.open_browser = open_browser
            self.address = page_address(host, port, token)
            # Per port: browsers share a host's cookies across its ports.
            self.cookie = f"finops-tui-{port}"

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # The access log would print every request, the token with it.
            import logging

            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            print(f"finops-tui in a browser: {self.address}", flush=True)
            print("Press Ctrl+C to stop.", flush=True)
            if self.open_browser:
                webbrowser.open(self.address)

        def _has_token(self, given: str | None) -> bool:
            return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not self._has_token(request.query.get("token")):
                raise web.HTTPForbidden(text=REFUSED_PAGE)
            context = self._page_context(request)
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            # Downloads open in a new tab whose URL textual-serve's script builds without the token.
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            response.headers["Referrer-Policy"] = "no-referrer"  # the address holds the token
            # No other site may frame the page and lure clicks or keys into it.
            response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            response.headers["X-Frame-Options"] = "DENY"
            return response

        def _page_context(self, request: web.Request) -> dict[str, Any]:
            # Addresses from the request, so the page works under whatever name it was reached.
            secure = request.secure or request.headers.get("X-Forwarded-Proto") == "https"
            websocket = f"{'wss' if secure else 'ws'}://{request.host}/ws/{self.token}"
            return {
                "font_size": _font_size(request.query.get("fontsize")),
                "app_websocket_url": websocket,
                "config": {"static": {"url": "/static/"}},
                "application": {"name": "finops-tui"},
            }

        async def _make_app(self) -> web.Application:
            # textual-serve's one place for routes (a private method, stable in the pinned 1.1.3):
            # the websocket is reached at /ws/TOKEN; its own /ws, with no token, is refused below.
            app = await super()._make_app()
            app.router.add_get("/ws/{token}", self.handle_websocket)
            return app

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if not self._has_token(request.match_info.get("token")):
                raise web.HTTPForbidden(text=REFUSED_PAGE)
            # A page that reached us under its own name (DNS rebinding) passes this check, but
            # cannot know the token.
            if not same_origin(request.headers.get("Origin"), request.host):
                raise web.HTTPForbidden(text=REFUSED_ORIGIN)
            return await super().handle_websocket(request)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            if not self._has_token(request.cookies.get(self.cookie)):
                raise web.HTTPForbidden(text=REFUSED_PAGE)
            return await super().handle_download(request)

    return GuardedServer


def _font_size(text: str | None) -> int:
    try:
        return min(max(int(text or "16"), 6), 48)
    except ValueError:
        return 16
