"""Exporters, the export writer and the import reader (finops_tui/export.py, importer.py), no CLI.

Golden files live in tests/golden/export/; regenerate them with
``FINOPS_TUI_UPDATE_GOLDEN=1 python -m pytest tests/test_export.py`` and review the diff.
"""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import os
import re
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from golden import assert_matches_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from strategies import notes_documents

from finops_tui.core.models import (
    Capabilities,
    Capability,
    Catalog,
    Domain,
    NotesDocument,
    Responsibility,
    ResponsibilityNote,
    Role,
    RoleNotes,
)
from finops_tui.exchange import export, importer
from finops_tui.exchange.export import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    NO_NOTES_MESSAGE,
    ORPHANED_MARKER,
    ExportError,
    ExportTargetExistsError,
    ExportWriteError,
    default_export_filename,
    escape_markdown_line,
    export_entries,
    export_notes,
    markdown_paragraphs,
    neutralise_csv_cell,
    write_export,
)
from finops_tui.exchange.importer import NotesImportError, parse_import_text, read_import_file

EXPORTED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EARLY = datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
LATER = datetime(2024, 4, 3, 17, 45, 12, 250000, tzinfo=UTC)
ELSEWHERE = datetime(2024, 4, 4, 8, 0, tzinfo=timezone(timedelta(hours=2)))

# C0 except tab and newline, DEL, C1, bidi controls: none may appear raw in any export.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# ---------------------------------------------------------------------------------------------
# A small hand-built catalog and a set of notes with every kind of awkward text


def sample_catalog() -> Catalog:
    return Catalog(
        roles=(
            Role(
                id="analyst",
                name='Cost "analyst" | *lead*',
                kind="core",
                summary="Reads the bill",
                responsibilities=(
                    Responsibility(id="build-reports", text="Build `showback` reports, by team & month"),
                    Responsibility(id="tag-resources", text="# Tag <b>every</b> resource"),
                    Responsibility(id="review-spend", text="Review spend_per_team weekly"),
                ),
            ),
            Role(
                id="finance",
                name="Finance",
                kind="core",
                summary="Owns budgets",
                responsibilities=(Responsibility(id="forecast", text="Forecast spend — quarterly"),),
            ),
            Role(
                id="security",
                name="Security & compliance",
                kind="associated",
                summary="Keeps it safe",
                responsibilities=(Responsibility(id="review-access", text="Review access"),),
            ),
        ),
        # Two capabilities: each exported responsibility carries the ids of those it serves.
        capability_data=Capabilities(
            domains=(Domain(id="understand", name="Understand", summary="See the spend"),),
            capabilities=(
                Capability(
                    id="allocation",
                    name="Allocation",
                    domain="understand",
                    summary="Owners for costs",
                    raci=(("analyst", "A"),),
                    responsibilities=("analyst/tag-resources", "analyst/review-spend"),
                ),
                Capability(
                    id="forecasting",
                    name="Forecasting",
                    domain="understand",
                    summary="Spend ahead",
                    raci=(("finance", "A"), ("analyst", "C")),
                    responsibilities=("finance/forecast", "analyst/review-spend"),
                ),
            ),
        ),
    )


def sample_notes() -> NotesDocument:
    return NotesDocument(
        roles={
            # Orphaned role first, and responsibilities out of order: the export sorts them.
            "zz-retired": RoleNotes(
                note="@channel ping\nsecond line",
                responsibilities={"old-duty": ResponsibilityNote(raci="R", updated_at=EARLY)},
            ),
            "analyst": RoleNotes(
                held=True,
                note=(
                    "First line, with a comma\r\n"
                    "# not a heading\n"
                    "- not a list\n"
                    "1. not numbered\n"
                    "\n"
                    'She said "fine" — café, naïve, 日本語, 🚀\n'
                    "ESC here:\x1b[2J\x1b]0;title\x07 and C1:\x9b and bidi:\u202e!"
                ),
                updated_at=LATER,
                responsibilities={
                    "tag-resources": ResponsibilityNote(
                        raci="A", note='-5% vs plan, "quoted", comma', updated_at=ELSEWHERE
                    ),
                    "gone-duty": ResponsibilityNote(raci="I", note="kept from before", updated_at=EARLY),
                    "build-reports": ResponsibilityNote(
                        raci="R",
                        note="=SUM(A1:A9)\n| a | b |\n`code` and **bold** <script>x</script>",
                        updated_at=EARLY,
                    ),
                    "review-spend": ResponsibilityNote(raci="C", updated_at=LATER),
                },
            ),
            "finance": RoleNotes(
                responsibilities={
                    "forecast": ResponsibilityNote(note="+1 more\tcolumn", updated_at=EARLY),
                    # Carries nothing: kept in the lossless formats, skipped in the readable ones.
                    "spare": ResponsibilityNote(updated_at=EARLY),
                },
            ),
            "security": RoleNotes(held=True, updated_at=EARLY),
        }
    )


def export_sample(format_name: str, **options: object) -> str:
    return export_notes(format_name, sample_catalog(), sample_notes(), exported_at=EXPORTED_AT, **options)


# ---------------------------------------------------------------------------------------------
# Golden files


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_golden(format_name: str) -> None:
    extension = EXPORT_FORMATS[format_name].extension
    assert_matches_golden(
        "export", f"notes.{extension}", export_sample(format_name), normalise_line_endings=False
    )


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_golden_without_notes(format_name: str) -> None:
    text = export_notes(format_name, sample_catalog(), NotesDocument(), exported_at=EXPORTED_AT)
    assert_matches_golden(
        "export", f"empty.{EXPORT_FORMATS[format_name].extension}", text, normalise_line_endings=False
    )


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_no_raw_control_characters_in_any_export(format_name: str) -> None:
    text = export_sample(format_name)
    if format_name == "csv":
        text = text.replace("\r\n", "\n")  # RFC 4180 row separators, not note content
    assert RAW_CONTROL.search(text) is None


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_exports_are_deterministic(format_name: str) -> None:
    assert export_sample(format_name) == export_sample(format_name)


def test_exporting_nothing_says_so() -> None:
    empty = NotesDocument()
    catalog = sample_catalog()
    assert NO_NOTES_MESSAGE in export_notes("markdown", catalog, empty, exported_at=EXPORTED_AT)
    assert NO_NOTES_MESSAGE in export_notes("toml", catalog, empty, exported_at=EXPORTED_AT)
    assert json.loads(export_notes("json", catalog, empty, exported_at=EXPORTED_AT))["roles"] == []
    rows = list(csv.reader(io.StringIO(export_notes("csv", catalog, empty, exported_at=EXPORTED_AT))))
    assert rows == [list(CSV_COLUMNS)]
    assert tomllib.loads(export_notes("toml", catalog, empty, exported_at=EXPORTED_AT))["roles"] == {}


# ---------------------------------------------------------------------------------------------
# Order and filters


def test_roles_in_catalog_order_then_orphans_and_responsibilities_in_role_order() -> None:
    entries = export_entries(sample_catalog(), sample_notes())
    assert [entry.id for entry in entries] == ["analyst", "finance", "security", "zz-retired"]
    analyst = entries[0]
    assert [responsibility.id for responsibility in analyst.responsibilities] == [
        "build-reports",
        "tag-resources",
        "review-spend",
        "gone-duty",
    ]
    assert [responsibility.orphaned for responsibility in analyst.responsibilities] == [
        False,
        False,
        False,
        True,
    ]
    assert entries[-1].orphaned and entries[-1].name is None


def test_role_filter_keeps_catalog_order_and_accepts_orphaned_ids() -> None:
    entries = export_entries(sample_catalog(), sample_notes(), roles=["zz-retired", "analyst"])
    assert [entry.id for entry in entries] == ["analyst", "zz-retired"]


def test_role_filter_naming_a_role_without_notes_exports_nothing() -> None:
    assert export_entries(sample_catalog(), NotesDocument(), roles=["finance"]) == []


def test_unknown_role_in_filter_is_an_error_with_a_hint() -> None:
    with pytest.raises(ExportError, match=r"unknown role 'analist' \(did you mean 'analyst'\?\)"):
        export_entries(sample_catalog(), sample_notes(), roles=["analist"])


def test_held_only() -> None:
    entries = export_entries(sample_catalog(), sample_notes(), held_only=True)
    assert [entry.id for entry in entries] == ["analyst", "security"]


def test_filters_combine() -> None:
    entries = export_entries(sample_catalog(), sample_notes(), roles=["finance", "security"], held_only=True)
    assert [entry.id for entry in entries] == ["security"]


def test_unknown_format() -> None:
    with pytest.raises(ExportError, match="unknown export format 'yaml'"):
        export_notes("yaml", sample_catalog(), sample_notes(), exported_at=EXPORTED_AT)


# ---------------------------------------------------------------------------------------------
# Formats and file names


def test_formats_and_default_file_names() -> None:
    assert list(EXPORT_FORMATS) == ["markdown", "json", "csv", "toml"]
    assert [f.importable for f in EXPORT_FORMATS.values()] == [False, True, False, True]
    day = date(2024, 5, 1)
    names = [default_export_filename(name, day) for name in EXPORT_FORMATS]
    assert names == [
        "finops-notes-2024-05-01.md",
        "finops-notes-2024-05-01.json",
        "finops-notes-2024-05-01.csv",
        "finops-notes-2024-05-01.toml",
    ]


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_fields_orphans_and_escapes() -> None:
    text = export_sample("json")
    assert text.isascii()
    assert "\\u001b[2J" in text and "\\u009b" in text and "\\u202e" in text
    payload = json.loads(text)
    assert payload["schema_version"] == 1
    assert payload["exported_at"] == "2024-05-01T12:00:00+00:00"
    analyst, _finance, _security, retired = payload["roles"]
    assert set(analyst) == {
        "id",
        "name",
        "orphaned",
        "held",
        "note",
        "updated_at",
        "responsibilities",
    }
    assert analyst["note"] == sample_notes().roles["analyst"].note  # every character kept
    gone = analyst["responsibilities"][-1]
    assert gone == {
        "id": "gone-duty",
        "text": None,
        "orphaned": True,
        "raci": "I",
        "note": "kept from before",
        "updated_at": "2024-04-02T09:30:00+00:00",
        "capabilities": [],
    }
    assert retired["orphaned"] is True and retired["name"] is None
    assert analyst["responsibilities"][1]["updated_at"] == "2024-04-04T08:00:00+02:00"


# ---------------------------------------------------------------------------------------------
# CSV


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_reads_back_with_the_same_cells() -> None:
    rows = csv_rows(export_sample("csv"))
    assert rows[0] == list(CSV_COLUMNS)
    by_key = {(row[0], row[2]): row for row in rows[1:]}
    assert list(by_key) == [
        ("analyst", ""),
        ("analyst", "build-reports"),
        ("analyst", "tag-resources"),
        ("analyst", "review-spend"),
        ("analyst", "gone-duty"),
        ("finance", "forecast"),
        ("security", ""),
        ("zz-retired", ""),
        ("zz-retired", "old-duty"),
    ]
    assert by_key[("analyst", "")][5] == (
        "First line, with a comma\n# not a heading\n- not a list\n1. not numbered\n\n"
        'She said "fine" — café, naïve, 日本語, 🚀\n'
        "ESC here:[2J]0;title and C1: and bidi:!"
    )
    assert by_key[("analyst", "build-reports")][3:7] == [
        "Build `showback` reports, by team & month",
        "R",
        "'=SUM(A1:A9)\n| a | b |\n`code` and **bold** <script>x</script>",
        "2024-04-02T09:30:00+00:00",
    ]
    assert by_key[("analyst", "tag-resources")][5] == '\'-5% vs plan, "quoted", comma'
    assert by_key[("finance", "forecast")][5] == "'+1 more\tcolumn"
    assert by_key[("zz-retired", "")][1] == ORPHANED_MARKER
    assert by_key[("zz-retired", "")][5] == "'@channel ping\nsecond line"
    assert by_key[("analyst", "gone-duty")][3] == ORPHANED_MARKER
    assert by_key[("security", "")][7] == "yes"


def test_csv_uses_crlf_between_rows() -> None:
    text = export_sample("csv")
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    assert text.endswith("\r\n")


@pytest.mark.parametrize(
    ("note", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("\r=after a carriage return", "'\n=after a carriage return"),
        ("\x1b=hidden behind ESC", "'=hidden behind ESC"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("'already quoted", "'already quoted"),
    ],
)
def test_csv_neutralises_formulas(note: str, written: str) -> None:
    document = NotesDocument(roles={"finance": RoleNotes(note=note, held=True, updated_at=EARLY)})
    rows = csv_rows(export_notes("csv", sample_catalog(), document, exported_at=EXPORTED_AT))
    assert rows[1][5] == written


@given(st.text())
def test_csv_cells_never_start_a_formula(value: str) -> None:
    cell = neutralise_csv_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert RAW_CONTROL.search(cell) is None


# ---------------------------------------------------------------------------------------------
# Markdown


def markdown_renderer() -> MarkdownIt:
    """CommonMark plus what typical viewers add: tables, strikethrough, $math$."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(dollarmath_plugin)


def rendered_paragraph_text(markdown: str) -> list[str]:
    """The lines of one rendered paragraph; fails if anything but a plain paragraph came out."""
    rendered = markdown_renderer().render(markdown)
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"p", "br"}, rendered
    inner = re.sub(r"</?p>\n?", "", rendered).rstrip("\n")
    return [html.unescape(line) for line in inner.split("<br />\n")] if inner else []


@pytest.mark.parametrize(
    "line",
    [
        "# heading",
        "## also # closing #",
        "> quote",
        "- item",
        "+ item",
        "* item",
        "1. numbered",
        "12) numbered",
        "---",
        "===",
        "***",
        "___",
        "| a | b |",
        "`code` and ``more``",
        "```fenced",
        "~~~fenced",
        "~~strike~~",
        "*emphasis* and _this_ and **bold**",
        "[link](http://example.com) and ![img](x.png)",
        "[ref]: http://example.com",
        "<script>alert(1)</script>",
        "<http://example.com>",
        "&amp; &#35; &copy;",
        "$x^2$ and $$y$$",
        "back\\slash \\* and trailing \\",
        "    four spaces would be code",
        "[@click=app.quit]x[/]",
    ],
)
def test_markdown_line_shows_exactly_its_text(line: str) -> None:
    assert rendered_paragraph_text(escape_markdown_line(line)) == [line.strip()]


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=1))
def test_markdown_line_property(line: str) -> None:
    expected = escape_markdown_line(line)
    visible = export._readable(line).strip()
    if not visible:
        assert expected == ""
        return
    assert rendered_paragraph_text(expected) == [visible]


def test_markdown_note_keeps_its_line_breaks() -> None:
    paragraphs = markdown_paragraphs("one\ntwo # x\n\n\nthree\r\nfour\\")
    assert paragraphs == ["one\\\ntwo \\# x", "three\\\nfour\\\\"]
    assert rendered_paragraph_text(paragraphs[0]) == ["one", "two # x"]
    assert rendered_paragraph_text(paragraphs[1]) == ["three", "four\\"]


MARKDOWN_SYNTAX = st.text(
    alphabet=st.sampled_from(list("#>-+=*_`[]()<>!|~$&;\\ 0123456789.):ab\t\n\r\x1b")), min_size=1
)


@settings(max_examples=200)
@given(MARKDOWN_SYNTAX)
def test_markdown_note_inside_a_list_item_property(note: str) -> None:
    """A responsibility's note stays inside its list item, as plain lines, whatever it holds."""
    paragraphs = markdown_paragraphs(note, indent="  ")
    document = "- **R** (Responsible): text\n\n" + "\n\n".join(paragraphs) + "\n\n- next\n"
    rendered = markdown_renderer().render(document)
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"ul", "li", "p", "br", "strong"}
    assert rendered.count("<li>") == 2
    body = rendered.split("(Responsible): text</p>\n", 1)[1].split("</li>")[0]
    lines = [html.unescape(part).strip() for part in re.split(r"<br />\n|</?p>\n?", body)]
    expected = [line.strip() for line in export._readable(note).split("\n")]
    assert [line for line in lines if line] == [line for line in expected if line]


def test_markdown_document_renders_cleanly() -> None:
    rendered = markdown_renderer().render(export_sample("markdown"))
    assert rendered.count("<h1>") == 1
    headings = re.findall(r"<h2>(.*?)</h2>", rendered)
    assert headings == [
        "Cost &quot;analyst&quot; | *lead*",
        "Finance",
        "Security &amp; compliance",
        f"<code>zz-retired</code> {ORPHANED_MARKER}",
    ]
    for unwanted in ("<pre>", "<table>", "<script>", "<blockquote>", "<ol>", "<h3># "):
        assert unwanted not in rendered
    assert "&lt;script&gt;x&lt;/script&gt;" in rendered
    assert f"<code>gone-duty</code> {ORPHANED_MARKER}" in rendered


def test_markdown_lists_raci_text_and_note_and_skips_empty_entries() -> None:
    text = export_sample("markdown")
    assert "- **R** (Responsible): Build \\`showback\\` reports, by team & month" in text
    assert "- **C** (Consulted): Review spend\\_per\\_team weekly" in text
    assert (
        "- (no RACI letter): Forecast spend — quarterly · capabilities: `forecasting`\n\n  \\+1 more\tcolumn"
        in text
    )
    assert "spare" not in text
    assert "Role id: `security`. Held: yes." in text


# ---------------------------------------------------------------------------------------------
# TOML


def test_toml_is_the_notes_layout_with_extras() -> None:
    parsed = tomllib.loads(export_sample("toml"))
    assert parsed["schema_version"] == 1
    assert parsed["exported_at"] == EXPORTED_AT
    analyst = parsed["roles"]["analyst"]
    assert analyst["name"] == 'Cost "analyst" | *lead*'
    assert analyst["note"] == sample_notes().roles["analyst"].note
    assert analyst["responsibilities"]["gone-duty"]["orphaned"] is True
    assert "raci" not in parsed["roles"]["finance"]["responsibilities"]["forecast"]
    assert parsed["roles"]["zz-retired"]["orphaned"] is True
    assert list(parsed["roles"]) == ["analyst", "finance", "security", "zz-retired"]


# ---------------------------------------------------------------------------------------------
# Round trips through the importer


@pytest.mark.parametrize("kind", ["json", "toml"])
def test_round_trip_is_lossless(kind: str) -> None:
    text = export_sample(kind)
    document = parse_import_text(text, source=f"notes.{kind}", kind=kind)
    assert document == sample_notes()
    assert export_notes(kind, sample_catalog(), document, exported_at=EXPORTED_AT) == text


def test_exports_carry_capability_ids_and_imports_take_them_with_or_without() -> None:
    """Each responsibility names the capabilities it serves; import reads files made before
    this (without them) and after (with them) to the same notes: the ids are the catalog's."""
    exported = json.loads(export_sample("json"))
    serves = {
        responsibility["id"]: responsibility["capabilities"]
        for role in exported["roles"]
        for responsibility in role["responsibilities"]
    }
    assert serves["review-spend"] == ["allocation", "forecasting"]
    assert serves["gone-duty"] == []  # orphaned: the catalog no longer says
    for role in exported["roles"]:
        for responsibility in role["responsibilities"]:
            del responsibility["capabilities"]
    older = json.dumps(exported)
    assert parse_import_text(older, source="old.json", kind="json") == sample_notes()
    toml_text = export_sample("toml")
    assert 'capabilities = [\n    "allocation",\n    "forecasting",\n]' in toml_text
    older_toml = re.sub(r"capabilities = \[[^\]]*\]\n", "", toml_text)
    assert "capabilities" not in older_toml
    assert parse_import_text(older_toml, source="old.toml", kind="toml") == sample_notes()


def test_an_import_with_a_bad_capabilities_value_names_it(tmp_path: Path) -> None:
    bad = {
        "schema_version": 1,
        "roles": [
            {
                "id": "finance",
                "responsibilities": [
                    {
                        "id": "forecast",
                        "updated_at": "2024-04-02T09:30:00+00:00",
                        "capabilities": "forecasting",
                    }
                ],
            }
        ],
    }
    path = write(tmp_path, "bad.json", json.dumps(bad))
    assert problems_of(path) == [
        f"{path}: roles[0].responsibilities[0].capabilities: expected a list of capability ids"
    ]


documents = notes_documents(
    ["analyst", "finance", "security", "old-role", "x-1"],
    ["build-reports", "forecast", "review-access", "old-duty", "d2"],
    max_roles=4,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["json", "toml"]))
def test_round_trip_property(document: NotesDocument, kind: str) -> None:
    catalog = sample_catalog()
    text = export_notes(kind, catalog, document, exported_at=EXPORTED_AT)
    assert RAW_CONTROL.search(text) is None
    back = parse_import_text(text, source="generated", kind=kind)
    assert back == document
    assert export_notes(kind, catalog, back, exported_at=EXPORTED_AT) == text


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_readable_exports_never_carry_controls(document: NotesDocument) -> None:
    catalog = sample_catalog()
    assert RAW_CONTROL.search(export_notes("markdown", catalog, document, exported_at=EXPORTED_AT)) is None
    cells = csv_rows(export_notes("csv", catalog, document, exported_at=EXPORTED_AT))
    assert all(RAW_CONTROL.search(cell) is None for row in cells for cell in row)


# ---------------------------------------------------------------------------------------------
# Reading an import file


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(NotesImportError) as caught:
        read_import_file(path)
    return str(caught.value).splitlines()


@pytest.mark.parametrize("kind", ["json", "toml"])
def test_reads_an_export_by_extension_or_content(tmp_path: Path, kind: str) -> None:
    text = export_sample(kind)
    assert read_import_file(write(tmp_path, f"notes.{kind}", text)) == sample_notes()
    assert read_import_file(write(tmp_path, "no-extension", text)) == sample_notes()
    assert read_import_file(write(tmp_path, "odd.txt", "\ufeff" + text)) == sample_notes()


def test_a_time_without_offset_is_taken_as_utc(tmp_path: Path) -> None:
    text = '{"schema_version": 1, "roles": [{"id": "a", "updated_at": "2024-04-02T09:30:00"}]}'
    assert read_import_file(write(tmp_path, "n.json", text)).roles["a"].updated_at == EARLY


def test_reads_a_plain_notes_toml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "notes.toml",
        'schema_version = 1\n[roles.finance]\nheld = true\nnote = "hi"\n'
        '[roles.finance.responsibilities.forecast]\nraci = "R"\nupdated_at = 2024-04-02T09:30:00Z\n',
    )
    document = read_import_file(path)
    assert document.roles["finance"].held is True
    assert document.roles["finance"].responsibilities["forecast"].updated_at == EARLY


def test_json_with_every_kind_of_problem_lists_them_all(tmp_path: Path) -> None:
    bad = {
        "schema_version": 1,
        "exported": "typo",
        "roles": [
            {"id": "Bad Id", "held": True},
            {"id": "finance", "held": "yes", "note": 5, "updated_at": "yesterday", "colour": 1},
            {"id": "finance"},
            {
                "id": "security",
                "updated_at": "2024-04-02T09:30:00",
                "responsibilities": [
                    {"id": "review-access", "raci": "X", "note": "ok"},
                    {"id": "review-access", "updated_at": "2024-04-02T09:30:00Z"},
                    "not an object",
                    {"raci": "R"},
                ],
            },
            7,
        ],
    }
    path = write(tmp_path, "bad.json", json.dumps(bad))
    assert problems_of(path) == [
        f"{path}: exported: unknown field 'exported' (did you mean 'exported_at'?)",
        f"{path}: roles[0].id: 'Bad Id' is not a valid id: use lowercase letters, digits and hyphens",
        f"{path}: roles[1].colour: unknown field 'colour'",
        f"{path}: roles[1].held: expected true or false",
        f"{path}: roles[1].note: expected a string",
        f"{path}: roles[1].updated_at: 'yesterday' is not a date and time like 2024-05-01T12:00:00+00:00",
        f"{path}: roles[2]: duplicate role id 'finance'",
        f"{path}: roles[3].responsibilities[0].raci: 'X' is not a RACI letter (use R, A, C, I)",
        f"{path}: roles[3].responsibilities[0].updated_at: missing field 'updated_at'",
        f"{path}: roles[3].responsibilities[1]: duplicate responsibility id 'review-access'",
        f"{path}: roles[3].responsibilities[2]: expected an object",
        f"{path}: roles[3].responsibilities[3]: missing field 'id'",
        f"{path}: roles[4]: expected an object",
    ]


def test_toml_problems_use_table_locations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.toml",
        "schema_version = 1\n"
        '[roles.finance]\nheld = 1\nnote = "x"\n'
        '[roles.finance.responsibilities.forecast]\nraci = "r"\nupdated_at = 2024-04-02T09:30:00\n'
        "[roles.finance.responsibilities.plan]\nupdated_at = 2024-04-02\n",
    )
    assert problems_of(path) == [
        f"{path}: roles.finance.held: expected true or false",
        f"{path}: roles.finance.responsibilities.forecast.raci: 'r' is not a RACI letter (use R, A, C, I)",
        f"{path}: roles.finance.responsibilities.plan.updated_at: "
        "expected a date and time like 2024-05-01T12:00:00+00:00",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.json",
            "{",
            "line 1, column 2: invalid JSON: Expecting property name enclosed in double quotes",
        ),
        ("notes.json", "[]", "expected a JSON object with 'schema_version' and 'roles'"),
        ("notes.json", '{"schema_version": 1, "roles": {}}', "roles: expected a list of objects"),
        (
            "notes.json",
            '{"roles": []}',
            "schema_version: missing field 'schema_version'; is this a notes export?",
        ),
        (
            "notes.json",
            '{"schema_version": 2, "roles": []}',
            "schema_version: the file has schema version 2, from a newer finops-tui; "
            "this one reads version 1",
        ),
        ("notes.json", '{"schema_version": "1", "roles": []}', "schema_version: expected a whole number"),
        (
            "notes.json",
            '{"schema_version": 1, "schema_version": 1, "roles": []}',
            "duplicate key 'schema_version'",
        ),
        (
            "notes.toml",
            "schema_version = 1\n[[roles]]\nid = 'x'\n",
            "roles: expected a table keyed by id, like [roles.finops-practitioner]",
        ),
        ("notes.toml", "schema_version = \n", "line 1, column 18: invalid TOML: Invalid value"),
        (
            "notes.toml",
            'schema_version = 1\nx = "cut',
            "line 2, column 9 (end of file): invalid TOML: Unterminated string",
        ),
        (
            "notes.toml",
            'schema_version = 1\n[roles."Not An Id"]\n',
            "roles.Not An Id: 'Not An Id' is not a valid id: use lowercase letters, digits and hyphens",
        ),
        (
            "notes.json",
            '{"schema_version": 1, "roles": [{"id": "a", "note": "\\ud800"}]}',
            "roles[0].note: holds a lone surrogate",
        ),
        ("notes.toml", "", "file is empty; expected a JSON or TOML notes export"),
        ("notes.toml", b"\xff\xfes\x00", "file is UTF-16 encoded; save it as UTF-8"),
        (
            "notes.toml",
            b"schema_version = 1\nx = '\xe9'\n",
            "line 2: not valid UTF-8 (byte 25); save the file as UTF-8",
        ),
        ("notes.csv", "role_id\n", "CSV exports cannot be imported; import a JSON or TOML export"),
        ("notes.md", "# x\n", "Markdown exports cannot be imported; import a JSON or TOML export"),
    ],
)
def test_bad_import_files(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = write(tmp_path, name, content)
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: {message}")


def test_messages_never_carry_raw_controls(tmp_path: Path) -> None:
    bad = {"schema_version": 1, "roles": [{"id": "a\x1b]0;x\x07", "\x9bfield": 1}]}
    path = write(tmp_path, "bad.json", json.dumps(bad))
    for line in problems_of(path):
        assert RAW_CONTROL.search(line) is None


def test_missing_file_directory_and_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert problems_of(tmp_path / "absent.json") == [f"{tmp_path / 'absent.json'}: no such file"]
    assert problems_of(tmp_path) == [f"{tmp_path}: is a directory, not an export file"]
    monkeypatch.setattr(importer, "MAX_IMPORT_BYTES", 10)
    big = write(tmp_path, "big.json", "{" + " " * 20 + "}")
    assert "file is too large" in problems_of(big)[0]


# ---------------------------------------------------------------------------------------------
# Writing an export


@pytest.fixture
def notes_file(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    path = config / "notes.toml"
    path.write_text("schema_version = 1\n")
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file(tmp_path: Path, notes_file: Path) -> None:
    target = tmp_path / "out.md"
    assert write_export(target, "héllo\n", overwrite=False, notes_file=notes_file) == target
    assert target.read_bytes() == "héllo\n".encode()
    assert leftovers(tmp_path) == []


def test_refuses_an_existing_file_unless_overwrite(tmp_path: Path, notes_file: Path) -> None:
    target = write(tmp_path, "out.md", "old")
    with pytest.raises(ExportTargetExistsError, match="already exists") as caught:
        write_export(target, "new", overwrite=False, notes_file=notes_file)
    assert caught.value.path == target
    assert target.read_text() == "old"
    write_export(target, "new", overwrite=True, notes_file=notes_file)
    assert target.read_text() == "new"


def test_a_file_appearing_meanwhile_is_not_replaced(
    tmp_path: Path, notes_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    real_link = os.link

    def someone_else_first(source: Path, destination: Path) -> None:
        Path(destination).write_text("theirs")
        real_link(source, destination)

    monkeypatch.setattr(os, "link", someone_else_first)
    with pytest.raises(ExportTargetExistsError):
        write_export(target, "mine", overwrite=False, notes_file=notes_file)
    assert target.read_text() == "theirs"
    assert leftovers(tmp_path) == []


def test_works_without_hard_links(tmp_path: Path, notes_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: Path, destination: Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.md"
    write_export(target, "text", overwrite=False, notes_file=notes_file)
    assert target.read_text() == "text"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("overwrite", [False, True])
def test_never_writes_onto_the_notes_file(notes_file: Path, tmp_path: Path, overwrite: bool) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(notes_file)
    spellings = [notes_file, notes_file.parent / ".." / "config" / "notes.toml", link]
    for target in spellings:
        with pytest.raises(ExportError, match="the notes file itself"):
            write_export(target, "x", overwrite=overwrite, notes_file=notes_file)
    assert notes_file.read_text() == "schema_version = 1\n"


def test_refuses_a_not_yet_existing_notes_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    with pytest.raises(ExportError, match="the notes file itself"):
        write_export(notes, "x", overwrite=False, notes_file=notes)
    assert not notes.exists()


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda d: d, "is a directory; give a file name"),
        (lambda d: d / "missing" / "out.md", "the directory .* does not exist"),
        (lambda d: write(d, "plain", "x") / "out.md", "is not a directory"),
    ],
)
def test_bad_targets(tmp_path: Path, notes_file: Path, make_target: object, message: str) -> None:
    target = make_target(tmp_path)  # type: ignore[operator]
    with pytest.raises(ExportError, match=message):
        write_export(target, "x", overwrite=True, notes_file=notes_file)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_refuses_a_fifo(tmp_path: Path, notes_file: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="is not a regular file"):
        write_export(fifo, "x", overwrite=True, notes_file=notes_file)


def test_refuses_a_broken_symlink(tmp_path: Path, notes_file: Path) -> None:
    link = tmp_path / "dangling.md"
    link.symlink_to(tmp_path / "nowhere" / "x.md")
    with pytest.raises(ExportError, match="broken symbolic link"):
        write_export(link, "x", overwrite=True, notes_file=notes_file)


def test_refuses_a_symlink_loop(tmp_path: Path, notes_file: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    with pytest.raises(ExportError, match="broken symbolic link"):
        write_export(tmp_path / "a.md", "x", overwrite=True, notes_file=notes_file)


@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize(
    ("code", "reason"), [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")]
)
def test_failed_write_leaves_nothing_behind(
    tmp_path: Path,
    notes_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    overwrite: bool,
    code: int,
    reason: str,
) -> None:
    target = tmp_path / "out.md"
    if overwrite:
        target.write_text("old")

    def failing_fsync(descriptor: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(ExportWriteError, match=f"cannot write: {reason}"):
        write_export(target, "new " * 1000, overwrite=overwrite, notes_file=notes_file)
    assert leftovers(tmp_path) == []
    if overwrite:
        assert target.read_text() == "old"
    else:
        assert not target.exists()


# ---------------------------------------------------------------------------------------------
# Who made an export, the catalog it was made against, and letters-only exports


@pytest.mark.parametrize("format_name", list(EXPORT_FORMATS))
def test_golden_letters_only_with_a_person(format_name: str) -> None:
    text = export_sample(format_name, person="Ana Silva", letters_only=True)
    name = f"letters-only.{EXPORT_FORMATS[format_name].extension}"
    assert_matches_golden("export", name, text, normalise_line_endings=False)


@pytest.mark.parametrize("format_name", ["json", "toml"])
def test_person_and_catalog_are_read_back(format_name: str) -> None:
    from finops_tui.catalog.fingerprint import catalog_fingerprint
    from finops_tui.exchange.importer import parse_export_text

    text = export_sample(format_name, person="  Ana [b]Silva[/b]  ")
    read = parse_export_text(text, source="ana", kind=format_name)  # type: ignore[arg-type]
    assert read.person == "Ana [b]Silva[/b]"
    assert read.catalog == catalog_fingerprint(sample_catalog())
    assert read.exported_at == EXPORTED_AT
    assert read.document == parse_import_text(export_sample(format_name), source="x", kind=format_name)  # type: ignore[arg-type]


def test_without_a_person_the_field_is_left_out() -> None:
    assert '"person"' not in export_sample("json")
    assert '"person"' not in export_sample("json", person="   ")
    assert json.loads(export_sample("json", person="Bo"))["person"] == "Bo"


def test_letters_only_keeps_held_roles_and_letters_and_no_note_text() -> None:
    document = parse_import_text(export_sample("json", letters_only=True), source="x", kind="json")
    full = parse_import_text(export_sample("json"), source="x", kind="json")
    for role_id, notes in document.roles.items():
        assert notes.note == ""
        assert notes.held or notes.responsibilities
        for duty_id, duty in notes.responsibilities.items():
            assert duty.note == "" and duty.raci is not None
            assert duty.raci == full.roles[role_id].responsibilities[duty_id].raci
    lettered = {
        (role_id, duty_id)
        for role_id, notes in full.roles.items()
        for duty_id, duty in notes.responsibilities.items()
        if duty.raci
    }
    assert lettered == {(r, d) for r, n in document.roles.items() for d in n.responsibilities}
    assert {r for r, n in full.roles.items() if n.held} <= set(document.roles)


def test_the_catalog_fingerprint_follows_ids_not_wording() -> None:
    from dataclasses import replace

    from finops_tui.catalog.fingerprint import catalog_fingerprint

    catalog = sample_catalog()
    reworded_role = replace(catalog.roles[0], summary="Other words")
    assert catalog_fingerprint(replace(catalog, roles=(reworded_role, *catalog.roles[1:]))) == (
        catalog_fingerprint(catalog)
    )
    fewer_duties = replace(catalog.roles[0], responsibilities=catalog.roles[0].responsibilities[1:])
    changed = replace(catalog, roles=(fewer_duties, *catalog.roles[1:]))
    assert catalog_fingerprint(changed) != catalog_fingerprint(catalog)
    assert re.fullmatch(r"sha256:[0-9a-f]{12}", catalog_fingerprint(catalog))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("person", 3, "person: expected a string"),
        ("person", "x" * 10_000, "person: is too long (10,000 characters; at most 200)"),
        ("catalog", ["x"], "catalog: expected a string"),
        ("exported_at", "yesterday", "exported_at: 'yesterday' is not a date and time"),
    ],
)
def test_bad_header_fields_are_named(field: str, value: object, message: str) -> None:
    payload = json.loads(export_sample("json")) | {field: value}
    with pytest.raises(NotesImportError) as raised:
        parse_import_text(json.dumps(payload), source="f.json", kind="json")
    assert f"f.json: {message}" in str(raised.value)
