"""The calendar feeds, the annual plan page and creating a year's meetings in one go."""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar
import pytest
from django.urls import reverse

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils.models import Committee, CommitteeMembership, Council, Membership
from raadsrum.meetings import services
from raadsrum.meetings.calendar import council_calendar, person_calendar
from raadsrum.meetings.models import AnnualPlanEntry, Meeting
from raadsrum.meetings.tests.conftest import TERM_START


def events(ics: bytes) -> list[icalendar.Event]:
    found = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return [event for event in found if isinstance(event, icalendar.Event)]


def event_for(ics: bytes, meeting: Meeting) -> icalendar.Event:
    (event,) = [e for e in events(ics) if str(e["UID"]) == f"{meeting.uid}@raadsrum"]
    return event


def feed(client, council: Council) -> bytes:
    response = client.get(reverse("calendar:council_feed", kwargs={"council": council.slug}))
    assert response.status_code == 200
    return response.content


@pytest.fixture
def other_council(cast) -> Council:
    council = Council.objects.create(
        slug="andetraad",
        name="RAR Andetland",
        name_genitive="RAR Andetlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
    )
    services.meeting_create(
        council=council, date=dt.date(2026, 12, 9), by=_superuser(), from_template=False
    )
    return council


def _superuser():
    from django.contrib.auth.models import User

    return User.objects.get_or_create(username="root", defaults={"is_superuser": True})[0]


# --- the council feed --------------------------------------------------------------------


def test_the_council_feed_is_a_calendar_the_icalendar_parser_reads(client, meeting, cast):
    response = client.get(reverse("calendar:council_feed", kwargs={"council": "testraad"}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    event = event_for(response.content, meeting)
    assert str(event["SUMMARY"]) == "Rådsmøde – RAR Testland"
    assert event.decoded("DTSTART") == dt.datetime(
        2026, 11, 5, 10, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Copenhagen"
    assert event.decoded("DTEND").hour == 12
    assert "/raad/testraad/2026-11-05/" in str(event["URL"])
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_the_feeds_timezone_has_summer_and_winter_time(client, meeting, cast):
    (vtimezone,) = icalendar.Calendar.from_ical(feed(client, cast.council)).walk("VTIMEZONE")
    copenhagen = vtimezone.to_tz()
    assert dt.datetime(2026, 6, 4, 10, tzinfo=copenhagen).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2026, 11, 5, 10, tzinfo=copenhagen).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2031, 3, 30, 12, tzinfo=copenhagen).utcoffset() == dt.timedelta(hours=2)


def test_the_meeting_place_is_the_location_or_else_the_virtual_link(client, meeting, cast):
    services.meeting_update(meeting=meeting, by=cast.sara, location="Skibsbyggerivej 5")
    assert str(event_for(feed(client, cast.council), meeting)["LOCATION"]) == "Skibsbyggerivej 5"
    services.meeting_update(
        meeting=meeting,
        by=cast.sara,
        location="",
        is_virtual=True,
        virtual_link="https://teams.example/m/1",
    )
    assert str(event_for(feed(client, cast.council), meeting)["LOCATION"]) == (
        "https://teams.example/m/1"
    )


def test_a_moved_meeting_keeps_its_uid_and_its_sequence_increases(client, meeting, cast):
    before = event_for(feed(client, cast.council), meeting)
    services.meeting_update(meeting=meeting, by=cast.sara, date=dt.date(2026, 11, 12))
    after = event_for(feed(client, cast.council), meeting)
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").date() == dt.date(2026, 11, 12)


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(client, meeting, cast):
    services.meeting_transition(meeting=meeting, by=cast.sara, name="cancel")
    event = event_for(feed(client, cast.council), meeting)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Aflyst:")
    assert int(event["SEQUENCE"]) == 1


def test_seminars_are_all_day_events_and_tasks_stay_out_of_the_feed(client, cast):
    seminar = services.plan_entry_add(
        council=cast.council,
        by=cast.sara,
        kind="seminar",
        title="Rådsseminar",
        starts_on=dt.date(2026, 9, 10),
        ends_on=dt.date(2026, 9, 11),
    )
    services.plan_entry_add(
        council=cast.council,
        by=cast.sara,
        kind="task",
        title="Positivlisten sendes i høring",
        starts_on=dt.date(2026, 1, 5),
    )
    (event,) = events(feed(client, cast.council))
    assert str(event["UID"]) == f"{seminar.uid}@raadsrum"
    assert event.decoded("DTSTART") == dt.date(2026, 9, 10)
    assert event.decoded("DTEND") == dt.date(2026, 9, 12)  # the day after the last day


def test_committee_meetings_are_not_in_the_public_council_feed(client, meeting, cast):
    committee = Committee.objects.create(
        council=cast.council, kind="case_committee", name="Sagsudvalget", slug="sagsudvalget"
    )
    hidden = services.meeting_create(
        council=cast.council, committee=committee, date=dt.date(2026, 11, 2), by=cast.sara
    )
    uids = {str(e["UID"]) for e in events(feed(client, cast.council))}
    assert f"{meeting.uid}@raadsrum" in uids
    assert f"{hidden.uid}@raadsrum" not in uids


def test_an_unknown_council_feed_is_404(client, db):
    assert client.get("/kalender/findesikke.ics").status_code == 404


# --- the person feed ---------------------------------------------------------------------


def test_the_person_feed_holds_only_the_meetings_of_their_councils(
    client, meeting, cast, other_council
):
    mette = cast.mette.person
    response = client.get(reverse("calendar:person_feed", kwargs={"token": mette.calendar_token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = {str(e["UID"]) for e in events(response.content)}
    theirs = other_council.meetings.get()
    assert uids == {f"{meeting.uid}@raadsrum"}
    assert f"{theirs.uid}@raadsrum" not in uids


def test_the_person_feed_adds_committee_meetings_for_committee_members(meeting, cast):
    committee = Committee.objects.create(
        council=cast.council, kind="case_committee", name="Sagsudvalget", slug="sagsudvalget"
    )
    case_meeting = services.meeting_create(
        council=cast.council, committee=committee, date=dt.date(2026, 11, 2), by=cast.sara
    )
    CommitteeMembership.objects.create(
        committee=committee, person=cast.mette.person, valid_from=TERM_START
    )
    in_mettes = {str(e["UID"]) for e in events(person_calendar(cast.mette.person))}
    in_carls = {str(e["UID"]) for e in events(person_calendar(cast.carl.person))}
    assert f"{case_meeting.uid}@raadsrum" in in_mettes
    assert f"{case_meeting.uid}@raadsrum" not in in_carls
    assert str(events(person_calendar(cast.mette.person))[0]["SUMMARY"]) == (
        "Sagsudvalget – RAR Testland"
    )


def test_a_former_member_gets_an_empty_person_feed(meeting, cast):
    Membership.objects.filter(person=cast.mette.person).update(valid_to=dt.date(2024, 5, 31))
    assert events(person_calendar(cast.mette.person)) == []


def test_an_outsider_with_no_seats_gets_an_empty_person_feed(meeting, cast):
    assert events(person_calendar(cast.otto.person)) == []


def test_the_person_feed_with_an_unknown_token_is_404(client, meeting, cast):
    url = reverse("calendar:person_feed", kwargs={"token": uuid.uuid4()})
    assert client.get(url).status_code == 404


def test_the_person_feed_needs_no_login_but_is_not_cached_publicly(client, meeting, cast):
    token = cast.sara.person.calendar_token
    response = client.get(reverse("calendar:person_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_the_council_feed_matches_the_function_views_use(client, meeting, cast):
    assert len(events(council_calendar(cast.council))) == len(events(feed(client, cast.council)))


# --- the annual plan page -------------------------------------------------------------------


def plan_url(year: int = 2026) -> str:
    return reverse("calendar:annual_plan", kwargs={"council": "testraad", "year": year})


def test_the_annual_plan_shows_the_years_meetings_and_entries_by_month(client, meeting, cast):
    services.plan_entry_add(
        council=cast.council,
        by=cast.sara,
        kind="topic",
        title="Grøn omstilling",
        starts_on=dt.date(2026, 3, 1),
    )
    response = client.get(plan_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="month-3"' in html and "Grøn omstilling" in html
    assert 'id="month-11"' in html and "Rådsmøde" in html
    assert 'id="month-5"' not in html  # an empty month has no table
    assert "webcal://" in html and "/kalender/testraad.ics" in html
    assert "Tilføj til årshjulet" not in html  # the public cannot add


def test_the_secretariat_sees_the_forms_and_members_do_not(client, meeting, cast):
    client.force_login(cast.mette)
    assert "Tilføj til årshjulet" not in client.get(plan_url()).content.decode()
    client.force_login(cast.sara)
    html = client.get(plan_url()).content.decode()
    assert "Tilføj til årshjulet" in html and "Opret mødekalender" in html


def test_only_the_secretariat_can_add_to_the_annual_plan(client, cast):
    form = {"kind": "seminar", "title": "Rådsseminar", "starts_on": "2026-09-10"}
    add = reverse("calendar:plan_entry_add", kwargs={"council": "testraad", "year": 2026})
    for outsider in (cast.mette, cast.carl, cast.otto):
        client.force_login(outsider)
        assert client.post(add, form).status_code == 403
    client.logout()
    assert client.post(add, form).status_code == 403
    assert not AnnualPlanEntry.objects.exists()
    client.force_login(cast.sara)
    response = client.post(add, form)
    assert response.status_code == 302
    assert AnnualPlanEntry.objects.get().title == "Rådsseminar"


def test_the_service_refuses_a_member_adding_to_the_plan(cast):
    with pytest.raises(PermissionDenied):
        services.plan_entry_add(
            council=cast.council,
            by=cast.mette,
            kind="task",
            title="Noget",
            starts_on=dt.date(2026, 1, 1),
        )


def test_the_secretariat_moves_an_entry_and_its_calendar_sequence_increases(client, cast):
    entry = services.plan_entry_add(
        council=cast.council,
        by=cast.sara,
        kind="seminar",
        title="Rådsseminar",
        starts_on=dt.date(2026, 9, 10),
    )
    move = reverse("calendar:plan_entry_move", kwargs={"council": "testraad", "entry_id": entry.pk})
    client.force_login(cast.mette)
    assert client.post(move, {"starts_on": "2026-10-01"}).status_code == 403
    client.force_login(cast.sara)
    assert client.post(move, {"starts_on": "2026-10-01"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.starts_on, entry.calendar_sequence) == (dt.date(2026, 10, 1), 1)


# --- the meeting calendar for next year ------------------------------------------------------


DATES_2027 = [dt.date(2027, 3, 4), dt.date(2027, 6, 3), dt.date(2027, 9, 2)]


def test_the_secretariat_creates_the_years_meetings_in_one_go(cast):
    meetings = services.meeting_calendar_create(
        council=cast.council,
        by=cast.sara,
        dates=DATES_2027,
        start_time=dt.time(10),
        end_time=dt.time(13),
        location="Aalborg",
    )
    assert [m.date for m in meetings] == DATES_2027
    assert {(m.start_time, m.location) for m in meetings} == {(dt.time(10), "Aalborg")}
    assert AuditEntry.objects.filter(action="meeting_calendar.create").count() == 1


def test_the_meeting_calendar_refuses_dates_with_a_meeting_and_writes_nothing(meeting, cast):
    taken = meeting.date  # 5 November 2026
    before = Meeting.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.meeting_calendar_create(
            council=cast.council,
            by=cast.sara,
            dates=[dt.date(2026, 10, 8), taken],
        )
    assert "5. november 2026" in refused.value.message
    assert "8. oktober" not in refused.value.message
    assert Meeting.objects.count() == before
    assert not Meeting.objects.filter(date=dt.date(2026, 10, 8)).exists()


def test_only_the_secretariat_creates_the_meeting_calendar(cast):
    with pytest.raises(PermissionDenied):
        services.meeting_calendar_create(council=cast.council, by=cast.carl, dates=DATES_2027)
    assert not Meeting.objects.exists()


def test_the_meeting_calendar_refuses_the_same_date_twice(cast):
    with pytest.raises(ValidationFailed, match="flere gange"):
        services.meeting_calendar_create(
            council=cast.council, by=cast.sara, dates=[DATES_2027[0], DATES_2027[0]]
        )
    assert not Meeting.objects.exists()


def test_the_meeting_calendar_form_reads_danish_dates_and_shows_a_clash(client, meeting, cast):
    url = reverse("calendar:meeting_calendar_create", kwargs={"council": "testraad", "year": 2027})
    client.force_login(cast.sara)
    response = client.post(
        url,
        {
            "dates": "4.3.2027\n2027-06-03",
            "start_time": "10:00",
            "end_time": "13:00",
            "location": "Aalborg",
        },
    )
    assert response.status_code == 302
    assert sorted(
        str(d) for d in Meeting.objects.filter(date__year=2027).values_list("date", flat=True)
    ) == ["2027-03-04", "2027-06-03"]
    response = client.post(url, {"dates": "2027-09-02\n4.3.2027"})
    assert response.status_code == 400
    assert "4. marts 2027" in response.content.decode()
    assert not Meeting.objects.filter(date=dt.date(2027, 9, 2)).exists()


def test_the_meeting_calendar_form_names_dates_it_cannot_read(client, cast):
    url = reverse("calendar:meeting_calendar_create", kwargs={"council": "testraad", "year": 2027})
    client.force_login(cast.sara)
    response = client.post(url, {"dates": "4.3.2027\n31.2.2027\nfoo"})
    assert response.status_code == 400
    assert "31.2.2027, foo" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_entry_cannot_be_moved_to_end_before_it_starts(client, cast):
    entry = services.plan_entry_add(
        council=cast.council,
        by=cast.sara,
        kind="seminar",
        title="Rådsseminar",
        starts_on=dt.date(2026, 9, 10),
        ends_on=dt.date(2026, 9, 11),
    )
    move = reverse("calendar:plan_entry_move", kwargs={"council": "testraad", "entry_id": entry.pk})
    client.force_login(cast.sara)
    response = client.post(move, {"starts_on": "2026-10-01", "ends_on": "2026-09-11"}, follow=True)
    assert "Slutdatoen ligger før startdatoen." in response.content.decode()
    entry.refresh_from_db()
    assert (entry.starts_on, entry.calendar_sequence) == (dt.date(2026, 9, 10), 0)
