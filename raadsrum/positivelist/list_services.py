"""Writes of the published list: the council's recommendation item, its decision, imports.

`recommendation_item_create` puts the committee's recommendation on a council agenda as a
(B) item with the accepted courses as a PDF attachment; `round_decide` records the council's
decision on that item and creates the next `PositiveListVersion` in the same transaction;
`list_version_create` imports an existing list (the demo, the benchmark, the command line).
Each version holds the whole list, so the previous version is never edited, only ended.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.danish import danish_date, danish_join
from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import UserLike
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.meetings.models import AgendaItem, AgendaSection, Meeting
from raadsrum.positivelist.list_selectors import (
    accepted_proposals,
    course_key,
    course_search_text,
    duration_text,
)
from raadsrum.positivelist.models import (
    CourseKind,
    CourseProposal,
    DurationUnit,
    JobTitle,
    ListedCourse,
    PositiveList,
    PositiveListVersion,
    Round,
)

RECOMMENDING_BODY = "Positivlisteudvalget"
DEFAULT_SECTION_TITLE = "Positivlisten"
NOT_SECRETARIAT = "Kun sekretariatet kan indstille og beslutte positivlisten."
COURSE_FIELDS = (
    "course_number",
    "title",
    "provider",
    "kind",
    "duration",
    "duration_unit",
    "is_online",
    "description",
)


# --- The recommendation item ------------------------------------------------------------


@transaction.atomic
def recommendation_item_create(*, round: Round, meeting: Meeting, by: UserLike) -> AgendaItem:
    """Put the recommendation on `meeting`'s agenda as a (B) item with the course list.

    One click: a second call (a double submit, or a colleague at the same time) is refused
    and the first item stays the only one.
    """
    check_is_secretariat(user=by, council=round.council, refusal=NOT_SECRETARIAT)
    loaded_version = round.version
    round = Round.objects.select_for_update().select_related("council").get(pk=round.pk)
    if round.recommendation_item_id is not None:
        raise Conflict(
            "Indstillingen er allerede sat på en dagsorden "
            f"(punkt {round.recommendation_item.number if round.recommendation_item else ''}). "
            "Der oprettes ikke et punkt mere."
        )
    if round.status != Round.Status.SCREENING:
        raise ValidationFailed(
            "Indstillingen kan først oprettes, når forslagene er screenet "
            f"(runden har status '{round.get_status_display()}')."
        )
    _check_meeting_for_recommendation(round=round, meeting=meeting)
    proposals = list(accepted_proposals(round=round))
    if not proposals:
        raise ValidationFailed("Ingen kursusforslag er indstillet, så der er intet at indstille.")

    section = _section_for_item(meeting=meeting, by=by)
    item = meeting_services.item_add(
        section=section,
        title=f"Positivlisten pr. {danish_date(round.valid_from)}",
        by=by,
        kinds="B",
        position=_after_decision_items(section),
        summary=_summary_text(round=round, count=len(proposals)),
        presentation=_presentation_text(proposals),
    )
    attachment = meeting_services.attachment_add(
        item=item,
        by=by,
        title=f"Kurser indstillet til positivlisten pr. {danish_date(round.valid_from)}",
        upload=SimpleUploadedFile(
            f"positivliste-indstilling-{round.valid_from.isoformat()}.pdf",
            recommendation_pdf(round=round, proposals=proposals),
            content_type="application/pdf",
        ),
    )
    item = meeting_services.item_update(
        item=item,
        by=by,
        expected_version=item.version,
        recommendation=recommendation_text(
            round=round, proposals=proposals, attachment_number=attachment.number
        ),
    )
    # The row lock above serialises this on PostgreSQL; on SQLite the version check does.
    written = Round.objects.filter(
        pk=round.pk, version=loaded_version, recommendation_item__isnull=True
    ).update(
        recommendation_item=item,
        status=Round.Status.RECOMMENDED,
        version=F("version") + 1,
    )
    if not written:
        raise Conflict(
            "Runden blev ændret af en anden, mens du arbejdede. Genindlæs siden og se, "
            "om indstillingen allerede er oprettet."
        )
    round.refresh_from_db()
    audit_record(
        actor=by,
        action="positivelist.recommend",
        target=round,
        details={"item": item.pk, "meeting": meeting.address, "courses": len(proposals)},
    )
    return item


def _check_meeting_for_recommendation(*, round: Round, meeting: Meeting) -> None:
    if meeting.council_id != round.council_id or meeting.committee_id is not None:
        raise ValidationFailed("Vælg et af rådets egne møder: rådet beslutter positivlisten.")
    if meeting.status != Meeting.Status.PLANNED or meeting.date < timezone.localdate():
        raise ValidationFailed(
            f"Mødet den {danish_date(meeting.date)} er holdt eller aflyst. Vælg et kommende møde."
        )


def _section_for_item(*, meeting: Meeting, by: UserLike) -> AgendaSection:
    """The section that already holds the positive list, else the last one, else a new one."""
    sections = list(meeting.sections.order_by("position"))
    for section in sections:
        if "positivliste" in section.title.lower():
            return section
    for section in reversed(sections):
        if not section.is_theme:
            return section
    return meeting_services.section_add(meeting=meeting, title=DEFAULT_SECTION_TITLE, by=by)


def _after_decision_items(section: AgendaSection) -> int:
    """Decision items come first in a section: the new one goes after those already there."""
    kinds = list(section.items.order_by("position").values_list("kinds", flat=True))
    leading = 0
    for k in kinds:
        if "B" not in k:
            break
        leading += 1
    return leading


def _title_counts(proposals: Sequence[CourseProposal]) -> list[tuple[str, int]]:
    """(job title, number of courses) with the most courses first.

    A course aimed at two job titles counts for each, as the minutes count them.
    """
    counts: Counter[str] = Counter()
    for proposal in proposals:
        titles = _proposal_titles(proposal)
        for title in titles or ["andre stillinger"]:
            counts[title] += 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].lower()))


def _proposal_titles(proposal: CourseProposal) -> list[str]:
    titles = [t.title for t in proposal.job_titles.all()]
    if proposal.other_job_title.strip():
        titles.append(proposal.other_job_title.strip())
    return titles


def _common_noun(title: str) -> str:
    """'Bager' → 'bager' inside a sentence; 'IT-supporter' stays as it is."""
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def recommendation_text(
    *, round: Round, proposals: Sequence[CourseProposal], attachment_number: str
) -> str:
    """'Positivlisteudvalget indstiller, at de 19 kurser, der er oplistet i bilag 2.1.1,
    tilføjes positivlisten pr. 1. oktober 2026: 9 kurser til bager, 7 til pædagog …'"""
    total = len(proposals)
    what = "det kursus" if total == 1 else f"de {total} kurser"
    where = f"bilag {attachment_number}" if attachment_number else "bilaget"
    parts = []
    for index, (title, count) in enumerate(_title_counts(proposals)):
        noun = ("kursus" if count == 1 else "kurser") if index == 0 else ""
        parts.append(f"{count} {noun} til {_common_noun(title)}".replace("  ", " "))
    per_title = f": {danish_join(parts)}" if parts else ""
    return (
        f"{RECOMMENDING_BODY} indstiller, at {what}, der er oplistet i {where}, "
        f"tilføjes positivlisten pr. {danish_date(round.valid_from)}{per_title}."
    )


def _summary_text(*, round: Round, count: int) -> str:
    return (
        f"Rådet skal beslutte, hvilke kurser der skal på positivlisten for den regionale "
        f"uddannelsespulje pr. {danish_date(round.valid_from)} ({round.title}). "
        f"{RECOMMENDING_BODY} indstiller {count} {'kursus' if count == 1 else 'kurser'}."
    )


def _presentation_text(proposals: Sequence[CourseProposal]) -> str:
    lines = ["Kurserne fordeler sig sådan på stillingsbetegnelserne:", ""]
    for title, count in _title_counts(proposals):
        lines.append(f"- {title}: {count} {'kursus' if count == 1 else 'kurser'}")
    lines += ["", "Kurserne er oplistet i bilaget med nummer, udbyder, varighed og form."]
    return "\n".join(lines)


def recommendation_pdf(*, round: Round, proposals: Sequence[CourseProposal]) -> bytes:
    """The attachment: one table of the recommended courses, A4 landscape.

    PDF rather than XLSX: the attachment goes into the members' meeting papers and, once
    published, into the public record of what the council decided, so it must read and print
    the same everywhere and not be edited by accident; anyone who wants a spreadsheet gets
    the decided list as XLSX from the public list page.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from raadsrum.meetings.documents.pdf import ACCENT, FONT, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=body, fontName=f"{FONT}-Bold", textColor=colors.white)
    title = ParagraphStyle("title", parent=body, fontName=f"{FONT}-Bold", fontSize=14, leading=18)

    def cell(text: str, style: ParagraphStyle = body) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(text), style)

    header = ["Nr.", "Kursustitel", "Udbyder", "Type", "Varighed", "Online", "Stillinger"]
    rows: list[list[Any]] = [[cell(h, head) for h in header]]
    for proposal in proposals:
        rows.append(
            [
                cell(proposal.course_number),
                cell(proposal.title),
                cell(proposal.provider),
                cell(proposal.get_kind_display()),
                cell(duration_text(proposal.duration, proposal.duration_unit)),
                cell("ja" if proposal.is_online else "nej"),
                cell(", ".join(_proposal_titles(proposal))),
            ]
        )
    buffer = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"Kurser indstillet til positivlisten pr. {danish_date(round.valid_from)}",
        author=round.council.name,
    )
    widths = [c * cm for c in (1.8, 7.0, 5.0, 3.2, 2.2, 1.4, 6.1)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA5B8")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F4F8")]),
            ]
        )
    )
    total = len(proposals)
    document.build(
        [
            Paragraph(
                f"{round.council.name}: kurser indstillet til positivlisten pr. "
                f"{danish_date(round.valid_from)}",
                title,
            ),
            Spacer(1, 0.3 * cm),
            cell(
                f"{round.title}. {RECOMMENDING_BODY} indstiller "
                f"{total} {'kursus' if total == 1 else 'kurser'}."
            ),
            Spacer(1, 0.4 * cm),
            table,
        ]
    )
    return buffer.getvalue()


# --- The decision -------------------------------------------------------------------------


@transaction.atomic
def round_decide(
    *,
    round: Round,
    by: UserLike,
    decision_text: str,
    course_ids_not_approved: Iterable[int] = (),
    continuing_course_ids: Iterable[int] | None = None,
    expected_version: int,
) -> PositiveListVersion:
    """Record the council's decision and publish the new list version, in one transaction.

    `course_ids_not_approved` are accepted proposals the council did not approve; they are
    set to rejected ('Ikke godkendt af rådet <the meeting's date>') in the same transaction.
    `continuing_course_ids` are the current list's courses that stay (yearly rounds only;
    None keeps them all: between yearly updates courses are only added). Two secretaries
    deciding at once: the first wins, the second gets Conflict and nothing is written twice.
    """
    check_is_secretariat(user=by, council=round.council, refusal=NOT_SECRETARIAT)
    decision_text = decision_text.strip()
    if not decision_text:
        raise ValidationFailed("Skriv rådets beslutning.")
    # Claim the round first: the losing transaction stops here (PostgreSQL waits for the
    # winner's commit and then finds the version moved on; SQLite serialises the writes).
    claimed = Round.objects.filter(
        pk=round.pk, version=expected_version, status=Round.Status.RECOMMENDED
    ).update(status=Round.Status.DECIDED, version=F("version") + 1)
    if not claimed:
        stored = Round.objects.get(pk=round.pk)
        if stored.status == Round.Status.DECIDED:
            raise Conflict(
                "Rådets beslutning er allerede registreret af en anden, og den nye version af "
                "positivlisten er oprettet. Din registrering er ikke gemt; genindlæs siden."
            )
        if stored.version != expected_version:
            raise Conflict("Runden blev ændret, mens du arbejdede. Genindlæs siden og prøv igen.")
        raise ValidationFailed(
            "Beslutningen kan først registreres, når indstillingen er sat på en dagsorden."
        )
    round = Round.objects.select_related("council", "recommendation_item__meeting").get(pk=round.pk)
    item = round.recommendation_item
    if item is None:
        raise ValidationFailed("Runden har intet indstillingspunkt på en dagsorden.")
    if item.meeting.date > timezone.localdate():
        raise ValidationFailed(
            f"Mødet er først den {danish_date(item.meeting.date)}. Beslutningen kan "
            "registreres, når rådet har behandlet punktet."
        )

    proposals = {p.pk: p for p in accepted_proposals(round=round)}
    not_approved = {int(pk) for pk in course_ids_not_approved}
    unknown = not_approved - set(proposals)
    if unknown:
        raise ValidationFailed("Nogle af de fravalgte kurser er ikke indstillet i denne runde.")
    approved = [p for pk, p in proposals.items() if pk not in not_approved]

    meeting_services.decision_record(
        item=item, by=by, decision=decision_text, expected_version=item.version
    )
    _mark_not_approved(
        proposals=[proposals[pk] for pk in sorted(not_approved)], on=item.meeting.date, by=by
    )

    positive_list = _positive_list_locked(council=round.council)
    previous = _latest_version(positive_list)
    current = previous_courses(previous)
    continuing = _continuing_courses(
        round=round, courses=current, continuing_course_ids=continuing_course_ids
    )
    rows = [_row_from_listed(course) for course in continuing]
    rows += [_row_from_proposal(p, added_on=round.valid_from) for p in approved]
    version = _version_write(
        positive_list=positive_list,
        previous=previous,
        valid_from=round.valid_from,
        rows=rows,
        round=round,
        decision_item=item,
        note=round.title,
    )
    audit_record(
        actor=by,
        action="positivelist.decide",
        target=round,
        details={
            "version": version.number,
            "approved": len(approved),
            "not_approved": sorted(not_approved),
            "continuing": len(continuing),
            "dropped": len(current) - len(continuing),
        },
    )
    return version


def _mark_not_approved(*, proposals: Sequence[CourseProposal], on: dt.date, by: UserLike) -> None:
    """The council's outcome on the proposals it left out: rejected, with the meeting's date.

    The round is already claimed for the decision (and no longer in screening), so nobody
    can decide these proposals meanwhile; a count that does not match means the data
    changed under us, and the whole decision is rolled back.
    """
    if not proposals:
        return
    reason = f"Ikke godkendt af rådet {danish_date(on)}"
    written = CourseProposal.objects.filter(
        pk__in=[p.pk for p in proposals], status=CourseProposal.Status.ACCEPTED
    ).update(
        status=CourseProposal.Status.REJECTED,
        status_reason=reason,
        status_by=acting_user(by),
        status_at=timezone.now(),
        version=F("version") + 1,
    )
    if written != len(proposals):
        raise Conflict("Kursusforslagene blev ændret, mens du arbejdede. Genindlæs siden.")
    for proposal in proposals:
        audit_record(
            actor=by,
            action="positivelist.proposal_decide",
            target=proposal,
            details={
                "status": CourseProposal.Status.REJECTED,
                "reason": reason,
                "version": proposal.version + 1,
            },
        )


def _continuing_courses(
    *,
    round: Round,
    courses: list[ListedCourse],
    continuing_course_ids: Iterable[int] | None,
) -> list[ListedCourse]:
    if continuing_course_ids is None:
        return courses
    keep = {int(pk) for pk in continuing_course_ids}
    unknown = keep - {c.pk for c in courses}
    if unknown:
        raise ValidationFailed("Nogle af de valgte kurser står ikke på den gældende liste.")
    if round.kind != Round.Kind.YEARLY and len(keep) != len(courses):
        raise ValidationFailed(
            "Kurser fjernes kun fra positivlisten ved den årlige opdatering. "
            "Et supplement eller en ekstraordinær tilføjelse kan kun tilføje kurser."
        )
    return [c for c in courses if c.pk in keep]


def previous_courses(version: PositiveListVersion | None) -> list[ListedCourse]:
    if version is None:
        return []
    return list(version.courses.prefetch_related("job_titles").order_by("pk"))


# --- Importing a list (demo, benchmark, command line) ----------------------------------------


@dataclass
class CourseRow:
    """A course as plain data, before it is written as a ListedCourse."""

    title: str
    provider: str
    course_number: str = ""
    kind: str = CourseKind.AMU
    duration: Decimal = Decimal("1")
    duration_unit: str = DurationUnit.DAYS
    is_online: bool = False
    description: str = ""
    job_titles: list[str] = field(default_factory=list)
    added_on: dt.date | None = None
    proposal_id: int | None = None


@transaction.atomic
def list_version_create(
    *,
    council: Council,
    valid_from: dt.date,
    courses: Iterable[CourseRow],
    by: UserLike | None,
    note: str = "",
) -> PositiveListVersion:
    """Import a whole list as the council's next version (ending the one before it).

    For lists decided before Rådsrum (the demo, the benchmark, an import). `by` None is a
    system import from the command line; a user must be in the council's secretariat.
    A course already on the previous version keeps its 'on the list since' date.
    """
    if by is not None:
        check_is_secretariat(user=by, council=council, refusal=NOT_SECRETARIAT)
    rows = list(courses)
    for row in rows:
        _validate_row(row)
    positive_list = _positive_list_locked(council=council)
    previous = _latest_version(positive_list)
    if previous is not None:
        since = {
            course_key(c["course_number"], c["title"], c["provider"]): c["added_on"]
            for c in previous.courses.values("course_number", "title", "provider", "added_on")
        }
        for row in rows:
            if row.added_on is None:
                row.added_on = since.get(course_key(row.course_number, row.title, row.provider))
    version = _version_write(
        positive_list=positive_list,
        previous=previous,
        valid_from=valid_from,
        rows=rows,
        round=None,
        decision_item=None,
        note=note,
    )
    audit_record(
        actor=by,
        action="positivelist.import",
        target=version,
        details={"courses": len(rows), "valid_from": valid_from.isoformat()},
    )
    return version


def _validate_row(row: CourseRow) -> None:
    if not row.title.strip() or not row.provider.strip():
        raise ValidationFailed("Hvert kursus skal have en titel og en udbyder.")
    if row.kind not in CourseKind.values:
        raise ValidationFailed(f"Ukendt kursustype '{row.kind}' ved {row.title}.")
    if row.duration_unit not in DurationUnit.values:
        raise ValidationFailed(f"Ukendt enhed '{row.duration_unit}' ved {row.title}.")
    if row.duration <= 0:
        raise ValidationFailed(f"Varigheden skal være større end 0 ved {row.title}.")


# --- Shared: writing a version ------------------------------------------------------------------


def _positive_list_locked(*, council: Council) -> PositiveList:
    PositiveList.objects.get_or_create(council=council)
    return PositiveList.objects.select_for_update().get(council=council)


def _latest_version(positive_list: PositiveList) -> PositiveListVersion | None:
    return positive_list.versions.order_by("-number").first()


def _row_from_listed(course: ListedCourse) -> CourseRow:
    return CourseRow(
        **{f: getattr(course, f) for f in COURSE_FIELDS},
        job_titles=[t.title for t in course.job_titles.all()]
        or _split_titles(course.job_titles_text),
        added_on=course.added_on,
        proposal_id=course.proposal_id,
    )


def _row_from_proposal(proposal: CourseProposal, *, added_on: dt.date) -> CourseRow:
    return CourseRow(
        **{f: getattr(proposal, f) for f in COURSE_FIELDS},
        job_titles=_proposal_titles(proposal),
        added_on=added_on,
        proposal_id=proposal.pk,
    )


def _split_titles(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def _merge_duplicates(rows: list[CourseRow]) -> list[CourseRow]:
    """One row per course: a course proposed again for another job title gains the title."""
    merged: dict[tuple[str, ...], CourseRow] = {}
    for row in rows:
        key = course_key(row.course_number, row.title, row.provider)
        kept = merged.get(key)
        if kept is None:
            merged[key] = row
            continue
        for title in row.job_titles:
            if title not in kept.job_titles:
                kept.job_titles.append(title)
        if kept.added_on is None or (row.added_on and row.added_on < kept.added_on):
            kept.added_on = row.added_on or kept.added_on
    return list(merged.values())


def _version_write(
    *,
    positive_list: PositiveList,
    previous: PositiveListVersion | None,
    valid_from: dt.date,
    rows: list[CourseRow],
    round: Round | None,
    decision_item: AgendaItem | None,
    note: str,
) -> PositiveListVersion:
    if previous is not None and valid_from <= previous.valid_from:
        raise ValidationFailed(
            f"Den nye version skal gælde fra efter {danish_date(previous.valid_from)}, "
            "hvor den gældende version begyndte."
        )
    number = (positive_list.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            version = PositiveListVersion.objects.create(
                positive_list=positive_list,
                number=number,
                valid_from=valid_from,
                round=round,
                decision_item=decision_item,
                note=note[:500],
            )
    except IntegrityError as taken:
        raise Conflict(
            "En anden oprettede en ny version af positivlisten samtidig. Genindlæs siden."
        ) from taken
    if previous is not None:
        end = valid_from - dt.timedelta(days=1)
        if previous.valid_to is None or previous.valid_to > end:
            PositiveListVersion.objects.filter(pk=previous.pk).update(valid_to=end)
    _courses_write(version=version, rows=_merge_duplicates(rows))
    return version


def _courses_write(*, version: PositiveListVersion, rows: list[CourseRow]) -> None:
    titles = {t for row in rows for t in row.job_titles}
    known = {t.title: t for t in JobTitle.objects.filter(title__in=titles)}
    missing = [JobTitle(title=t) for t in sorted(titles - set(known))]
    if missing:
        JobTitle.objects.bulk_create(missing, ignore_conflicts=True)
        known = {t.title: t for t in JobTitle.objects.filter(title__in=titles)}
    courses = [_listed_course(version=version, row=row) for row in rows]
    created = ListedCourse.objects.bulk_create(courses, batch_size=500)
    if any(c.pk is None for c in created):  # backends that do not return ids
        created = list(version.courses.order_by("pk"))
    through = ListedCourse.job_titles.through
    links = [
        through(listedcourse_id=course.pk, jobtitle_id=known[title].pk)
        for course, row in zip(created, rows, strict=True)
        for title in dict.fromkeys(row.job_titles)
    ]
    through.objects.bulk_create(links, batch_size=1000)


def _listed_course(*, version: PositiveListVersion, row: CourseRow) -> ListedCourse:
    """The unsaved row, with the search text the public list searches (see course_list)."""
    course = ListedCourse(
        version=version,
        course_number=row.course_number.strip(),
        title=row.title.strip(),
        provider=row.provider.strip(),
        kind=row.kind,
        duration=row.duration,
        duration_unit=row.duration_unit,
        is_online=row.is_online,
        description=row.description,
        job_titles_text="; ".join(row.job_titles)[:1000],
        proposal_id=row.proposal_id,
        added_on=row.added_on or version.valid_from,
    )
    course.search_text = course_search_text(
        course_number=course.course_number,
        title=course.title,
        provider=course.provider,
        job_titles_text="; ".join(row.job_titles),
    )
    return course
