"""Closed cases older than the retention period are anonymised or deleted by a command, with
a summary and an audit entry per case; open and recent cases are left alone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from raadsrum.cases import services
from raadsrum.cases.models import (
    Case,
    CaseKind,
    CaseNote,
    CaseStatus,
    HearingAnswer,
    KLVRow,
    WorkSharingCase,
)
from raadsrum.cases.tests.conftest import Cast, make_case
from raadsrum.core.models import AuditEntry


def _closed(cast: Cast, years_ago: float, kind: str = CaseKind.WORK_SHARING) -> Case:
    case = services.case_decide_administratively(
        case=make_case(cast, kind), by=cast.sara, reasons="Skagen Fisk opfylder betingelserne"
    )
    services.case_note_add(case=case, by=cast.sara, text="Direktør Hansen ringede")
    services.case_document_add(
        case=case,
        by=cast.sara,
        title="Ansøgning",
        upload=SimpleUploadedFile("ansoegning.pdf", b"%PDF-1.4"),
    )
    services.case_close(case=case, by=cast.sara)
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=int(365.25 * years_ago))
    )
    return case


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("cases-retention", *args, stdout=out)
    return out.getvalue()


def test_old_closed_cases_are_anonymised_and_their_numbers_and_figures_kept(cast: Cast) -> None:
    old = _closed(cast, 6)
    path = old.documents.get().file.path
    output = _run("--older-than-years", "5", "--anonymise")
    assert "1 lukkede sager fra før" in output and "anonymiseret" in output
    case = WorkSharingCase.objects.get(pk=old.pk)
    assert (case.title, case.company_name, case.cvr, case.reasons, case.decision) == (
        "Anonymiseret sag",
        "",
        "",
        "",
        "",
    )
    assert (case.reference, case.employees_affected, case.weeks, case.outcome) == (
        "2026-0001",
        42,
        13,
        "approved",
    )
    assert case.anonymised_at is not None
    assert not CaseNote.objects.filter(case=case).exists()
    assert not case.documents.exists()
    import os

    assert not os.path.exists(path)
    assert AuditEntry.objects.filter(action="case.anonymise", target_id=str(old.pk)).count() == 1


def test_recent_and_open_cases_are_left_alone(cast: Cast) -> None:
    recent = _closed(cast, 4)
    open_case = make_case(cast)
    Case.objects.filter(pk=open_case.pk).update(received_on=dt.date(2010, 1, 1))
    _run("--older-than-years", "5")
    assert WorkSharingCase.objects.get(pk=recent.pk).company_name == "Skagen Fiskeindustri A/S"
    assert Case.objects.get(pk=open_case.pk).status == CaseStatus.RECEIVED


def test_old_closed_cases_can_be_deleted(cast: Cast) -> None:
    old = _closed(cast, 6)
    keep = _closed(cast, 1)
    output = _run("--older-than-years", "5", "--delete")
    assert "slettet" in output
    assert list(Case.objects.values_list("pk", flat=True)) == [keep.pk]
    assert AuditEntry.objects.filter(action="case.delete", target_id=str(old.pk)).exists()


def test_a_dry_run_changes_nothing(cast: Cast) -> None:
    old = _closed(cast, 6)
    before = AuditEntry.objects.count()
    output = _run("--older-than-years", "5", "--delete", "--dry-run", "-v", "2")
    assert "testland/2026-0001" in output and "ville blive slettet" in output
    assert Case.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.count() == before


@override_settings(CASES_RETENTION_YEARS=10)
def test_the_period_defaults_to_the_setting(cast: Cast) -> None:
    _closed(cast, 6)
    assert "0 lukkede sager" in _run()


def test_anonymising_reaches_hearing_answers_and_klv_rows(cast: Cast) -> None:
    case = services.case_start(case=make_case(cast), by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=2)
    )
    case.refresh_from_db()
    services.hearing_answer(case=case, by=cast.kurt, answer="comment", text="Kender direktøren")
    services.hearing_answer(case=case, by=cast.karin, answer="agree")
    services.hearing_close_and_decide(case=case, by=cast.sara, outcome="approved", reasons="Ok")
    services.case_close(case=case, by=cast.sara)
    klv = services.klv_import(
        council=cast.council,
        municipality=cast.aalborg,
        quarter="2026K1",
        rows=[{"arbejdsplads": "Hal", "cvr": "12345674", "ansatte uden tilskud": "9"}],
        by=cast.sara,
    ).report
    services.case_decide_administratively(case=klv, by=cast.sara)
    services.case_close(case=klv, by=cast.sara)
    Case.objects.update(closed_at=timezone.now() - dt.timedelta(days=7 * 365))
    _run("--older-than-years", "5")
    assert set(HearingAnswer.objects.values_list("text", flat=True)) == {""}
    assert list(KLVRow.objects.values_list("workplace_name", "cvr", "staff_without_subsidy")) == [
        ("", "", 9),
    ]


def test_a_period_under_one_year_is_refused(cast: Cast) -> None:
    with pytest.raises(CommandError):
        _run("--older-than-years", "0")
