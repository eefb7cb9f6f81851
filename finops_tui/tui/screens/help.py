"""Every key binding of every screen, and where the role data comes from."""

from __future__ import annotations

import importlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# (heading, "module:Class") of each place whose keys the help lists, in the order a user meets them.
HELP_SECTIONS = [
    ("Everywhere", "finops_tui.tui.app:FinopsApp"),
    ("Role list", "finops_tui.tui.screens.role_list:RoleListScreen"),
    ("Role list: moving", "finops_tui.tui.widgets.role_list:RoleList"),
    ("Role detail", "finops_tui.tui.screens.role_detail:RoleDetailScreen"),
    ("Collaboration map", "finops_tui.tui.screens.collaboration_map:CollaborationMapScreen"),
    ("My notes", "finops_tui.tui.screens.my_notes:MyNotesScreen"),
    ("Team coverage", "finops_tui.tui.screens.team:TeamScreen"),
    ("Note editor", "finops_tui.tui.screens.note_editor:NoteEditor"),
    ("Export dialog", "finops_tui.tui.screens.export_dialog:ExportDialog"),
]
EXTRA_KEYS = [("ctrl+p", "Command palette: go to a role, screens, themes"), ("tab", "Next pane or list")]
CREDIT = (
    "Role data: FinOps Framework, FinOps Foundation, licensed CC BY 4.0 "
    "(https://www.finops.org/framework/). Adapted and written in our own words; "
    "not endorsed by the FinOps Foundation."
)


def _bindings(target: str) -> list[Binding]:
    module_name, class_name = target.split(":")
    try:
        owner = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return []
    return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]


def _key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]"}
    return ", ".join(names.get(key, key) for key in binding.key.split(","))


def help_content() -> Content:
    parts: list[Content] = []
    listed: set[tuple[str, str]] = set()
    for heading, target in HELP_SECTIONS:
        # A key that does the same everywhere is listed once, under "Everywhere".
        bindings = [b for b in _bindings(target) if (b.key, b.description) not in listed]
        listed.update((b.key, b.description) for b in bindings)
        if not bindings:
            continue
        parts.append(Content.styled(f"{heading}\n", "bold $text-accent"))
        for binding in bindings:
            parts.append(
                Content.assemble((f"  {_key_label(binding):<16}", "bold"), binding.description, "\n")
            )
        parts.append(Content("\n"))
    parts.append(Content.styled("Also\n", "bold $text-accent"))
    for key, description in EXTRA_KEYS:
        parts.append(Content.assemble((f"  {key:<16}", "bold"), description, "\n"))
    parts.append(Content.styled("\nAbout\n", "bold $text-accent"))
    parts.append(Content(CREDIT))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Content.styled("finops-tui keys", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_content())
            yield Static(
                Content.styled("escape closes · keys can be changed in config.toml [keymap]", "$text-muted")
            )
