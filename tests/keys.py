"""Keys typed in one burst or one at a time, and the state they leave the app in.

A burst is every key posted to the app in one go, as the terminal driver posts what it read in
one chunk (over SSH, from a macro, on a busy machine); ``pilot.press`` waits for the app between
keys, so it never shows what a burst does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, TextArea

# The key Textual's terminal driver reads for a character that is not a letter or digit.
CHARACTER_KEYS = {
    " ": "space",
    "/": "slash",
    ".": "full_stop",
    "-": "minus",
    "_": "underscore",
    ":": "colon",
    ",": "comma",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
}
NAMED_CHARACTERS = {key: character for character, key in CHARACTER_KEYS.items()}
SLOW_PAUSE = 0.05  # between keys pressed one at a time, on top of Pilot's own wait for idle


def keys(text: str) -> list[str]:
    """Key names from a line like ``enter n 'a note' ctrl+s``: words are keys, quoted text is typed."""
    names: list[str] = []
    for word, quoted in _words(text):
        if quoted:
            names += [CHARACTER_KEYS.get(character, character) for character in word]
        else:
            names.append(CHARACTER_KEYS.get(word, word))
    return names


def _words(text: str) -> Iterable[tuple[str, bool]]:
    for match in re.finditer(r"'([^']*)'|(\S+)", text):
        if match.group(1) is not None:
            yield match.group(1), True
        else:
            yield match.group(2), False


def key_event(name: str) -> events.Key:
    """The Key event the terminal driver makes for a key name."""
    if len(name) == 1:
        return events.Key(name, name)
    return events.Key(name, NAMED_CHARACTERS.get(name) or key_to_character(name))


async def settle(pilot: Pilot[Any]) -> None:
    """Until the app has handled every key sent so far (a short wait where it cannot say)."""
    app = pilot.app
    typeahead = getattr(app, "typeahead", None)
    for _ in range(3):
        await pilot.pause()
        if typeahead is not None:
            await typeahead.wait_until_settled()
        else:
            await pilot.pause(0.3)  # the app before keys typed ahead were held: nothing to ask
    await pilot.pause()


async def burst(pilot: Pilot[Any], names: Sequence[str]) -> None:
    """Every key posted to the app at once, then wait for it to settle."""
    for name in names:
        pilot.app.post_message(key_event(name))
    await settle(pilot)


async def slowly(pilot: Pilot[Any], names: Sequence[str]) -> None:
    """One key at a time, the app settled before the next, as a person types."""
    for name in names:
        if not pilot.app.is_running:
            break
        pilot.app.post_message(key_event(name))
        await settle(pilot)
        await pilot.pause(SLOW_PAUSE)


def focused_state(widget: object) -> tuple[object, ...]:
    """What a focused widget shows of its state: its kind, id, and text or cursor."""
    if widget is None:
        return (None,)
    described: tuple[object, ...] = (type(widget).__name__, getattr(widget, "id", None))
    if isinstance(widget, Input):
        return (*described, widget.value, widget.cursor_position)
    if isinstance(widget, TextArea):
        return (*described, widget.text, widget.cursor_location)
    if isinstance(widget, OptionList):
        return (*described, widget.highlighted)
    return (*described, getattr(widget, "row", None), getattr(widget, "col", None))


def screen_state(screen: Screen[Any]) -> tuple[object, ...]:
    """The screen's kind and what it is showing (a role, the map's cursor and view...)."""
    return (
        type(screen).__name__,
        getattr(screen, "role_id", None),
        getattr(screen, "view", None),
        getattr(screen, "cursor_row", None),
        getattr(screen, "cursor_col", None),
    )


_TIMES = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?( ?(UTC|Z|[+-]\d\d:\d\d))?")


def files_state(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` and its text, times masked (exports stamp the time)."""
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): _TIMES.sub(
            "<time>", path.read_text(encoding="utf-8", errors="replace")
        )
        for path in sorted(directory.rglob("*"))
        if path.is_file() and not path.name.endswith((".lock", ".tmp"))
    }


def app_state(pilot: Pilot[Any], config_dir: Path, work_dir: Path) -> dict[str, object]:
    """Everything a key sequence can change: screens, focus, the notes file, files written."""
    app = pilot.app
    state: dict[str, object] = {
        "notes.toml": files_state(config_dir).get("notes.toml"),
        "files written": files_state(work_dir),
    }
    if not app.is_running:
        state["app"] = f"exited ({app.return_code})"
        return state
    state["screens"] = [screen_state(screen) for screen in app.screen_stack]
    # Where each scrolling part of the screen shown is scrolled to (a burst must not stop a scroll
    # that brings the focused widget into view half-way).
    state["scrolled"] = [
        (widget.id, round(widget.scroll_x), round(widget.scroll_y))
        for widget in app.screen.query("*")
        if widget.is_scrollable and (widget.max_scroll_y or widget.max_scroll_x)
    ]
    # A path typed or offered under the run's own directory reads the same in every run.
    run_dir = str(work_dir.parent)
    state["focused"] = tuple(
        part.replace(run_dir, "<run>") if isinstance(part, str) else part
        for part in focused_state(app.screen.focused)
    )
    store = getattr(app, "store", None)
    if store is not None:
        state["selected role"] = store.selected_role_id
        state["filter"] = store.filter_text
        state["only mine"] = store.mine_only
    return state
