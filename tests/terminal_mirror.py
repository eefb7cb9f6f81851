"""What a terminal shows of an app under test: every frame it sends, applied cell by cell.

Screenshots draw the screen afresh; a part the app changed but did not send again (a stale
scrollbar, say) only shows in the frames.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.app import App


class TerminalMirror:
    def __init__(self, app: App[Any]) -> None:
        self.cells: dict[tuple[int, int], tuple[str, Style | None]] = {}
        display = app._display

        def display_and_mirror(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and not app._batch_count:
                self._apply(app.console.render(renderable))

        app._display = display_and_mirror  # type: ignore[method-assign]

    def _apply(self, segments: Any) -> None:
        x = y = 0
        for segment in segments:
            assert isinstance(segment, Segment)
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = int(control[1]), int(control[2])
            elif segment.text == "\n":
                x, y = 0, y + 1
            else:
                for char in segment.text:
                    self.cells[x, y] = (char, segment.style)
                    x += cell_len(char)
