"""Keys typed ahead: each one is handled only once the app has finished with the key before it.

Textual hands a key to the focused widget as soon as it reads it, while the key before may still
be opening a screen, closing one or moving the focus. Typed in one burst (over SSH, from a macro,
on a busy machine), ``enter down h`` held the role the list had moved on to, not the one shown;
the letters of a note went to the screen underneath (a ``q`` in them quit the app); a priority
``ctrl+s`` saved before the text typed ahead of it had reached the editor.

So the app lets one key in at a time, for every screen: a key (or a paste) that arrives while an
earlier one is still being handled is held, and given to the app once everything that earlier
key set going is done. "Done" means: every screen in the stack is mounted; the app, each screen
and each of their widgets has handled every message sent to it (focus changes and screen
pushes, pops and switches are messages and callbacks too); the workers of the screen on top have
finished, as the command palette's search must before ``enter`` picks a command; and the screen
has drawn once, so the callbacks waiting for that have run. The held key then goes wherever
the focus is by now, exactly as if it had been typed that much later.

Keys typed at a human pace find nothing in progress and pass straight through: the app looks
over its parts as it reads each key (a fraction of a millisecond), and nothing runs in the
background while a key is handled. A key whose handling never settles (it should not happen)
holds the next one for at most ``MAX_WAIT_SECONDS``, so the keyboard can never lock up.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, TypeGuard

from textual import events
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker

from finops_tui.tui.widgets._textual_seams import (
    animating,
    has_messages_waiting,
    is_at_rest,
    refresh_pending,
)

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

MAX_WAIT_SECONDS = 5.0
POLL_SECONDS = 0.001
TypedEvent = events.Key | events.Paste


def is_typed(event: events.Event) -> TypeGuard[TypedEvent]:
    """A key or paste read from the terminal (not one Textual is passing on to a widget)."""
    return isinstance(event, events.Key | events.Paste) and not event.is_forwarded


class TypeAhead:
    """The keys an app holds back while it is still busy with an earlier one.

    ``handle`` is how the app handles a key it lets in (Textual's own ``App.on_event``).
    """

    def __init__(self, app: App[object], handle: Callable[[TypedEvent], Awaitable[None]]) -> None:
        self._app = app
        self._handle = handle
        self._held: deque[TypedEvent] = deque()
        self._settling: asyncio.Task[None] | None = None
        self._releasing = False  # a settle runs, or its release waits in the app's queue

    @property
    def held(self) -> int:
        """How many keys wait for the app."""
        return len(self._held)

    async def take(self, event: TypedEvent) -> None:
        """A key or paste from the terminal: handled now if the app is at rest, else held.

        Called by the app as it reads the key: the common case (a key typed at a human pace)
        costs one look over the app, and nothing runs in the background while keys are handled.
        """
        if self._held or not _at_rest_while_reading_a_key(self._app):
            self._held.append(event)
            if not self._releasing:
                self._watch()
            return
        await self._handle(event)

    async def wait_until_settled(self) -> None:
        """Until every key typed so far has been handled and has settled (for tests)."""
        while True:
            while self._held:
                await asyncio.sleep(POLL_SECONDS)
            await settle(self._app)
            if not self._held:
                return

    def stop(self) -> None:
        """The app is closing: nothing more to hand over."""
        self._held.clear()
        if self._settling is not None:
            self._settling.cancel()

    def _watch(self) -> None:
        self._releasing = True
        self._settling = asyncio.create_task(self._settle_then_release())

    async def _settle_then_release(self) -> None:
        try:
            await asyncio.wait_for(settle(self._app), MAX_WAIT_SECONDS)
        except Exception as error:  # the time limit, or a surprise: keys are never kept back for good
            self._app.log.warning(f"keys typed ahead let in without settling: {error!r}")
        # Through the app's own queue: a held key is handled as the app handles any message.
        self._app.call_later(self._release)

    async def _release(self) -> None:
        self._releasing = False
        if self._held:
            await self._handle(self._held.popleft())
        if self._held:
            self._watch()


def _at_rest_while_reading_a_key(app: App[object]) -> bool:
    """Whether the keys before have settled, seen from the app's own task as it reads a key.

    The app is busy with that key, so for the app itself only messages waiting count; the
    screen must have drawn what the keys before changed (as ``settle`` waits for a refresh).
    """
    if not app.screen_stack or has_messages_waiting(app) or animating(app):
        return False
    return _busy_part(app, include_app=False) is None and not refresh_pending(app.screen)


async def settle(app: App[object]) -> None:
    """Return once the app has finished what the keys so far set going (see the module text)."""
    while True:
        part = _busy_part(app)
        if part is not None:
            await _until_done(app, part)
            continue
        # A scroll still moving (one that brings the newly focused widget into view) ends where
        # it was going before the next key moves anything: as it would at a human pace.
        await app.animator.wait_until_complete()
        screen = app.screen
        # Drawn once more: what waits for a refresh (``call_after_refresh``) has run.
        if screen.is_running:
            await screen.wait_for_refresh()
        if _busy_part(app) is None and not animating(app) and app.screen is screen:
            return


async def _until_done(app: App[object], part: MessagePump | Worker[object]) -> None:
    """Until ``part`` is done; only it is looked at meanwhile, then the whole app again.

    Textual gives no event for "done": look again once the other tasks have run, at once the
    first time (most waits are short), then every millisecond. (Never by awaiting a worker: one
    that asks a question waits for keys held here.)
    """
    pause = 0.0
    while _still_busy(app, part):
        await asyncio.sleep(pause)
        pause = POLL_SECONDS


def _still_busy(app: App[object], part: MessagePump | Worker[object]) -> bool:
    if isinstance(part, Worker):
        return not part.is_finished and _screen_of(part.node) is app.screen
    return not is_at_rest(part)


def _busy_part(app: App[object], include_app: bool = True) -> MessagePump | Worker[object] | None:
    """The first part of the app still at work on something, if any."""
    for node in _nodes(app, include_app):
        if not is_at_rest(node):
            return node
    top = app.screen
    for worker in app.workers:
        if not worker.is_finished and _screen_of(worker.node) is top:
            return worker
    return None


def _nodes(app: App[object], include_app: bool = True) -> Iterator[MessagePump]:
    if include_app:
        yield app
    for screen in app.screen_stack:
        yield from screen.walk_children(with_self=True)


def _screen_of(node: object) -> Screen[object] | None:
    if isinstance(node, Screen):
        return node
    if isinstance(node, Widget):
        with contextlib.suppress(NoScreen):  # no longer in a screen
            return node.screen
    return None
