"""The collaboration matrix model, its three renderings, and the ``map`` command.

Golden files live in tests/golden/map/; regenerate them with
``FINOPS_TUI_UPDATE_GOLDEN=1 python -m pytest tests/test_collabmap.py`` and review the diff.
"""

from __future__ import annotations

import bisect
import html
import json
import os
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from itertools import combinations
from pathlib import Path

import pytest
from golden import assert_matches_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_tui.catalog.collabmap import (
    RENDERERS,
    TOPIC_RENDERERS,
    CollaborationMatrix,
    cell_mark,
    display_width,
    dot_id,
    dot_label,
    fit,
    mermaid_escape,
    mermaid_ids,
    render_dot,
    render_mermaid,
    render_text,
    unique_labels,
)
from finops_tui.catalog.loader import bundled_path, load_catalog
from finops_tui.cli import main
from finops_tui.core.models import Catalog, Collaboration, Role

MERMAID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

needs_bundled_data = pytest.mark.skipif(
    not bundled_path().exists(),
    reason="bundled role data finops_tui/catalog/data/roles.toml does not exist yet",
)


# ---------------------------------------------------------------------------------------------
# Catalogs


def make_role(role_id: str, name: str, kind: str, short_name: str | None = None) -> Role:
    return Role(id=role_id, name=name, kind=kind, short_name=short_name, summary=f"About {name}")


def make_edge(first: str, second: str, *topics: str) -> Collaboration:
    return Collaboration(roles=(first, second), topics=topics)


def tricky_catalog() -> Catalog:
    """Small, fixed, and full of characters each format treats specially.

    Roles are listed out of display order, two share the short label 'Eng', one kind is neither
    core nor associated, and one role works with nobody.
    """
    roles = [
        make_role("itam", "[bold]ITAM[/bold] <b>&amp;", "associated", short_name="ITAM"),
        make_role("secops", 'Sécurité "SecOps" [x]', "core", short_name="SecOps"),
        make_role("pipes", "A|B\\C", "core"),
        make_role("engineering", "Engineering", "core", short_name="Eng"),
        make_role("apac", "APAC 東京 office", "regional"),
        make_role("engine-room", "Engine room #1; `x`", "associated", short_name="Eng"),
        make_role("loner", "Lonely role", "regional"),
    ]
    edges = [
        make_edge("secops", "engineering", 'Patch "critical" CVEs', "Tag [security] spend"),
        make_edge("pipes", "secops", "Split A|B costs", "Path C:\\bills\\"),
        make_edge("engineering", "itam", "Licenses <per core> & cloud", "Track #35; entitlements"),
        make_edge("apac", "engineering", "Regional 予算 reviews"),
        make_edge("engine-room", "pipes", "%% not a comment; end", "ﬂ°°35¶ß placeholder lookalike"),
        make_edge("itam", "apac", "[link=https://example.com]click[/link]"),
    ]
    return Catalog(roles=roles, collaborations=edges)


def random_catalog(seed: int, role_count: int = 30, edge_probability: float = 0.3) -> Catalog:
    """A reproducible catalog of many roles of mixed kinds with random edges."""
    rng = random.Random(seed)
    kinds = ["core", "associated", "regional", "partner"]
    roles = [
        make_role(
            f"role-{number}",
            f"Role {number}",
            rng.choice(kinds),
            short_name=rng.choice(["X", None]),
        )
        for number in range(role_count)
    ]
    edges = []
    for first, second in combinations(roles, 2):
        if rng.random() < edge_probability:
            pair = [first.id, second.id]
            rng.shuffle(pair)
            topics = [f"topic {n}" for n in range(rng.randint(1, 4))]
            edges.append(make_edge(*pair, *topics))
    rng.shuffle(edges)
    return Catalog(roles=roles, collaborations=edges)


# Letters, digits, punctuation, symbols and spaces from all of Unicode: whatever data may hold.
data_text = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=24).filter(
    str.strip
)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    role_count = draw(st.integers(min_value=0, max_value=30))
    kinds = draw(
        st.lists(
            st.sampled_from(["core", "associated", "regional", "x"]),
            min_size=role_count,
            max_size=role_count,
        )
    )
    labels = draw(
        st.lists(
            st.sampled_from(["A", "B", "Eng", "長い名前", None]),
            min_size=role_count,
            max_size=role_count,
        )
    )
    roles = [
        make_role(f"r{number}", draw(data_text), kind, short_name=label)
        for number, (kind, label) in enumerate(zip(kinds, labels, strict=True))
    ]
    pairs = list(combinations(range(role_count), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=60)) if pairs else []
    edges = []
    for first, second in chosen:
        ends = (f"r{second}", f"r{first}") if draw(st.booleans()) else (f"r{first}", f"r{second}")
        edges.append(make_edge(*ends, *draw(st.lists(data_text, min_size=1, max_size=3))))
    return Catalog(roles=roles, collaborations=edges)


def edge_set(edges: list[Collaboration]) -> set[tuple[frozenset[str], tuple[str, ...]]]:
    return {(edge.pair, edge.topics) for edge in edges}


def assert_matrix_matches_catalog(catalog: Catalog) -> None:
    matrix = CollaborationMatrix.from_catalog(catalog)
    edges = matrix.edges()
    assert len(edges) == len(catalog.collaborations)
    assert edge_set(edges) == edge_set(list(catalog.collaborations))
    assert [role.id for role in matrix.roles] == [role.id for role in catalog.roles_in_display_order()]
    for row in matrix.roles:
        for col in matrix.roles:
            cell = matrix.cell(row.id, col.id)
            assert cell is matrix.cell(col.id, row.id)
            assert cell == (None if row.id == col.id else catalog.collaboration(row.id, col.id))
            assert matrix.topic_count(row.id, col.id) == (0 if cell is None else len(cell.topics))
    labels = [matrix.label(role.id) for role in matrix.roles]
    assert len(set(labels)) == len(labels)


# ---------------------------------------------------------------------------------------------
# The model


def test_roles_are_grouped_core_then_associated_then_other_kinds() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())

    assert [(g.kind, g.heading, g.start) for g in matrix.groups] == [
        ("core", "Core roles", 0),
        ("associated", "Associated roles", 3),
        ("regional", "Regional roles", 5),
    ]
    assert [[r.id for r in g.roles] for g in matrix.groups] == [
        ["secops", "pipes", "engineering"],
        ["itam", "engine-room"],
        ["apac", "loner"],
    ]
    assert [matrix.index(r.id) for r in matrix.roles] == list(range(7))
    assert matrix.group_of("engine-room").kind == "associated"


def test_matrix_edges_and_cells_match_a_hand_built_catalog() -> None:
    assert_matrix_matches_catalog(tricky_catalog())


@pytest.mark.slow
def test_matrix_edges_and_cells_match_a_seeded_thirty_role_catalog() -> None:
    for seed in range(5):
        catalog = random_catalog(seed)
        assert len(catalog.collaborations) > 50
        assert_matrix_matches_catalog(catalog)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_matrix_matches_any_catalog_and_every_format_renders(catalog: Catalog) -> None:
    assert_matrix_matches_catalog(catalog)
    matrix = CollaborationMatrix.from_catalog(catalog)
    if matrix.roles:
        assert_grid_aligned(render_text(matrix), matrix)
    assert_mermaid_structure(render_mermaid(matrix), matrix)
    assert_mermaid_structure(render_mermaid(matrix, topics=True), matrix, topics=True)
    assert_dot_round_trip(render_dot(matrix), matrix)
    assert_dot_round_trip(render_dot(matrix, topics=True), matrix, topics=True)


def test_edges_come_in_display_order_with_ends_oriented_by_display_order() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    ends = [tuple(role.id for role in matrix.ends(edge)) for edge in matrix.edges()]
    assert ends == [
        ("secops", "pipes"),
        ("secops", "engineering"),
        ("pipes", "engine-room"),
        ("engineering", "itam"),
        ("engineering", "apac"),
        ("itam", "apac"),
    ]


def test_collaborators_in_display_order() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    found = [(role.id, edge.topics[0]) for role, edge in matrix.collaborators("engineering")]
    assert found == [
        ("secops", 'Patch "critical" CVEs'),
        ("itam", "Licenses <per core> & cloud"),
        ("apac", "Regional 予算 reviews"),
    ]
    assert matrix.collaborators("loner") == []


def test_unknown_role_ids_raise_key_error() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    with pytest.raises(KeyError):
        matrix.cell("secops", "nobody")
    with pytest.raises(KeyError):
        matrix.collaborators("nobody")


def test_an_edge_to_an_unknown_role_is_refused_not_dropped() -> None:
    catalog = Catalog(roles=(make_role("a", "A", "core"),), collaborations=(make_edge("a", "ghost", "x"),))
    with pytest.raises(ValueError, match="unknown role 'ghost'"):
        CollaborationMatrix.from_catalog(catalog)


def test_shared_labels_get_a_number() -> None:
    roles = [
        make_role("a", "Alpha", "core", short_name="Eng"),
        make_role("b", "Beta", "core", short_name="Eng2"),
        make_role("c", "Gamma", "core", short_name="Eng"),
        make_role("d", "Product manager", "core"),  # label 'Product ' loses its trailing space
    ]
    assert unique_labels(roles) == ["Eng", "Eng2", "Eng3", "Product"]
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert matrix.label("engineering") == "Eng"
    assert matrix.label("engine-room") == "Eng2"


def test_empty_catalog() -> None:
    matrix = CollaborationMatrix.from_catalog(Catalog())
    assert matrix.edges() == []
    assert render_text(matrix) == "Collaboration map: 0 roles, 0 collaborations\n"
    assert render_mermaid(matrix) == "graph LR\n"
    assert render_dot(matrix).startswith("graph collaboration_map {")


# ---------------------------------------------------------------------------------------------
# Golden files


@pytest.mark.parametrize(
    ("format_name", "golden"), [("text", "map.txt"), ("mermaid", "map.mmd"), ("dot", "map.dot")]
)
def test_golden(format_name: str, golden: str) -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert_matches_golden("map", golden, RENDERERS[format_name](matrix))


@pytest.mark.parametrize(
    ("format_name", "golden"), [("mermaid", "map-topics.mmd"), ("dot", "map-topics.dot")]
)
def test_golden_with_every_topic(format_name: str, golden: str) -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert_matches_golden("map", golden, TOPIC_RENDERERS[format_name](matrix, topics=True))


# ---------------------------------------------------------------------------------------------
# Plain text


def grid_lines(text: str, matrix: CollaborationMatrix) -> list[str]:
    """The header, rule and row lines of the matrix (they follow the title and a blank line)."""
    lines = text.splitlines()
    return lines[2 : 2 + 1 + len(matrix.groups) + len(matrix)]


class GridLine:
    """One line of the text grid, addressed by display column rather than by character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.columns: list[int] = []
        column = 0
        for char in text:
            self.columns.append(column)
            column += display_width(char)

    def columns_of(self, chars: str) -> list[int]:
        return [self.columns[i] for i, char in enumerate(self.text) if char in chars]

    def from_column(self, column: int) -> str:
        return self.text[bisect.bisect_left(self.columns, column) :]


def assert_grid_aligned(text: str, matrix: CollaborationMatrix) -> None:
    """Separators line up, each row has one mark per column, marks line up with each other
    and each column heading starts where its marks start (whatever characters labels hold)."""
    header, *body = (GridLine(line) for line in grid_lines(text, matrix))
    # Each group is one rule line, then one line per role (labels may start with '─' too).
    rules, rows = [], []
    for group in matrix.groups:
        rules.append(body.pop(0))
        rows.extend(body.pop(0) for _ in group.roles)
    # Rule lines hold no data, so they say where the bars must be.
    bars = rules[0].columns_of("┼")
    assert len(bars) == len(matrix.groups)
    for rule in rules:
        assert rule.columns_of("┼") == bars
    for line in [header, *rows]:
        assert [line.from_column(bar)[:1] for bar in bars] == ["│"] * len(bars)
    # Right of the first bar a row holds only marks, so every mark is found.
    mark_columns = [[c for c in row.columns_of("—·●") if c > bars[0]] for row in rows]
    assert all(len(columns) == len(matrix) for columns in mark_columns)
    assert all(columns == mark_columns[0] for columns in mark_columns)
    for role, column in zip(matrix.roles, mark_columns[0], strict=True):
        heading = header.from_column(column)
        label = matrix.label(role.id)
        # The heading is the label, or the label cut short to the column width.
        cuts = {fit(label, width) for width in range(1, display_width(label) + 1)}
        assert any(heading.startswith(cut) for cut in cuts), (heading, label)


def test_text_grid_is_aligned_even_with_wide_characters() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert_grid_aligned(render_text(matrix), matrix)


def test_text_marks_diagonal_collaboration_and_none() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert cell_mark(matrix, "secops", "secops") == "—"
    assert cell_mark(matrix, "secops", "engineering") == "●2"
    assert cell_mark(matrix, "engineering", "secops") == "●2"
    assert cell_mark(matrix, "apac", "itam") == "●1"
    assert cell_mark(matrix, "loner", "secops") == "·"


def test_text_lists_every_edge_with_labels_and_topics() -> None:
    text = render_text(CollaborationMatrix.from_catalog(tricky_catalog()))
    assert "  SecOps — A|B\\C: Split A|B costs; Path C:\\bills\\\n" in text
    assert '  SecOps — Eng: Patch "critical" CVEs; Tag [security] spend\n' in text
    assert "  ITAM — APAC 東京: [link=https://example.com]click[/link]\n" in text
    assert "  Eng2       Engine room #1; `x` (engine-room)\n" in text


def test_column_headings_are_cut_but_never_ambiguous() -> None:
    assert fit("Security", 8) == "Security"
    assert fit("Sustainability", 8) == "Sustain…"
    assert fit("東京東京東京", 8) == "東京東…"
    roles = [
        make_role("a", "Platform one", "core", short_name="Platform1"),
        make_role("b", "Platform two", "core", short_name="Platform2"),
    ]
    text = render_text(CollaborationMatrix.from_catalog(Catalog(roles=roles)))
    header = text.splitlines()[2]
    assert "Platform1" in header
    assert "Platform2" in header


# ---------------------------------------------------------------------------------------------
# Mermaid

MERMAID_NODE = re.compile(r'^    (\S+)\["([^"]*)"\]$')
MERMAID_SUBGRAPH = re.compile(r'^  subgraph (\S+)\["([^"]*)"\]$')
MERMAID_EDGE = re.compile(r'^  (\S+) ---\|"([^"]*)"\| (\S+)$')
MERMAID_TOPIC_COMMENT = re.compile(r"^  %% (\S+) --- (\S+): (.*)$")


def mermaid_unescape(text: str) -> str:
    """What a reader sees: Mermaid turns '#name;' into an entity, then the browser decodes it."""
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&{'#' if m[1].isdigit() else ''}{m[1]};", text))


def assert_mermaid_text_safe(escaped: str) -> None:
    assert '"' not in escaped
    # Every '#' opens an entity and nothing but <br/> is markup.
    assert "#" not in re.sub(r"#\w+;", "", escaped)
    assert "<" not in escaped.replace("<br/>", "")
    assert ">" not in escaped.replace("<br/>", "")


def assert_mermaid_structure(text: str, matrix: CollaborationMatrix, *, topics: bool = False) -> None:
    """Without Mermaid itself: every line is one of the shapes we emit, ids are safe and declared
    once, subgraphs balance, and every label reads back exactly as the data. By default an edge's
    label is its number of topics and the topics are the comments just before it."""
    lines = text.splitlines()
    commented: list[str] = []
    assert lines[0] == "graph LR"
    nodes: dict[str, str] = {}
    subgraphs: list[str] = []
    group_ids: list[str] = []
    edges: list[tuple[str, str, list[str]]] = []
    depth = 0
    for line in lines[1:]:
        if match := MERMAID_SUBGRAPH.match(line):
            assert depth == 0
            depth += 1
            ident, label = match[1], match[2]
            group_ids.append(ident)
            subgraphs.append(mermaid_unescape(label))
        elif match := MERMAID_NODE.match(line):
            assert depth == 1
            ident, label = match[1], match[2]
            assert ident not in nodes
            nodes[ident] = mermaid_unescape(label)
        elif line == "  end":
            assert depth == 1
            depth -= 1
            continue
        elif not topics and (match := MERMAID_TOPIC_COMMENT.match(line)):
            assert depth == 0
            assert_mermaid_text_safe(match[3])
            assert "{" not in match[3]  # '%%{' would be a Mermaid directive, even in a comment
            commented.append(mermaid_unescape(match[3]))
            continue
        elif match := MERMAID_EDGE.match(line):
            assert depth == 0
            ident, label = match[1], match[2]
            assert match[3] in nodes
            if topics:
                shown = [mermaid_unescape(topic) for topic in label.split("<br/>")]
            else:
                assert label == str(len(commented))
                shown, commented = commented, []
            edges.append((nodes[match[1]], nodes[match[3]], shown))
        else:
            pytest.fail(f"unexpected Mermaid line: {line!r}")
        assert MERMAID_ID.match(ident), ident
        assert_mermaid_text_safe(label)
    assert depth == 0
    assert subgraphs == [group.heading for group in matrix.groups]
    assert list(nodes.values()) == [role.name for role in matrix.roles]
    assert len(set(group_ids)) == len(group_ids)
    assert not set(group_ids) & set(nodes)
    expected_edges = []
    for edge in matrix.edges():
        first, second = matrix.ends(edge)
        expected_edges.append((first.name, second.name, list(edge.topics)))
    assert edges == expected_edges


def test_mermaid_structure_and_round_trip() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    assert_mermaid_structure(render_mermaid(matrix), matrix)
    assert_mermaid_structure(render_mermaid(matrix, topics=True), matrix, topics=True)


def test_mermaid_escape_exact_strings() -> None:
    assert mermaid_escape('Sécurité "SecOps" [x]') == "Sécurité #quot;SecOps#quot; #91;x#93;"
    assert mermaid_escape("A|B\\C") == "A#124;B\\C"
    assert mermaid_escape("#1; <b>&amp;") == "#35;1; #lt;b#gt;#amp;amp;"
    assert mermaid_escape("{`x`}") == "#123;#96;x#96;#125;"
    assert mermaid_escape("ﬂ°°35¶ß") == "#64258;°°35#182;ß"
    assert mermaid_escape("%% end; 東京") == "%% end; 東京"


def test_mermaid_ids_are_safe_and_unique() -> None:
    ids = mermaid_ids(["end", "3d-team", "a-b", "a b", "", "--"], "role")
    assert ids == ["role_end", "role_3d_team", "role_a_b", "role_a_b_2", "role", "role_2"]
    assert all(MERMAID_ID.match(ident) for ident in ids)


def test_mermaid_lines_for_tricky_names() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    text = render_mermaid(matrix, topics=True)
    assert '    role_secops["Sécurité #quot;SecOps#quot; #91;x#93;"]\n' in text
    assert '    role_pipes["A#124;B\\C"]\n' in text
    assert '  role_secops ---|"Split A#124;B costs<br/>Path C:\\bills\\"| role_pipes\n' in text
    assert '  subgraph group_regional["Regional roles"]\n' in text
    assert (
        "  %% role_secops --- role_pipes: Split A#124;B costs\n"
        "  %% role_secops --- role_pipes: Path C:\\bills\\\n"
        '  role_secops ---|"2"| role_pipes\n'
    ) in render_mermaid(matrix)


# JS run by node against a real Mermaid install (opt-in: see the test below). It prints what
# Mermaid parsed: vertex texts, edge texts and subgraph titles, entity placeholders decoded.
MERMAID_CHECK_JS = r"""
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import fs from "node:fs";
const require = createRequire(process.argv[2] + "/");
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve("mermaid")).href);
mermaid.initialize({ startOnLoad: false });
const text = fs.readFileSync(process.argv[3], "utf8");
await mermaid.parse(text);
const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
const decode = (s) => {
  const el = dom.window.document.createElement("textarea");
  el.innerHTML = s.replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";");
  return el.value;
};
const out = {
  vertices: [...db.getVertices().values()].map((v) => [v.id, decode(v.text)]),
  edges: db.getEdges().map((e) => [e.start, e.end, e.text.split(/<br\s*\/?>/).map(decode)]),
  subgraphs: db.getSubGraphs().map((s) => [decode(s.title), s.nodes]),
};
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(
    not (os.environ.get("FINOPS_TUI_MERMAID_NODE_MODULES") and shutil.which("node")),
    reason="set FINOPS_TUI_MERMAID_NODE_MODULES to a node_modules with mermaid and jsdom installed",
)
def test_mermaid_parses_in_real_mermaid(tmp_path: Path) -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    diagram = tmp_path / "map.mmd"
    diagram.write_text(render_mermaid(matrix, topics=True), encoding="utf-8")
    script = tmp_path / "check.mjs"
    script.write_text(MERMAID_CHECK_JS, encoding="utf-8")
    node_modules = os.environ["FINOPS_TUI_MERMAID_NODE_MODULES"]
    result = subprocess.run(
        ["node", str(script), node_modules, str(diagram)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert [name for _, name in parsed["vertices"]] == [role.name for role in matrix.roles]
    assert [title for title, _ in parsed["subgraphs"]] == [group.heading for group in matrix.groups]
    assert [topics for _, _, topics in parsed["edges"]] == [list(edge.topics) for edge in matrix.edges()]


# ---------------------------------------------------------------------------------------------
# Graphviz DOT

DOT_STRING = r'"((?:[^"\\]|\\.)*)"'


def dot_unescape(quoted_body: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", quoted_body))


def dot_label_lines(quoted_body: str) -> list[str]:
    """A label's lines: split at each escape \\n, not at an escaped backslash followed by n."""
    # An escaped backslash is set aside first (topics never hold NUL), so "\\\\n" stays in a line.
    escaped_backslashes_aside = re.sub(r"\\\\", "\x00", quoted_body)
    lines = re.split(r"\\n", escaped_backslashes_aside)
    return [dot_unescape(line).replace("\x00", "\\") for line in lines]


def assert_dot_round_trip(text: str, matrix: CollaborationMatrix, *, topics: bool = False) -> None:
    node_labels = re.findall(rf"^    {DOT_STRING} \[label={DOT_STRING}\];$", text, re.MULTILINE)
    assert [(dot_unescape(i), dot_unescape(label)) for i, label in node_labels] == [
        (role.id, role.name) for role in matrix.roles
    ]
    expected = [list(edge.topics) for edge in matrix.edges()]
    if topics:
        edge_labels = re.findall(
            rf"^  {DOT_STRING} -- {DOT_STRING} \[label={DOT_STRING}\];$", text, re.MULTILINE
        )
        assert [dot_label_lines(label) for _, _, label in edge_labels] == expected
    else:
        edges = re.findall(
            rf"^  {DOT_STRING} -- {DOT_STRING} "
            rf"\[label=\"(\d+)\", tooltip={DOT_STRING}, labeltooltip={DOT_STRING}\];$",
            text,
            re.MULTILINE,
        )
        assert [int(count) for _, _, count, _, _ in edges] == [len(listed) for listed in expected]
        assert [dot_label_lines(tooltip) for *_, tooltip, _ in edges] == expected
        assert [dot_label_lines(tooltip) for *_, tooltip in edges] == expected
    clusters = re.findall(rf"^  subgraph {DOT_STRING} {{$", text, re.MULTILINE)
    assert clusters == [f"cluster_{group.kind}" for group in matrix.groups]
    assert text.endswith("\n}\n")


def test_dot_escaping_exact_strings() -> None:
    assert dot_label("A|B\\C") == '"A|B\\\\C"'
    assert dot_label('Sécurité "SecOps" [x]') == '"Sécurité \\"SecOps\\" [x]"'
    assert dot_label("a\\") == '"a\\\\"'
    assert dot_label("<b>&lt;") == '"<b>&amp;lt;"'
    assert dot_label("\\n") == '"\\\\n"'
    assert dot_label("one", 'two "2"') == '"one\\ntwo \\"2\\""'
    assert dot_id('odd "id" \\ & more') == '"odd \\"id\\" \\\\ & more"'


def test_a_topic_of_a_backslash_and_an_n_is_not_a_line_break_in_dot() -> None:
    catalog = Catalog(
        roles=(make_role("a", "A", "core"), make_role("b", "B", "core")),
        collaborations=(make_edge("a", "b", "\\n", "C:\\new\\"),),
    )
    matrix = CollaborationMatrix.from_catalog(catalog)
    assert '[label="\\\\n\\nC:\\\\new\\\\"]' in render_dot(matrix, topics=True)
    assert 'tooltip="\\\\n\\nC:\\\\new\\\\"' in render_dot(matrix)
    assert_dot_round_trip(render_dot(matrix), matrix)
    assert_dot_round_trip(render_dot(matrix, topics=True), matrix, topics=True)


def test_dot_lines_for_tricky_names() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    text = render_dot(matrix, topics=True)
    assert '    "secops" [label="Sécurité \\"SecOps\\" [x]"];\n' in text
    assert '  "secops" -- "pipes" [label="Split A|B costs\\nPath C:\\\\bills\\\\"];\n' in text
    assert '  subgraph "cluster_regional" {\n    label="Regional roles";\n' in text
    assert_dot_round_trip(text, matrix, topics=True)
    listed = '"Split A|B costs\\nPath C:\\\\bills\\\\"'
    line = f'  "secops" -- "pipes" [label="2", tooltip={listed}, labeltooltip={listed}];\n'
    assert line in render_dot(matrix)


SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


def render_svg(dot_text: str) -> ElementTree.Element:
    result = subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return ElementTree.fromstring(result.stdout)


def points(length: str) -> float:
    assert length.endswith("pt"), length
    return float(length[:-2])


@needs_graphviz
def test_dot_renders_in_graphviz_with_every_name_intact() -> None:
    matrix = CollaborationMatrix.from_catalog(tricky_catalog())
    names = {role.name for role in matrix.roles} | {g.heading for g in matrix.groups}
    every_topic = {topic for edge in matrix.edges() for topic in edge.topics}

    svg = render_svg(render_dot(matrix, topics=True))
    assert names | every_topic <= {element.text for element in svg.iter(f"{SVG}text")}

    # By default the edges show their number of topics, and the topics are the tooltips.
    svg = render_svg(render_dot(matrix))
    shown = {element.text for element in svg.iter(f"{SVG}text")}
    assert names <= shown and not every_topic & shown
    assert {str(len(edge.topics)) for edge in matrix.edges()} <= shown
    tooltips = {element.get(XLINK_TITLE) for element in svg.iter(f"{SVG}a")}
    assert {"\n".join(edge.topics) for edge in matrix.edges()} <= tooltips


@needs_graphviz
@needs_bundled_data
def test_the_bundled_map_renders_at_a_readable_width() -> None:
    """With every topic as an edge label the picture was about 3,700 pt (4,900 px) wide."""
    matrix = bundled_matrix()
    default = render_svg(render_dot(matrix))
    assert points(default.get("width", "")) <= 1500  # about 1,000-1,150 pt with the roles of 2025-2026
    assert points(default.get("height", "")) <= 1000
    with_topics = render_svg(render_dot(matrix, topics=True))
    assert points(with_topics.get("width", "")) > 2 * points(default.get("width", ""))


# ---------------------------------------------------------------------------------------------
# The map command

EXTRA_ROLES = r"""
[[roles]]
id = "cloud-platform"
name = 'Cloud "Platform" [team]'
short_name = "Platform"
kind = "regional"
summary = "Runs the shared cloud platform"

[[collaborations]]
roles = ["cloud-platform", "finops-practitioner"]
topics = ["Shared cost split | showback", 'Tag C:\path']
"""


def bundled_matrix(*data_files: Path) -> CollaborationMatrix:
    return CollaborationMatrix.from_catalog(load_catalog(list(data_files)))


@needs_bundled_data
@pytest.mark.parametrize("format_name", ["text", "mermaid", "dot"])
def test_map_command_prints_each_format(format_name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "--format", format_name]) == 0
    out, err = capsys.readouterr()
    assert out == RENDERERS[format_name](bundled_matrix())
    assert out.endswith("\n")
    assert err == ""


@needs_bundled_data
@pytest.mark.parametrize("format_name", ["mermaid", "dot"])
def test_map_command_topics_puts_every_topic_on_the_edges(
    format_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["map", "--format", format_name, "--topics"]) == 0
    out = capsys.readouterr().out
    assert out == TOPIC_RENDERERS[format_name](bundled_matrix(), topics=True)
    assert out != TOPIC_RENDERERS[format_name](bundled_matrix())
    assert "Fund and staff the FinOps team" in out


@needs_bundled_data
def test_map_command_text_is_the_same_with_topics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "--topics"]) == 0
    assert capsys.readouterr().out == render_text(bundled_matrix())


@needs_bundled_data
def test_map_command_defaults_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map"]) == 0
    out = capsys.readouterr().out
    matrix = bundled_matrix()
    assert out.startswith(f"Collaboration map: {len(matrix)} roles, {len(matrix.edges())} collaborations\n")


@needs_bundled_data
def test_map_command_writes_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.mmd"
    assert main(["map", "--format", "mermaid", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == render_mermaid(bundled_matrix())


@needs_bundled_data
@pytest.mark.parametrize("data_first", [False, True])
def test_map_command_includes_roles_from_data_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data_first: bool
) -> None:
    extra = tmp_path / "org.toml"
    extra.write_text(EXTRA_ROLES, encoding="utf-8")
    argv = ["--data", str(extra), "map", "--format", "mermaid", "--topics"]
    if not data_first:
        argv = ["map", "--format", "mermaid", "--topics", "--data", str(extra)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out == render_mermaid(bundled_matrix(extra), topics=True)
    assert '  subgraph group_regional["Regional roles"]\n' in out
    assert '    role_cloud_platform["Cloud #quot;Platform#quot; #91;team#93;"]\n' in out
    assert (
        '  role_finops_practitioner ---|"Shared cost split #124; showback<br/>Tag C:\\path"|'
        " role_cloud_platform\n"
    ) in out
    assert_mermaid_structure(out, bundled_matrix(extra), topics=True)


@needs_bundled_data
def test_map_command_text_and_dot_with_data_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "org.toml"
    extra.write_text(EXTRA_ROLES, encoding="utf-8")
    assert main(["map", "--data", str(extra)]) == 0
    text = capsys.readouterr().out
    assert "  FinOps — Platform: Shared cost split | showback; Tag C:\\path\n" in text
    assert_grid_aligned(text, bundled_matrix(extra))
    assert main(["map", "--format", "dot", "--data", str(extra)]) == 0
    dot = capsys.readouterr().out
    assert '    "cloud-platform" [label="Cloud \\"Platform\\" [team]"];\n' in dot


@needs_bundled_data
def test_map_command_reports_bad_data_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[collaborations]]\nroles = ["finops-practitioner", "nobody"]\ntopics = ["x"]\n',
        encoding="utf-8",
    )
    assert main(["map", "--data", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "unknown role 'nobody'" in err
    assert "Traceback" not in err


@needs_bundled_data
def test_map_command_refuses_an_output_in_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["map", "-o", str(tmp_path / "missing" / "map.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_map_command_rejects_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["map", "--format", "svg"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
