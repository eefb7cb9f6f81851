"""The floor for start-up and memory: a minimal Textual app (a Header, a Static and a Footer).

Run it in a terminal with ``python benchmarks/minimal_app.py``; the benchmarks start it exactly
as they start finops-tui.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "Minimal Textual app"


class MinimalApp(App[None]):
    TITLE = "minimal"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{MARKER}: the floor that finops-tui is measured against.")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
