"""Reads about meetings: by address, lists for the portal, the current minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from raadsrum.councils.models import Council
from raadsrum.councils.selectors import UserLike
from raadsrum.meetings.documents.html import BODY_RENDER_VERSION, render_body
from raadsrum.meetings.documents.model import MeetingDocument, meeting_document
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    Attachment,
    Attendance,
    FollowUp,
    HearingComment,
    Meeting,
    Minutes,
    WrittenHearing,
)

_ADDRESS = re.compile(r"^(?P<council>[a-z0-9-]+)/(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<seq>\d+))?/?$")


def parse_address(address: str) -> tuple[str, date, int]:
    """'nordjylland/2020-06-04-2' → ('nordjylland', date(2020, 6, 4), 2).

    Raises ValueError if the address is malformed.
    """
    match = _ADDRESS.match(address.strip())
    if match is None:
        raise ValueError(address)
    return (
        match["council"],
        date.fromisoformat(match["date"]),
        int(match["seq"] or 1),
    )


def meeting_get_by_address(address: str) -> Meeting:
    """The meeting at COUNCIL/DATE[-N]. Raises Meeting.DoesNotExist (also for a bad address)."""
    try:
        council_slug, day, sequence = parse_address(address)
    except ValueError as bad:
        raise Meeting.DoesNotExist(address) from bad
    return Meeting.objects.select_related("council", "committee").get(
        council__slug=council_slug, date=day, sequence=sequence
    )


def minutes_current(*, meeting: Meeting) -> Minutes | None:
    """The newest version of the minutes (a draft, in hearing, approved or published)."""
    return meeting.minutes.order_by("-version").first()


def minutes_published(*, meeting: Meeting) -> Minutes | None:
    """The newest published version: what the public sees."""
    return meeting.minutes.filter(status=Minutes.Status.PUBLISHED).order_by("-version").first()


# --- the public portal ------------------------------------------------------------------
# What anyone may read without logging in: the meetings of a council, and a meeting's
# agenda and minutes once the secretariat has published them.


def _with_publication_flags(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    published = Minutes.objects.filter(meeting=OuterRef("pk"), status=Minutes.Status.PUBLISHED)
    return meetings.select_related("council", "committee").annotate(
        has_published_minutes=Exists(published)
    )


def meeting_list_for_council(
    *, council: Council, before: date | None = None, include_committees: bool = False
) -> QuerySet[Meeting]:
    """The council's meetings, newest first; only those before `before` when given.

    Committee and chairmanship meetings are left out unless asked for: the public portal
    lists the council's own meetings. Each meeting carries `has_published_minutes`.
    """
    meetings = Meeting.objects.filter(council=council)
    if not include_committees:
        meetings = meetings.filter(committee__isnull=True)
    if before is not None:
        meetings = meetings.filter(date__lt=before)
    return _with_publication_flags(meetings).order_by("-date", "-sequence")


def upcoming_meetings(
    *, council: Council, on: date, include_committees: bool = False
) -> QuerySet[Meeting]:
    """The council's meetings on or after `on`, soonest first (cancelled ones included)."""
    meetings = Meeting.objects.filter(council=council, date__gte=on)
    if not include_committees:
        meetings = meetings.filter(committee__isnull=True)
    return _with_publication_flags(meetings).order_by("date", "sequence")


def public_agenda_document(*, meeting: Meeting) -> MeetingDocument | None:
    """The agenda as the public may read it, or None while it is not published."""
    if meeting.agenda_status != Meeting.AgendaStatus.PUBLISHED:
        return None
    return meeting_document(meeting, "agenda")


def public_minutes_document(*, meeting: Meeting) -> MeetingDocument | None:
    """The newest published minutes, from the snapshot taken when they were published.

    A draft's decisions must never reach the public, so live data is read only for
    published minutes without a snapshot that are also the newest version (nothing newer
    is being drafted); otherwise None.
    """
    minutes = minutes_published(meeting=meeting)
    if minutes is None:
        return None
    if minutes.snapshot:
        return MeetingDocument.from_dict(minutes.snapshot)
    if _live_minutes_are_public(meeting=meeting, published=minutes):
        return meeting_document(meeting, "minutes")
    return None


def _live_minutes_are_public(*, meeting: Meeting, published: Minutes) -> bool:
    newest = minutes_current(meeting=meeting)
    return newest is not None and newest.pk == published.pk


@dataclass(frozen=True)
class PublicMeetingDocuments:
    """What the public meeting page shows of a meeting's documents."""

    agenda_published: bool
    minutes_published: bool
    # The `meetings/document/body.html` partial of the minutes when they are public (they
    # hold the whole agenda with the decisions), else of the agenda when it is; else None.
    body_html: SafeString | None


def public_meeting_documents(*, meeting: Meeting) -> PublicMeetingDocuments:
    """The public page's documents, with the same rules as `public_agenda_document` and
    `public_minutes_document`, rendered as the portal shows them.

    Published minutes with a snapshot are immutable (a correction is a new `Minutes` row
    and a published row never changes again), so their HTML is cached under the row's
    pk, version and publication time in Django's default cache: the per-process
    LocMemCache, which needs no invalidation for immutable values and no shared service.
    The live agenda is not cached: it is also written outside the services (the admin,
    council names), so no revision key could be trusted to change on every write. Its
    text fields are memoised by their own text instead (`richtext.text_html`), which
    cannot go stale.
    """
    agenda_published = meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
    # The snapshot (the whole document as JSON) is read only when the cache misses.
    minutes = (
        meeting.minutes.filter(status=Minutes.Status.PUBLISHED)
        .order_by("-version")
        .defer("snapshot")
        .annotate(has_snapshot=_HAS_SNAPSHOT)
        .first()
    )
    if minutes is not None:
        if minutes.has_snapshot:
            return PublicMeetingDocuments(agenda_published, True, _snapshot_html(minutes))
        if _live_minutes_are_public(meeting=meeting, published=minutes):
            body = render_body(meeting_document(meeting, "minutes"))
            return PublicMeetingDocuments(agenda_published, True, body)
    agenda_body = render_body(meeting_document(meeting, "agenda")) if agenda_published else None
    return PublicMeetingDocuments(agenda_published, False, agenda_body)


_HAS_SNAPSHOT = ExpressionWrapper(Q(snapshot__isnull=False), output_field=BooleanField())
MINUTES_HTML_TIMEOUT = 24 * 60 * 60


def _snapshot_html(minutes: Minutes) -> SafeString:
    published = minutes.published_at.timestamp() if minutes.published_at else 0
    key = (
        f"meetings:minutes-body:{BODY_RENDER_VERSION}:"
        f"{minutes.meeting_id}:{minutes.pk}:{minutes.version}:{published}"
    )
    html = cache.get(key)
    if html is None:
        snapshot = minutes.snapshot
        assert snapshot is not None  # the caller checked `has_snapshot`
        html = render_body(MeetingDocument.from_dict(snapshot))
        cache.set(key, html, MINUTES_HTML_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own template's output, cached


# --- the staff pages ----------------------------------------------------------------------
# What the secretariat, the chairmanship and the members work with after logging in.


def agenda_sections(*, meeting: Meeting) -> list[AgendaSection]:
    """The meeting's sections in order, each with its items (and their attachments) in order."""
    items = AgendaItem.objects.order_by("position", "pk").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk"))
    )
    return list(
        meeting.sections.order_by("position").prefetch_related(Prefetch("items", queryset=items))
    )


def draft_document_html(*, meeting: Meeting, kind: str) -> SafeString:
    """The agenda or minutes as they stand now, as the portal would show them: what the
    chairmanship and members read on the staff pages before publication (never cached)."""
    return render_body(meeting_document(meeting, kind))  # type: ignore[arg-type]


def meeting_attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.order_by("position", "pk")


def hearing_comments(*, minutes: Minutes) -> QuerySet[HearingComment]:
    """Every comment made in the hearings of this version of the minutes, oldest first."""
    return (
        HearingComment.objects.filter(hearing__minutes=minutes)
        .select_related("author", "item")
        .order_by("created_at", "pk")
    )


def hearing_open(*, minutes: Minutes) -> WrittenHearing | None:
    return minutes.hearings.filter(closed_at__isnull=True).order_by("-sent_at").first()


def follow_up_sheet(*, meeting: Meeting) -> QuerySet[FollowUp]:
    return meeting.follow_ups.select_related("source_item").order_by("position", "pk")


def member_files_for_council(*, council: Council) -> QuerySet[Attachment]:
    """The file box: attachments for members only (slides, notes) across the council's meetings.

    Newest meeting first. Files are served by a view that checks access, never by URL.
    """
    return (
        Attachment.objects.filter(members_only=True, item__meeting__council=council)
        .select_related("item__meeting")
        .order_by("-item__meeting__date", "-item__meeting__sequence", "number", "pk")
    )


@dataclass
class WaitingTask:
    """Something waiting for the user: a hearing to answer, minutes or an agenda to approve."""

    meeting: Meeting
    kind: str  # "hearing", "approve_minutes", "approve_agenda", "publish_minutes", …
    deadline: datetime | None = None


@dataclass
class CouncilWork:
    council: Council
    roles: frozenset[str]
    upcoming: list[Meeting] = field(default_factory=list)
    waiting: list[WaitingTask] = field(default_factory=list)


def work_for_user(*, user: UserLike, on: date | None = None) -> list[CouncilWork]:
    """ "Mine råd": the user's councils with their next meetings and what waits for the user.

    Members are asked for their comments while minutes are in hearing; the chairmanship
    approves agendas and minutes; the secretariat publishes what has been approved.
    """
    from raadsrum.councils.selectors import (
        CHAIRMANSHIP,
        MEMBER,
        SECRETARIAT,
        council_roles_for_user,
        councils_for_user,
        today,
    )

    on = on or today()
    work: list[CouncilWork] = []
    for council in councils_for_user(user=user, on=on):
        roles = council_roles_for_user(user=user, council=council, on=on)
        entry = CouncilWork(
            council=council,
            roles=roles,
            upcoming=list(
                upcoming_meetings(council=council, on=on, include_committees=True).exclude(
                    status=Meeting.Status.CANCELLED
                )[:5]
            ),
        )
        open_minutes = (
            Minutes.objects.filter(meeting__council=council)
            .exclude(status=Minutes.Status.PUBLISHED)
            .select_related("meeting__council", "meeting__committee")
            .order_by("meeting__date", "meeting__sequence", "-version")
        )
        seen: set[int] = set()
        for minutes in open_minutes:
            if minutes.meeting_id in seen:
                continue  # only the newest version of each meeting's minutes
            seen.add(minutes.meeting_id)
            status = minutes.status
            if status == Minutes.Status.HEARING and MEMBER in roles:
                hearing = hearing_open(minutes=minutes)
                if hearing is not None and hearing.deadline >= timezone.now():
                    entry.waiting.append(
                        WaitingTask(minutes.meeting, "hearing", deadline=hearing.deadline)
                    )
            if (
                status in {Minutes.Status.DRAFT, Minutes.Status.HEARING}
                and CHAIRMANSHIP in roles
                and minutes.meeting.date <= on
            ):
                entry.waiting.append(WaitingTask(minutes.meeting, "approve_minutes"))
            if status == Minutes.Status.APPROVED and SECRETARIAT in roles:
                entry.waiting.append(WaitingTask(minutes.meeting, "publish_minutes"))
        for meeting in entry.upcoming:
            if meeting.agenda_status == Meeting.AgendaStatus.DRAFT and CHAIRMANSHIP in roles:
                entry.waiting.append(WaitingTask(meeting, "approve_agenda"))
            if meeting.agenda_status == Meeting.AgendaStatus.APPROVED and SECRETARIAT in roles:
                entry.waiting.append(WaitingTask(meeting, "publish_agenda"))
        work.append(entry)
    return work
