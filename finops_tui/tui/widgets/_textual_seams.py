"""Every Textual internal finops-tui relies on, fenced in this one module.

The speed-ups (one layout and one frame per key) lean on a few private parts of Textual 8.2.8,
which the exact pin keeps still. Widgets and screens call the small named helpers and classes
here, never a private name themselves; ``tests/test_textual_seams.py`` checks that each name in
:data:`PRIVATE_NAMES` still exists in the installed Textual, and that no module outside this one
touches a private Textual name, so an upgrade fails loudly in one test instead of slowing down
(or drawing wrong) silently. The README's Development section lists the same names.

Keys typed ahead (tui/typeahead.py) wait until the app has finished with the key before: whether
a node is still at work (:func:`is_at_rest`) reads its message queue and task, and whether that
task waits on the queue (an ``asyncio.Event``'s waiters, listed in :data:`STDLIB_PRIVATE_NAMES`).
A text widget runs the bindings it declares itself as soon as it gets a key
(:func:`run_own_binding`), which needs its binding map.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual import events
from textual.app import App
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.geometry import Size
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets._header import HeaderTitle
from textual.widgets.option_list import Option

__all__ = [
    "PRIVATE_NAMES",
    "HeaderTitle",
    "LaidOutScroll",
    "LaidOutStatic",
    "OptionListSizedByItsRows",
    "css_generation",
    "footer_keys_ready",
    "forget_drawn_options",
    "has_messages_waiting",
    "is_at_rest",
    "line_of_each_option",
    "refresh_pending",
    "run_own_binding",
    "set_option_prompt",
    "set_scroll_size",
    "show_footer_keys_at_mount",
]

# Each private name used below, as "module:Class.attribute" (the test resolves every one).
PRIVATE_NAMES = (
    "textual.widgets._header:HeaderTitle",
    "textual.widgets._footer:Footer._bindings_ready",
    "textual.widget:Widget._size_updated",
    "textual.widget:Widget._size",
    "textual.widget:Widget._vertical_scrollbar",
    "textual.widget:Widget._repaint_required",  # on the scrollbar
    "textual.widgets._option_list:OptionList._index_to_line",
    "textual.widgets._option_list:OptionList._option_render_cache",
    "textual.widgets._option_list:Option._set_prompt",
    "textual.app:App._css_update_count",
    "textual.widget:Widget._scroll_update",
    "textual.message_pump:MessagePump._closed",
    "textual.message_pump:MessagePump._message_queue",
    "textual.message_pump:MessagePump._mounted_event",
    "textual.message_pump:MessagePump._pending_message",
    "textual.message_pump:MessagePump._task",
    "textual._queue:Queue",  # its ``values`` and ``ready_event``: tests/test_typeahead.py
    "textual.dom:DOMNode._bindings",
    "textual.screen:Screen._callbacks",
    "textual.screen:Screen._dirty_widgets",
    "textual.widget:Widget._layout_required",
    "textual.widget:Widget._scroll_required",
    "textual.widget:Widget._recompose_required",
    "textual._animator:Animator._complete_event",
)
# The same for the standard library (an attribute of instances: checked on one).
STDLIB_PRIVATE_NAMES = ("asyncio.locks:Event._waiters",)


# ---------------------------------------------------------------------------------------------
# Header and footer


def show_footer_keys_at_mount(footer: Footer) -> None:
    """Let the footer show its keys in its first frame instead of waiting for the focus."""
    footer.set_reactive(Footer._bindings_ready, True)


def footer_keys_ready(footer: Footer) -> bool:
    """Whether the footer composes its keys yet (it composes nothing before)."""
    return footer._bindings_ready


# ---------------------------------------------------------------------------------------------
# One layout per change of size


def _record_size(widget: Widget, size: Size, virtual_size: Size, container_size: Size) -> bool:
    return Widget._size_updated(widget, size, virtual_size, container_size, layout=False)


# Textual keeps the size a layout gives a widget in a reactive which, when it changes, lays the
# screen out again: a second pass over the same places, a frame later (opening a role whose text
# is longer or shorter than the last one's). These widgets only record it, as Textual itself does
# after scrolling. Whatever does move others still lays the screen out: a scrollbar that comes or
# goes, new content (``update``, new options).
# Not a mixin class: Textual takes default styles and type selectors from a widget's first base
# only, so a mixin placed first would drop Static's and VerticalScroll's.


class LaidOutScroll(VerticalScroll):
    """A vertical scroll whose scrollable height follows its content in one layout."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = _record_size(self, size, virtual_size, container_size)
        bar = self._vertical_scrollbar
        if resized and bar is not None:
            # A new size or scrollable height gives the scrollbar a new thumb, and it asks to be
            # drawn: a request that reaches the screen after this layout, for a frame of its own
            # a timer tick later. This layout's frame draws it already: a container whose size
            # or scrollable size changed is drawn again whole, its scrollbar included.
            bar._repaint_required = False
        return resized


def set_scroll_size(widget: Widget, size: Size) -> None:
    """A new scrollable size for a widget whose scrollbars always show, without a layout.

    Textual's ``virtual_size`` reactive lays the screen out again when it changes, a frame after
    the one drawing the new content (the team matrix switching views). With both scrollbars
    always shown nothing moves: the scrollbars only need their new proportions, given here and
    drawn in the same frame.
    """
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)
    widget.refresh()


class LaidOutStatic(Static):
    """A Static whose new height follows its text in one layout."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return _record_size(self, size, virtual_size, container_size)


class OptionListSizedByItsRows(OptionList):
    """An option list that keeps its own virtual size up to date as its rows change.

    Textual's ScrollView compares its own virtual size with the one a layout gives a widget
    without children (the size of its view): with more rows than fit, they always differ, so
    every layout of the screen (a filter box lays it out on each keystroke) redrew the scrollbar
    in a second frame. Only a new size of the list's own matters here.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)


# ---------------------------------------------------------------------------------------------
# Option lists: new text for the same rows, redrawing only what changed


def line_of_each_option(option_list: OptionList) -> Mapping[int, int]:
    """The line each option starts on, by option index."""
    return option_list._index_to_line


def set_option_prompt(option: Option, prompt: VisualType) -> None:
    """Give ``option`` new text without the list forgetting how every other row was drawn."""
    option._set_prompt(prompt)


def forget_drawn_options(option_list: OptionList, options: Iterable[Option]) -> None:
    """Drop the list's drawn lines of ``options`` (and only theirs), so they are drawn anew."""
    changed = set(options)
    render_cache = option_list._option_render_cache
    for key in [key for key in render_cache.keys() if key[0] in changed]:  # noqa: SIM118 (not iterable)
        render_cache.discard(key)


# ---------------------------------------------------------------------------------------------
# Styles


def css_generation(app: App[object]) -> int:
    """A number that changes whenever the app's CSS changes (a theme, a stylesheet)."""
    return app._css_update_count


# ---------------------------------------------------------------------------------------------
# Keys typed ahead


def has_messages_waiting(node: MessagePump) -> bool:
    """Whether messages sent to ``node`` wait in its queue (the one in hand not counted)."""
    queue = vars(node).get("_message_queue")
    return node._pending_message is not None or bool(queue is not None and queue.values)


def refresh_pending(screen: Screen[object]) -> bool:
    """Whether the screen has yet to lay out or draw a change, or to run the callbacks waiting
    for its next refresh (``call_after_refresh``): what ``Screen._on_idle`` looks at."""
    return bool(
        screen._callbacks
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )


def animating(app: App[object]) -> bool:
    """Whether an animation (a scroll that brings a focused widget into view) is under way.

    ``Animator.wait_until_complete`` waits on the same flag; nothing public reads it at once.
    """
    return not app.animator._complete_event.is_set()


def is_at_rest(node: MessagePump) -> bool:
    """Whether ``node`` is mounted, has handled every message sent to it and waits for the next.

    Textual's message queue keeps no count of messages in hand: a node is at rest when its queue
    is empty and its task waits on the queue's "ready" event (the handler of the last message,
    then its idle handlers and ``call_next`` callbacks, have all returned).
    """
    if node._closed:
        return True  # removed: it handles nothing more
    if not node._mounted_event.is_set():
        return False
    queue = vars(node).get("_message_queue")  # a cached property: not made for a node never sent one
    if queue is None:
        return True
    if queue.values or node._pending_message is not None:
        return False
    if node._task is None:
        return True
    return any(not waiter.done() for waiter in queue.ready_event._waiters)


async def run_own_binding(widget: DOMNode, event: events.Key) -> bool:
    """Run the binding ``widget`` itself declares for the key, at once; True if one ran.

    Textual runs a focused widget's bindings only once the key has bubbled up to the app, while
    the characters typed after it are inserted by the widget on the way: typed fast, ``teh``
    backspace backspace ``he`` gave ``tehhe`` (Textual issue 6605, fixed upstream by PR 6631 in
    the same way). Priority bindings ran before the key reached the widget; the others of the
    widget come first in the app's search, so the same binding runs, only sooner.
    """
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False
