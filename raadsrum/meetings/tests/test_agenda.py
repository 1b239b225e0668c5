import datetime as dt

import pytest

from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.meetings import services
from raadsrum.meetings.models import AgendaItem


def numbers(meeting) -> list[tuple[str, str]]:
    return [(i.number, i.title) for i in meeting.items.order_by("section__position", "position")]


def test_items_are_numbered_in_the_councils_style(meeting):
    assert numbers(meeting) == [
        ("1.1.1", "Referater"),
        ("1.2.1", "Dagsorden"),
        ("1.3.1", "Årshjul"),
        ("2.1.1", "Nyt fra formandskabet"),
        ("2.2.1", "Eventuelt"),
    ]


def test_moving_an_item_renumbers_the_rest(meeting, cast):
    aarshjul = meeting.items.get(title="Årshjul")
    services.item_move(item=aarshjul, by=cast.sara, position=0)
    assert numbers(meeting)[:3] == [
        ("1.1.1", "Årshjul"),
        ("1.2.1", "Referater"),
        ("1.3.1", "Dagsorden"),
    ]


def test_moving_an_item_to_another_section_renumbers_both(meeting, cast):
    second = meeting.sections.get(number="2")
    services.item_move(
        item=meeting.items.get(title="Referater"), by=cast.sara, section=second, position=1
    )
    assert numbers(meeting) == [
        ("1.1.1", "Dagsorden"),
        ("1.2.1", "Årshjul"),
        ("2.1.1", "Nyt fra formandskabet"),
        ("2.2.1", "Referater"),
        ("2.3.1", "Eventuelt"),
    ]


def test_a_theme_goes_first_as_zero_with_lettered_items(meeting, cast):
    theme = services.section_add(
        meeting=meeting, title="TEMA: COVID-19", by=cast.sara, is_theme=True
    )
    services.item_add(
        section=theme, title="Overblik", kinds="D", has_presentation=True, by=cast.sara
    )
    assert numbers(meeting)[0] == ("0A", "Overblik")
    assert list(meeting.sections.values_list("number", flat=True)) == ["0", "1", "2"]


def test_attachments_are_numbered_after_the_item(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    first = services.attachment_add(item=item, by=cast.sara, title="Opfølgningsark")
    second = services.attachment_add(item=item, by=cast.sara, title="Notat")
    first.refresh_from_db()
    assert (first.number, second.number) == ("1.2.1", "1.2.2")
    services.item_move(item=item, by=cast.sara, position=2)
    first.refresh_from_db()
    assert first.number == "1.3.1"


def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_kept(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    loaded_by_sara = AgendaItem.objects.get(pk=item.pk)
    loaded_by_other = AgendaItem.objects.get(pk=item.pk)
    services.item_update(
        item=loaded_by_sara,
        by=cast.sara,
        expected_version=loaded_by_sara.version,
        summary="Saras tekst",
    )
    with pytest.raises(Conflict) as refused:
        services.item_update(
            item=loaded_by_other,
            by=cast.sara,
            expected_version=loaded_by_other.version,
            summary="Anden tekst",
        )
    assert "Dine ændringer er ikke gemt" in refused.value.message
    item.refresh_from_db()
    assert item.summary == "Saras tekst"


def test_kinds_accept_only_b_d_and_o(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    services.item_update(item=item, by=cast.sara, expected_version=item.version, kinds="d/b")
    item.refresh_from_db()
    assert item.kinds == "DB"
    with pytest.raises(ValidationFailed):
        services.item_update(item=item, by=cast.sara, expected_version=item.version, kinds="X")


@pytest.mark.parametrize("who", ["carl", "mette", "otto"])
def test_only_the_secretariat_edits_the_agenda(meeting, cast, who):
    item = meeting.items.first()
    with pytest.raises(PermissionDenied):
        services.item_update(
            item=item, by=getattr(cast, who), expected_version=item.version, title="Nyt"
        )


def test_a_new_meeting_starts_from_the_standing_items(cast):
    services.standing_items_set(
        council=cast.council,
        by=cast.sara,
        items=[
            {
                "section_title": "Rådets interne fokus",
                "title": "Referater til orientering",
                "kinds": "O",
            },
            {
                "section_title": "Rådets interne fokus",
                "title": "Dagsorden for dagens møde",
                "kinds": "B",
            },
            {"section_title": "Orientering og videndeling", "title": "Eventuelt", "kinds": "O"},
        ],
    )
    meeting = services.meeting_create(council=cast.council, date=dt.date(2027, 1, 5), by=cast.sara)
    assert numbers(meeting) == [
        ("1.1.1", "Referater til orientering"),
        ("1.2.1", "Dagsorden for dagens møde"),
        ("2.1.1", "Eventuelt"),
    ]


def test_a_second_meeting_on_the_same_day_gets_its_own_address(meeting, cast):
    other = services.meeting_create(council=cast.council, date=meeting.date, by=cast.sara)
    assert (meeting.address, other.address) == ("testraad/2026-11-05", "testraad/2026-11-05-2")


def test_moving_a_meeting_keeps_its_calendar_event_and_bumps_the_sequence(meeting, cast):
    uid, sequence = meeting.uid, meeting.calendar_sequence
    moved = services.meeting_update(meeting=meeting, by=cast.sara, date=dt.date(2026, 11, 12))
    assert moved.uid == uid and moved.calendar_sequence == sequence + 1
    assert moved.address == "testraad/2026-11-12"


def test_clearing_a_meetings_time_empties_it_and_leaving_it_out_keeps_it(meeting, cast):
    kept = services.meeting_update(meeting=meeting, by=cast.sara, location="Aalborg")
    assert (kept.start_time, kept.end_time) == (dt.time(10), dt.time(12))
    cleared = services.meeting_update(meeting=meeting, by=cast.sara, start_time=None, end_time=None)
    assert (cleared.start_time, cleared.end_time) == (None, None)
