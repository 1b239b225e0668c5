"""Reading a meeting from the database into a document, and the `export` command."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from raadsrum.councils.models import Council
from raadsrum.meetings.documents.model import meeting_document
from raadsrum.meetings.documents.sample import sample_minutes
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    Attachment,
    Attendance,
    Meeting,
    Minutes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting() -> Meeting:
    council = Council.objects.create(
        slug="nordjylland",
        name="RAR Nordjylland",
        name_genitive="RAR Nordjyllands",
        kind=Council.Kind.RAR,
        valid_from=date(2015, 1, 1),
        secretariat_name="Arbejdsmarkedskontor Midt-Nord",
    )
    meeting = Meeting.objects.create(
        council=council,
        date=date(2020, 6, 4),
        start_time=time(10),
        end_time=time(12),
        ended_at=time(11, 55),
        is_virtual=True,
    )
    section = AgendaSection.objects.create(
        meeting=meeting, position=1, number="2", title="Rekruttering/vækst – Nordjylland i balance"
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        section=section,
        position=1,
        number="2.1.1",
        title="Positivlisten - aktuel tilføjelse af online kurser",
        kinds="B",
        summary="Rådet skal tage stilling til **online kurser**.",
        recommendation="A. godkender kurserne\nB. drøfter processen",
        decision="Rådet godkendte kurserne.",
    )
    Attachment.objects.create(item=item, position=1, number="2.1.1.1", title="Kursusliste")
    rows = [
        ("Peter Thomsen", "observer", ""),
        ("Birgit Frederiksen", "member", "DA"),
        ("Anders Stryhn", "secretariat", ""),
        ("Lars Christensen", "member", "FH"),
        ("Hanne Toppenberg", "member", "DA"),
        ("Netta Ben-Yedidia", "constituency_rep", ""),
        ("Lars Pilgaard", "guest", ""),
        ("Ole Suppleant", "alternate", "FH"),
    ]
    for position, (name, role, group) in enumerate(rows):
        Attendance.objects.create(
            meeting=meeting, name=name, role=role, group=group, position=position
        )
    return meeting


def test_meeting_document_reads_numbers_fields_and_attachments(meeting):
    doc = meeting_document(meeting, "minutes")
    assert doc.header_line == "Referat af RAR Nordjyllands møde den 4. juni 2020"
    (item,) = doc.items
    assert item.heading == "2.1.1 Positivlisten - aktuel tilføjelse af online kurser (B)"
    assert item.decision == "Rådet godkendte kurserne."
    assert item.attachments[0].label == "Bilag 2.1.1.1 – Kursusliste"
    assert doc.ended_line == "Mødet sluttede kl. 11.55"


def test_agenda_document_has_no_decisions_and_no_attendance(meeting):
    doc = meeting_document(meeting, "agenda")
    assert doc.items[0].decision == ""
    assert doc.attendance == []


def test_attendance_is_grouped_by_member_group_then_by_role_in_the_minutes_order(meeting):
    doc = meeting_document(meeting, "minutes")
    assert [g.title for g in doc.attendance] == [
        "DA",
        "FH",
        "Suppleanter",
        "Tilforordnede",
        "Baglande",
        "Fra sekretariatet",
        "Gæster",
    ]
    assert [p.name for p in doc.attendance[0].people] == ["Birgit Frederiksen", "Hanne Toppenberg"]


def test_export_writes_minutes_pdf_from_the_live_draft(meeting, tmp_path):
    Minutes.objects.create(meeting=meeting)
    out = tmp_path / "ud.pdf"
    call_command(
        "export",
        "nordjylland/2020-06-04",
        "--document",
        "minutes",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Rådet godkendte kurserne." in text


def test_export_uses_the_published_snapshot_not_later_edits(meeting, tmp_path):
    snapshot = sample_minutes().to_dict()
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.PUBLISHED, snapshot=snapshot)
    AgendaItem.objects.filter(meeting=meeting).update(decision="Ændret efter offentliggørelsen")
    out = tmp_path / "ud.html"
    call_command("export", "nordjylland/2020-06-04", "--format", "html", "-o", str(out))
    page = out.read_text()
    assert "Ændret efter offentliggørelsen" not in page
    assert "Valg af Formandskab for RAR" in page  # from the snapshot


def test_export_agenda_docx(meeting, tmp_path):
    out = tmp_path / "dagsorden.docx"
    call_command(
        "export",
        "nordjylland/2020-06-04",
        "--document",
        "agenda",
        "--format",
        "docx",
        "-o",
        str(out),
    )
    assert out.read_bytes()[:2] == b"PK"


def test_export_of_a_meeting_that_does_not_exist_fails_with_exit_code_1(db):
    with pytest.raises(CommandError, match="findes ikke") as error:
        call_command("export", "nordjylland/1999-01-01")
    assert error.value.returncode == 1


def test_export_of_minutes_that_do_not_exist_fails_with_exit_code_1(meeting):
    with pytest.raises(CommandError, match="intet referat") as error:
        call_command("export", "nordjylland/2020-06-04", "--document", "minutes")
    assert error.value.returncode == 1
