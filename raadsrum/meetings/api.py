"""Public read API for meetings, agendas and published minutes.

Everything here is what the public portal shows, and nothing more: agendas once published
(without decisions), minutes only from a published version's snapshot, and attachments
with a download address only when they are not for members only. The documents come from
the same selectors as the portal's pages, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_get
from raadsrum.meetings.documents.model import AttachmentDoc, ItemDoc, MeetingDocument
from raadsrum.meetings.models import Meeting, Minutes
from raadsrum.meetings.selectors import (
    meeting_get_by_address,
    meeting_list_for_council,
    public_agenda_document,
    public_minutes_document,
)

router = Router(tags=["møder"])


# --- schemas ------------------------------------------------------------------------------


class MeetingSummaryOut(Schema):
    address: str
    date: dt.date
    sequence: int
    body: str
    body_name: str
    title: str
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    is_virtual: bool
    status: str
    status_label: str
    agenda_published: bool
    minutes_published: bool


class AttachmentOut(Schema):
    number: str
    title: str
    members_only: bool
    download_url: str | None = None


class ItemOut(Schema):
    number: str
    title: str
    kinds: str
    marker: str
    has_presentation: bool
    summary: str
    recommendation: str
    decision: str | None = None
    presentation: str
    next_steps: str
    background: str
    attachments: list[AttachmentOut]


class SectionOut(Schema):
    number: str
    title: str
    is_theme: bool
    items: list[ItemOut]


class AttendeeOut(Schema):
    name: str
    organisation: str
    note: str


class AttendanceGroupOut(Schema):
    title: str
    people: list[AttendeeOut]


class DocumentOut(Schema):
    kind: str
    header_line: str
    version: int
    correction_note: str
    ended_at: dt.time | None = None
    sections: list[SectionOut]
    attendance: list[AttendanceGroupOut]


class MeetingOut(MeetingSummaryOut):
    council: str
    council_name: str
    note: str
    agenda: DocumentOut | None
    minutes: DocumentOut | None


class MinutesVersionOut(Schema):
    version: int
    published_at: dt.datetime | None
    correction_note: str
    is_current: bool


class ErrorOut(Schema):
    detail: str


# --- endpoints ----------------------------------------------------------------------------


@router.get(
    "/councils/{slug}/meetings",
    response={200: list[MeetingSummaryOut], 404: ErrorOut},
    summary="Rådets møder",
)
def council_meetings(request: HttpRequest, slug: str) -> list[MeetingSummaryOut]:
    """The council's own meetings, newest first, with whether agenda and minutes are public."""
    council = _council_or_404(slug)
    return [_summary(m) for m in meeting_list_for_council(council=council)]


@router.get(
    "/meetings/{council}/{date}",
    response={200: MeetingOut, 404: ErrorOut},
    summary="Et møde med dagsorden og referat",
)
def meeting_detail(request: HttpRequest, council: str, date: str) -> MeetingOut:
    """`date` is `2020-06-04`, or `2020-06-04-2` for the day's second meeting.

    `agenda` is null until it is published and never holds decisions; `minutes` is the
    newest published version, or null.
    """
    meeting = _meeting_or_404(council, date)
    agenda = public_agenda_document(meeting=meeting)
    minutes = public_minutes_document(meeting=meeting)
    summary = _summary(meeting, minutes_published=minutes is not None)
    return MeetingOut(
        **summary.dict(),
        council=meeting.council.slug,
        council_name=meeting.council.name,
        note=meeting.note,
        agenda=_document(request, agenda) if agenda else None,
        minutes=_document(request, minutes) if minutes else None,
    )


@router.get(
    "/meetings/{council}/{date}/minutes/versions",
    response={200: list[MinutesVersionOut], 404: ErrorOut},
    summary="Offentliggjorte versioner af referatet",
)
def minutes_versions(request: HttpRequest, council: str, date: str) -> list[MinutesVersionOut]:
    """Every published version of the minutes, newest first; a correction is a new version."""
    meeting = _meeting_or_404(council, date)
    published = list(meeting.minutes.filter(status=Minutes.Status.PUBLISHED).order_by("-version"))
    return [
        MinutesVersionOut(
            version=m.version,
            published_at=m.published_at,
            correction_note=m.correction_note,
            is_current=index == 0,
        )
        for index, m in enumerate(published)
    ]


# --- building the answers ---------------------------------------------------------------


def _summary(meeting: Meeting, *, minutes_published: bool | None = None) -> MeetingSummaryOut:
    if minutes_published is None:
        minutes_published = bool(getattr(meeting, "has_published_minutes", False))
    return MeetingSummaryOut(
        address=meeting.address,
        date=meeting.date,
        sequence=meeting.sequence,
        body=meeting.body,
        body_name=meeting.body_name,
        title=meeting.title,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
        is_virtual=meeting.is_virtual,
        status=meeting.status,
        status_label=str(meeting.get_status_display()),
        agenda_published=meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED,
        minutes_published=minutes_published,
    )


def _document(request: HttpRequest, doc: MeetingDocument) -> DocumentOut:
    is_minutes = doc.kind == "minutes"
    return DocumentOut(
        kind=doc.kind,
        header_line=doc.header_line,
        version=doc.version,
        correction_note=doc.correction_note,
        ended_at=doc.ended_at if is_minutes else None,
        sections=[
            SectionOut(
                number=s.number,
                title=s.title,
                is_theme=s.is_theme,
                items=[_item(request, i, with_decision=is_minutes) for i in s.items],
            )
            for s in doc.sections
        ],
        attendance=[
            AttendanceGroupOut(
                title=g.title,
                people=[
                    AttendeeOut(name=p.name, organisation=p.organisation, note=p.note)
                    for p in g.people
                ],
            )
            for g in doc.attendance
        ]
        if is_minutes
        else [],
    )


def _item(request: HttpRequest, item: ItemDoc, *, with_decision: bool) -> ItemOut:
    return ItemOut(
        number=item.number,
        title=item.title,
        kinds=item.kinds,
        marker=item.marker,
        has_presentation=item.has_presentation,
        summary=item.summary,
        recommendation=item.recommendation,
        # An agenda never carries decisions, whatever the document holds.
        decision=item.decision if with_decision else None,
        presentation=item.presentation,
        next_steps=item.next_steps,
        background=item.background,
        attachments=[_attachment(request, a) for a in item.attachments],
    )


def _attachment(request: HttpRequest, attachment: AttachmentDoc) -> AttachmentOut:
    url = None
    if attachment.url and not attachment.members_only:
        url = request.build_absolute_uri(attachment.url)
    return AttachmentOut(
        number=attachment.number,
        title=attachment.title,
        members_only=attachment.members_only,
        download_url=url,
    )


def _council_or_404(slug: str) -> Council:
    try:
        return council_get(slug=slug)
    except Council.DoesNotExist as missing:
        raise HttpError(404, "Rådet findes ikke.") from missing


def _meeting_or_404(council: str, date_slug: str) -> Meeting:
    try:
        return meeting_get_by_address(f"{council}/{date_slug}")
    except Meeting.DoesNotExist as missing:
        raise HttpError(404, "Mødet findes ikke.") from missing
