"""Written hearing in the case committee: sent to its current members, answered only by them
before the deadline, reminded two days before, closed with the outcome and its reasons, and
a decision letter as PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from raadsrum.cases import services
from raadsrum.cases.letters import decision_letter_pdf
from raadsrum.cases.models import Case, CaseStatus, HearingAnswer
from raadsrum.cases.selectors import hearing_reminders_due
from raadsrum.cases.tests.conftest import Cast, make_case
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.models import CommitteeMembership, Person


def _send(cast: Cast, case: Case, days: float = 5) -> Case:
    services.case_start(case=case, by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=days)
    )
    case.refresh_from_db()
    return case


def test_the_hearing_goes_to_the_committees_current_members(cast: Cast) -> None:
    former = Person.objects.create(name="Tidligere Medlem")
    CommitteeMembership.objects.create(
        committee=cast.committee,
        person=former,
        valid_from=dt.date(2018, 6, 1),
        valid_to=dt.date(2022, 5, 31),
    )
    case = _send(cast, make_case(cast))
    hearing = case.hearings.get()
    assert sorted(r.person.name for r in hearing.recipients.all()) == [
        "Karin Udvalgsmedlem",
        "Kurt Udvalgsformand",
    ]


def test_the_deadline_must_be_in_the_future(cast: Cast) -> None:
    case = services.case_start(case=make_case(cast), by=cast.sara)
    with pytest.raises(ValidationFailed, match="fremtiden"):
        services.case_send_to_hearing(
            case=case, by=cast.sara, deadline=timezone.now() - dt.timedelta(minutes=1)
        )


def test_a_date_as_deadline_means_the_end_of_that_day(cast: Cast) -> None:
    case = services.case_start(case=make_case(cast), by=cast.sara)
    day = timezone.localdate() + dt.timedelta(days=3)
    hearing = services.case_send_to_hearing(case=case, by=cast.sara, deadline=day)
    local = timezone.localtime(hearing.deadline)
    assert (local.date(), local.hour, local.minute) == (day, 23, 59)


def test_a_council_member_outside_the_committee_cannot_answer(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    with pytest.raises(PermissionDenied):
        services.hearing_answer(case=case, by=cast.mette, answer="agree")


def test_the_secretariat_cannot_answer_for_a_member(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    with pytest.raises(PermissionDenied):
        services.hearing_answer(case=case, by=cast.sara, answer="agree")


def test_a_member_who_joined_after_the_hearing_was_sent_cannot_answer(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    CommitteeMembership.objects.create(
        committee=cast.committee, person=cast.mette.person, valid_from=dt.date(2022, 6, 1)
    )
    with pytest.raises(PermissionDenied):
        services.hearing_answer(case=case, by=cast.mette, answer="agree")


def test_answers_after_the_deadline_are_refused(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    case.hearings.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationFailed, match="Fristen for at svare udløb"):
        services.hearing_answer(case=case, by=cast.kurt, answer="agree")


def test_a_comment_needs_a_text_and_a_new_answer_replaces_the_old(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    with pytest.raises(ValidationFailed, match="bemærkning"):
        services.hearing_answer(case=case, by=cast.kurt, answer="comment")
    services.hearing_answer(case=case, by=cast.kurt, answer="disagree")
    services.hearing_answer(case=case, by=cast.kurt, answer="comment", text="Enig med Karin")
    assert list(HearingAnswer.objects.values_list("answer", "text")) == [
        ("comment", "Enig med Karin"),
    ]


def test_there_is_nothing_to_answer_when_the_case_is_not_in_hearing(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(ValidationFailed, match="ikke i høring"):
        services.hearing_answer(case=case, by=cast.kurt, answer="agree")


def test_the_hearing_closes_early_only_when_everyone_has_answered(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    services.hearing_answer(case=case, by=cast.kurt, answer="agree")
    with pytest.raises(ValidationFailed, match="1 medlem"):
        services.hearing_close_and_decide(case=case, by=cast.sara, outcome="approved", reasons="Ok")
    services.hearing_answer(case=case, by=cast.karin, answer="agree")
    decided = services.hearing_close_and_decide(
        case=case, by=cast.sara, outcome="approved", reasons="Enstemmigt."
    )
    assert decided.status == CaseStatus.DECIDED
    assert case.hearings.get().closed_at is not None


def test_after_the_deadline_the_hearing_closes_without_every_answer(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    services.hearing_answer(case=case, by=cast.kurt, answer="disagree", text="Nej")
    case.hearings.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    decided = services.hearing_close_and_decide(
        case=case, by=cast.sara, outcome="rejected", reasons="Udvalget afviste forlængelsen."
    )
    assert decided.outcome == "rejected"


def test_the_decision_needs_reasons(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    case.hearings.update(deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationFailed, match="begrundelsen"):
        services.hearing_close_and_decide(case=case, by=cast.sara, outcome="approved", reasons=" ")


def test_a_withdrawn_hearing_is_closed_and_the_case_is_back_in_progress(cast: Cast) -> None:
    case = _send(cast, make_case(cast))
    services.hearing_withdraw(case=case, by=cast.sara)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.hearings.get().closed_at is not None


def test_members_who_have_not_answered_are_reminded_two_days_before_the_deadline(
    cast: Cast,
) -> None:
    case = _send(cast, make_case(cast), days=5)
    deadline = case.hearings.get().deadline
    services.hearing_answer(case=case, by=cast.kurt, answer="agree")
    assert hearing_reminders_due(deadline - dt.timedelta(days=3)) == []
    due = hearing_reminders_due(deadline - dt.timedelta(days=2))
    assert [(r.person_name, r.case.pk) for r in due] == [("Karin Udvalgsmedlem", case.pk)]
    assert hearing_reminders_due(deadline + dt.timedelta(minutes=1)) == []


def test_a_member_is_reminded_once(cast: Cast) -> None:
    _send(cast, make_case(cast), days=1)
    due = hearing_reminders_due()
    assert len(due) == 2
    services.hearing_reminders_sent(reminders=[r.recipient for r in due])
    assert hearing_reminders_due() == []


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_decision_letter_has_the_letterhead_number_decision_reasons_and_date(
    cast: Cast,
) -> None:
    case = _send(cast, make_case(cast, weeks=20, is_extension=True))
    for member in (cast.kurt, cast.karin):
        services.hearing_answer(case=case, by=member, answer="agree")
    decided = services.hearing_close_and_decide(
        case=case,
        by=cast.sara,
        outcome="approved",
        decision="Arbejdsfordelingen forlænges til i alt 20 uger.",
        reasons="Ordrenedgangen er dokumenteret, og udvalget er enigt.",
    )
    content = decision_letter_pdf(decided)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    today = timezone.localdate()
    for expected in [
        "RAR Testland",
        "AMK Test",
        "Sagsnr. 2026-0001",
        "Afgørelse om arbejdsfordeling",
        "Skagen Fiskeindustri A/S",
        "Arbejdsfordelingen forlænges til i alt 20 uger.",
        "Begrundelse",
        "Ordrenedgangen er dokumenteret",
        "RAR Testlands sagsudvalg",
        f"{today.day}. ",
        str(today.year),
    ]:
        assert expected in text, expected


def test_an_undecided_case_has_no_letter(cast: Cast) -> None:
    with pytest.raises(ValidationFailed, match="ikke afgjort"):
        decision_letter_pdf(make_case(cast))


def test_an_administrative_decision_letter_says_the_secretariat_decided(cast: Cast) -> None:
    case = services.case_decide_administratively(
        case=make_case(cast), by=cast.sara, reasons="Inden for rådets regel."
    )
    text = _pdf_text(decision_letter_pdf(case))
    assert "truffet af sekretariatet på vegne af RAR Testland" in text
