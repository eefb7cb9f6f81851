"""The pydantic building blocks every schema shares: records, identifiers, lines of safe text.

Imported only where data from files people wrote is checked (role-data overlays, ``validate``,
imports, a hand-edited notes file): pydantic costs the first frame too much to load at start-up.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from finops_tui.core import models
from finops_tui.core.text import describe_character, first_invisible_character, first_unsafe_character


def _reject_unsafe(text: str) -> str:
    found = first_unsafe_character(text)
    if found is not None:
        index, char = found
        raise ValueError(
            f"control character {describe_character(char)} at character {index + 1} is not allowed"
        )
    return text


def _reject_invisible(text: str) -> str:
    found = first_invisible_character(text)
    if found is not None:
        index, char = found
        raise ValueError(
            f"invisible character {describe_character(char)} at character {index + 1} is not allowed "
            "in a name (it would look like another name)"
        )
    return text


def _single_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("must be a single line")
    return text


Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_reject_unsafe)]


def _line(max_length: int, *, name: bool = False) -> object:
    """Type of a non-empty single line of text of at most max_length characters; a ``name``
    may not hold invisible characters either."""
    checks = [AfterValidator(_reject_unsafe), AfterValidator(_single_line)]
    if name:
        checks.append(AfterValidator(_reject_invisible))
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        *checks,
    ]


Line = _line(300)
RoleName = _line(80, name=True)
ShortLabel = _line(12, name=True)
ResponsibilityText = _line(1000)
Identifier = Annotated[
    str, StringConstraints(pattern=models.KEBAB_CASE, max_length=models.IDENTIFIER_MAX_LENGTH)
]
Lines = Annotated[tuple[Line, ...], Field(max_length=500)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
