"""Importing minutes into meetings: what the samples become, versions, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raadsrum.archive import services
from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.parsing import ImportFailed
from raadsrum.archive.services import ImportStatus, document_import, import_user
from raadsrum.archive.tests.conftest import SAMPLES
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils.models import Council, NumberingStyle
from raadsrum.councils.services import reference_load
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.documents.docx import render_docx
from raadsrum.meetings.documents.model import meeting_document
from raadsrum.meetings.documents.pdf import render_pdf
from raadsrum.meetings.models import AgendaItem, Attendance, Meeting, Minutes

NORDJYLLAND_2020 = "000_dd457604fb05ae09"
WITHOUT_DATE = "001_f9edf094e86b5f9e"
OESTJYLLAND_2022 = "003_c357e7af07d5e8d5"
WITH_DATE = [NORDJYLLAND_2020, OESTJYLLAND_2022]
DEMO = Path(__file__).resolve().parents[2] / "meetings/demo/nordjylland-2020-06-04.json"


def sample(stem: str) -> bytes:
    return (SAMPLES / f"{stem}.txt").read_bytes()


def expected(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def stored_items(meeting: Meeting) -> list[tuple[str, str, list[str], bool]]:
    """Numbers without a trailing dot: expected.json writes '1.1' for the source's '1.1.'."""
    return [
        (i.number.rstrip("."), i.title, list(i.kinds), i.has_presentation)
        for i in meeting.items.order_by("section__position", "position")
    ]


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, AgendaItem, Attendance, Minutes, ImportedDocument, AuditEntry)
    }


@pytest.fixture
def importer(db, words) -> User:
    reference_load()
    return import_user()


def test_each_dated_sample_becomes_a_meeting_whose_items_equal_the_expected(importer):
    for stem in WITH_DATE:
        result = document_import(data=sample(stem), filename=f"{stem}.txt", by=importer)
        want = expected(stem)
        assert result.status == ImportStatus.IMPORTED
        meeting = result.meeting
        assert (meeting.council.name, meeting.body, meeting.date.isoformat()) == (
            want["council"],
            want["body"],
            want["date"],
        )
        assert stored_items(meeting) == [
            (i["number"], i["title"], i["kinds"], i["has_presentation"]) for i in want["items"]
        ]


def test_stored_numbers_are_the_sources_own_style(importer):
    nord = document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer).meeting
    oest = document_import(data=sample(OESTJYLLAND_2022), filename="b.txt", by=importer).meeting
    assert (nord.numbering_style, nord.theme_item_letters) == (NumberingStyle.TRIPLE, True)
    assert list(nord.items.values_list("number", flat=True)[:2]) == ["0A", "1.1.1"]
    # RAR Østjylland wrote "1.1." for its items and "0.1" for the theme's.
    assert oest.numbering_style == NumberingStyle.DOTTED_TRAILING
    assert not oest.theme_item_letters
    assert oest.items.get(title="Referater").number == "1.2."


def test_every_decision_of_4_june_2020_is_stored_in_full(importer):
    meeting = document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer).meeting
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    want = {i["number"]: i["decision"] for s in demo["sections"] for i in s["items"]}
    missing = [
        item.number
        for item in meeting.items.all()
        if normalise(want[item.number]) not in normalise(item.decision)
    ]
    assert missing == []


def test_imported_minutes_are_a_published_record_of_a_held_meeting(importer):
    meeting = document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer).meeting
    minutes = meeting.minutes.get()
    assert (minutes.status, meeting.agenda_status, meeting.status) == (
        Minutes.Status.PUBLISHED,
        Meeting.AgendaStatus.PUBLISHED,
        Meeting.Status.HELD,
    )
    assert minutes.snapshot is not None
    assert (meeting.is_virtual, meeting.ended_at, meeting.start_time) == (
        True,
        dt.time(11, 55),
        dt.time(10, 0),
    )
    assert meeting.attendance.filter(name="Birgit Frederiksen", group="DA").exists()
    theme_item = meeting.items.get(number="0A")
    assert [(a.number, a.title) for a in theme_item.attachments.all()] == [
        ("0.1.1", "COVID-19 tilføjelse til Rådets nøgletals notat."),
        ("0.1.2", "Beskrivelse af aktuelle dataudfordringer i en Coronatid."),
    ]


def test_importing_the_same_bytes_twice_gives_one_meeting_and_writes_nothing(importer):
    first = document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer)
    before = row_counts()
    second = document_import(data=sample(NORDJYLLAND_2020), filename="kopi.txt", by=importer)
    assert second.status == ImportStatus.ALREADY_IMPORTED
    assert "allerede importeret" in second.message
    assert second.meeting == first.meeting
    assert row_counts() == before


def test_a_changed_document_gives_a_new_version_with_the_differences(importer):
    text = sample(NORDJYLLAND_2020).decode()
    first = document_import(data=text.encode(), filename="a.txt", by=importer)
    changed = text.replace(
        "Rådet tog referaterne til efterretning.", "Rådet godkendte referaterne med en rettelse."
    )
    assert changed != text
    second = document_import(data=changed.encode(), filename="a-rettet.txt", by=importer)
    assert second.status == ImportStatus.NEW_VERSION
    assert second.meeting == first.meeting
    assert Meeting.objects.count() == 1
    assert second.document.version == 2 and second.document.previous == first.document
    assert second.difference_lines == ["Punkt 1.1.1: beslutning ændret"]
    assert second.meeting.items.get(number="1.1.1").decision == (
        "Rådet godkendte referaterne med en rettelse."
    )
    versions = list(second.meeting.minutes.order_by("version"))
    assert [(m.version, m.status) for m in versions] == [
        (1, Minutes.Status.PUBLISHED),
        (2, Minutes.Status.PUBLISHED),
    ]
    assert versions[1].correction_note.startswith("Genimporteret: a-rettet.txt (version 2)")


def test_a_document_with_an_item_fewer_removes_the_item_and_says_so(importer):
    text = sample(OESTJYLLAND_2022).decode()
    document_import(data=text.encode(), filename="b.txt", by=importer)
    shorter = text.replace("- 3.6. Eventuelt (O)", "")
    result = document_import(data=shorter.encode(), filename="b2.txt", by=importer)
    assert result.status == ImportStatus.NEW_VERSION
    assert "Punkt 3.6 fjernet: Eventuelt" in result.difference_lines
    assert not result.meeting.items.filter(title="Eventuelt").exists()


def test_a_date_the_text_does_not_give_stays_empty_and_makes_no_meeting(importer):
    result = document_import(data=sample(WITHOUT_DATE), filename="c.txt", by=importer)
    assert result.status == ImportStatus.NO_MEETING
    assert Meeting.objects.count() == 0
    document = result.document
    assert (document.meeting, document.meeting_date, document.kind) == (
        None,
        None,
        ImportedDocument.Kind.MINUTES,
    )
    assert "Ingen mødedato i teksten" in document.warnings
    assert "ingen mødedato i teksten" in result.message
    assert document.council.slug == "nordjylland"


def test_a_document_that_is_not_minutes_is_kept_as_a_searchable_document(importer):
    slides = "Beskæftigelsen i Nordjylland\n\nFra marts 2019-20 steg ledigheden med 1.931.\n"
    result = document_import(data=slides.encode(), filename="slides.txt", by=importer)
    assert result.status == ImportStatus.NOT_MINUTES
    assert "Ingen dagsordenspunkter fundet" in result.message
    assert result.document.kind == ImportedDocument.Kind.OTHER
    assert "ledigheden med 1.931" in result.document.text
    assert Meeting.objects.count() == 0


def test_an_unknown_council_is_a_clear_danish_error_and_nothing_is_written(importer):
    text = sample(OESTJYLLAND_2022).decode().replace("RAR Østjylland", "RAR Atlantis")
    before = row_counts()
    with pytest.raises(ImportFailed) as error:
        document_import(data=text.encode(), filename="x.txt", by=importer)
    assert "«RAR Atlantis», som Rådsrum ikke kender" in error.value.message
    assert row_counts() == before


def test_a_failure_half_way_leaves_nothing_behind(importer, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    # The attendance list is written after the meeting and its agenda: half way.
    monkeypatch.setattr(meeting_services, "attendance_build", broken)
    before = row_counts()
    with pytest.raises(RuntimeError):
        document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer)
    assert row_counts() == before


def test_a_rule_broken_half_way_is_an_import_error_and_leaves_nothing(importer, monkeypatch):
    def refuse(**kwargs):
        raise ValidationFailed("Mødet skal slutte efter, det begynder.")

    monkeypatch.setattr(meeting_services, "meeting_end", refuse)
    before = row_counts()
    with pytest.raises(ImportFailed, match="slutte efter"):
        document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer)
    assert row_counts() == before


def test_a_preview_says_what_would_happen_and_saves_nothing(importer):
    before = row_counts()
    result = document_import(
        data=sample(NORDJYLLAND_2020), filename="a.txt", by=importer, commit=False
    )
    assert (result.status, result.committed, result.document) == (
        ImportStatus.IMPORTED,
        False,
        None,
    )
    assert result.meeting_address == "nordjylland/2020-06-04"
    assert row_counts() == before


def test_a_meeting_made_in_raadsrum_is_linked_to_the_file_and_not_changed(importer):
    council = Council.objects.get(slug="oestjylland")
    meeting = meeting_services.meeting_create(
        council=council, date=dt.date(2022, 9, 29), by=importer, from_template=False
    )
    section = meeting_services.section_add(meeting=meeting, title="Intern", by=importer)
    meeting_services.item_add(section=section, title="Dagsorden", kinds="B", by=importer)
    result = document_import(data=sample(OESTJYLLAND_2022), filename="b.txt", by=importer)
    assert result.status == ImportStatus.LINKED
    assert result.document.meeting == meeting
    assert list(meeting.items.values_list("title", flat=True)) == ["Dagsorden"]
    assert "Punkt 3.6 tilføjet: Eventuelt" in result.difference_lines


def test_only_the_councils_secretariat_may_import(importer):
    outsider = User.objects.create_user("otto", password="pw")
    before = row_counts()
    with pytest.raises(PermissionDenied):
        document_import(data=sample(NORDJYLLAND_2020), filename="a.txt", by=outsider)
    assert row_counts() == before


def test_the_import_user_cannot_log_in(importer):
    assert importer.is_superuser and not importer.is_staff
    assert not importer.has_usable_password()


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
@pytest.mark.parametrize("stem", WITH_DATE)
def test_minutes_exported_by_the_spine_import_back_to_the_same_items(importer, render, stem):
    # Import, export, and roll the database back: the export is then imported afresh.
    with transaction.atomic():
        meeting = document_import(data=sample(stem), filename="a.txt", by=importer).meeting
        want = stored_items(meeting)
        decisions = {i.number: i.decision for i in meeting.items.all()}
        exported = render(meeting_document(meeting, "minutes"))
        transaction.set_rollback(True)
    assert Meeting.objects.count() == 0
    result = document_import(data=exported, filename=f"eksport.{render.__name__[-4:]}", by=importer)
    assert result.status == ImportStatus.IMPORTED, result.lines()
    assert stored_items(result.meeting) == want
    got = {i.number: i.decision for i in result.meeting.items.all()}
    assert {n: normalise(t) for n, t in got.items()} == {
        n: normalise(t) for n, t in decisions.items()
    }


BINARY_NAMES = st.sampled_from(["a.pdf", "a.docx", "a.txt", "a", "a.doc"])
TEXT = sample(NORDJYLLAND_2020).decode()


def import_outcome(data: bytes, name: str, by: User) -> None:
    before = row_counts()
    try:
        result = document_import(data=data, filename=name, by=by)
    except ImportFailed as error:
        assert error.message
        assert row_counts() == before
        return
    assert result.status in set(ImportStatus) - {ImportStatus.FAILED}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=3000), name=BINARY_NAMES)
def test_random_bytes_give_a_result_or_an_import_error(importer, data, name):
    import_outcome(data, name, importer)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.integers(0, len(TEXT)), length=st.integers(0, 300))
def test_truncated_minutes_give_a_result_or_an_import_error(importer, start, length):
    import_outcome(TEXT[start : start + length * 100].encode(), "t.txt", importer)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tail=st.binary(max_size=2000))
def test_broken_pdfs_give_a_result_or_an_import_error(importer, tail):
    import_outcome(b"%PDF-1.4\n" + tail, "x.pdf", importer)


def test_the_difference_list_matches_items_by_number():
    before = {
        "items": [
            {
                "number": "1.1",
                "title": "A",
                "kinds": ["B"],
                "has_presentation": False,
                "fields": {"decision": "Ja"},
                "attachments": [],
            },
            {
                "number": "1.2",
                "title": "B",
                "kinds": ["O"],
                "has_presentation": False,
                "fields": {},
                "attachments": [],
            },
        ]
    }
    after = {
        "items": [
            {
                "number": "1.1",
                "title": "A",
                "kinds": ["B"],
                "has_presentation": False,
                "fields": {"decision": "Ja  "},
                "attachments": [],
            },
            {
                "number": "1.3",
                "title": "C",
                "kinds": ["O"],
                "has_presentation": False,
                "fields": {},
                "attachments": [],
            },
        ]
    }
    assert [d["text"] for d in services.document_differences(before, after)] == [
        "Punkt 1.3 tilføjet: C",
        "Punkt 1.2 fjernet: B",
    ]
