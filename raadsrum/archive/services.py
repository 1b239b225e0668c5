"""Importing published minutes and other documents into the archive.

`document_import` parses a file (raadsrum.archive.parsing), decides what it is, and writes
it in one transaction through the meetings services: minutes become a published meeting
numbered exactly as the source; a changed file for the same meeting becomes a new
version (a correction of the published minutes) with the differences listed; anything
else is kept as a searchable document. The same bytes twice write nothing the second time.
The command line, the web upload and the demo all call this one function.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from raadsrum.archive import selectors
from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.parsing import ImportFailed, ParsedDocument, extract_text, parse_minutes
from raadsrum.archive.parsing.document import FIELD_NAMES
from raadsrum.archive.report import ImportReport, import_report
from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Committee, Council, NumberingStyle
from raadsrum.councils.selectors import (
    SECRETARIAT,
    UserLike,
    committee_list,
    council_roles_for_user,
    councils_for_user,
)
from raadsrum.meetings import numbering
from raadsrum.meetings import services as meetings
from raadsrum.meetings.models import AgendaItem, AgendaSection, Attendance, Meeting, Minutes
from raadsrum.meetings.selectors import meeting_attendance, minutes_current

IMPORT_USERNAME = "raadsrum-import"
REIMPORT_NOTE = "Genimporteret"


class ImportStatus(StrEnum):
    """What happened to one file. FAILED is only used by callers that catch ImportFailed."""

    IMPORTED = "imported"
    ALREADY_IMPORTED = "already_imported"
    NEW_VERSION = "new_version"
    LINKED = "linked"
    NO_MEETING = "no_meeting"
    NOT_MINUTES = "not_minutes"
    FAILED = "failed"


STATUS_LABELS = {
    ImportStatus.IMPORTED: "importeret",
    ImportStatus.ALREADY_IMPORTED: "allerede importeret",
    ImportStatus.NEW_VERSION: "ny version",
    ImportStatus.LINKED: "knyttet til møde",
    ImportStatus.NO_MEETING: "gemt uden møde",
    ImportStatus.NOT_MINUTES: "ikke et referat",
    ImportStatus.FAILED: "fejlede",
}

FIELD_LABELS = {
    "title": "overskrift",
    "kinds": "behandling",
    "has_presentation": "oplæg",
    "summary": "sagen kort",
    "recommendation": "indstilling",
    "decision": "beslutning",
    "presentation": "sagsfremstilling",
    "next_steps": "videre proces",
    "background": "baggrund",
    "attachments": "bilag",
}
MEETING_LABELS = {
    "virtual": "virtuelt møde",
    "start_time": "starttid",
    "end_time": "planlagt sluttid",
    "ended_at": "mødet sluttede",
}
BODY_COMMITTEE_KINDS = {
    "chairmanship": Committee.Kind.CHAIRMANSHIP,
    "case_committee": Committee.Kind.CASE_COMMITTEE,
    "positive_list_committee": Committee.Kind.POSITIVE_LIST_COMMITTEE,
    "other": Committee.Kind.OTHER,
}


@dataclass
class ImportResult:
    """The outcome of one file. `document` and `meeting` are set only when committed."""

    status: ImportStatus
    source_name: str
    parsed: ParsedDocument
    report: ImportReport
    message: str
    committed: bool
    document: ImportedDocument | None = None
    meeting: Meeting | None = None
    council_name: str = ""
    meeting_address: str = ""
    version: int = 1
    differences: list[dict[str, str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def difference_lines(self) -> list[str]:
        return [d["text"] for d in self.differences]

    def lines(self) -> list[str]:
        """The report in Danish, for the console and the upload page."""
        out = self.report.lines()
        out.append(f"  {self.message}")
        out += [f"  Forskel: {line}" for line in self.difference_lines]
        return out


@dataclass
class _Plan:
    """What the import will do, decided before anything is written."""

    status: ImportStatus
    kind: str
    council: Council | None = None
    committee: Committee | None = None
    date: dt.date | None = None
    meeting: Meeting | None = None
    style: str = NumberingStyle.TRIPLE
    theme_letters: bool = False
    reasons: list[str] = field(default_factory=list)


# --- Who may import ----------------------------------------------------------------------


def check_can_import(*, user: UserLike, council: Council | None = None) -> None:
    """The secretariat imports: of `council`, or (no council yet) of any council."""
    if council is not None:
        if SECRETARIAT not in council_roles_for_user(user=user, council=council):
            raise PermissionDenied(
                f"Kun sekretariatet for {council.name} kan importere dets referater."
            )
        return
    if not user.is_authenticated:
        raise PermissionDenied("Log ind for at importere dokumenter.")
    if getattr(user, "is_superuser", False):
        return
    if not any(
        SECRETARIAT in council_roles_for_user(user=user, council=c)
        for c in councils_for_user(user=user)
    ):
        raise PermissionDenied("Kun et sekretariat kan importere dokumenter.")


def import_user(*, username: str = IMPORT_USERNAME) -> User:
    """The system user the command line imports as, created (without a password) if missing.

    It is a superuser because `council_roles_for_user` makes superusers the secretariat of
    every council, which is exactly what an archive import needs; with an unusable
    password and no staff flag it can never log in, so the flag is good for nothing else.
    The audit log names it as the actor of everything the command line imports.
    """
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name="Arkivimport", is_superuser=True)
        user.set_unusable_password()
        user.save()
    return user


# --- The import ---------------------------------------------------------------------------


def document_import(
    *, data: bytes, filename: str, by: UserLike, commit: bool = True
) -> ImportResult:
    """Import one file (PDF, DOCX or text) into the archive, all or nothing.

    Minutes with a council, body and date become a meeting (sections, items with every
    field, attachments by title, attendance, the time it ended) whose minutes are recorded
    as published; the stored item numbers are the source's. The same bytes again give
    ALREADY_IMPORTED and write nothing. A changed file for the same meeting gives
    NEW_VERSION: a correction of the published minutes with the differences listed. A
    meeting made in Rådsrum itself is never changed by an import: the file is LINKED to it
    as a source, with the differences listed. Minutes that cannot become a meeting (no date
    in the text, numbers no style reproduces) give NO_MEETING, anything without agenda
    items NOT_MINUTES; both are kept as searchable documents with the report's warnings.

    With `commit=False` everything is done and then rolled back: the result says exactly
    what a commit would do (for a preview), and nothing is saved.

    Raises ImportFailed (a Danish message) when the file cannot be read or names a council
    Rådsrum does not know, and PermissionDenied when `by` may not import it. Nothing is
    written in either case.
    """
    check_can_import(user=by)
    data = bytes(data) if isinstance(data, bytearray | memoryview) else data
    extracted = extract_text(data, filename=filename)
    parsed = parse_minutes(extracted.text, source_name=filename)
    digest = hashlib.sha256(data).hexdigest()
    earlier = selectors.document_get_by_sha256(digest)
    if earlier is not None:
        return _already_imported(earlier, parsed)
    plan = _plan(parsed, by=by)
    try:
        with transaction.atomic():
            result = _execute(
                plan,
                parsed=parsed,
                by=by,
                filename=filename,
                digest=digest,
                size=len(data),
                file_type=extracted.kind,
                pages=extracted.pages,
            )
            if not commit:
                transaction.set_rollback(True)
    except (ValidationFailed, Conflict) as error:
        raise ImportFailed(error.message, source_name=filename) from error
    except IntegrityError as error:
        raise ImportFailed(
            "Filen blev importeret af en anden i samme øjeblik. Prøv igen.", source_name=filename
        ) from error
    if not commit:
        result.committed = False
        result.document = None
        result.meeting = None
    return result


def _already_imported(earlier: ImportedDocument, parsed: ParsedDocument) -> ImportResult:
    meeting = earlier.meeting
    where = f" som version {earlier.version} af {meeting.address}" if meeting else ""
    report = import_report(parsed)
    report.warnings = list(earlier.report.get("warnings", report.warnings))
    return ImportResult(
        status=ImportStatus.ALREADY_IMPORTED,
        source_name=parsed.source_name,
        parsed=parsed,
        report=report,
        message=(
            f"Filen er allerede importeret{where} "
            f"({earlier.imported_at:%d.%m.%Y}); intet er ændret."
        ),
        committed=False,
        document=earlier,
        meeting=earlier.meeting,
        council_name=earlier.council.name if earlier.council else (parsed.council or ""),
        meeting_address=earlier.meeting.address if earlier.meeting else "",
        version=earlier.version,
    )


def _plan(parsed: ParsedDocument, *, by: UserLike) -> _Plan:
    council = selectors.council_by_name(parsed.council) if parsed.council else None
    if not parsed.is_minutes:
        if council is not None:
            check_can_import(user=by, council=council)
        return _Plan(ImportStatus.NOT_MINUTES, ImportedDocument.Kind.OTHER, council=council)
    if parsed.council and council is None:
        raise ImportFailed(
            f"Referatet er fra «{parsed.council}», som Rådsrum ikke kender. Intet er gemt. "
            "Tjek rådets navn i filen, eller opret rådet først.",
            source_name=parsed.source_name,
        )
    if council is not None:
        check_can_import(user=by, council=council)
    plan = _Plan(ImportStatus.NO_MEETING, ImportedDocument.Kind.MINUTES, council=council)
    if parsed.date is None:
        plan.reasons.append("ingen mødedato i teksten")
    else:
        plan.date = dt.date.fromisoformat(parsed.date)
    if council is None:
        plan.reasons.append("intet råd nævnt i teksten")
    else:
        plan.committee, reason = _committee(parsed, council)
        if reason:
            plan.reasons.append(reason)
    style = detect_numbering(parsed)
    if isinstance(style, str):
        plan.reasons.append(style)
    else:
        plan.style, plan.theme_letters = style
    if plan.reasons or council is None or plan.date is None:
        return plan
    plan.meeting = selectors.meeting_for_import(
        council=council, date=plan.date, committee=plan.committee
    )
    if plan.meeting is None:
        plan.status = ImportStatus.IMPORTED
    elif selectors.meeting_was_imported(meeting=plan.meeting):
        plan.status = ImportStatus.NEW_VERSION
    else:
        plan.status = ImportStatus.LINKED
    return plan


def _committee(parsed: ParsedDocument, council: Council) -> tuple[Committee | None, str]:
    """The body that met: None for the council itself; a reason when it cannot be told."""
    if parsed.body == "council":
        return None, ""
    if parsed.body is None:
        return None, "teksten siger ikke, om rådet, formandskabet eller et udvalg holdt mødet"
    kind = BODY_COMMITTEE_KINDS.get(parsed.body)
    found = [c for c in committee_list(council=council) if c.kind == kind]
    if len(found) == 1:
        return found[0], ""
    label = Committee.Kind(kind).label if kind else parsed.body
    if not found:
        raise ImportFailed(
            f"Referatet er fra et møde i {council.name_genitive} {str(label).lower()}, men rådet "
            "har ikke det udvalg i Rådsrum. Intet er gemt. Opret udvalget først.",
            source_name=parsed.source_name,
        )
    return None, f"{council.name} har flere udvalg af typen {label}; teksten siger ikke hvilket"


def detect_numbering(parsed: ParsedDocument) -> tuple[str, bool] | str:
    """The numbering style and theme-letter flag that reproduce the source's item numbers.

    Returns (style, theme_letters), or a Danish reason when no style gives every number
    as written. Numbers are compared without a trailing dot; the dot decides between
    "1.2" and "1.2." by what most regular items show.
    """
    sections = parsed.sections
    themes = [s.number == "0" for s in sections]
    expected_sections = numbering.section_numbers(themes)
    if [s.number for s in sections] != expected_sections:
        return (
            "afsnittenes numre (" + ", ".join(s.number for s in sections) + ") følger ikke "
            "rækkefølgen 0 (tema), 1, 2, 3 …"
        )
    by_section: dict[str, list[str]] = {s.number: [] for s in sections}
    for item in parsed.items:
        if item.section_number not in by_section:
            return f"punkt {item.number} hører ikke til noget afsnit"
        by_section[item.section_number].append(item.number)
    theme_items = by_section.get("0", [])
    theme_letters = bool(theme_items) and all(re.fullmatch(r"0[A-Z]+", n) for n in theme_items)
    regular = [i for i in parsed.items if i.section_number != "0" or not theme_letters]
    if all(re.fullmatch(r"\d+\.\d+\.\d+", i.number) for i in regular):
        style = NumberingStyle.TRIPLE
    else:
        trailing = sum(1 for i in regular if i.written_number.endswith("."))
        style = (
            NumberingStyle.DOTTED_TRAILING
            if regular and trailing * 2 > len(regular)
            else NumberingStyle.DOTTED
        )
    for section in sections:
        for index, number in enumerate(by_section[section.number], start=1):
            want = numbering.item_number(
                style=style,
                section_number=section.number,
                index=index,
                is_theme=section.number == "0",
                theme_letters=theme_letters,
            )
            if want.rstrip(".") != number:
                return (
                    f"punkt {number} kan ikke nummereres sådan i Rådsrum (det ville blive {want})"
                )
    return str(style), theme_letters


def _execute(
    plan: _Plan,
    *,
    parsed: ParsedDocument,
    by: UserLike,
    filename: str,
    digest: str,
    size: int,
    file_type: str,
    pages: int | None,
) -> ImportResult:
    report = import_report(parsed)
    # The parser already warns of a missing date or council; other reasons are news.
    report.warnings += [r[:1].upper() + r[1:] for r in plan.reasons if "i teksten" not in r]
    after = parsed_json(parsed)
    previous: ImportedDocument | None = None
    before: dict[str, Any] | None = None
    meeting = plan.meeting
    if plan.status == ImportStatus.IMPORTED:
        assert plan.council is not None and plan.date is not None
        meeting = _meeting_create(plan, parsed=parsed, by=by, report=report)
        message = f"Mødet {meeting.address} er oprettet med {len(parsed.items)} punkter."
    elif plan.status == ImportStatus.NEW_VERSION:
        assert meeting is not None
        previous = selectors.document_latest_for_meeting(meeting=meeting)
        before = previous.parsed if previous else selectors.meeting_as_parsed(meeting=meeting)
    elif plan.status == ImportStatus.LINKED:
        assert meeting is not None
        previous = selectors.document_latest_for_meeting(meeting=meeting)
        before = selectors.meeting_as_parsed(meeting=meeting)
        message = (
            f"Mødet {meeting.address} findes allerede i Rådsrum og er ikke ændret; "
            "filen er gemt som kilde til mødet."
        )
    else:
        previous = selectors.document_latest_without_meeting(source_name=filename)
        before = previous.parsed if previous else None
        message = (
            "Ingen dagsordenspunkter fundet; filen er gemt som søgbart dokument."
            if plan.status == ImportStatus.NOT_MINUTES
            else "Referatet er gemt som søgbart dokument, men er ikke blevet et møde ("
            + "; ".join(plan.reasons)
            + ")."
        )
    differences = document_differences(before, after) if before is not None else []
    if plan.status == ImportStatus.NEW_VERSION:
        assert meeting is not None
        if not differences:
            message = (
                f"Filen er ny, men indholdet er det samme som i {meeting.address}; "
                "mødet er ikke ændret."
            )
        else:
            version = (previous.version + 1) if previous else 1
            note = (
                f"{REIMPORT_NOTE}: {filename} (version {version}). "
                + "; ".join(d["text"] for d in differences[:5])
                + (f"; og {len(differences) - 5} ændringer mere." if len(differences) > 5 else "")
            )
            meeting = _meeting_update(
                plan, meeting=meeting, parsed=parsed, by=by, note=note, report=report
            )
            message = (
                f"Mødet {meeting.address} er opdateret fra version {version - 1} til "
                f"{version} med {len(differences)} ændringer; referatet er rettet."
            )
    version = 1
    if meeting is not None:
        latest = selectors.document_latest_for_meeting(meeting=meeting)
        version = latest.version + 1 if latest else 1
    elif previous is not None:
        version = previous.version + 1
    document = ImportedDocument.objects.create(
        source_name=filename[:255],
        sha256=digest,
        size=size,
        file_type=file_type,
        pages=pages,
        kind=plan.kind,
        outcome=_outcome(plan.status),
        council=plan.council,
        meeting_date=dt.date.fromisoformat(parsed.date) if parsed.date else None,
        body=parsed.body or "",
        meeting=meeting,
        version=version,
        previous=previous,
        differences=differences,
        text=parsed.text,
        parsed=after,
        report={
            "found": report.found,
            "repaired": report.repaired,
            "warnings": report.warnings,
            "unread": report.unread,
        },
        imported_by=acting_user(by),
    )
    audit_record(
        actor=by,
        action=f"archive.{plan.status.value}",
        target=document,
        details={"sha256": digest, "meeting": meeting.address if meeting else None},
    )
    if meeting is None:  # a meeting's items are indexed when its minutes are published
        from raadsrum.archive.search import search_index_document

        search_index_document(document=document)
    return ImportResult(
        status=plan.status,
        source_name=filename,
        parsed=parsed,
        report=report,
        message=message,
        committed=True,
        document=document,
        meeting=meeting,
        council_name=plan.council.name if plan.council else (parsed.council or ""),
        meeting_address=meeting.address if meeting else "",
        version=version,
        differences=differences,
    )


def _outcome(status: ImportStatus) -> str:
    return ImportedDocument.Outcome(status.value).value


# --- Writing a meeting through the meetings services -----------------------------------------


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value.replace(".", ":"))
    except ValueError:
        return None


def _times(parsed: ParsedDocument, report: ImportReport) -> tuple[dt.time | None, dt.time | None]:
    start, end = _time(parsed.start_time), _time(parsed.end_time)
    if start and end and end <= start:
        report.warnings.append(
            f"Mødetiden {parsed.start_time}–{parsed.end_time} giver ikke mening; den er ikke gemt."
        )
        return None, None
    return start, end


def _section_title(number: str, title: str, report: ImportReport) -> str:
    if title.strip():
        return title.strip()[:300]
    report.warnings.append(f"Afsnit {number} har ingen overskrift i teksten.")
    return "Tema" if number == "0" else f"Afsnit {number}"


def _attachment_title(text: str) -> str:
    """'Bilag 2.1.1 – Notat' → 'Notat': the number is the meeting's own."""
    return re.sub(r"^Bilag\s+\S+\s+[-–]\s+", "", text).strip()[:300] or text[:300]


def _item_values(item: Any) -> dict[str, Any]:
    return {
        "title": item.title.strip(),
        "kinds": "".join(dict.fromkeys(item.kinds)),
        "has_presentation": item.has_presentation,
        **{name: item.fields.get(name, "") for name in FIELD_NAMES},
    }


def _item_spec(item: Any) -> meetings.ItemSpec:
    return meetings.ItemSpec(
        **_item_values(item),
        attachments=[meetings.AttachmentSpec(title=_attachment_title(a)) for a in item.attachments],
    )


def _meeting_create(
    plan: _Plan, *, parsed: ParsedDocument, by: UserLike, report: ImportReport
) -> Meeting:
    assert plan.council is not None and plan.date is not None
    start, end = _times(parsed, report)
    meeting = meetings.meeting_create(
        council=plan.council,
        date=plan.date,
        by=by,
        committee=plan.committee,
        start_time=start,
        end_time=end,
        is_virtual=bool(parsed.virtual),
        from_template=False,
    )
    meeting = meetings.meeting_numbering_set(
        meeting=meeting, by=by, style=plan.style, theme_item_letters=plan.theme_letters
    )
    # The whole agenda in one go: one check, one renumbering, one audit entry.
    meetings.agenda_build(
        meeting=meeting,
        by=by,
        sections=[
            meetings.SectionSpec(
                title=_section_title(parsed_section.number, parsed_section.title, report),
                is_theme=parsed_section.number == "0",
                items=[
                    _item_spec(parsed_item)
                    for parsed_item in parsed.items
                    if parsed_item.section_number == parsed_section.number
                ],
            )
            for parsed_section in parsed.sections
        ],
    )
    _attendance_sync(meeting=meeting, parsed=parsed, by=by)
    _end(meeting=meeting, parsed=parsed, by=by)
    meetings.minutes_archive_publish(meeting=meeting, by=by, source=parsed.source_name)
    meeting.refresh_from_db()
    return meeting


def _end(*, meeting: Meeting, parsed: ParsedDocument, by: UserLike) -> None:
    ended_at = _time(parsed.ended_at)
    if ended_at is not None:
        if ended_at != meeting.ended_at:
            meetings.meeting_end(meeting=meeting, by=by, ended_at=ended_at)
    elif meeting.status == Meeting.Status.PLANNED:
        meetings.meeting_transition(meeting=meeting, by=by, name="hold")


def _attendance_sync(*, meeting: Meeting, parsed: ParsedDocument, by: UserLike) -> None:
    """Make the attendance list the document's: names added or taken off, none duplicated."""
    wanted = [
        (
            e.name.strip()[:200],
            e.role if e.role in Attendance.Role.values else "guest",
            e.group.strip()[:120],
            e.organisation.strip()[:200],
        )
        for e in parsed.attendance
        if e.name.strip()
    ]
    keys = {(name, role) for name, role, _, _ in wanted}
    existing = list(meeting_attendance(meeting=meeting))
    have = set()
    for row in existing:
        if (row.name, row.role) not in keys:
            meetings.attendance_delete(attendance=row, by=by)
        else:
            have.add((row.name, row.role))
    added = []
    for name, role, group, organisation in wanted:
        if (name, role) in have:
            continue
        have.add((name, role))
        added.append(
            meetings.AttendanceSpec(name=name, role=role, group=group, organisation=organisation)
        )
    if added:
        meetings.attendance_build(meeting=meeting, by=by, rows=added)


def _meeting_update(
    plan: _Plan,
    *,
    meeting: Meeting,
    parsed: ParsedDocument,
    by: UserLike,
    note: str,
    report: ImportReport,
) -> Meeting:
    """Bring an imported meeting in line with a changed file, as a correction of its minutes."""
    current = minutes_current(meeting=meeting)
    if current is not None and current.status == Minutes.Status.PUBLISHED:
        meetings.minutes_correct(meeting=meeting, by=by, note=note)
    elif current is not None and current.status != Minutes.Status.DRAFT:
        raise ImportFailed(
            f"Referatet af {meeting.address} er {current.get_status_display().lower()}; "
            "det kan ikke genimporteres, før det er offentliggjort eller genåbnet.",
            source_name=parsed.source_name,
        )
    start, end = _times(parsed, report)
    meeting = meetings.meeting_update(
        meeting=meeting, by=by, start_time=start, end_time=end, is_virtual=bool(parsed.virtual)
    )
    if (meeting.numbering_style, meeting.theme_item_letters) != (plan.style, plan.theme_letters):
        meeting = meetings.meeting_numbering_set(
            meeting=meeting, by=by, style=plan.style, theme_item_letters=plan.theme_letters
        )
    sections = _sections_sync(meeting=meeting, parsed=parsed, by=by, report=report)
    for number, section in sections.items():
        wanted = [i for i in parsed.items if i.section_number == number]
        _items_sync(section=section, wanted=wanted, by=by)
    _attendance_sync(meeting=meeting, parsed=parsed, by=by)
    _end(meeting=meeting, parsed=parsed, by=by)
    meetings.minutes_archive_publish(meeting=meeting, by=by, source=parsed.source_name)
    meeting.refresh_from_db()
    return meeting


def _sections_sync(
    *, meeting: Meeting, parsed: ParsedDocument, by: UserLike, report: ImportReport
) -> dict[str, AgendaSection]:
    """Sections matched by number (0 is the theme); missing ones added, extra ones removed."""
    old = list(meeting.sections.order_by("position"))
    old_theme = next((s for s in old if s.is_theme), None)
    old_regular = [s for s in old if not s.is_theme]
    new_theme = next((s for s in parsed.sections if s.number == "0"), None)
    new_regular = [s for s in parsed.sections if s.number != "0"]
    result: dict[str, AgendaSection] = {}
    if old_theme is not None and new_theme is None:
        _section_remove(old_theme, by=by)
    elif new_theme is not None:
        title = _section_title("0", new_theme.title, report)
        if old_theme is None:
            old_theme = meetings.section_add(meeting=meeting, by=by, title=title, is_theme=True)
        elif old_theme.title != title:
            meetings.section_update(section=old_theme, by=by, title=title)
        result["0"] = old_theme
    for extra in old_regular[len(new_regular) :]:
        _section_remove(extra, by=by)
    for index, parsed_section in enumerate(new_regular):
        title = _section_title(parsed_section.number, parsed_section.title, report)
        if index < len(old_regular):
            section = old_regular[index]
            if section.title != title:
                meetings.section_update(section=section, by=by, title=title)
        else:
            section = meetings.section_add(meeting=meeting, by=by, title=title)
        result[parsed_section.number] = section
    return result


def _section_remove(section: AgendaSection, *, by: UserLike) -> None:
    for item in list(section.items.all()):
        meetings.item_delete(item=item, by=by)
    meetings.section_delete(section=section, by=by)


def _items_sync(*, section: AgendaSection, wanted: Iterable[Any], by: UserLike) -> None:
    """Items matched by place in the section (so by number): changed fields written."""
    wanted = list(wanted)
    old = list(section.items.order_by("position"))
    for extra in old[len(wanted) :]:
        meetings.item_delete(item=extra, by=by)
    for index, parsed_item in enumerate(wanted):
        values = _item_values(parsed_item)
        if index >= len(old):
            item = meetings.item_add(section=section, by=by, **values)
        else:
            item = old[index]
            decision = values.pop("decision")
            changed = {k: v for k, v in values.items() if getattr(item, k) != v}
            if changed:
                item = meetings.item_update(
                    item=item, by=by, expected_version=item.version, **changed
                )
            if item.decision != decision:
                item = meetings.decision_record(
                    item=item, by=by, decision=decision, expected_version=item.version
                )
        titles = [_attachment_title(a) for a in parsed_item.attachments]
        _attachments_sync(item=item, titles=titles, by=by)


def _attachments_sync(*, item: AgendaItem, titles: list[str], by: UserLike) -> None:
    old = list(item.attachments.order_by("position"))
    if [a.title for a in old] == titles:
        return
    for attachment in old:
        if attachment.title not in titles and not attachment.file:
            meetings.attachment_delete(attachment=attachment, by=by)
    kept = {a.title for a in item.attachments.all()}
    for title in titles:
        if title not in kept:
            meetings.attachment_add(item=item, by=by, title=title)


# --- Plain data and differences ---------------------------------------------------------------


def parsed_json(parsed: ParsedDocument) -> dict[str, Any]:
    """What an ImportedDocument keeps of the parse: the issue's JSON shape plus the rest."""
    return {
        **parsed.to_json(),
        "sections": [
            {"number": s.number, "title": s.title, "is_theme": s.is_theme} for s in parsed.sections
        ],
        "start_time": parsed.start_time,
        "end_time": parsed.end_time,
        "ended_at": parsed.ended_at,
        "links": list(parsed.links),
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b


def _difference(kind: str, text: str, *, number: str = "", field: str = "") -> dict[str, str]:
    return {"kind": kind, "number": number, "field": field, "text": text}


def document_differences(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, str]]:
    """What changed from one parse (or a meeting, see selectors.meeting_as_parsed) to another.

    Items are matched by number. Each difference is {'kind', 'number', 'field', 'text'}
    with 'text' a Danish line ("Punkt 2.1.1: beslutning ændret"). Spacing is not a change.
    """
    out: list[dict[str, str]] = []
    for key, label in (("date", "mødedato"), *MEETING_LABELS.items()):
        if key in before and key in after and not _same(before.get(key), after.get(key)):
            out.append(
                _difference(
                    "meeting_changed",
                    f"Mødet: {label} ændret fra {_show(before.get(key))} "
                    f"til {_show(after.get(key))}",
                    field=key,
                )
            )
    old_sections = {s["number"]: s for s in before.get("sections", [])}
    for section in after.get("sections", []):
        previous = old_sections.get(section["number"])
        title = section["title"]
        if previous is not None and title and not _same(previous["title"], title):
            out.append(
                _difference(
                    "section_changed",
                    f"Afsnit {section['number']}: overskrift ændret til «{section['title']}»",
                    number=section["number"],
                    field="title",
                )
            )
    old_items = {i["number"]: i for i in before.get("items", [])}
    new_items = {i["number"]: i for i in after.get("items", [])}
    for number, item in new_items.items():
        previous = old_items.get(number)
        if previous is None:
            out.append(
                _difference(
                    "item_added", f"Punkt {number} tilføjet: {item['title']}", number=number
                )
            )
            continue
        for name in ("title", "kinds", "has_presentation"):
            if not _same(previous.get(name), item.get(name)):
                out.append(
                    _difference(
                        "item_changed",
                        f"Punkt {number}: {FIELD_LABELS[name]} ændret",
                        number=number,
                        field=name,
                    )
                )
        for name in FIELD_NAMES:
            if not _same(previous.get("fields", {}).get(name, ""), item["fields"].get(name, "")):
                out.append(
                    _difference(
                        "item_changed",
                        f"Punkt {number}: {FIELD_LABELS[name]} ændret",
                        number=number,
                        field=name,
                    )
                )
        if [_attachment_title(a) for a in previous.get("attachments", [])] != [
            _attachment_title(a) for a in item.get("attachments", [])
        ]:
            out.append(
                _difference(
                    "item_changed",
                    f"Punkt {number}: bilag ændret",
                    number=number,
                    field="attachments",
                )
            )
    for number, item in old_items.items():
        if number not in new_items:
            out.append(
                _difference(
                    "item_removed", f"Punkt {number} fjernet: {item['title']}", number=number
                )
            )
    old_people = {(a["name"], a["role"]) for a in before.get("attendance", [])}
    new_people = {(a["name"], a["role"]) for a in after.get("attendance", [])}
    added = sorted(name for name, _ in new_people - old_people)
    removed = sorted(name for name, _ in old_people - new_people)
    if added:
        out.append(_difference("attendance_added", "Deltagere tilføjet: " + ", ".join(added)))
    if removed:
        out.append(_difference("attendance_removed", "Deltagere fjernet: " + ", ".join(removed)))
    return out


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(intet)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)
