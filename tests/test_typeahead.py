"""Keys typed ahead end exactly as the same keys typed slowly, on every screen.

Each sequence runs twice on fresh apps: once posted in one burst (as the terminal driver posts
what it read in one chunk), once a key at a time with the app settled in between. The screens,
the focus, notes.toml and the files written must be the same. The sequences are those of the
reliability review (F1-F4), plus a walk through every screen; a hypothesis test adds random ones
made of the keys the screens bind.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from apptools import make_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keys import app_state, burst, key_event, keys, settle, slowly
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

SIZE = (100, 30)
Typist = Callable[[Pilot[Any], Sequence[str]], Awaitable[None]]


async def run_keys(
    root: Path, monkeypatch: pytest.MonkeyPatch, names: Sequence[str], typist: Typist, before: str = ""
) -> dict[str, object]:
    """The state a fresh app ends in after ``before`` (typed slowly) and then ``names``."""
    config_dir, work_dir = root / "config", root / "work"
    work_dir.mkdir(parents=True)
    monkeypatch.chdir(work_dir)  # the export dialog offers a file in the current directory
    app = make_app(config_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await slowly(pilot, keys(before))
        await typist(pilot, names)
        return app_state(pilot, config_dir, work_dir)


async def burst_and_slow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sequence: str, before: str = ""
) -> tuple[dict[str, object], dict[str, object]]:
    names = keys(sequence)
    fast = await run_keys(tmp_path / "fast", monkeypatch, names, burst, before)
    slow = await run_keys(tmp_path / "slow", monkeypatch, names, slowly, before)
    return fast, slow


# (keys typed from the role list, in one burst and slowly). Quoted text is typed a character
# at a time; the screens each sequence reaches are named after it.
SEQUENCES = [
    "down down enter",  # list
    "j j j enter escape k h",  # list, detail
    "o h o",  # list: only mine
    "/ 'fin' enter",  # filter
    "/ 'finx' backspace 'ance' enter h",  # filter, its editing keys
    "/ 'eng' escape enter",  # filter cleared, detail
    "/ 'zzz' escape escape down h",  # filter with no match
    "enter down down h",  # detail (F1: the wrong role was held)
    "enter ] ] h",  # detail: next role
    "enter [ h escape",  # detail: previous role, back
    "enter r down a down c down i down r x",  # RACI (F1: every letter lost)
    "enter space down space space down space",  # RACI cycle
    "enter tab enter escape escape down enter",  # collaborations
    "enter n 'quarterly' ctrl+s",  # note editor (F1: the q quit the app)
    "enter n 'hello world' ctrl+s",  # note editor
    "enter n 'teh' backspace backspace 'he cat' ctrl+s",  # note editor (F3)
    "enter n 'teh' backspace backspace 'he cat' left left left 'big ' ctrl+s",  # note editor (F3)
    "enter tab n 'role note' ctrl+s h",  # role note, then hold
    "enter n 'draft' escape d",  # discard question: discard
    "enter n 'draft' escape n ' more' ctrl+s",  # discard question: keep editing
    "enter n 'draft' escape escape ctrl+s",  # discard question: escape keeps editing
    "m f enter",  # map: focus view, open
    "m down right enter h",  # map: matrix, open, hold
    "m f down escape ?",  # map, help
    "enter m escape escape h",  # detail, map, back twice
    "enter r escape M down enter h",  # My notes (F1: hold not applied)
    "enter n 'mine' ctrl+s M n ' too' ctrl+s",  # My notes: edit a note
    "E ctrl+u 'out.json' enter",  # export dialog: typed path (F1: path empty)
    "E 'abc' tab",  # export dialog: typed at the end of the path (F1: abc lost)
    "E tab tab down enter",  # export dialog: format
    "E ctrl+u 'report.csv' ctrl+s",  # export dialog: typed path then ctrl+s (F2)
    "E ctrl+u 'x.md' enter E ctrl+u 'x.md' enter o",  # export, overwrite question: yes
    "E ctrl+u 'x.md' enter E ctrl+u 'x.md' enter n escape",  # overwrite question: no
    "ctrl+p 'Collaboration map' enter",  # palette (F4: nothing or Keys ran)
    "ctrl+p 'My notes' enter",  # palette (F4)
    "ctrl+p 'Help' enter escape h",  # palette, help
    "ctrl+p 'Go to role: Finance' enter h",  # palette: a role
    "? escape down enter",  # help
    "? down escape h",  # help, list
    "C j j enter j enter h",  # capabilities: a capability, a role at a responsibility, hold
    "C / 'budget' enter enter a escape",  # capabilities: filter, open, your letter from there
    "enter tab enter escape C G y escape",  # role detail's capabilities, the kept screen again
]


@pytest.mark.parametrize("sequence", SEQUENCES)
async def test_a_burst_ends_as_the_same_keys_typed_slowly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sequence: str
) -> None:
    fast, slow = await burst_and_slow(tmp_path, monkeypatch, sequence)
    assert fast == slow


# -- the review's findings, each with what it must end in ----------------------------------------


async def typed_in_a_burst(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sequence: str, before: str = ""
) -> dict[str, object]:
    return await run_keys(tmp_path, monkeypatch, keys(sequence), burst, before)


async def test_f1_the_role_on_screen_is_held_not_the_one_the_list_moved_to(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "enter down down h")
    assert state["screens"][-1][:2] == ("RoleDetailScreen", "finops-practitioner")
    assert "[roles.finops-practitioner]\nheld = true" in state["notes.toml"]
    assert "[roles.product]" not in state["notes.toml"]


async def test_a_scroll_that_brings_the_focus_into_view_ends_where_it_would_at_a_human_pace(
    tmp_path, monkeypatch
):
    # Tab scrolls the detail (animated) to the next list; keys typed ahead used to stop it half-way.
    sequence = "enter tab down down"
    in_a_burst = await run_keys(tmp_path / "burst", monkeypatch, keys(sequence), burst, "")
    slow = await run_keys(tmp_path / "slow", monkeypatch, keys(sequence), slowly, "")
    assert in_a_burst["scrolled"] == slow["scrolled"]
    assert in_a_burst["focused"] == slow["focused"]


async def test_f1_a_note_typed_ahead_is_saved_and_its_q_does_not_quit(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "enter n 'quarterly' ctrl+s")
    assert "app" not in state  # still running
    assert 'note = "quarterly"' in state["notes.toml"]


async def test_f1_raci_letters_typed_ahead_are_all_kept(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "enter r down a down c down i")
    letters = [line for line in state["notes.toml"].splitlines() if line.startswith("raci")]
    assert sorted(letters) == ['raci = "A"', 'raci = "C"', 'raci = "I"', 'raci = "R"']


async def test_f1_a_filter_typed_ahead_then_enter_goes_back_to_the_list(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "/ 'fin' enter")
    assert state["filter"] == "fin"
    assert [screen[0] for screen in state["screens"]] == ["RoleListScreen"]
    assert state["focused"][:2] == ("RoleList", "roles")


async def test_f2_ctrl_s_saves_the_whole_note_typed_before_it(tmp_path, monkeypatch):
    text = "Agree the tagging policy with the platform team"
    state = await typed_in_a_burst(tmp_path, monkeypatch, f"'{text}' ctrl+s", before="enter n")
    assert f'note = "{text}"' in state["notes.toml"]
    assert [screen[0] for screen in state["screens"]] == ["RoleListScreen", "RoleDetailScreen"]


async def test_f2_the_export_dialog_writes_to_the_path_typed_before_ctrl_s(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "ctrl+u 'quarterly-report-final.json' ctrl+s", "E")
    assert list(state["files written"]) == ["quarterly-report-final.json"]


async def test_f3_editing_keys_apply_in_the_order_typed_in_the_note(tmp_path, monkeypatch):
    sequence = "'teh' backspace backspace 'he cat' left left left 'big ' ctrl+s"
    state = await typed_in_a_burst(tmp_path, monkeypatch, sequence, before="enter n")
    assert 'note = "the big cat"' in state["notes.toml"]


async def test_f3_editing_keys_apply_in_the_order_typed_in_the_filter(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "'finx' backspace 'ance'", before="/")
    assert state["filter"] == "finance"


async def test_f3_ctrl_u_typed_before_a_path_clears_only_what_was_there(tmp_path, monkeypatch):
    state = await typed_in_a_burst(tmp_path, monkeypatch, "ctrl+u 'report.json'", before="E")
    assert state["focused"][2] == "report.json"


@pytest.mark.parametrize(
    ("query", "screen"), [("Collaboration map", "CollaborationMapScreen"), ("My notes", "MyNotesScreen")]
)
async def test_f4_the_palette_runs_the_command_typed_in_a_burst(tmp_path, monkeypatch, query, screen):
    state = await typed_in_a_burst(tmp_path, monkeypatch, f"ctrl+p '{query}' enter")
    assert [name for name, *_ in state["screens"]] == ["RoleListScreen", screen]


# -- the text boxes on their own: the carried fix of Textual issue 6605 ---------------------------


class TextBoxes(App[None]):
    """A plain Textual app, so only the widgets' own fix keeps the keys in order."""

    def compose(self) -> ComposeResult:
        from finops_tui.tui.widgets.in_order import InOrderInput
        from finops_tui.tui.widgets.in_order_text_area import InOrderTextArea

        yield InOrderInput(id="line")
        yield InOrderTextArea(id="lines")


@pytest.mark.parametrize("target", ["#line", "#lines"])
async def test_a_text_box_applies_its_editing_keys_in_the_order_typed(target: str) -> None:
    app = TextBoxes()
    async with app.run_test() as pilot:
        box = app.query_one(target)
        box.focus()
        await pilot.pause()
        for name in keys("'teh' backspace backspace 'he cat' left left left 'big '"):
            app.post_message(key_event(name))
        await pilot.pause(0.3)
        assert (box.value if isinstance(box, Input) else box.text) == "the big cat"


# -- random sequences --------------------------------------------------------------------------

# Every key some screen binds (the ones that end the app or only copy left out), and a few letters.
BOUND_KEYS = [
    "enter", "escape", "tab", "down", "up", "left", "right", "j", "k", "g", "h", "o", "n", "m",
    "M", "E", "f", "r", "a", "c", "i", "x", "d", "space", "slash", "question_mark",
    "left_square_bracket", "right_square_bracket", "backspace", "ctrl+s", "ctrl+u", "e", "t", "C",
]  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.sampled_from(BOUND_KEYS), min_size=2, max_size=12))
def test_random_key_sequences_end_the_same_in_a_burst_and_slowly(
    monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> None:
    async def both(root: Path) -> tuple[dict[str, object], dict[str, object]]:
        fast = await run_keys(root / "fast", monkeypatch, names, burst)
        slow = await run_keys(root / "slow", monkeypatch, names, slowly)
        return fast, slow

    with tempfile.TemporaryDirectory() as directory:
        fast, slow = asyncio.run(both(Path(directory)))
    assert fast == slow, names


def test_the_queue_internals_the_key_hold_reads_are_still_there() -> None:
    """What ``is_at_rest`` in the seams reads of Textual's queue and of the asyncio event."""
    from textual.message_pump import MessagePump

    from finops_tui.tui.widgets._textual_seams import STDLIB_PRIVATE_NAMES

    queue = MessagePump()._message_queue
    assert hasattr(queue, "values")
    assert hasattr(queue.ready_event, "_waiters")
    assert STDLIB_PRIVATE_NAMES == ("asyncio.locks:Event._waiters",)


# -- the hold itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("stuck", ["never settles", "fails"])
async def test_a_key_that_never_settles_holds_the_next_one_only_for_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stuck: str
) -> None:
    from finops_tui.tui import typeahead

    async def never(app: object) -> None:
        await asyncio.sleep(3600)

    async def fails(app: object) -> None:
        raise RuntimeError("surprise")

    app = make_app(tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(typeahead, "MAX_WAIT_SECONDS", 0.2)
        monkeypatch.setattr(typeahead, "settle", never if stuck == "never settles" else fails)
        first = app.screen.query_one("RoleList").highlighted
        for name in ["j", "j", "j"]:
            app.post_message(key_event(name))
        await pilot.pause(1.5)
        assert app.screen.query_one("RoleList").highlighted == first + 3
        assert app.typeahead.held == 0


async def test_keys_typed_at_a_human_pace_are_never_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finops_tui.tui.typeahead import TypeAhead

    holds: list[int] = []
    watch = TypeAhead._watch
    monkeypatch.setattr(TypeAhead, "_watch", lambda self: (holds.append(self.held), watch(self)))
    app = make_app(tmp_path / "config")
    async with app.run_test(size=SIZE) as pilot:
        for name in keys("enter n 'ok' ctrl+s escape"):
            await settle(pilot)
            holds.clear()
            app.post_message(key_event(name))
            for _ in range(20):  # not pilot.pause, which sends the widgets messages of its own
                await asyncio.sleep(0.005)
            assert holds == [], name
