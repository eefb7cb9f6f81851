"""Leaving without losing anything: drafts and unsaved changes at quit, at a signal, at next start.

Quitting (``q``, ``ctrl+q``, the palette's "Quit") and the palette commands that close screens
ask first while a note editor or the export dialog holds unsaved input. Changes that could not
be saved are tried once more at quit; if they still fail, a copy is written and the user is asked.
SIGTERM, SIGHUP and SIGINT end the app as ``quit`` does (so Textual gives the terminal back),
keeping open drafts in a recovery file that the next start offers back.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from finops_tui.core.fileio import describe_os_error
from finops_tui.notes.errors import NotesError
from finops_tui.notes.recovery import Draft, drop_drafts, keep_drafts, kept_drafts

if TYPE_CHECKING:
    from textual.screen import Screen

    from finops_tui.tui.app import FinopsApp
    from finops_tui.tui.screens.note_editor import DiscardChanges

# The dialogs are imported when first needed: this module is loaded at start-up.

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


@runtime_checkable
class HoldsInput(Protocol):
    """A screen that can hold text the user typed and has not saved or used yet."""

    @property
    def has_unsaved_input(self) -> bool: ...


def screens_with_unsaved_input(screens: Iterable[Screen[object]]) -> list[Screen[object]]:
    return [screen for screen in screens if isinstance(screen, HoldsInput) and screen.has_unsaved_input]


def confirm_closing(app: FinopsApp, screens: Iterable[Screen[object]], then: Callable[[], object]) -> None:
    """Run ``then`` (which closes ``screens``) at once, or after the user agrees to drop what
    those screens hold."""
    holding = screens_with_unsaved_input(screens)
    if not holding:
        then()
        return
    notes = any(hasattr(screen, "unsaved_draft") for screen in holding)
    others = len(holding) > 1 or not notes
    if notes and others:
        question = "Discard your unsaved note and the export you were setting up?"
    elif notes:
        question = "Discard your changes to this note?"
    else:
        question = "Discard the export you were setting up?"

    def decided(discard: bool | None) -> None:
        if discard:
            then()

    app.push_screen(_question(question), decided)


def quit_safely(app: FinopsApp) -> None:
    """``quit``: ask about open drafts, save what is pending, ask if that fails, then exit."""
    from finops_tui.tui.screens.question import YesOrNo

    if isinstance(app.screen, YesOrNo):
        return  # a question is open: it is answered first (a second one would stack on it)
    confirm_closing(app, app.screen_stack, lambda: _quit_after_saving(app))


def _quit_after_saving(app: FinopsApp) -> None:
    notes = app.store.notes
    if not notes.pending:
        app.exit()
        return
    try:
        notes.save()
    except NotesError as error:
        reason = str(error)
    else:
        app.exit()
        return
    try:
        where = f"A copy of all your notes is in {notes.keep_unsaved_copy()} (`finops-tui import` reads it)."
    except OSError as error:
        where = f"No copy could be written either ({describe_os_error(error)})."
    count = len(notes.pending)
    question = (
        f"{count} change{'s' if count > 1 else ''} could not be saved: {reason}. {where} "
        "Quit and leave them unsaved?"
    )

    def decided(quit_anyway: bool | None) -> None:
        if quit_anyway:
            app.exit()

    app.push_screen(_question(question, keep="Stay (n)", discard="Quit (d)"), decided)


# -- signals --------------------------------------------------------------------------------------


def install_stop_signals(app: FinopsApp) -> Callable[[], None]:
    """End the app cleanly on SIGTERM, SIGHUP and SIGINT; returns how to undo it.

    Only where asyncio can take signals (the main thread, POSIX): elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    installed = []
    for number in STOP_SIGNALS:
        try:
            loop.add_signal_handler(number, stop_for_signal, app, number)
        except (NotImplementedError, RuntimeError, ValueError):
            continue  # Windows, or an event loop that cannot take signals
        installed.append(number)

    def uninstall() -> None:
        for number in installed:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(number)

    return uninstall


def stop_for_signal(app: FinopsApp, number: int) -> None:
    """Keep what the user would lose, then exit as ``quit`` does (restoring the terminal)."""
    messages = []
    drafts = open_drafts(app.screen_stack)
    if drafts:
        directory = app.store.notes.directory
        try:
            path = keep_drafts(directory, drafts)
        except OSError as error:
            messages.append(f"unsaved note drafts could not be kept: {describe_os_error(error)}")
        else:
            messages.append(f"unsaved note drafts were kept in {path}; the next start offers them back")
    notes = app.store.notes
    if notes.pending:
        try:
            notes.save()
        except NotesError:
            try:
                messages.append(
                    f"changes that could not be saved were written to {notes.keep_unsaved_copy()}"
                )
            except OSError as error:
                messages.append(f"changes could not be saved: {describe_os_error(error)}")
    app.exit_messages.extend(messages)
    app.exit(return_code=128 + number)


def open_drafts(screens: Iterable[Screen[object]]) -> list[Draft]:
    drafts = (getattr(screen, "unsaved_draft", lambda: None)() for screen in screens)
    return [draft for draft in drafts if draft is not None]


# -- the next start -------------------------------------------------------------------------------


def offer_kept_drafts(app: FinopsApp) -> None:
    """Drafts kept when the app was last stopped: open them again, or drop them."""
    directory = app.store.notes.directory
    drafts = kept_drafts(directory)
    if not drafts:
        return
    count = len(drafts)
    question = (
        f"{count} unsaved note draft{'s were' if count > 1 else ' was'} kept when finops-tui was "
        "last stopped. Open again to save, or drop?"
    )

    def decided(drop: bool | None) -> None:
        if not drop:
            for draft in reversed(drafts):
                reopen_draft(app, draft)
        drop_drafts(directory)

    app.push_screen(_question(question, keep="Open (n)", discard="Drop (d)"), decided)


def reopen_draft(app: FinopsApp, draft: Draft) -> None:
    from finops_tui.tui.screens.note_editor import edit_note

    edit_note(app, draft.target.role_id, draft.target.responsibility_id, draft=draft.text)


def _question(question: str, **labels: str) -> DiscardChanges:
    from finops_tui.tui.screens.note_editor import DiscardChanges

    return DiscardChanges(question, **labels)
