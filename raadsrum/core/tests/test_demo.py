"""The demo loader: what `raadsrum demo` builds, and that running it again builds nothing.

Most tests use a small stand-in for the 4 June 2020 meeting, written to a temporary
folder; the tests marked "real" read the demo files shipped in raadsrum/meetings/demo.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Model
from django.utils import timezone

from raadsrum.core import demo
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.models import Chairmanship, Council, Membership, Person, Role
from raadsrum.councils.selectors import (
    CHAIRMANSHIP,
    MEMBER,
    SECRETARIAT,
    chairmanship_on,
    council_get,
    council_roles_for_user,
    today,
)
from raadsrum.meetings import services
from raadsrum.meetings.access import can_edit_agenda
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    AnnualPlanEntry,
    Attachment,
    Attendance,
    Meeting,
    Minutes,
    StandingItem,
)
from raadsrum.meetings.selectors import meeting_get_by_address, minutes_published

# What an import of the published minutes must find (a copy of the shared sample's).
EXPECTED = demo.DEMO_DIR / "sources" / "nordjylland-2020-06-04.expected.json"
REAL_FILES = all(
    (demo.DEMO_DIR / name).exists() for name in (demo.MEETING_FILE, demo.STANDING_ITEMS_FILE)
)
needs_real_files = pytest.mark.skipif(
    not REAL_FILES, reason="raadsrum/meetings/demo/*.json are not there yet"
)

STAND_IN_MEETING: dict[str, Any] = {
    "council": "nordjylland",
    "date": "2020-06-04",
    "start_time": "10:00",
    "end_time": "12:00",
    "ended_at": "11:55",
    "virtual": True,
    "location": "Skype",
    "sections": [
        {
            "title": "TEMA: COVID-19",
            "is_theme": True,
            "items": [
                {
                    "number": "0A",
                    "title": "Arbejdsmarked i lyset af COVID-19",
                    "kinds": ["D"],
                    "has_presentation": True,
                    "summary": "Oplæg og drøftelse.",
                    "decision": "Rådet tog oplægget til efterretning.",
                    "attachments": [],
                },
            ],
        },
        {
            "title": "Rådets interne fokus",
            "is_theme": False,
            "items": [
                {
                    "number": "1.1.1",
                    "title": "Referater til orientering",
                    "kinds": ["O"],
                    "has_presentation": False,
                    "decision": "Rådet tog referaterne til efterretning.",
                    "attachments": ["Referat af Formandskabsmødet den 5. maj 2020"],
                },
                {
                    "number": "1.2.1",
                    "title": "Dagsorden for dagens møde",
                    "kinds": ["B"],
                    "has_presentation": False,
                    "decision": "Rådet godkendte dagsordenen.",
                    "attachments": ["Opfølgningsark", "Årshjul 2020"],
                },
            ],
        },
        {
            "title": "Orientering og videndeling",
            "is_theme": False,
            "items": [
                {
                    "number": "2.1.1",
                    "title": "Eventuelt",
                    "kinds": "O",
                    "has_presentation": False,
                    "summary": "Fast punkt.",
                    "attachments": [],
                },
            ],
        },
    ],
    "attendance": [
        {
            "name": "Birgit Frederiksen",
            "organisation": "DA",
            "group": "DA",
            "role": "member",
            "status": "present",
        },
        {
            "name": "Ole Madsen",
            "organisation": "tidligere LO",
            "group": "FH",
            "role": "member",
            "status": "present",
        },
        {
            "name": "Ole Madsen",
            "organisation": "tidligere LO",
            "group": "FH",
            "role": "member",
            "status": "present",
        },
        {
            "name": "John Karlsson",
            "organisation": "",
            "group": "Kommunerne",
            "role": "member",
            "status": "present",
        },
        {
            "name": "Bente Bang",
            "organisation": "",
            "group": "Regionsrådet",
            "role": "member",
            "status": "absent",
        },
        {
            "name": "Lise Suppleant",
            "organisation": "",
            "group": "DA",
            "role": "alternate",
            "status": "present",
        },
        {
            "name": "Peter Thomsen",
            "organisation": "AMU",
            "group": "Tilforordnede",
            "role": "observer",
            "status": "present",
        },
        {
            "name": "Netta Ben-Yedidia",
            "organisation": "",
            "group": "Baglande",
            "role": "constituency_rep",
            "status": "present",
        },
        {
            "name": "Anders Stryhn",
            "organisation": "AMK Midt-Nord",
            "group": "Sekretariatet",
            "role": "secretariat",
            "status": "present",
        },
        {
            "name": "Lars Pilgaard",
            "organisation": "",
            "group": "Under det indledende tema",
            "role": "presenter",
            "status": "present",
        },
    ],
}
STAND_IN_STANDING_ITEMS = [
    {
        "section_title": "Rådets interne fokus",
        "title": "Referater til orientering",
        "kinds": "O",
        "summary": "Referatet af sidste møde.",
    },
    {
        "section_title": "Rådets interne fokus",
        "title": "Dagsorden for dagens møde",
        "kinds": "B",
        "summary": "",
    },
    {
        "section_title": "Orientering og videndeling",
        "title": "Eventuelt",
        "kinds": "O",
        "summary": "",
    },
]


def write_data(folder: Path, meeting: dict[str, Any] | None = None) -> Path:
    (folder / demo.MEETING_FILE).write_text(
        json.dumps(meeting or STAND_IN_MEETING, ensure_ascii=False), encoding="utf-8"
    )
    (folder / demo.STANDING_ITEMS_FILE).write_text(
        json.dumps(STAND_IN_STANDING_ITEMS, ensure_ascii=False), encoding="utf-8"
    )
    return folder


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    return write_data(tmp_path)


@pytest.fixture
def loaded(db: None, stand_in: Path) -> demo.DemoReport:
    return demo.demo_load(data_dir=stand_in)


def user(username: str) -> Any:
    return get_user_model()._default_manager.get(username=username)


def counts() -> dict[str, int]:
    models: list[type[Model]] = [
        get_user_model(),
        Person,
        Membership,
        Chairmanship,
        Meeting,
        AgendaSection,
        AgendaItem,
        Attachment,
        Attendance,
        Minutes,
        StandingItem,
        AnnualPlanEntry,
        Council,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


# --- Running twice ------------------------------------------------------------------------


def test_a_second_run_creates_nothing(loaded: demo.DemoReport, stand_in: Path) -> None:
    before = counts()
    again = demo.demo_load(data_dir=stand_in)
    assert again.created == []
    assert counts() == before
    # The 2020 meeting, the upcoming one, and RAR Østjylland's 2022 meeting from the
    # archive samples (the 2020 sample is linked to the existing meeting, not doubled).
    assert before["Meeting"] == 3
    assert before["User"] == 5  # the four demo logins and the archive's import user


def test_a_second_run_reports_what_was_already_there(
    loaded: demo.DemoReport, stand_in: Path
) -> None:
    again = demo.demo_load(data_dir=stand_in)
    assert "mødet nordjylland/2020-06-04" in again.existing
    assert "bruger formand" in again.existing
    assert any(line.startswith("mødet nordjylland/2020-06-04") for line in loaded.created)


# --- The recreated meeting --------------------------------------------------------------------


def test_the_meeting_is_recreated_with_the_numbers_of_the_file(loaded: demo.DemoReport) -> None:
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    numbers = list(
        meeting.items.order_by("section__position", "position").values_list("number", "title")
    )
    assert numbers == [
        ("0A", "Arbejdsmarked i lyset af COVID-19"),
        ("1.1.1", "Referater til orientering"),
        ("1.2.1", "Dagsorden for dagens møde"),
        ("2.1.1", "Eventuelt"),
    ]
    assert meeting.is_virtual and meeting.ended_at == dt.time(11, 55)
    assert meeting.status == Meeting.Status.HELD


def test_attachments_are_numbered_after_their_item(loaded: demo.DemoReport) -> None:
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    attachments = list(
        Attachment.objects.filter(item__meeting=meeting)
        .order_by("number")
        .values_list("number", "title")
    )
    assert attachments == [
        ("1.1.1", "Referat af Formandskabsmødet den 5. maj 2020"),
        ("1.2.1", "Opfølgningsark"),
        ("1.2.2", "Årshjul 2020"),
    ]


def test_decisions_are_written_into_the_minutes(loaded: demo.DemoReport) -> None:
    item = AgendaItem.objects.get(meeting__date=demo.DEMO_MEETING_DATE, number="1.2.1")
    assert item.decision == "Rådet godkendte dagsordenen."
    assert (
        AgendaItem.objects.get(meeting__date=demo.DEMO_MEETING_DATE, number="2.1.1").decision == ""
    )


def test_a_number_that_differs_from_the_file_stops_the_load(db: None, tmp_path: Path) -> None:
    wrong = json.loads(json.dumps(STAND_IN_MEETING))
    wrong["sections"][1]["items"][1]["number"] = "1.3.1"
    with pytest.raises(ValidationFailed, match="fik nummer 1.2.1"):
        demo.demo_load(data_dir=write_data(tmp_path, wrong))
    assert not Meeting.objects.exists()
    assert not get_user_model()._default_manager.exists()


def test_attendance_is_recorded_and_linked_to_the_seated_people(
    loaded: demo.DemoReport,
) -> None:
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    rows = list(meeting.attendance.order_by("position"))
    assert len(rows) == len(STAND_IN_MEETING["attendance"])
    bente = next(r for r in rows if r.name == "Bente Bang")
    assert bente.status == Attendance.Status.ABSENT and bente.person is not None
    presenter = next(r for r in rows if r.name == "Lars Pilgaard")
    assert presenter.role == Attendance.Role.PRESENTER and presenter.person is None


# --- People and seats -------------------------------------------------------------------------


def test_attendees_are_members_of_the_2018_term_by_member_group(loaded: demo.DemoReport) -> None:
    rar = council_get(slug="nordjylland")
    seats = {
        (m.person.name, m.role, m.member_group.code if m.member_group else None)
        for m in Membership.objects.filter(council=rar).select_related("person", "member_group")
    }
    assert seats == {
        ("Birgit Frederiksen", Role.MEMBER, "da"),
        ("Ole Madsen", Role.MEMBER, "fh"),
        ("John Karlsson", Role.MEMBER, "kl"),
        ("Bente Bang", Role.MEMBER, "regionsraadet"),
        ("Peter Thomsen", Role.OBSERVER, None),
        ("Netta Ben-Yedidia", Role.CONSTITUENCY_REP, None),
        ("Anders Stryhn", Role.SECRETARIAT, None),
    }
    assert set(Membership.objects.filter(council=rar).values_list("valid_from", "valid_to")) == {
        demo.ARCHIVE_TERM
    }


def test_an_alternate_without_a_named_member_gets_no_seat_and_a_note(
    loaded: demo.DemoReport,
) -> None:
    assert not Membership.objects.filter(person__name="Lise Suppleant").exists()
    assert any("suppleant" in note for note in loaded.notes)


def test_a_member_group_the_loader_cannot_place_stops_the_load(db: None, tmp_path: Path) -> None:
    odd = json.loads(json.dumps(STAND_IN_MEETING))
    odd["attendance"][0]["group"] = "Ukendt forening"
    with pytest.raises(ValidationFailed, match="ingen kendt medlemsgruppe"):
        demo.demo_load(data_dir=write_data(tmp_path, odd))


def test_every_demo_user_has_a_person_and_logs_in_with_the_printed_password(
    loaded: demo.DemoReport,
) -> None:
    for login in demo.DEMO_LOGINS:
        account = authenticate(username=login.username, password=login.password)
        assert account is not None, login.username
        assert Person.objects.filter(user=account).exists()
    assert user("admin").is_superuser and not user("medlem").is_superuser


def test_the_demo_chair_chairs_the_current_successor_council(loaded: demo.DemoReport) -> None:
    current = council_get(slug="beskaeftigelsesraad-nordjylland")
    chairmanship = chairmanship_on(council=current, on=today())
    assert chairmanship is not None
    assert chairmanship.chair.person == user("formand").person
    groups = [seat.member_group.code for _, seat in chairmanship.seats() if seat.member_group]
    assert groups[0] == "da"
    vice_groups = set(groups[1:])
    assert len(vice_groups) == 2 and "da" not in vice_groups


def test_roles_in_the_successor_council_reach_the_rar_archive(loaded: demo.DemoReport) -> None:
    rar = council_get(slug="nordjylland")
    assert council_roles_for_user(user=user("formand"), council=rar) == {CHAIRMANSHIP, MEMBER}
    assert council_roles_for_user(user=user("medlem"), council=rar) == {MEMBER}
    assert council_roles_for_user(user=user("sekretariat"), council=rar) == {SECRETARIAT}
    assert can_edit_agenda(
        user=user("sekretariat"), meeting=meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    )


# --- Approval and publishing ------------------------------------------------------------------


def test_the_demo_minutes_were_approved_by_the_chair(loaded: demo.DemoReport) -> None:
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    first = meeting.minutes.get(version=1)
    assert first.approved_by == user("formand")
    assert meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED


def test_the_demo_member_cannot_approve_minutes(loaded: demo.DemoReport) -> None:
    upcoming = meeting_get_by_address(loaded.upcoming_address)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(meeting=upcoming, by=user("medlem"))


def test_the_demo_chair_can_approve_minutes(loaded: demo.DemoReport) -> None:
    upcoming = meeting_get_by_address(loaded.upcoming_address)
    held = services.meeting_create(
        council=upcoming.council,
        by=user("sekretariat"),
        date=timezone.localdate() - dt.timedelta(days=1),
    )
    minutes = services.minutes_approve(meeting=held, by=user("formand"))
    assert minutes.status == Minutes.Status.APPROVED


def test_published_minutes_carry_the_decisions(loaded: demo.DemoReport) -> None:
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    published = minutes_published(meeting=meeting)
    assert published is not None and published.snapshot
    assert "Rådet godkendte dagsordenen." in json.dumps(published.snapshot, ensure_ascii=False)


def test_without_the_documents_module_the_minutes_stay_approved(
    db: None, stand_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "documents_available", lambda: False)
    report = demo.demo_load(data_dir=stand_in)
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    assert minutes_published(meeting=meeting) is None
    assert meeting.minutes.get().status == Minutes.Status.APPROVED
    assert any("documents" in note for note in report.notes)


def test_a_later_run_publishes_minutes_an_earlier_run_could_not(
    db: None, stand_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "documents_available", lambda: False)
    demo.demo_load(data_dir=stand_in)
    monkeypatch.undo()
    report = demo.demo_load(data_dir=stand_in)
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    assert minutes_published(meeting=meeting) is not None
    assert report.created == ["referatet af nordjylland/2020-06-04 offentliggjort"]


# --- The current council's template, next meeting and annual plan -----------------------------


def test_the_upcoming_meeting_starts_from_the_standing_items(loaded: demo.DemoReport) -> None:
    upcoming = meeting_get_by_address(loaded.upcoming_address)
    assert upcoming.council.slug == "beskaeftigelsesraad-nordjylland"
    assert upcoming.date == demo.first_thursday_after(today())
    assert list(
        upcoming.items.order_by("section__position", "position").values_list("title", flat=True)
    ) == [
        "Referater til orientering",
        "Dagsorden for dagens møde",
        "Eventuelt",
    ]


def test_the_first_thursday_after_a_day_is_in_a_later_month_when_this_ones_has_passed() -> None:
    assert demo.first_thursday_after(dt.date(2026, 11, 23)) == dt.date(2026, 12, 3)
    assert demo.first_thursday_after(dt.date(2026, 12, 3)) == dt.date(2027, 1, 7)
    assert demo.first_thursday_after(dt.date(2026, 11, 30)) == dt.date(2026, 12, 3)


def test_the_annual_plan_has_entries_for_2026_and_2027(loaded: demo.DemoReport) -> None:
    years = set(
        AnnualPlanEntry.objects.filter(council__slug="beskaeftigelsesraad-nordjylland").values_list(
            "starts_on__year", flat=True
        )
    )
    assert years == {2026, 2027}


# --- The command ------------------------------------------------------------------------------


def test_the_command_prints_logins_url_and_meeting_address(db: None, stand_in: Path) -> None:
    out = io.StringIO()
    call_command("demo", data=stand_in, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "nordjylland/2020-06-04" in text
    for login in demo.DEMO_LOGINS:
        assert login.username in text and login.password in text
    assert "aldrig i produktion" in text
    assert "oprettet: bruger formand" in text


def test_the_command_run_twice_says_nothing_was_new(db: None, stand_in: Path) -> None:
    call_command("demo", data=stand_in, stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo", data=stand_in, stdout=out)
    assert "Intet nyt" in out.getvalue()
    assert "oprettet:" not in out.getvalue()


def test_the_command_reports_missing_demo_files_plainly(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Demodata mangler"):
        call_command("demo", data=tmp_path, stdout=io.StringIO())


# --- The real demo files ----------------------------------------------------------------------


@needs_real_files
def test_real_meeting_has_the_22_items_of_the_published_minutes(db: None) -> None:
    demo.demo_load()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    items = list(meeting.items.order_by("section__position", "position"))
    assert len(items) == expected["item_count"] == 22
    assert [(i.number, i.title, i.kinds, i.has_presentation) for i in items] == [
        (e["number"], e["title"], "".join(e["kinds"]), e["has_presentation"])
        for e in expected["items"]
    ]


@needs_real_files
def test_real_demo_loaded_twice_has_no_duplicates(db: None) -> None:
    demo.demo_load()
    before = counts()
    assert demo.demo_load().created == []
    assert counts() == before


@needs_real_files
def test_real_meeting_has_its_attendance_and_the_chairmanship_it_elected(db: None) -> None:
    demo.demo_load()
    meeting = meeting_get_by_address(demo.DEMO_MEETING_ADDRESS)
    assert meeting.attendance.count() == 23
    assert meeting.ended_at == dt.time(11, 55)
    assert "Skype" in meeting.note
    rar = council_get(slug="nordjylland")
    elected = chairmanship_on(council=rar, on=demo.DEMO_MEETING_DATE)
    assert elected is not None
    assert [seat.person.name for _, seat in elected.seats()] == list(demo.ARCHIVE_CHAIRMANSHIP)
    # Ole Madsen is listed twice in the minutes but holds one seat.
    assert Membership.objects.filter(council=rar, person__name="Ole Madsen").count() == 1
