"""Command line: argument parsing, the TUI launch and the non-interactive commands.

Command handlers are imported only when their command runs, so ``finops-tui list`` never pays
for Textual and the TUI never pays for the exporters.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from finops_tui import __version__
from finops_tui.catalog.credit import CAPABILITIES_CREDIT, DATA_CREDIT

# command name -> "module:function" of its handler, under finops_tui.commands
HANDLERS = {
    "list": "finops_tui.commands.catalog_commands:run_list",
    "show": "finops_tui.commands.catalog_commands:run_show",
    "capabilities": "finops_tui.commands.capability_commands:run_capabilities",
    "capability": "finops_tui.commands.capability_commands:run_capability",
    "validate": "finops_tui.commands.catalog_commands:run_validate",
    "paths": "finops_tui.commands.catalog_commands:run_paths",
    "map": "finops_tui.commands.map_command:run",
    "export": "finops_tui.commands.notes_commands:run_export",
    "import": "finops_tui.commands.notes_commands:run_import",
    "team": "finops_tui.commands.team_command:run_team",
    "serve": "finops_tui.tui.serve:run_serve",
}


def version_text(framework_version: str) -> str:
    if not framework_version:
        return f"finops-tui {__version__}"
    return f"finops-tui {__version__} (role data: FinOps Framework {framework_version})"


def _shared_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--data`` and ``--config-dir``, accepted before or after the command name."""
    default = argparse.SUPPRESS if suppress else None
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        default=default,
        help="role data (TOML) laid over the bundled roles; repeatable, later files win",
    )
    options.add_argument(
        "--config-dir",
        metavar="DIR",
        default=default,
        help="where notes.toml and config.toml live "
        "(default: $FINOPS_TUI_CONFIG_DIR, else the user config dir)",
    )
    return options


def _port(text: str) -> int:
    port = int(text)  # argparse reports a ValueError as "invalid _port value"
    if not 1 <= port <= 65535:
        raise ValueError(text)
    return port


_port.__name__ = "port"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finops-tui",
        description="Explore the FinOps roles, how they work together, and what you own.",
        epilog=f"{DATA_CREDIT} {CAPABILITIES_CREDIT}",
        parents=[_shared_options(suppress=False)],
    )
    # Not argparse's "version" action: it drops a failed write to stdout and exits 0.
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    parser.add_argument(
        "--team", metavar="DIR", help="open the Team screen on this folder of the team's exports"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    shared = [_shared_options(suppress=True)]

    listing = commands.add_parser("list", parents=shared, help="every role: id, name, kind, summary")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    show = commands.add_parser("show", parents=shared, help="one role, every section")
    show.add_argument("role", metavar="ROLE", help="a role id, e.g. finops-practitioner")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")

    capabilities = commands.add_parser(
        "capabilities", parents=shared, help="the FinOps domains and capabilities, and the roles involved"
    )
    capabilities.add_argument("--json", action="store_true", help="print JSON instead of text")

    capability = commands.add_parser(
        "capability", parents=shared, help="one capability and the responsibilities it covers"
    )
    capability.add_argument("capability", metavar="ID", help="a capability id, e.g. forecasting")
    capability.add_argument("--json", action="store_true", help="print JSON instead of text")

    mapping = commands.add_parser("map", parents=shared, help="the collaboration map")
    mapping.add_argument("--format", choices=("text", "mermaid", "dot"), default="text")
    mapping.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    mapping.add_argument(
        "--topics",
        action="store_true",
        help="mermaid/dot: every topic on its edge (default: the number, topics in tooltips or comments)",
    )

    export = commands.add_parser("export", parents=shared, help="export your notes")
    export.add_argument("--format", choices=("markdown", "json", "csv", "toml"), default="markdown")
    export.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    export.add_argument("--role", action="append", metavar="ID", help="only this role (repeatable)")
    export.add_argument("--held-only", action="store_true", help="only the roles you hold")
    export.add_argument(
        "--person",
        metavar="NAME",
        help="who made the export (default: the name setting in config.toml)",
    )
    export.add_argument(
        "--letters-only",
        action="store_true",
        help="only held roles and RACI letters, no note text (for sharing with the team)",
    )

    importing = commands.add_parser("import", parents=shared, help="notes back from a JSON or TOML export")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--replace",
        action="store_true",
        help="replace all notes (a backup of the old ones is written first) instead of merging",
    )

    team = commands.add_parser(
        "team", parents=shared, help="several people's exports as one RACI matrix, with its gaps"
    )
    team.add_argument("paths", metavar="PATH", nargs="+", help="an export file, or a folder of exports")
    team.add_argument("--format", choices=("text", "markdown", "csv", "csv-long", "json"), default="text")
    team.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    team.add_argument(
        "--view",
        choices=("responsibilities", "roles", "people", "capabilities"),
        default="responsibilities",
    )
    team.add_argument(
        "--fail-on",
        metavar="CHECK,...",
        help="exit 1 when one of these checks fails (e.g. no-accountable,multiple-accountable)",
    )
    team.add_argument(
        "--max-age", type=int, metavar="DAYS", help="exports older than this are stale (default 90)"
    )
    team.add_argument("--me", action="store_true", help="add your own current notes as a column")
    team.add_argument(
        "--all", action="store_true", help="judge every role, not only the roles somebody holds"
    )
    team.add_argument(
        "--skip-bad", action="store_true", help="report on the good files; name each bad one on stderr"
    )

    validate = commands.add_parser("validate", parents=shared, help="check role data files")
    validate.add_argument("files", metavar="FILE", nargs="+")

    commands.add_parser("paths", parents=shared, help="config dir, notes file and data files in use")

    serve = commands.add_parser(
        "serve", parents=shared, help="the same app in a browser tab (needs finops-tui[web])"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in the default browser")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _run(argv)
        # Output still buffered is written now, where a full disk can still be reported.
        sys.stdout.flush()
    except BrokenPipeError:
        # `finops-tui list | head` closes the pipe early; that is not an error.
        _drop_stdout()
        sys.stderr.close()
        return 0
    except OSError as error:
        # The disk is full, stdout is /dev/full, a name is too long...: one line, never a traceback.
        _drop_stdout()
        _report(f"finops-tui: {_describe(error)}")
        return 1
    return status


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.version:
        from finops_tui.catalog.loader import bundled_framework_version

        print(version_text(bundled_framework_version()))
        return 0
    from finops_tui.commands.common import CommandError

    try:
        if args.command is None:
            from finops_tui.tui.launch import run_tui

            return run_tui(args)
        module_name, function_name = HANDLERS[args.command].split(":")
        module = importlib.import_module(module_name)
        return int(getattr(module, function_name)(args))
    except CommandError as error:
        _report(f"finops-tui: {error}")
        return error.exit_status
    except KeyboardInterrupt:
        return 130


def _describe(error: OSError) -> str:
    from finops_tui.core.fileio import describe_os_error

    reason = describe_os_error(error)
    if error.filename is None:
        return f"cannot write the output: {reason}"
    from finops_tui.core.text import make_visible

    return f"{make_visible(str(error.filename))}: {reason}"


def _report(message: str) -> None:
    with contextlib.suppress(OSError):  # stderr is gone too: the exit status is all that is left
        print(message, file=sys.stderr)


def _drop_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture it): nothing will be flushed at exit
