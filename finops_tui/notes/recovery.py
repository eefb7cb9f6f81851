"""What is kept when the app must stop before the user could save: note drafts, unsaved notes.

No Textual. Drafts open in the note editor go to ``drafts-recovery.json`` in the config
directory when the app is stopped by a signal; the next start offers them back. When the config
directory cannot be written, the system's temporary directory is used instead, and the caller
says where the file went.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from finops_tui.core.fileio import atomic_write
from finops_tui.core.models import is_identifier

DRAFTS_FILE = "drafts-recovery.json"
_DRAFTS_FORMAT = 1


@dataclass(frozen=True)
class NoteTarget:
    """Which note: a role's own (``responsibility_id`` None) or one responsibility's."""

    role_id: str
    responsibility_id: str | None = None


@dataclass(frozen=True)
class Draft:
    """Text typed in the note editor and not saved, and the note it was started from."""

    target: NoteTarget
    text: str
    original: str


def drafts_path(directory: Path) -> Path:
    return directory / DRAFTS_FILE


def keep_drafts(directory: Path, drafts: list[Draft]) -> Path:
    """Write ``drafts`` (replacing any kept before); returns where. Raises OSError when neither
    the config directory nor the temporary directory can be written."""
    data = json.dumps(
        {"format": _DRAFTS_FORMAT, "drafts": [_as_json(draft) for draft in drafts]},
        ensure_ascii=True,  # a draft may hold lone surrogates or bidi controls: keep the file plain
        indent=1,
    ).encode("ascii", "backslashreplace")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        return atomic_write(drafts_path(directory), data, private=True)
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"finops-tui-{_user()}-{DRAFTS_FILE}"
        return atomic_write(fallback, data, private=True)


def kept_drafts(directory: Path) -> list[Draft]:
    """The drafts kept by the last run in ``directory``; none when there is no readable file."""
    try:
        raw = json.loads(drafts_path(directory).read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("drafts"), list):
        return []
    drafts = [_from_json(entry) for entry in raw["drafts"]]
    return [draft for draft in drafts if draft is not None]


def drop_drafts(directory: Path) -> None:
    # A read-only directory: the offer comes back next time, which loses nothing.
    with contextlib.suppress(OSError):
        drafts_path(directory).unlink(missing_ok=True)


def _as_json(draft: Draft) -> dict[str, Any]:
    return {**asdict(draft.target), "text": draft.text, "original": draft.original}


def _from_json(entry: Any) -> Draft | None:
    if not isinstance(entry, dict):
        return None
    role_id = entry.get("role_id")
    responsibility_id = entry.get("responsibility_id")
    text, original = entry.get("text"), entry.get("original", "")
    if not (isinstance(role_id, str) and is_identifier(role_id)):
        return None
    if responsibility_id is not None and not (
        isinstance(responsibility_id, str) and is_identifier(responsibility_id)
    ):
        return None
    if not isinstance(text, str) or not isinstance(original, str):
        return None
    return Draft(NoteTarget(role_id, responsibility_id), text, original)


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else os.environ.get("USERNAME", "user")
