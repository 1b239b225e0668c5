"""Each case type's lifecycle: received → in progress → decided (administratively or by the
committee after a written hearing) → closed; notifications are only noted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from raadsrum.cases import services, workflows
from raadsrum.cases.access import CASE_COMMITTEE, case_for_user
from raadsrum.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    DecidedBy,
    KLVReport,
    LayoffNotice,
    Outcome,
    WorkSharingCase,
)
from raadsrum.cases.tests.conftest import RECEIVED, Cast, make_case
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.selectors import SECRETARIAT

SECRETARY = frozenset({SECRETARIAT})
COMMITTEE_KINDS = [
    k for k, flow in workflows.WORKFLOWS.items() if flow is workflows.DECIDED_BY_COMMITTEE
]


def test_case_numbers_run_per_council_and_year(cast: Cast) -> None:
    first = make_case(cast)
    second = make_case(cast, CaseKind.LAYOFF_NOTICE)
    next_year = services.case_create(
        council=cast.council,
        kind=CaseKind.WORK_SHARING,
        by=cast.sara,
        received_on=dt.date(2027, 1, 4),
        company_name="X A/S",
        cvr="12345674",
        municipality=cast.aalborg,
        employees_affected=5,
        start_date=dt.date(2027, 1, 11),
        weeks=6,
    )
    assert [first.reference, second.reference, next_year.reference] == [
        "2026-0001",
        "2026-0002",
        "2027-0001",
    ]


def test_each_type_gets_its_own_table_and_the_base_knows_the_type(cast: Cast) -> None:
    for kind in CaseKind:
        case = make_case(cast, kind)
        assert Case.objects.get(pk=case.pk).specific.__class__ is type(case)
        assert case.kind == kind
        assert case.status == CaseStatus.RECEIVED


@pytest.mark.parametrize("kind", COMMITTEE_KINDS)
def test_a_case_decided_by_the_committee_goes_through_a_written_hearing(
    cast: Cast, kind: str
) -> None:
    case = make_case(cast, kind)
    services.case_start(case=case, by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=5)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HEARING
    services.hearing_answer(case=case, by=cast.kurt, answer="agree")
    services.hearing_answer(case=case, by=cast.karin, answer="agree")
    outcome = workflows.OUTCOMES[kind][0]
    decided = services.hearing_close_and_decide(
        case=case, by=cast.sara, outcome=outcome, reasons="Udvalget er enigt."
    )
    assert (decided.status, decided.decided_by, decided.outcome) == (
        CaseStatus.DECIDED,
        DecidedBy.COMMITTEE,
        outcome,
    )
    closed = services.case_close(case=decided, by=cast.sara)
    assert closed.status == CaseStatus.CLOSED and closed.closed_at is not None


def test_a_work_sharing_case_may_be_decided_administratively_straight_from_received(
    cast: Cast,
) -> None:
    case = make_case(cast)
    decided = services.case_decide_administratively(
        case=case, by=cast.sara, reasons="Betingelserne er opfyldt."
    )
    assert decided.status == CaseStatus.DECIDED
    assert decided.decided_by == DecidedBy.ADMINISTRATIVE
    assert decided.outcome == Outcome.APPROVED
    assert decided.decision == "Imødekommet"


@pytest.mark.parametrize("kind", [CaseKind.LAYOFF_NOTICE, CaseKind.KLV_REPORT])
def test_notifications_are_noted_and_never_sent_to_hearing(cast: Cast, kind: str) -> None:
    case = make_case(cast, kind)
    services.case_start(case=case, by=cast.sara)
    names = [t.name for t in workflows.allowed_transitions(kind, CaseStatus.IN_PROGRESS, SECRETARY)]
    assert "send_to_hearing" not in names
    with pytest.raises(ValidationFailed):
        services.case_send_to_hearing(
            case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=5)
        )
    noted = services.case_decide_administratively(case=case, by=cast.sara)
    assert noted.outcome == Outcome.NOTED
    assert isinstance(noted, LayoffNotice | KLVReport)


def test_a_notification_cannot_be_approved(cast: Cast) -> None:
    case = make_case(cast, CaseKind.LAYOFF_NOTICE)
    with pytest.raises(ValidationFailed, match="Taget til efterretning"):
        services.case_decide_administratively(case=case, by=cast.sara, outcome=Outcome.APPROVED)


def test_a_work_permit_hearing_answers_whether_pay_and_conditions_are_usual(cast: Cast) -> None:
    case = make_case(cast, CaseKind.WORK_PERMIT_HEARING)
    with pytest.raises(ValidationFailed):
        services.case_decide_administratively(case=case, by=cast.sara, outcome=Outcome.APPROVED)
    assert workflows.OUTCOMES[CaseKind.WORK_PERMIT_HEARING] == (
        Outcome.CONDITIONS_USUAL,
        Outcome.CONDITIONS_NOT_USUAL,
    )


def test_the_ui_is_offered_only_the_transitions_the_role_may_take(cast: Cast) -> None:
    received = workflows.allowed_transitions(CaseKind.WORK_SHARING, CaseStatus.RECEIVED, SECRETARY)
    assert [t.name for t in received] == ["start", "decide_administratively"]
    committee = frozenset({CASE_COMMITTEE})
    assert (
        workflows.allowed_transitions(CaseKind.WORK_SHARING, CaseStatus.IN_PROGRESS, committee)
        == []
    )


def test_a_closed_case_cannot_be_decided_again(cast: Cast) -> None:
    case = services.case_decide_administratively(case=make_case(cast), by=cast.sara)
    services.case_close(case=case, by=cast.sara)
    with pytest.raises(ValidationFailed, match="nuværende status"):
        services.case_decide_administratively(case=case, by=cast.sara)


def test_a_decided_case_is_reopened_with_a_reason_and_loses_its_decision(cast: Cast) -> None:
    case = services.case_decide_administratively(case=make_case(cast), by=cast.sara)
    with pytest.raises(ValidationFailed):
        services.case_reopen(case=case, by=cast.sara, reason=" ")
    reopened = services.case_reopen(case=case, by=cast.sara, reason="Nye oplysninger")
    assert (reopened.status, reopened.outcome, reopened.decided_by) == (
        CaseStatus.IN_PROGRESS,
        "",
        "",
    )


def test_a_committee_member_cannot_move_a_case_along(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(PermissionDenied):
        services.case_start(case=case, by=cast.kurt)


def test_details_are_edited_while_the_case_is_open_and_not_after(cast: Cast) -> None:
    case = make_case(cast)
    updated = services.case_update(
        case=case, by=cast.sara, weeks=16, is_extension=True, expected_version=case.version
    )
    assert isinstance(updated, WorkSharingCase)
    assert WorkSharingCase.objects.get(pk=case.pk).weeks == 16
    decided = services.case_decide_administratively(case=updated, by=cast.sara)
    with pytest.raises(ValidationFailed, match="afgjort sag"):
        services.case_update(case=decided, by=cast.sara, weeks=20)


def test_an_edit_based_on_an_old_version_is_refused(cast: Cast) -> None:
    case = make_case(cast)
    services.case_update(case=case, by=cast.sara, title="Ny titel")
    from raadsrum.core.errors import Conflict

    with pytest.raises(Conflict):
        services.case_update(case=case, by=cast.sara, title="Anden titel", expected_version=1)


def test_a_cvr_number_must_be_eight_digits_with_a_valid_check_digit(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="8 cifre"):
        make_case(cast, cvr="1234567")
    with pytest.raises(ValidationFailed, match="kontrolcifferet"):
        make_case(cast, cvr="12345678")
    assert make_case(cast, cvr="DK 12 34 56 74").specific.cvr == "12345674"  # type: ignore[attr-defined]


def test_the_municipality_must_be_in_the_councils_area(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="Aarhus hører ikke under RAR Testland"):
        make_case(cast, municipality=cast.aarhus)


def test_the_assignee_must_work_in_the_secretariat(cast: Cast) -> None:
    case = make_case(cast)
    assert services.case_assign(case=case, by=cast.sara, assignee=cast.sara).assignee == cast.sara
    with pytest.raises(ValidationFailed, match="sekretariat"):
        services.case_assign(case=case, by=cast.sara, assignee=cast.kurt)


def test_the_secretariat_reads_the_case_as_its_own_type(cast: Cast) -> None:
    case = make_case(cast)
    read = case_for_user(cast.sara, case.pk)
    assert isinstance(read, WorkSharingCase) and read.received_on == RECEIVED
