"""The council's calendar: the year's annual plan by month, and the iCalendar feeds.

Feeds are built here as plain functions so the views only send bytes. Every meeting is
one VEVENT whose UID never changes (`<meeting.uid>@raadsrum`) and whose SEQUENCE grows
when the meeting moves or is cancelled, so Outlook and Google update the event they
already have instead of adding a second one; a cancelled meeting stays in the feed with
STATUS:CANCELLED, which is what makes subscribed calendars drop it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from raadsrum.core.danish import MONTHS
from raadsrum.councils.models import Committee, Council, Person
from raadsrum.councils.selectors import person_bodies_on, today
from raadsrum.meetings.models import AnnualPlanEntry, Meeting

TZ = ZoneInfo("Europe/Copenhagen")
PRODID = "-//Rådsrum//Rådsrum mødekalender//DA"
UID_DOMAIN = "raadsrum"
# Subscribed calendars poll; an hour keeps a moved meeting from lingering for a day.
REFRESH = dt.timedelta(hours=1)
# Used only when a meeting has a start time but no planned end: a typical council meeting.
DEFAULT_LENGTH = dt.timedelta(hours=3)
# Plan entries that go into calendars; tasks and topics are for the wheel, not a diary.
CALENDAR_KINDS = (AnnualPlanEntry.Kind.SEMINAR, AnnualPlanEntry.Kind.EVENT)

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
    # Handled without the council meeting: the slot is not used.
    Meeting.Status.BY_CHAIRMANSHIP: "CANCELLED",
    Meeting.Status.WRITTEN: "CANCELLED",
}


# --- names and addresses ------------------------------------------------------------------


def meeting_label(meeting: Meeting) -> str:
    """`Rådsmøde`, `Formandskabsmøde`, `Sagsudvalget`, or the meeting's own title."""
    if meeting.title:
        return meeting.title
    if meeting.committee is None:
        return "Rådsmøde"
    if meeting.committee.kind == Committee.Kind.CHAIRMANSHIP:
        return "Formandskabsmøde"
    return meeting.committee.name


def meeting_summary(meeting: Meeting) -> str:
    """`Rådsmøde – RAR Nordjylland`; `Aflyst: …` when the meeting will not be held."""
    summary = f"{meeting_label(meeting)} – {meeting.council.name}"
    if STATUS[Meeting.Status(meeting.status)] == "CANCELLED":
        return f"Aflyst: {summary}"
    return summary


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def meeting_url(meeting: Meeting) -> str:
    try:
        path = reverse(
            "meetings:meeting",
            kwargs={"council": meeting.council.slug, "date_slug": meeting.date_slug},
        )
    except NoReverseMatch:  # the portal is not mounted (a trimmed-down deployment)
        path = f"/raad/{meeting.address}/"
    return site_url(path)


def council_feed_url(council: Council, *, webcal: bool = False) -> str:
    url = site_url(reverse("calendar:council_feed", kwargs={"council": council.slug}))
    return _webcal(url) if webcal else url


def person_feed_url(person: Person, *, webcal: bool = False) -> str:
    url = site_url(reverse("calendar:person_feed", kwargs={"token": person.calendar_token}))
    return _webcal(url) if webcal else url


def _webcal(url: str) -> str:
    """webcal:// makes the browser hand the address to the calendar program to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


# --- iCalendar -----------------------------------------------------------------------------


def meeting_event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@{UID_DOMAIN}")
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("summary", meeting_summary(meeting))
    if meeting.start_time is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=TZ)
        end = (
            dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=TZ)
            if meeting.end_time is not None
            else start + DEFAULT_LENGTH
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    location = meeting.location or (meeting.virtual_link if meeting.is_virtual else "")
    if meeting.is_virtual and not location:
        location = "Virtuelt møde"
    if location:
        event.add("location", location)
    url = meeting_url(meeting)
    event.add("url", url)
    description = [meeting.note.strip()] if meeting.note.strip() else []
    if meeting.is_virtual and meeting.virtual_link:
        description.append(f"Link til mødet: {meeting.virtual_link}")
    description.append(f"Dagsorden og referat: {url}")
    event.add("description", "\n\n".join(description))
    event.add("status", STATUS[Meeting.Status(meeting.status)])
    event.add("transp", "OPAQUE")
    return event


def plan_entry_event(entry: AnnualPlanEntry) -> icalendar.Event:
    """An all-day event (DTEND is the day after the last day, as RFC 5545 wants)."""
    event = icalendar.Event()
    event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    event.add("sequence", entry.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("summary", f"{entry.title} – {entry.council.name}")
    event.add("dtstart", entry.starts_on)
    event.add("dtend", (entry.ends_on or entry.starts_on) + dt.timedelta(days=1))
    if entry.description:
        event.add("description", entry.description)
    event.add("categories", [entry.get_kind_display()])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(name: str, events: list[icalendar.Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if any(isinstance(e.decoded("DTSTART"), dt.datetime) for e in events):
        cal.add_component(copenhagen_vtimezone())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def copenhagen_vtimezone() -> icalendar.Timezone:
    """Europe/Copenhagen as the EU rule (last Sunday of March and October, since 1996).

    Written as two yearly rules, the form Outlook itself writes, rather than a list of every
    change date: short, and valid for any future year.
    """
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Copenhagen")
    for kind, name, start, offset_from, offset_to, month in (
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1970, 3, 29, 2), 1, 2, 3),
        (icalendar.TimezoneStandard, "CET", dt.datetime(1970, 10, 25, 3), 2, 1, 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offset_from))
        part.add("tzoffsetto", dt.timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _meetings(queryset: QuerySet[Meeting]) -> list[Meeting]:
    return list(queryset.select_related("council", "committee").order_by("date", "sequence"))


def council_calendar(council: Council) -> bytes:
    """The public feed: the council's own meetings (cancelled ones marked), seminars and events.

    Committee and chairmanship meetings are left out, as on the public portal.
    """
    meetings = _meetings(Meeting.objects.filter(council=council, committee__isnull=True))
    entries = AnnualPlanEntry.objects.filter(council=council, kind__in=CALENDAR_KINDS)
    events = [meeting_event(m) for m in meetings]
    events += [plan_entry_event(e) for e in entries.select_related("council")]
    return _calendar(f"{council.name} – møder", events)


def person_calendar(person: Person, *, on: dt.date | None = None) -> bytes:
    """The person's own feed: the meetings of every council and committee they sit in today.

    Council seats give the council's meetings (and its seminars and events); committee seats,
    the chairmanship included, give that committee's meetings.
    """
    councils, committees = person_bodies_on(person=person, on=on or today())
    meetings = _meetings(
        Meeting.objects.filter(
            Q(council__in=councils, committee__isnull=True) | Q(committee__in=committees)
        )
    )
    entries = AnnualPlanEntry.objects.filter(council__in=councils, kind__in=CALENDAR_KINDS)
    events = [meeting_event(m) for m in meetings]
    events += [plan_entry_event(e) for e in entries.select_related("council")]
    return _calendar(f"Rådsrum – {person.name}", events)


# --- the annual plan page ------------------------------------------------------------------


@dataclass
class PlanRow:
    """One line in a month's table: a meeting or a plan entry."""

    starts_on: dt.date
    kind: str
    title: str
    ends_on: dt.date | None = None
    time: str = ""
    place: str = ""
    status: str = ""
    cancelled: bool = False
    url: str = ""
    entry: AnnualPlanEntry | None = None
    meeting: Meeting | None = None


@dataclass
class PlanMonth:
    number: int
    name: str
    rows: list[PlanRow] = field(default_factory=list)


def annual_plan(*, council: Council, year: int) -> list[PlanMonth]:
    """The twelve months of `year`, each with its council meetings and plan entries by date.

    An entry that spans months is listed in the month it starts.
    """
    months = [PlanMonth(number=n, name=MONTHS[n - 1].capitalize()) for n in range(1, 13)]
    meetings = Meeting.objects.filter(
        council=council, committee__isnull=True, date__year=year
    ).select_related("council", "committee")
    for meeting in meetings:
        time = ""
        if meeting.start_time:
            time = f"{meeting.start_time:%H.%M}"
            if meeting.end_time:
                time += f"–{meeting.end_time:%H.%M}"
        months[meeting.date.month - 1].rows.append(
            PlanRow(
                starts_on=meeting.date,
                kind="Møde",
                title=meeting_label(meeting),
                time=time,
                place=meeting.location or ("Virtuelt" if meeting.is_virtual else ""),
                status=meeting.get_status_display(),
                cancelled=STATUS[Meeting.Status(meeting.status)] == "CANCELLED",
                url=_path_or_empty(meeting),
                meeting=meeting,
            )
        )
    for entry in AnnualPlanEntry.objects.filter(council=council, starts_on__year=year):
        months[entry.starts_on.month - 1].rows.append(
            PlanRow(
                starts_on=entry.starts_on,
                ends_on=entry.ends_on,
                kind=entry.get_kind_display(),
                title=entry.title,
                entry=entry,
            )
        )
    for month in months:
        month.rows.sort(key=lambda r: (r.starts_on, r.meeting is None, r.title))
    return months


def _path_or_empty(meeting: Meeting) -> str:
    try:
        return reverse(
            "meetings:meeting",
            kwargs={"council": meeting.council.slug, "date_slug": meeting.date_slug},
        )
    except NoReverseMatch:
        return ""
