"""Command palette entries: go to any role, the screens, help and dark mode.

Role names are user data: the palette would parse a plain string as markup, so every prompt is
built as Content and help texts hold only our own words and ids.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from finops_tui.core.models import kind_heading
from finops_tui.core.text import make_visible

if TYPE_CHECKING:
    from finops_tui.tui.app import FinopsApp

Command = tuple[str, Callable[[], object], str]


class FinopsCommands(Provider):
    def _commands(self) -> list[Command]:
        app: FinopsApp = self.app  # type: ignore[assignment]
        commands: list[Command] = [
            ("Role list", app.action_role_list, "Back to the list of roles"),
            ("Collaboration map", app.action_open_map, "Who works with whom, and on what"),
            ("My notes", app.action_my_notes, "Everything you have annotated"),
            (
                "Capabilities",
                app.action_capabilities,
                "The FinOps capabilities by domain, and who is involved",
            ),
            ("Export notes", app.action_export_notes, "Save your notes as Markdown, JSON, CSV or TOML"),
            ("Team coverage", app.action_team, "The team's exports as one RACI matrix, and its gaps"),
            ("Open team folder…", app.action_open_team_folder, "Choose the folder of the team's exports"),
            ("Set your name", app.action_set_name, "Who made your exports, for the team's coverage"),
            ("Help", app.action_help, "Every key, and the data credit"),
            ("Toggle dark mode", app.action_toggle_dark, "Switch between the light and dark theme"),
        ]
        for role in app.store.roles:
            help_text = f"{kind_heading(role.kind).removesuffix('s')} · {role.id}"
            commands.append(
                (f"Go to role: {make_visible(role.name)}", partial(app.open_role, role.id), help_text)
            )
        for capability in app.store.catalog.capabilities.in_display_order():
            commands.append(
                (
                    f"Go to capability: {make_visible(capability.name)}",
                    partial(app.open_capability, capability.id),
                    f"Capability · {capability.id}",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, self._highlight(matcher, name), callback, text=name, help=help_text)

    @staticmethod
    def _highlight(matcher: object, name: str) -> Content:
        """Like Matcher.highlight, without reading the name as markup."""
        content = Content(name)
        _, offsets = matcher.fuzzy_search.match(matcher.query, name)  # type: ignore[attr-defined]
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)  # type: ignore[attr-defined]
        return content
