"""The catalog loader: overlays, and every way a role data file can be wrong.

Each bad input is checked for the exact location and message a user would read in
``FILE: location: message``. No Textual here.
"""

from __future__ import annotations

import dataclasses
import errno
import itertools
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_tui.catalog import schema
from finops_tui.catalog.loader import (
    MAX_FILE_BYTES,
    CatalogError,
    bundled_catalog,
    bundled_path,
    load_catalog,
    read_toml,
    validate_files,
)
from finops_tui.catalog.overlay import lay_over
from finops_tui.core.models import Catalog, Collaboration, Perspective, Responsibility, Role

BUNDLED_EDGE_COUNT = 28
FINANCE_ITAM_TOPIC = "Agree how shared license costs are split and charged back"

EMEA_ROLE = """
[[roles]]
id = "emea-lead"
name = "EMEA lead"
kind = "regional"
summary = "Runs FinOps for the EMEA region"
"""


def write(directory: Path, content: str | bytes, name: str = "org.toml") -> Path:
    path = directory / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def problems_in(path: Path) -> list[str]:
    """Each problem of one file as 'location: message' (or the message alone), checked as a user would."""
    problems = validate_files([path])
    assert {problem.source for problem in problems} <= {str(path)}
    return [
        f"{problem.location}: {problem.message}" if problem.location else problem.message
        for problem in problems
    ]


def problems_of(tmp_path: Path, content: str | bytes) -> list[str]:
    return problems_in(write(tmp_path, content))


# ---------------------------------------------------------------------------------------------
# Files that cannot be read at all: one clear problem, no location inside the file


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "absent.toml"


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.toml"
    path.mkdir()
    return path


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes need os.mkfifo")
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def _empty(tmp_path: Path) -> Path:
    return write(tmp_path, b"")


def _blank(tmp_path: Path) -> Path:
    return write(tmp_path, b"  \n\t\n")


def _only_bom(tmp_path: Path) -> Path:
    return write(tmp_path, b"\xef\xbb\xbf\n")


def _utf16(encoding: str) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        return write(tmp_path, '[[roles]]\nid = "finance"\nname = "Money"\n'.encode(encoding))

    return make


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant, and never read
    return path


def _deep_arrays(tmp_path: Path) -> Path:
    return write(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")


def _deep_inline_tables(tmp_path: Path) -> Path:
    return write(tmp_path, "x = " + "{a = " * 5000 + "1" + " }" * 5000 + "\n")


def _nested_past_the_limit(tmp_path: Path) -> Path:
    # Shallow enough for the TOML parser, too deep for role data.
    return write(tmp_path, "x = " + "[" * 40 + "]" * 40 + "\n")


EMPTY_FILE = "file is empty; expected [[roles]] or [[collaborations]] tables"


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        pytest.param(_missing, "no such file", id="missing"),
        pytest.param(_directory, "is a directory, not a TOML file", id="directory"),
        pytest.param(_fifo, "is not a regular file", id="fifo"),
        pytest.param(_empty, EMPTY_FILE, id="empty"),
        pytest.param(_blank, EMPTY_FILE, id="whitespace-only"),
        pytest.param(_only_bom, EMPTY_FILE, id="only-a-bom"),
        pytest.param(_utf16("utf-16"), "file is UTF-16 encoded; save it as UTF-8", id="utf-16"),
        pytest.param(_utf16("utf-16-le"), "file is UTF-16 encoded; save it as UTF-8", id="utf-16-le-no-bom"),
        pytest.param(_utf16("utf-16-be"), "file is UTF-16 encoded; save it as UTF-8", id="utf-16-be-no-bom"),
        pytest.param(_huge, "file is too large (50.0 MB; the limit is 5 MB)", id="50-MB"),
        pytest.param(_deep_arrays, "nesting is too deep to read", id="deep-arrays"),
        pytest.param(_deep_inline_tables, "nesting is too deep to read", id="deep-inline-tables"),
        pytest.param(
            _nested_past_the_limit, "nesting is too deep (more than 32 levels)", id="40-nested-arrays"
        ),
    ],
)
def test_an_unusable_file_gets_one_clear_problem(
    tmp_path: Path, make_file: Callable[[Path], Path], message: str
) -> None:
    assert problems_in(make_file(tmp_path)) == [message]


def test_the_size_cap_is_5_megabytes(tmp_path: Path) -> None:
    assert MAX_FILE_BYTES == 5 * 1024 * 1024
    at_the_cap = write(tmp_path, b"#" * (MAX_FILE_BYTES - 1) + b"\n", "at-cap.toml")
    assert problems_in(at_the_cap) == []
    over = write(tmp_path, b"#" * MAX_FILE_BYTES + b"\n", "over.toml")
    assert problems_in(over) == ["file is too large (5.0 MB; the limit is 5 MB)"]


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tmp_path: Path) -> None:
    content = '[[roles]]\nid = "finance"\nname = "Café"\n'.encode("latin-1")
    assert content.index(b"\xe9") == 36  # so the byte reported (1-based) is 37, on line 3
    assert problems_of(tmp_path, content) == ["line 3: not valid UTF-8 (byte 37); save the file as UTF-8"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, EMEA_ROLE)
    path.chmod(0)
    try:
        assert problems_in(path) == ["cannot read the file: permission denied"]
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (
            OSError(errno.EIO, "Input/output error"),
            "an input/output error occurred (the disk may be failing or disconnected)",
        ),
    ],
    ids=["permission", "io-error"],
)
def test_a_read_error_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = write(tmp_path, EMEA_ROLE)
    real_read_bytes = Path.read_bytes

    def failing_read_bytes(self: Path) -> bytes:
        if self == path:
            raise error
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", failing_read_bytes)
    assert problems_in(path) == [f"cannot read the file: {message}"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(
            '[[roles]]\nid = "finance"\nname = \n',
            "line 3, column 8: invalid TOML: Invalid value",
            id="missing-value",
        ),
        pytest.param(
            '[[roles]]\nid = "finance\nname = "Money"\n',
            "line 2, column 14: invalid TOML: Illegal character '\\n'",
            id="unterminated-string",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\nname = "Money"\nname = "Cash"\n',
            "line 4, column 14: invalid TOML: Cannot overwrite a value",
            id="key-twice",
        ),
        pytest.param(
            # A raw escape character in the file is reported by its name, never echoed.
            '[[roles]]\nid = "finance"\nname = "A\x1b[2J"\n',
            "line 3, column 10: invalid TOML: Illegal character '\\x1b'",
            id="raw-escape-character",
        ),
        pytest.param(
            "[[roles]]\nid = ", "line 2, column 6 (end of file): invalid TOML: Invalid value", id="cut-off"
        ),
    ],
)
def test_invalid_toml_reports_the_parsers_line_and_column(tmp_path: Path, content: str, problem: str) -> None:
    assert problems_of(tmp_path, content) == [problem]


# ---------------------------------------------------------------------------------------------
# Fields and values


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param("rolse = []\n", "rolse: unknown field 'rolse' (did you mean 'roles'?)", id="top-level"),
        pytest.param(
            '[[roles]]\nid = "finance"\nnmae = "Money"\n',
            "roles[0].nmae: unknown field 'nmae' (did you mean 'name'?)",
            id="role",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\ncolour = "green"\n',
            "roles[0].colour: unknown field 'colour'",
            id="role-no-close-match",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\n[[roles.responsibilities]]\nid = "x"\ntext = "T"\nowner = "me"\n',
            "roles[0].responsibilities[0].owner: unknown field 'owner'",
            id="responsibility",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\n[roles.perspective]\nviwe = "Sees money"\n',
            "roles[0].perspective.viwe: unknown field 'viwe' (did you mean 'view'?)",
            id="perspective",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["finance", "itam"]\ntopics = ["Licenses"]\ntoppics = ["x"]\n',
            "collaborations[0].toppics: unknown field 'toppics' (did you mean 'topics'?)",
            id="collaboration",
        ),
        pytest.param(
            # A key holding control characters is shown harmlessly, and on one line.
            '[[roles]]\nid = "finance"\n"na\\u001b[2J\\nme" = "x"\n',
            "roles[0].na\u241b[2J\u240ame: unknown field 'na\u241b[2J\u240ame' (did you mean 'name'?)",
            id="key-with-control-characters",
        ),
    ],
)
def test_unknown_fields_are_errors(tmp_path: Path, content: str, problem: str) -> None:
    assert problems_of(tmp_path, content) == [problem]


def test_a_typo_in_a_new_role_reports_the_typo_and_the_missing_field(tmp_path: Path) -> None:
    content = EMEA_ROLE.replace('name = "EMEA lead"', 'nmae = "EMEA lead"')
    assert problems_of(tmp_path, content) == [
        "roles[0].name: missing field 'name'",
        "roles[0].nmae: unknown field 'nmae' (did you mean 'name'?)",
    ]


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        pytest.param(
            '[[roles]]\nname = "EMEA lead"\nkind = "regional"\nsummary = "Regional"\n',
            ["roles[0].id: missing field 'id'"],
            id="no-id",
        ),
        pytest.param(
            '[[roles]]\nid = "EMEA lead"\nname = "EMEA"\nkind = "regional"\nsummary = "R"\n',
            [
                "roles[0].id: 'EMEA lead' is not a valid id: use lowercase letters, digits and "
                "hyphens, like 'cloud-analyst'"
            ],
            id="id-not-kebab-case",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\nmetrics = "Forecast accuracy"\nchallenges = ["A", 2]\n',
            [
                "roles[0].challenges[1]: expected a string in this list",
                "roles[0].metrics: expected a list of strings",
            ],
            id="string-lists",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\nname = 3\nperspective = "x"\nresponsibilities = "y"\n',
            [
                "roles[0].name: expected a string",
                "roles[0].perspective: expected a table",
                "roles[0].responsibilities: expected a list of [[roles.responsibilities]] tables",
            ],
            id="wrong-types",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\nname = "  "\nsummary = "One\\nTwo"\n',
            ["roles[0].name: must not be empty", "roles[0].summary: must be a single line"],
            id="empty-and-multi-line",
        ),
        pytest.param(
            '[[roles]]\nid = "finance"\nshort_name = "Finance department"\n',
            ["roles[0].short_name: is too long (at most 12 characters)"],
            id="too-long",
        ),
        pytest.param(
            'roles = "finance"\ncollaborations = [1]\n',
            [
                "roles: expected a list of [[roles]] tables",
                "collaborations[0]: expected a [[collaborations]] table",
            ],
            id="not-tables",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["finance", "itam", "security"]\ntopics = []\n',
            [
                "collaborations[0].roles: a collaboration names exactly two roles",
                "collaborations[0].topics: must not be empty",
            ],
            id="collaboration-shape",
        ),
    ],
)
def test_values_of_the_wrong_shape(tmp_path: Path, content: str, problems: list[str]) -> None:
    assert problems_of(tmp_path, content) == problems


BAD_CHARACTERS = [
    pytest.param("\\u001b]0;x\\u0007", "U+001B", id="osc-title-sequence"),
    pytest.param("\\u009b31m", "U+009B", id="c1-csi"),
    pytest.param("\\u202e", "U+202E", id="bidi-override"),
    pytest.param("\\u2066", "U+2066", id="bidi-isolate"),
    pytest.param("\\u007f", "U+007F", id="delete"),
    pytest.param("\\u0000", "U+0000", id="nul"),
    pytest.param("\\r", "U+000D", id="carriage-return"),
]

# Where the bad text goes: a TOML document with {text} in one field, and that field's location.
TEXT_FIELDS = [
    pytest.param('[[roles]]\nid = "finance"\nname = "{text}"\n', "roles[0].name", id="name"),
    pytest.param('[[roles]]\nid = "finance"\nshort_name = "{text}"\n', "roles[0].short_name", id="short"),
    pytest.param('[[roles]]\nid = "finance"\nsummary = "{text}"\n', "roles[0].summary", id="summary"),
    pytest.param(
        '[[roles]]\nid = "finance"\ndescription = "{text}"\n',
        "roles[0].description",
        id="description",
    ),
    pytest.param(
        '[[roles]]\nid = "finance"\nmetrics = ["Fine", "{text}"]\n',
        "roles[0].metrics[1]",
        id="metrics",
    ),
    pytest.param(
        '[[roles]]\nid = "finance"\n[roles.perspective]\ntitles = ["Fine", "{text}"]\n',
        "roles[0].perspective.titles[1]",
        id="titles",
    ),
    pytest.param(
        '[[roles]]\nid = "finance"\n[roles.perspective]\nview = "{text}"\n',
        "roles[0].perspective.view",
        id="view",
    ),
    pytest.param(
        '[[roles]]\nid = "finance"\n[[roles.responsibilities]]\nid = "plan"\ntext = "{text}"\n',
        "roles[0].responsibilities[0].text",
        id="responsibility",
    ),
    pytest.param(
        '[[collaborations]]\nroles = ["finance", "itam"]\ntopics = ["{text}"]\n',
        "collaborations[0].topics[0]",
        id="topics",
    ),
]


@pytest.mark.parametrize(("template", "location"), TEXT_FIELDS)
@pytest.mark.parametrize(("escaped", "code"), BAD_CHARACTERS)
def test_control_characters_are_rejected_where_they_are(
    tmp_path: Path, template: str, location: str, escaped: str, code: str
) -> None:
    # In the middle: a trailing carriage return would just be stripped with the whitespace.
    content = template.replace("{text}", f"Bad{escaped}!")
    assert problems_of(tmp_path, content) == [
        f"{location}: control character {code} at character 4 is not allowed"
    ]


def test_a_bom_tabs_newlines_and_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    content = (
        '[[roles]]\nid = "finance"\ndescription = """First line\n\tindented\nlast"""\n'
        'summary = "Plans\tthe budget"\n'
    )
    path = write(tmp_path, b"\xef\xbb\xbf" + content.replace("\n", "\r\n").encode("utf-8"))
    assert problems_in(path) == []
    finance = load_catalog([path]).role("finance")
    assert finance is not None
    assert finance.description == "First line\n\tindented\nlast"
    assert finance.summary == "Plans\tthe budget"


def test_a_custom_kind_is_accepted(tmp_path: Path) -> None:
    catalog = load_catalog([write(tmp_path, EMEA_ROLE)])
    assert catalog.kinds() == ["core", "associated", "regional"]
    assert [role.id for role in catalog.roles_in_display_order()][-1] == "emea-lead"


# ---------------------------------------------------------------------------------------------
# Overlays


def test_a_new_id_adds_a_full_role(tmp_path: Path) -> None:
    catalog = load_catalog([write(tmp_path, EMEA_ROLE)])
    assert len(catalog.roles) == 12
    assert catalog.role("emea-lead") == Role(
        id="emea-lead",
        name="EMEA lead",
        kind="regional",
        summary="Runs FinOps for the EMEA region",
    )


def test_an_existing_id_replaces_only_the_fields_it_gives(tmp_path: Path) -> None:
    bundled = load_catalog()
    before = bundled.role("finance")
    assert before is not None
    content = """
[[roles]]
id = "finance"
name = "Corporate finance"
metrics = ["Days to close the books"]

[[roles.responsibilities]]
id = "approve-budgets"
text = "Approve every team's cloud budget."
"""
    catalog = load_catalog([write(tmp_path, content)])
    after = catalog.role("finance")
    assert after == dataclasses.replace(
        before,
        name="Corporate finance",
        metrics=("Days to close the books",),
        responsibilities=(Responsibility(id="approve-budgets", text="Approve every team's cloud budget."),),
    )
    assert after.summary == before.summary and after.perspective == before.perspective
    assert [role.id for role in catalog.roles] == [role.id for role in bundled.roles]
    assert catalog.collaborations == bundled.collaborations


def test_an_existing_pair_merges_topics_without_duplicates(tmp_path: Path) -> None:
    # Written the other way round from the bundled edge: still the same pair.
    content = f"""
[[collaborations]]
roles = ["finance", "itam"]
topics = ["{FINANCE_ITAM_TOPIC}", "Reconcile license invoices"]
"""
    catalog = load_catalog([write(tmp_path, content)])
    edge = catalog.collaboration("itam", "finance")
    assert edge is not None
    assert edge.topics == (FINANCE_ITAM_TOPIC, "Reconcile license invoices")
    assert len(catalog.collaborations) == BUNDLED_EDGE_COUNT


def test_a_new_role_can_collaborate_with_a_bundled_one(tmp_path: Path) -> None:
    content = EMEA_ROLE + '\n[[collaborations]]\nroles = ["emea-lead", "finance"]\n'
    content += 'topics = ["Regional budgets"]\n'
    catalog = load_catalog([write(tmp_path, content)])
    assert catalog.collaboration("finance", "emea-lead") == Collaboration(
        roles=("emea-lead", "finance"), topics=("Regional budgets",)
    )
    assert len(catalog.collaborations) == BUNDLED_EDGE_COUNT + 1


def test_later_files_win_and_build_on_earlier_ones(tmp_path: Path) -> None:
    first = write(
        tmp_path,
        EMEA_ROLE + '\n[[roles]]\nid = "finance"\nname = "Money"\nsummary = "Counts it"\n',
        "first.toml",
    )
    second = write(
        tmp_path,
        '[[roles]]\nid = "finance"\nname = "Treasury"\n\n'
        '[[roles]]\nid = "emea-lead"\nsummary = "Runs FinOps for Europe"\n\n'
        '[[collaborations]]\nroles = ["emea-lead", "finance"]\ntopics = ["Euro budgets"]\n',
        "second.toml",
    )
    catalog = load_catalog([first, second])
    finance = catalog.role("finance")
    emea = catalog.role("emea-lead")
    assert finance is not None and emea is not None
    assert (finance.name, finance.summary) == ("Treasury", "Counts it")
    assert (emea.name, emea.summary) == ("EMEA lead", "Runs FinOps for Europe")
    assert catalog.collaboration("finance", "emea-lead") is not None


@pytest.mark.parametrize(("order", "name"), [((0, 1), "Treasury"), ((1, 0), "Money")])
def test_the_last_file_given_wins(tmp_path: Path, order: tuple[int, int], name: str) -> None:
    files = [
        write(tmp_path, '[[roles]]\nid = "finance"\nname = "Money"\n', "money.toml"),
        write(tmp_path, '[[roles]]\nid = "finance"\nname = "Treasury"\n', "treasury.toml"),
    ]
    finance = load_catalog([files[index] for index in order]).role("finance")
    assert finance is not None and finance.name == name


def test_problems_of_every_overlay_file_are_reported_together(tmp_path: Path) -> None:
    first = write(tmp_path, '[[roles]]\nid = "finance"\nnmae = "Money"\n', "first.toml")
    missing = tmp_path / "missing.toml"
    third = write(tmp_path, '[[collaborations]]\nroles = ["finance", "finops-team"]\n', "c.toml")
    with pytest.raises(CatalogError) as caught:
        load_catalog([first, missing, third])
    assert [str(problem) for problem in caught.value.problems] == [
        f"{first}: roles[0].nmae: unknown field 'nmae' (did you mean 'name'?)",
        f"{missing}: no such file",
        f"{third}: collaborations[0].topics: missing field 'topics'",
        f"{third}: collaborations[0].roles[1]: unknown role 'finops-team'",
    ]
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


# ---------------------------------------------------------------------------------------------
# Checks across records


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(
            '[[roles]]\nid = "finance"\nname = "A"\n[[roles]]\nid = "finance"\nname = "B"\n',
            "roles[1].id: duplicate role id 'finance'",
            id="duplicate-bundled-role",
        ),
        pytest.param(
            EMEA_ROLE + EMEA_ROLE,
            "roles[1].id: duplicate role id 'emea-lead'",
            id="duplicate-new-role",
        ),
        pytest.param(
            EMEA_ROLE + '[[roles.responsibilities]]\nid = "plan"\ntext = "Plan"\n'
            '[[roles.responsibilities]]\nid = "plan"\ntext = "Plan again"\n',
            "roles[id=emea-lead].responsibilities[1].id: duplicate responsibility id 'plan'",
            id="duplicate-responsibility",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["finanse", "itam"]\ntopics = ["Licenses"]\n',
            "collaborations[0].roles[0]: unknown role 'finanse' (did you mean 'finance'?)",
            id="unknown-role-with-suggestion",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["itam", "finops-team"]\ntopics = ["Licenses"]\n',
            "collaborations[0].roles[1]: unknown role 'finops-team'",
            id="unknown-role",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["finance", "finance"]\ntopics = ["Budgets"]\n',
            "collaborations[0].roles: role 'finance' cannot collaborate with itself",
            id="self-edge",
        ),
        pytest.param(
            '[[collaborations]]\nroles = ["finance", "security"]\ntopics = ["Fraud"]\n'
            '[[collaborations]]\nroles = ["security", "finance"]\ntopics = ["Audit"]\n',
            "collaborations[1].roles: duplicate collaboration between 'security' and 'finance'",
            id="duplicate-edge",
        ),
    ],
)
def test_cross_record_problems(tmp_path: Path, content: str, problem: str) -> None:
    assert problems_of(tmp_path, content) == [problem]


MANY_PROBLEMS = """
[[roles]]
id = "emea-lead"
nmae = "EMEA lead"
kind = "regional"
summary = "Runs FinOps for the EMEA region"

[[roles]]
id = "finance"
summary = ""
metrics = "Forecast accuracy"

[[roles]]
id = "apac-lead"
name = "APAC lead"
kind = "regional"
summary = "Runs FinOps for APAC"

[[roles.responsibilities]]
id = "review-spend"
text = "Review regional spend\\u001b[2J"

[[collaborations]]
roles = ["finance", "finops-team"]
topics = ["Reporting"]

[[collaborations]]
roles = ["finance", "finance"]
topics = ["Budgets"]

[[collaborations]]
roles = ["emea-lead", "apac-lead"]
topics = ["Handover", "Hand\\u202eover"]
"""


def test_every_problem_in_a_file_is_listed(tmp_path: Path) -> None:
    path = write(tmp_path, MANY_PROBLEMS)
    # The roles that failed are still known by id: the last edge is not "unknown role" noise.
    assert [str(problem) for problem in validate_files([path])] == [
        f"{path}: roles[0].name: missing field 'name'",
        f"{path}: roles[0].nmae: unknown field 'nmae' (did you mean 'name'?)",
        f"{path}: roles[1].summary: must not be empty",
        f"{path}: roles[1].metrics: expected a list of strings",
        f"{path}: roles[2].responsibilities[0].text: control character U+001B at character 22 is not allowed",
        f"{path}: collaborations[0].roles[1]: unknown role 'finops-team'",
        f"{path}: collaborations[1].roles: role 'finance' cannot collaborate with itself",
        f"{path}: collaborations[2].topics[1]: control character U+202E at character 5 is not allowed",
    ]


def test_each_file_is_validated_on_its_own_against_the_bundled_roles(tmp_path: Path) -> None:
    roles = write(tmp_path, EMEA_ROLE, "roles.toml")
    edges = write(tmp_path, '[[collaborations]]\nroles = ["emea-lead", "itam"]\ntopics = ["x"]\n', "e.toml")
    assert validate_files([roles]) == []
    assert [str(problem) for problem in validate_files([roles, edges])] == [
        f"{edges}: collaborations[0].roles[0]: unknown role 'emea-lead'"
    ]
    assert load_catalog([roles, edges]).collaboration("emea-lead", "itam") is not None


# ---------------------------------------------------------------------------------------------
# Property: any valid catalog survives being written as TOML and read back

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=_BIDI_CONTROLS
)
_TEXT_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),
    exclude_characters=_BIDI_CONTROLS,
    include_characters="\n\t",
)
identifiers = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    min_size=1,
    max_size=3,
).map("-".join)
texts = st.text(_TEXT_CHARACTERS, max_size=60)


def lines(max_size: int) -> st.SearchStrategy[str]:
    """Non-empty single lines, already stripped as the models store them."""
    return st.text(_LINE_CHARACTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


# Built once: strategies made inside a composite are re-validated on every draw.
names = lines(40)
short_names = st.none() | lines(12)
kinds = st.sampled_from(["core", "associated"]) | identifiers
summaries = lines(60)
items = st.lists(lines(30), max_size=3).map(tuple)
titles = st.lists(lines(20), max_size=3).map(tuple)
responsibility_ids = st.lists(identifiers, max_size=4, unique=True)
topic_lists = st.lists(lines(30), min_size=1, max_size=3).map(tuple)


@st.composite
def roles(draw: st.DrawFn, role_id: str) -> Role:
    return Role(
        id=role_id,
        name=draw(names),
        short_name=draw(short_names),
        kind=draw(kinds),
        summary=draw(summaries),
        description=draw(texts),
        challenges=draw(items),
        metrics=draw(items),
        outcomes=draw(items),
        perspective=Perspective(titles=draw(titles), view=draw(texts)),
        responsibilities=tuple(
            Responsibility(id=responsibility_id, text=draw(summaries))
            for responsibility_id in draw(responsibility_ids)
        ),
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    """Valid catalogs: distinct kebab ids, safe text, edges between distinct roles, no pair twice."""
    role_ids = draw(st.lists(identifiers, max_size=6, unique=True))
    all_roles = tuple(draw(roles(role_id)) for role_id in role_ids)
    pairs = list(itertools.combinations(role_ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8)) if pairs else []
    edges = [
        Collaboration(
            roles=(second, first) if draw(st.booleans()) else (first, second),
            topics=draw(topic_lists),
        )
        for first, second in chosen
    ]
    return Catalog(roles=all_roles, collaborations=tuple(edges))


@settings(max_examples=100, deadline=None)
@given(catalog=catalogs())
def test_any_valid_catalog_round_trips_through_toml(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> None:
    table = {
        "roles": [dataclasses.asdict(role) for role in catalog.roles],
        "collaborations": [dataclasses.asdict(edge) for edge in catalog.collaborations],
    }
    text = tomli_w.dumps(_without_none(table))
    assert schema.Catalog.model_validate(tomllib.loads(text)).to_model() == catalog

    path = tmp_path_factory.mktemp("round-trip") / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = lay_over(Catalog(), read_toml(path), str(path))
    assert problems == []
    assert loaded == catalog


def _without_none(value: Any) -> Any:
    """A table as TOML can hold it: TOML has no null, an absent field is its default."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_without_none(item) for item in value]
    return value


def test_the_bundled_catalog_satisfies_the_schema_and_loads_as_the_schema_reads_it() -> None:
    # The app builds the bundled file straight into models, unvalidated: this is its check.
    document = read_toml(bundled_path())
    assert schema.Catalog.model_validate(document).to_model() == bundled_catalog()
    assert validate_files([bundled_path()]) == []
