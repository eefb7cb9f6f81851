"""Every key binding of every screen, and where the role data comes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from finops_tui.catalog.credit import CAPABILITIES_CREDIT, DATA_CREDIT

if TYPE_CHECKING:
    from textual.dom import DOMNode


def help_sections() -> list[tuple[str, type[DOMNode]]]:
    """(heading, the app, screen or widget whose keys it lists), in the order a user meets them."""
    from finops_tui.tui.app import FinopsApp
    from finops_tui.tui.screens.capabilities import CapabilitiesScreen
    from finops_tui.tui.screens.capability_detail import CapabilityDetailScreen
    from finops_tui.tui.screens.collaboration_map import CollaborationMapScreen
    from finops_tui.tui.screens.export_dialog import ExportDialog
    from finops_tui.tui.screens.my_notes import MyNotesScreen
    from finops_tui.tui.screens.note_editor import NoteEditor
    from finops_tui.tui.screens.role_detail import RoleDetailScreen
    from finops_tui.tui.screens.role_list import RoleListScreen
    from finops_tui.tui.screens.team import TeamScreen
    from finops_tui.tui.widgets.capability_sections import CapabilityList
    from finops_tui.tui.widgets.role_list import RoleList

    return [
        ("Everywhere", FinopsApp),
        ("Role list", RoleListScreen),
        ("Role list: moving", RoleList),
        ("Role detail", RoleDetailScreen),
        ("Collaboration map", CollaborationMapScreen),
        ("My notes", MyNotesScreen),
        ("Capabilities", CapabilitiesScreen),
        ("Capabilities: moving", CapabilityList),
        ("Capability detail", CapabilityDetailScreen),
        ("Team coverage", TeamScreen),
        ("Note editor", NoteEditor),
        ("Export dialog", ExportDialog),
    ]


EXTRA_KEYS = [
    ("ctrl+p", "Command palette: go to a role or capability, screens, themes"),
    ("tab", "Next pane or list"),
]


def _bindings(owner: type[DOMNode], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings ``owner`` declares, with the keys the user's ``[keymap]`` gives them."""
    bindings = [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]
    return [
        replace(binding, key=keymap[binding.id], key_display=None) if binding.id in keymap else binding
        for binding in bindings
    ]


def _key_label(app: App[object], binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    keys = [key.strip() for key in binding.key.split(",")]
    return ", ".join(app.get_key_display(replace(binding, key=key)) for key in keys)


def help_content(app: App[object], keymap: Mapping[str, str], framework_version: str = "") -> Content:
    """Every key of every place, as the app binds them now (a remapped key shows its new keys)."""
    parts: list[Content] = []
    listed: set[tuple[str, str]] = set()
    for heading, owner in help_sections():
        # A key that does the same everywhere is listed once, under "Everywhere".
        bindings = [b for b in _bindings(owner, keymap) if (b.key, b.description) not in listed]
        listed.update((b.key, b.description) for b in bindings)
        if not bindings:
            continue
        parts.append(Content.styled(f"{heading}\n", "bold $text-accent"))
        for binding in bindings:
            parts.append(
                Content.assemble((f"  {_key_label(app, binding):<16}", "bold"), binding.description, "\n")
            )
        parts.append(Content("\n"))
    parts.append(Content.styled("Also\n", "bold $text-accent"))
    for key, description in EXTRA_KEYS:
        parts.append(Content.assemble((f"  {key:<16}", "bold"), description, "\n"))
    parts.append(Content.styled("\nAbout\n", "bold $text-accent"))
    if framework_version:
        parts.append(Content(f"The role data follows the FinOps Framework {framework_version}.\n"))
    parts.append(Content(DATA_CREDIT))
    parts.append(Content("\n" + CAPABILITIES_CREDIT))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Content.styled("finops-tui keys", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(
                    help_content(self.app, self.app.settings.keymap, self.app.store.catalog.framework_version)
                )
            yield Static(
                Content.styled("escape closes · keys can be changed in config.toml [keymap]", "$text-muted")
            )
