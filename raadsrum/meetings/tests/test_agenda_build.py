"""agenda_build and attendance_build: a whole agenda or attendance list at once, by the
same rules and with the same numbers as adding it row by row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils.models import NumberingStyle
from raadsrum.meetings import services
from raadsrum.meetings.models import AgendaItem, AgendaSection, Attachment, Attendance
from raadsrum.meetings.services import AttachmentSpec, AttendanceSpec, ItemSpec, SectionSpec

AGENDA = [
    SectionSpec(
        title="  Beskæftigelsesindsatsen  ",
        items=[
            ItemSpec(
                title="Positivlisten",
                kinds="b",
                decision="Rådet godkendte listen.",
                summary="Kort",
                recommendation="At rådet godkender",
                attachments=[AttachmentSpec(title="Notat"), AttachmentSpec(title=" Liste ")],
            ),
            ItemSpec(
                title="Regnskab",
                kinds="O/D",
                has_presentation=True,
                presentation="Oplæg ved AMK",
                next_steps="Næste møde",
                background="Baggrund",
            ),
        ],
    ),
    SectionSpec(
        title="TEMA: Grøn omstilling",
        is_theme=True,
        items=[
            ItemSpec(title="Overblik", kinds="D", attachments=[AttachmentSpec(title="Slides")]),
            ItemSpec(title="Drøftelse", kinds="D"),
        ],
    ),
    SectionSpec(title="Eventuelt", items=[ItemSpec(title="Eventuelt", kinds="O")]),
    SectionSpec(title="Tomt afsnit"),
]


def build_row_by_row(meeting, by, sections):
    """What the editor's services give for the same agenda."""
    for spec in sections:
        section = services.section_add(
            meeting=meeting, title=spec.title, by=by, is_theme=spec.is_theme
        )
        for item_spec in spec.items:
            item = services.item_add(
                section=section,
                by=by,
                title=item_spec.title,
                kinds=item_spec.kinds,
                has_presentation=item_spec.has_presentation,
                decision=item_spec.decision,
                **{name: getattr(item_spec, name) for name in services.ITEM_TEXT_FIELDS},
            )
            for attachment in item_spec.attachments:
                services.attachment_add(item=item, by=by, title=attachment.title)


def agenda_rows(meeting):
    sections = [
        (s.position, s.number, s.title, s.is_theme) for s in meeting.sections.order_by("position")
    ]
    items = [
        (
            i.section.number,
            i.position,
            i.number,
            i.title,
            i.kinds,
            i.has_presentation,
            i.decision,
            *(getattr(i, name) for name in services.ITEM_TEXT_FIELDS),
        )
        for i in meeting.items.order_by("section__position", "position")
    ]
    attachments = [
        (a.item.number, a.position, a.number, a.title)
        for a in Attachment.objects.filter(item__meeting=meeting).order_by("number")
    ]
    return sections, items, attachments


def new_meeting(cast, day, *, style=None):
    meeting = services.meeting_create(
        council=cast.council, date=dt.date(2026, 10, day), by=cast.sara, from_template=False
    )
    if style is not None:
        meeting = services.meeting_numbering_set(
            meeting=meeting,
            by=cast.sara,
            style=style,
            theme_item_letters=style != NumberingStyle.DOTTED,
        )
    # An agenda that is already there: the new sections come after it, a theme before it.
    section = services.section_add(meeting=meeting, title="Rådets interne fokus", by=cast.sara)
    item = services.item_add(section=section, title="Referater", kinds="O", by=cast.sara)
    services.attachment_add(item=item, by=cast.sara, title="Referat")
    return meeting


def row_counts():
    return [
        m.objects.count() for m in (AgendaSection, AgendaItem, Attachment, Attendance, AuditEntry)
    ]


@pytest.mark.parametrize("style", [None, NumberingStyle.DOTTED, NumberingStyle.DOTTED_TRAILING])
def test_the_agenda_is_numbered_exactly_as_item_add_would_number_it(cast, style):
    one_by_one = new_meeting(cast, 3, style=style)
    build_row_by_row(one_by_one, cast.sara, AGENDA)
    at_once = new_meeting(cast, 10, style=style)
    services.agenda_build(meeting=at_once, by=cast.sara, sections=AGENDA)
    assert agenda_rows(at_once) == agenda_rows(one_by_one)


def test_the_numbers_follow_the_theme_first_and_the_rest_in_order(cast):
    meeting = new_meeting(cast, 3)
    items = services.agenda_build(meeting=meeting, by=cast.sara, sections=AGENDA)
    assert [(i.number, i.title) for i in items] == [
        ("2.1.1", "Positivlisten"),
        ("2.2.1", "Regnskab"),
        ("0A", "Overblik"),
        ("0B", "Drøftelse"),
        ("3.1.1", "Eventuelt"),
    ]
    assert list(meeting.sections.values_list("number", "title")) == [
        ("0", "TEMA: Grøn omstilling"),
        ("1", "Rådets interne fokus"),
        ("2", "Beskæftigelsesindsatsen"),
        ("3", "Eventuelt"),
        ("4", "Tomt afsnit"),
    ]
    assert meeting.items.get(title="Referater").number == "1.1.1"
    assert Attachment.objects.get(title="Referat").number == "1.1.1"


def test_the_returned_items_are_the_saved_rows(cast):
    meeting = new_meeting(cast, 3)
    items = services.agenda_build(meeting=meeting, by=cast.sara, sections=AGENDA)
    for item in items:
        saved = AgendaItem.objects.get(pk=item.pk)
        assert (item.number, item.position, item.section_id, item.kinds, item.version) == (
            saved.number,
            saved.position,
            saved.section_id,
            saved.kinds,
            saved.version,
        )
        assert saved.updated_by == cast.sara and saved.updated_at is not None


def test_one_audit_entry_with_the_counts(cast):
    meeting = new_meeting(cast, 3)
    before = AuditEntry.objects.count()
    services.agenda_build(meeting=meeting, by=cast.sara, sections=AGENDA)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.target_id) == ("agenda.build", str(meeting.pk))
    assert entry.details == {"sections": 4, "items": 5, "attachments": 3}


def test_the_work_does_not_grow_with_the_number_of_items(cast):
    def queries(count, day):
        meeting = new_meeting(cast, day)
        sections = [
            SectionSpec(
                title=f"Afsnit {n}",
                items=[
                    ItemSpec(
                        title=f"Punkt {k}", kinds="B", attachments=[AttachmentSpec(title="Bilag")]
                    )
                    for k in range(count)
                ],
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            services.agenda_build(meeting=meeting, by=cast.sara, sections=sections)
        return len(captured)

    # One renumbering, one insert per table (an import's 36 items fit in one batch).
    assert queries(1, 3) == queries(6, 10)


@pytest.mark.parametrize(
    "broken, message",
    [
        (
            SectionSpec(title="Til sidst", items=[ItemSpec(title="Fint"), ItemSpec(title="   ")]),
            "Punktet skal have en overskrift",
        ),
        (SectionSpec(title="Til sidst", items=[ItemSpec(title="X" * 401)]), "for lang"),
        (SectionSpec(title="Til sidst", items=[ItemSpec(title="Fint", kinds="X")]), "Behandling"),
        (
            SectionSpec(
                title="Til sidst",
                items=[ItemSpec(title="Fint", attachments=[AttachmentSpec(title=" ")])],
            ),
            "Bilaget",
        ),
        (SectionSpec(title=" "), "overskrift"),
        (SectionSpec(title="Endnu et tema", is_theme=True), "allerede et tema"),
    ],
)
def test_one_invalid_row_anywhere_writes_nothing(cast, broken, message):
    meeting = new_meeting(cast, 3)
    before = row_counts()
    with pytest.raises(ValidationFailed, match=message):
        services.agenda_build(meeting=meeting, by=cast.sara, sections=[*AGENDA, broken])
    assert row_counts() == before


@pytest.mark.parametrize("who", ["mette", "otto", "carl"])
def test_only_the_secretariat_builds_an_agenda(cast, who):
    meeting = new_meeting(cast, 3)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.agenda_build(meeting=meeting, by=getattr(cast, who), sections=AGENDA)
    with pytest.raises(PermissionDenied):
        services.attendance_build(
            meeting=meeting, by=getattr(cast, who), rows=[AttendanceSpec(name="Ny", role="member")]
        )
    assert row_counts() == before


def publish(meeting, cast):
    for item in meeting.items.all():
        services.decision_record(
            item=item,
            by=cast.sara,
            decision="Taget til efterretning.",
            expected_version=item.version,
        )
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    services.minutes_approve(meeting=meeting, by=cast.carl)


@pytest.mark.parametrize("then_publish, message", [(False, "godkendt"), (True, "offentliggjort")])
def test_approved_or_published_minutes_lock_the_agenda_and_attendance(cast, then_publish, message):
    meeting = new_meeting(cast, 3)
    publish(meeting, cast)
    if then_publish:
        services.minutes_publish(meeting=meeting, by=cast.sara)
    before = row_counts()
    with pytest.raises(ValidationFailed, match=message):
        services.agenda_build(meeting=meeting, by=cast.sara, sections=AGENDA)
    with pytest.raises(ValidationFailed, match=message):
        services.attendance_build(
            meeting=meeting, by=cast.sara, rows=[AttendanceSpec(name="Ny", role="member")]
        )
    assert row_counts() == before


ROWS = [
    AttendanceSpec(name=" Carl Formand ", role="member", group="DA", organisation="DI"),
    AttendanceSpec(name="Mette Medlem", role="member", group="FH", status="absent"),
    AttendanceSpec(name="Sara Sekretær", role="secretariat"),
]


def test_attendance_is_listed_as_attendance_add_would_list_it(cast):
    def listed(meeting):
        return list(
            meeting.attendance.order_by("position").values_list(
                "position", "name", "role", "group", "organisation", "status"
            )
        )

    one_by_one, at_once = new_meeting(cast, 3), new_meeting(cast, 10)
    for meeting in (one_by_one, at_once):
        services.attendance_add(meeting=meeting, by=cast.sara, name="Først", role="guest")
    for row in ROWS:
        services.attendance_add(
            meeting=one_by_one,
            by=cast.sara,
            name=row.name,
            role=row.role,
            group=row.group,
            organisation=row.organisation,
            status=row.status,
        )
    before = AuditEntry.objects.count()
    rows = services.attendance_build(meeting=at_once, by=cast.sara, rows=ROWS)
    assert listed(at_once) == listed(one_by_one)
    assert [r.position for r in rows] == [2, 3, 4] and all(r.pk for r in rows)
    assert list(
        AuditEntry.objects.filter(pk__gt=0).order_by("-pk").values_list("action", "details")[:1]
    ) == [("attendance.build", {"rows": 3})]
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.parametrize(
    "broken, message",
    [
        (AttendanceSpec(name="  ", role="member"), "navn"),
        (AttendanceSpec(name="Ukendt rolle", role="king"), "king"),
        (AttendanceSpec(name="Ukendt fremmøde", role="member", status="maybe"), "maybe"),
    ],
)
def test_one_invalid_attendance_row_anywhere_writes_nothing(cast, broken, message):
    from django.core.exceptions import ValidationError

    meeting = new_meeting(cast, 3)
    before = row_counts()
    with pytest.raises((ValidationFailed, ValidationError), match=message):
        services.attendance_build(meeting=meeting, by=cast.sara, rows=[*ROWS, broken])
    assert row_counts() == before
