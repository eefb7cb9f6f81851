"""Team coverage: several people's exports read together as one RACI matrix, and its checks.

Pure logic, no Textual: the ``team`` command and the Team screen both build on this module;
the output formats are finops_tui.exchange.team_formats.

- :func:`read_team` reads export files and folders (a folder's ``*.json`` and ``*.toml``; other
  files are counted, not read). Every file that is not a readable export becomes one plain line
  naming it; the good files are kept.
- :func:`analyse` builds the matrix (responsibilities x people) and runs every check in
  :data:`CHECKS`, whose names are stable: ``--fail-on`` and the JSON output use them.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from finops_tui.catalog.fingerprint import catalog_fingerprint
from finops_tui.core.cells import display_width, fit
from finops_tui.core.fileio import describe_os_error
from finops_tui.core.models import CORE, RACI_LETTERS, Catalog, NotesDocument, Role
from finops_tui.core.settings import TeamThresholds
from finops_tui.core.text import make_visible, plural

MAX_TEAM_FILE_BYTES = 20 * 1024 * 1024
EXPORT_EXTENSIONS = (".json", ".toml")
MAKE_AN_EXPORT = "make one with: finops-tui export --format json"
YOU = "you"
"""The name of the column holding the user's own current notes (``--me``, the Team screen)."""

Severity = Literal["error", "warning", "info"]
Scope = Literal["responsibility", "role", "capability", "person", "file"]
CAPABILITY_SUBJECT = "capability:"
"""Findings on a capability are filed under ``capability:<id>`` (ids alone could be role ids)."""


@dataclass(frozen=True)
class Check:
    name: str
    scope: Scope
    severity: Severity
    description: str


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("no-accountable", "responsibility", "error", "letters exist, but nobody is Accountable"),
        Check("multiple-accountable", "responsibility", "error", "more than one person is Accountable"),
        Check("no-responsible", "responsibility", "warning", "someone is Accountable, nobody Responsible"),
        Check("consulted-only", "responsibility", "error", "only Consulted or Informed letters"),
        Check("unclaimed", "responsibility", "warning", "no letter at all, on a role somebody holds"),
        Check("core-role-unheld", "role", "error", "a core role nobody holds"),
        Check("associated-role-unheld", "role", "info", "an associated role nobody holds"),
        Check("single-holder", "role", "warning", "only one person holds the role"),
        Check(
            "capability-no-accountable",
            "capability",
            "warning",
            "a capability in play with nobody Accountable on its responsibilities",
        ),
        Check("overloaded", "person", "warning", "Accountable far more often than the team's median"),
        Check("no-letters", "person", "warning", "a person with no RACI letter at all"),
        Check("duplicate-person", "file", "warning", "two exports of one person; the newer counts"),
        Check("stale-export", "file", "warning", "an export older than the maximum age"),
        Check("other-catalog", "file", "warning", "an export made against another role catalog"),
        Check("orphaned-ids", "file", "warning", "an export naming ids the catalog does not have"),
    )
}
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


class TeamError(Exception):
    """A team report that cannot be made as asked (an unknown check name...); one plain line."""


# ---------------------------------------------------------------------------------------------
# Reading the exports


@dataclass(frozen=True)
class Member:
    """One person's export, as the matrix uses it."""

    name: str
    """Shown everywhere: the export's ``person`` made visible, else the file's stem."""
    source: str
    """The file it came from ('' for the user's own notes)."""
    exported_at: datetime | None
    catalog: str | None
    held: frozenset[str]
    letters: dict[str, str]
    """RACI letter by ``role-id/responsibility-id``."""
    notes: dict[str, str] = field(default_factory=dict)
    """Shared note text by ``role-id/responsibility-id`` (empty in letters-only exports)."""
    named_by_file: bool = False
    is_you: bool = False

    @property
    def key(self) -> str:
        """Two files are the same person when these match (never the user's own column)."""
        return "\x00you" if self.is_you else " ".join(self.name.casefold().split())


@dataclass
class TeamFiles:
    """What :func:`read_team` found: the members, the files it could not read, what it skipped."""

    members: list[Member] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per file that is not a readable export, naming the file."""
    ignored: int = 0
    """Files in the folders that are not ``.json`` or ``.toml``, so not read."""
    state: tuple[tuple[str, int, int], ...] = ()
    """Each export file's path, size and modification time when read (see :func:`files_state`)."""


def read_team(paths: Sequence[Path], *, max_bytes: int = MAX_TEAM_FILE_BYTES) -> TeamFiles:
    """Every export in ``paths`` (files, or folders holding ``*.json`` and ``*.toml``)."""
    found = TeamFiles()
    files = [file for path in paths for file in _export_files(path, found)]
    found.state = _state_of(files)
    for file in files:
        member = read_member(file, found.problems, max_bytes=max_bytes)
        if member is not None:
            found.members.append(member)
    return found


def files_state(paths: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """What :attr:`TeamFiles.state` would be now: a cheap look (no file is opened) to tell
    whether the exports changed since they were read."""
    scratch = TeamFiles()
    return _state_of([file for path in paths for file in _export_files(path, scratch)])


def _state_of(files: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    state = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            state.append((str(file), -1, -1))
            continue
        state.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


def _export_files(path: Path, found: TeamFiles) -> list[Path]:
    try:
        if not path.is_dir():
            if not path.exists() and not path.is_symlink():
                found.problems.append(f"{path}: no such file or folder")
                return []
            return [path]
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError as error:
        found.problems.append(f"{path}: cannot read: {describe_os_error(error)}")
        return []
    files: list[Path] = []
    for entry in entries:
        if not entry.name.lower().endswith(EXPORT_EXTENSIONS) or entry.name.startswith("."):
            found.ignored += 1
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            found.ignored += 1
        else:
            files.append(Path(entry.path))
    return files


def read_member(path: Path, problems: list[str], *, max_bytes: int = MAX_TEAM_FILE_BYTES) -> Member | None:
    """The member in one export file, or None with one line added to ``problems``."""
    from finops_tui.exchange.importer import NotesImportError, read_export_file

    try:
        export = read_export_file(path, max_bytes=max_bytes, safety_net=False)
    except NotesImportError as error:
        problems.append(_one_line(path, error))
        return None
    if export.exported_at is None:
        problems.append(f"{path}: a notes file, not an export (no exported_at); {MAKE_AN_EXPORT}")
        return None
    name = shown_name(export.person) if export.person else shown_name(path.stem)
    return member_from_notes(
        export.document,
        name=name,
        source=str(path),
        exported_at=export.exported_at,
        catalog=export.catalog,
        named_by_file=not export.person,
    )


def _one_line(path: Path, error: Exception) -> str:
    problems = getattr(error, "problems", [])
    if not problems:
        return f"{path}: {make_visible(str(error))}"
    if any(problem.location == "schema_version" and "missing" in problem.message for problem in problems):
        # Any JSON or TOML file of something else: say that, rather than its first odd field.
        return f"{path}: not a finops-tui export (no schema_version); {MAKE_AN_EXPORT}"
    first = problems[0]
    message = f"{first.location}: {first.message}" if first.location else first.message
    if ("UTF-16" in message or "not valid UTF-8" in message) and _looks_binary(path):
        message = "a binary file, not an export"
    more = len(problems) - 1
    extra = f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else ""
    return f"{path}: {make_visible(message)}{extra}"


def _looks_binary(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError:
        return False
    return b"\x00" in start and not start.startswith((b"\xff\xfe", b"\xfe\xff"))


def shown_name(text: str) -> str:
    """A person's name as it is shown: one line, control characters made visible."""
    return " ".join(make_visible(text).split()) or "?"


def member_from_notes(
    document: NotesDocument,
    *,
    name: str,
    source: str = "",
    exported_at: datetime | None = None,
    catalog: str | None = None,
    named_by_file: bool = False,
    is_you: bool = False,
) -> Member:
    held = frozenset(role_id for role_id, notes in document.roles.items() if notes.held)
    letters: dict[str, str] = {}
    notes_by_key: dict[str, str] = {}
    for role_id, role_notes in document.roles.items():
        for responsibility_id, responsibility in role_notes.responsibilities.items():
            key = f"{role_id}/{responsibility_id}"
            if responsibility.raci is not None:
                letters[key] = responsibility.raci
            if responsibility.note:
                notes_by_key[key] = responsibility.note
    return Member(
        name=name,
        source=source,
        exported_at=exported_at,
        catalog=catalog,
        held=held,
        letters=letters,
        notes=notes_by_key,
        named_by_file=named_by_file,
        is_you=is_you,
    )


def you_member(document: NotesDocument, catalog: Catalog, moment: datetime) -> Member:
    """The user's own current notes, as the live "you" column."""
    return member_from_notes(
        document, name=YOU, exported_at=moment, catalog=catalog_fingerprint(catalog), is_you=True
    )


# ---------------------------------------------------------------------------------------------
# The analysis


@dataclass(frozen=True)
class Finding:
    """One failing check, on a responsibility, a role, a person or a file."""

    check: str
    subject: str
    """``role-id/responsibility-id``, a role id, a person's name or a file path."""
    message: str
    people: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        return CHECKS[self.check].severity

    @property
    def scope(self) -> Scope:
        return CHECKS[self.check].scope


@dataclass(frozen=True)
class Row:
    """One responsibility of the matrix."""

    role: Role
    responsibility_id: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.role.id}/{self.responsibility_id}"


@dataclass(frozen=True)
class Coverage:
    in_play: int
    covered: int

    @property
    def percent(self) -> float | None:
        return None if self.in_play == 0 else 100.0 * self.covered / self.in_play

    def describe(self) -> str:
        percent = self.percent
        if percent is None:
            return "coverage: no responsibility in play"
        return f"coverage {percent:.0f}% ({self.covered} of {self.in_play} responsibilities in play)"


@dataclass
class TeamReport:
    """The matrix and every finding; what each output format and the Team screen show."""

    catalog: Catalog
    members: list[Member]
    """The people in the matrix, in column order (duplicates dropped)."""
    rows: list[Row]
    findings: list[Finding]
    coverage: Coverage
    all_roles: bool
    max_age_days: int
    files: TeamFiles | None = None
    dropped: list[Member] = field(default_factory=list)
    """Older exports of a person met twice: named by duplicate-person, not in the matrix."""
    # Lookups, built once.
    by_subject: dict[str, list[Finding]] = field(default_factory=dict)
    _letter_counts: dict[str, int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for finding in self.findings:
            self.by_subject.setdefault(finding.subject, []).append(finding)

    def findings_for(self, subject: str) -> list[Finding]:
        return self.by_subject.get(subject, [])

    def counts(self) -> dict[str, int]:
        """Findings by check name, every check listed (zero when it did not fire)."""
        counts = dict.fromkeys(CHECKS, 0)
        for finding in self.findings:
            counts[finding.check] += 1
        return counts

    def letter_counts(self) -> dict[str, int]:
        """How many of each letter the people in the matrix gave (counted once per report)."""
        if self._letter_counts is None:
            counts = dict.fromkeys(RACI_LETTERS, 0)
            for member in self.members:
                for letter in member.letters.values():
                    counts[letter] += 1
            self._letter_counts = counts
        return dict(self._letter_counts)

    def holders(self, role_id: str) -> list[Member]:
        return [member for member in self.members if role_id in member.held]


def catalog_rows(catalog: Catalog) -> list[Row]:
    return [
        Row(role, responsibility.id, responsibility.text)
        for role in catalog.roles_in_display_order()
        for responsibility in role.responsibilities
    ]


def analyse(
    catalog: Catalog,
    members: Sequence[Member],
    *,
    thresholds: TeamThresholds | None = None,
    max_age_days: int | None = None,
    all_roles: bool = False,
    now: datetime,
    files: TeamFiles | None = None,
) -> TeamReport:
    """The matrix of ``members`` over ``catalog`` and every check's findings."""
    thresholds = thresholds or TeamThresholds()
    max_age = max_age_days if max_age_days is not None else thresholds.max_age_days
    kept, dropped, findings = _without_duplicates(members)
    rows = catalog_rows(catalog)
    findings += _file_findings(catalog, kept, max_age, now)
    held_roles = {role_id for member in kept for role_id in member.held}
    responsibility_findings, coverage = _responsibility_findings(rows, kept, held_roles, all_roles)
    findings += responsibility_findings
    findings += _role_findings(catalog, kept)
    findings += _capability_findings(catalog, kept, held_roles, all_roles)
    findings += _person_findings(kept, thresholds)
    return TeamReport(
        catalog=catalog,
        members=list(kept),
        rows=rows,
        findings=findings,
        coverage=coverage,
        all_roles=all_roles,
        max_age_days=max_age,
        files=files,
        dropped=dropped,
    )


def _without_duplicates(members: Sequence[Member]) -> tuple[list[Member], list[Member], list[Finding]]:
    """Keep each person's newest export (by ``exported_at``; on a tie the one listed later)."""
    newest: dict[str, int] = {}
    for index, member in enumerate(members):
        previous = newest.get(member.key)
        if previous is None or _moment(member) >= _moment(members[previous]):
            newest[member.key] = index
    kept = [member for index, member in enumerate(members) if newest[member.key] == index]
    dropped = [member for index, member in enumerate(members) if newest[member.key] != index]
    findings = [
        Finding(
            "duplicate-person",
            member.source,
            f"{member.name} also has a newer export, {members[newest[member.key]].source}; "
            "this one is left out",
            (member.name,),
        )
        for member in dropped
    ]
    return kept, dropped, findings


def _moment(member: Member) -> datetime:
    return member.exported_at or datetime.min.replace(tzinfo=UTC)


def _file_findings(catalog: Catalog, members: Sequence[Member], max_age: int, now: datetime) -> list[Finding]:
    findings: list[Finding] = []
    fingerprint = catalog_fingerprint(catalog)
    oldest = now - timedelta(days=max_age)
    for member in members:
        if member.is_you:
            continue
        unknown = _unknown_ids(catalog, member)
        if member.exported_at is not None and member.exported_at < oldest:
            age = (now - member.exported_at).days
            findings.append(
                Finding(
                    "stale-export",
                    member.source,
                    f"exported {age} days ago (older than {max_age} days)",
                    (member.name,),
                )
            )
        if member.catalog is not None and member.catalog != fingerprint:
            listed = f"; unknown ids: {_listed(unknown)}" if unknown else "; every id it uses is known"
            findings.append(
                Finding(
                    "other-catalog",
                    member.source,
                    f"made against catalog {make_visible(member.catalog)[:40]}, not {fingerprint}{listed}",
                    (member.name,),
                )
            )
        if unknown:
            findings.append(
                Finding(
                    "orphaned-ids",
                    member.source,
                    f"{len(unknown)} ids not in the catalog: {_listed(unknown)}",
                    (member.name,),
                )
            )
    return findings


def _unknown_ids(catalog: Catalog, member: Member) -> list[str]:
    unknown: list[str] = sorted(role_id for role_id in member.held if catalog.role(role_id) is None)
    for key in sorted(member.letters):
        role_id, _, responsibility_id = key.partition("/")
        role = catalog.role(role_id)
        if role is None or role.responsibility(responsibility_id) is None:
            unknown.append(key)
    return unknown


def _listed(ids: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _responsibility_findings(
    rows: Sequence[Row], members: Sequence[Member], held_roles: set[str], all_roles: bool
) -> tuple[list[Finding], Coverage]:
    findings: list[Finding] = []
    in_play = covered = 0
    for row in rows:
        key = row.key
        letters = [(member.name, letter) for member in members if (letter := member.letters.get(key))]
        accountable = [name for name, letter in letters if letter == "A"]
        responsible = [name for name, letter in letters if letter == "R"]
        playing = all_roles or row.role.id in held_roles
        if playing:
            in_play += 1
            covered += len(accountable) == 1 and bool(responsible)
        if letters and not accountable:
            findings.append(Finding("no-accountable", key, "nobody is Accountable"))
        if len(accountable) > 1:
            findings.append(
                Finding(
                    "multiple-accountable",
                    key,
                    f"{len(accountable)} are Accountable: {', '.join(accountable)}",
                    tuple(accountable),
                )
            )
        if accountable and not responsible:
            findings.append(
                Finding("no-responsible", key, f"{accountable[0]} is Accountable; nobody is Responsible")
            )
        if letters and all(letter in ("C", "I") for _, letter in letters):
            findings.append(Finding("consulted-only", key, "only Consulted or Informed letters"))
        if not letters and playing:
            findings.append(Finding("unclaimed", key, "no letter from anyone"))
    return findings, Coverage(in_play, covered)


def _role_findings(catalog: Catalog, members: Sequence[Member]) -> list[Finding]:
    findings: list[Finding] = []
    for role in catalog.roles_in_display_order():
        holders = [member.name for member in members if role.id in member.held]
        if not holders:
            check = "core-role-unheld" if role.kind == CORE else "associated-role-unheld"
            findings.append(Finding(check, role.id, "nobody holds this role"))
        elif len(holders) == 1:
            findings.append(Finding("single-holder", role.id, f"only {holders[0]} holds it", tuple(holders)))
    return findings


def _capability_findings(
    catalog: Catalog, members: Sequence[Member], held_roles: set[str], all_roles: bool
) -> list[Finding]:
    """Capabilities in play (a linked responsibility on a role somebody holds, or all with
    ``--all``) on whose linked responsibilities nobody is Accountable."""
    findings: list[Finding] = []
    for capability in catalog.capabilities.in_display_order():
        links = capability.responsibilities
        if not links or not (all_roles or any(link.partition("/")[0] in held_roles for link in links)):
            continue
        if any(member.letters.get(link) == "A" for member in members for link in links):
            continue
        message = "nobody is Accountable on " + plural(
            len(links), "linked responsibility", "linked responsibilities"
        )
        findings.append(Finding("capability-no-accountable", CAPABILITY_SUBJECT + capability.id, message))
    return findings


def _person_findings(members: Sequence[Member], thresholds: TeamThresholds) -> list[Finding]:
    findings: list[Finding] = []
    accountable = [sum(letter == "A" for letter in m.letters.values()) for m in members]
    median = statistics.median(accountable) if accountable else 0
    for member, count in zip(members, accountable, strict=True):
        if count >= thresholds.overload_minimum and count >= thresholds.overload_factor * median:
            findings.append(
                Finding(
                    "overloaded",
                    member.name,
                    f"Accountable for {count} responsibilities; the team's median is {median:g}",
                    (member.name,),
                )
            )
        if not member.letters:
            findings.append(Finding("no-letters", member.name, "no RACI letter at all", (member.name,)))
    return findings


def parse_check_names(text: str) -> list[str]:
    """``no-accountable,multiple-accountable`` as a list; an unknown name raises TeamError."""
    import difflib

    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in CHECKS:
            close = difflib.get_close_matches(name, list(CHECKS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (choose from {', '.join(CHECKS)})"
            raise TeamError(f"unknown check '{make_visible(name)}'{hint}")
    return names


def failing(report: TeamReport, checks: Iterable[str]) -> list[Finding]:
    wanted = set(checks)
    return [finding for finding in report.findings if finding.check in wanted]


# ---------------------------------------------------------------------------------------------
# Column heads


def initials(names: Sequence[str], *, width: int = 4) -> list[str]:
    """Short unique column heads: 'Ana Silva' -> 'AS', 'bo' -> 'Bo'; repeats get a number."""
    heads: list[str] = []
    seen: dict[str, int] = {}
    for name in names:
        words = name.split()
        if not words:
            head = "?"
        elif len(words) == 1:
            head = words[0][:2].capitalize()
        else:
            head = (words[0][:1] + words[-1][:1]).upper()
        head = fit(head, width) if display_width(head) > width else head
        count = seen.get(head.casefold(), 0) + 1
        seen[head.casefold()] = count
        if count > 1:
            head = fit(head, max(1, width - len(str(count)))) + str(count)
        heads.append(head)
    # A numbered head may now collide with a real one ('A2' for a second 'A' and a person 'A2').
    if len({head.casefold() for head in heads}) != len(heads):
        heads = [f"{index + 1}" for index in range(len(heads))]
    return heads
