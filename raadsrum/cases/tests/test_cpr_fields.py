"""A CPR number is refused in every text field of every case type, in notes, decisions,
reasons, hearing answers, document titles and file names; nothing is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from raadsrum.cases import services
from raadsrum.cases.models import CASE_MODELS, Case, CaseKind, CaseNote, case_text_fields
from raadsrum.cases.tests.conftest import Cast, make_case
from raadsrum.core.errors import ValidationFailed

CPR = "Medarbejder 010203-1234"
MESSAGE = "Teksten ser ud til at indeholde et CPR-nummer"

# Text fields a user fills in, per type (the number, reference and CVR are set by services).
TEXT_FIELDS = sorted(
    (kind.value, name)
    for kind, model in CASE_MODELS.items()
    for name, _value in case_text_fields(model())
    if name not in {"reference", "cvr"}
)


def test_every_text_field_of_every_type_is_covered() -> None:
    names = {name for _kind, name in TEXT_FIELDS}
    assert {
        "title",
        "decision",
        "reasons",
        "company_name",
        "site",
        "conditions_offered",
        "siri_reference",
        "tasks",
        "justification",
        "workplace_name",
        "address",
        "position",
        "employer_name",
    } <= names


# The decision and its reasons are written by deciding, tested below.
ENTERED = [(k, f) for k, f in TEXT_FIELDS if f not in {"decision", "reasons"}]


@pytest.mark.parametrize(("kind", "field"), ENTERED)
def test_a_cpr_number_is_refused_when_a_case_is_created(cast: Cast, kind: str, field: str) -> None:
    with pytest.raises(ValidationFailed, match=MESSAGE):
        make_case(cast, kind, **{field: CPR})
    assert not Case.objects.exists()


@pytest.mark.parametrize(("kind", "field"), ENTERED)
def test_a_cpr_number_is_refused_when_a_case_is_edited(cast: Cast, kind: str, field: str) -> None:
    case = make_case(cast, kind)
    before = getattr(case, field)
    with pytest.raises(ValidationFailed, match=MESSAGE):
        change: dict[str, Any] = {field: f"Ret: {CPR}"}
        services.case_update(case=case, by=cast.sara, **change)
    assert getattr(type(case).objects.get(pk=case.pk), field) == before


def test_a_cpr_number_is_refused_in_a_note(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.case_note_add(case=case, by=cast.sara, text="Borgeren 0102031234 ringede")
    assert not CaseNote.objects.exists()


def test_a_cpr_number_is_refused_in_the_decision_and_its_reasons(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.case_decide_administratively(case=case, by=cast.sara, reasons=CPR)
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.case_decide_administratively(case=case, by=cast.sara, decision=CPR)
    case.refresh_from_db()
    assert case.reasons == "" and case.decision == ""


def test_a_cpr_number_is_refused_in_a_hearing_answer(cast: Cast) -> None:
    case = services.case_start(case=make_case(cast), by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=2)
    )
    case.refresh_from_db()
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.hearing_answer(case=case, by=cast.kurt, answer="comment", text=CPR)


def test_a_cpr_number_is_refused_in_a_document_title_and_file_name(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.case_document_add(
            case=case, by=cast.sara, title=CPR, upload=SimpleUploadedFile("a.pdf", b"x")
        )
    with pytest.raises(ValidationFailed, match=MESSAGE):
        services.case_document_add(
            case=case,
            by=cast.sara,
            title="Lønseddel",
            upload=SimpleUploadedFile("0102031234.pdf", b"x"),
        )
    assert not case.documents.exists()


def test_the_refusal_names_the_field(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match=r"\(Arbejdssted\)"):
        make_case(cast, CaseKind.LAYOFF_NOTICE, site=CPR)


def test_ordinary_numbers_in_texts_are_accepted(cast: Cast) -> None:
    case = make_case(
        cast,
        CaseKind.WORK_PERMIT_HEARING,
        conditions_offered="Tlf. 98 12 34 56, CVR 12345674, møde 04.06.2020, "
        "sag 2026-0042, P-nr. 1003388394",
    )
    assert case.pk
