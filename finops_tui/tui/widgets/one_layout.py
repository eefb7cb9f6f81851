"""Widgets whose new size, once a layout has placed them, asks for no second layout.

Textual keeps the size a layout gives a widget in a reactive which, when it changes, lays the
screen out again: a second pass over the same places, a frame later (opening a role whose text
is longer or shorter than the last one's). These widgets only record it, as Textual itself does
after scrolling. Whatever does move others still lays the screen out: a scrollbar that comes or
goes, new content (``update``, new options).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

# Not a mixin class: Textual takes default styles and type selectors from a widget's first base
# only, so a mixin placed first would drop Static's and VerticalScroll's.


def _record_size(widget: Widget, size: Size, virtual_size: Size, container_size: Size) -> bool:
    return Widget._size_updated(widget, size, virtual_size, container_size, layout=False)


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


class LaidOutStatic(Static):
    """A Static whose new height follows its text in one layout."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return _record_size(self, size, virtual_size, container_size)
