"""`finops-tui serve` without a browser: the missing extra, the warnings, the command each tab runs.

The browser itself is tests/test_web.py.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest

from finops_tui.cli import build_parser, main
from finops_tui.tui.serve import app_command, exposed_warning, is_loopback, same_origin


def test_without_the_web_extra_serve_names_it_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == "finops-tui: serve needs textual-serve: pip install 'finops-tui[web]'\n"


def test_bad_role_data_is_reported_before_anything_is_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "org.toml"
    broken.write_text("[[roles]\n", encoding="utf-8")
    assert main(["serve", "--data", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("finops-tui: ") and "org.toml" in err and "Traceback" not in err


def test_a_port_in_use_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no address printed that nobody could open
    assert err.startswith(f"finops-tui: cannot listen on 127.0.0.1:{port}: ") and err.count("\n") == 1


def test_each_tab_runs_this_interpreter_with_the_data_and_config_dir_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["--data", "org one.toml", "serve", "--config-dir", "cfg"])
    assert shlex.split(app_command(args)) == [
        sys.executable,
        "-m",
        "finops_tui",
        "--data",
        str(tmp_path / "org one.toml"),
        "--config-dir",
        str(tmp_path / "cfg"),
    ]
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.host, defaults.port, defaults.open) == ("127.0.0.1", 8000, False)
    assert shlex.split(app_command(defaults)) == [sys.executable, "-m", "finops_tui"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False)],
)
def test_only_a_loopback_address_goes_without_a_warning(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_the_warning_says_who_can_act_on_the_notes() -> None:
    warning = exposed_warning("0.0.0.0")
    assert "0.0.0.0" in warning and "acts as you on your notes" in warning
    assert "authenticating proxy" in warning


@pytest.mark.parametrize(
    ("origin", "host", "same"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("https://finops.example.com", "finops.example.com", True),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
        ("http://evil.example", "127.0.0.1:8000", False),
        ("null", "127.0.0.1:8000", False),
        (None, "127.0.0.1:8000", False),
        ("file://127.0.0.1:8000", "127.0.0.1:8000", False),
    ],
)
def test_a_websocket_is_only_accepted_from_the_servers_own_origin(
    origin: str | None, host: str, same: bool
) -> None:
    assert same_origin(origin, host) is same


def test_a_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["serve", "--port", "70000"])
    assert leaving.value.code == 2
    assert "argument --port: invalid port value: '70000'" in capsys.readouterr().err


def test_an_address_that_does_not_resolve_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
    assert main(["serve", "--host", "no-such-host.invalid"]) == 2
    assert capsys.readouterr().err == "finops-tui: cannot listen on no-such-host.invalid: no such address\n"
