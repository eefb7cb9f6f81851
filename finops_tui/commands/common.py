"""What every command shares: loading the catalog, writing output, reporting user errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finops_tui.catalog.loader import CatalogError, load_catalog
from finops_tui.core.fileio import atomic_write, describe_os_error
from finops_tui.core.models import Catalog
from finops_tui.core.paths import config_dir

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem to report on one line (or a few), with the exit status to leave with."""

    def __init__(self, message: str, exit_status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_status = exit_status


def catalog_from(args: argparse.Namespace) -> Catalog:
    """The bundled catalog with ``--data`` files laid over it; bad data becomes a CommandError."""
    try:
        return load_catalog([Path(path) for path in args.data or ()])
    except CatalogError as error:
        raise CommandError(str(error)) from None


def config_dir_from(args: argparse.Namespace) -> Path:
    override = getattr(args, "config_dir", None)
    return config_dir(Path(override) if override else None)


def write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it atomically to ``output`` when one is given."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    try:
        if path.is_dir():
            raise CommandError(f"{output}: is a directory; give a file name")
        if not path.parent.exists():
            raise CommandError(f"{output}: the directory {path.parent} does not exist")
    except OSError as error:  # a name too long, a directory we may not enter
        raise CommandError(f"{output}: {describe_os_error(error)}") from None
    try:
        written = atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        raise CommandError(f"{output}: cannot write: {describe_os_error(error)}", EXIT_FAILURE) from None
    print(f"wrote {written}", file=sys.stderr)
