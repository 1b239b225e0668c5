"""Hearing reminders by e-mail: each member of the case committee who has not answered gets
one e-mail two days before the deadline, naming the case only by number and title, and the
members without an e-mail address are reported instead of skipped."""

from __future__ import annotations

import datetime as dt
import smtplib
import zoneinfo
from collections.abc import Sequence
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from raadsrum.cases import services
from raadsrum.cases.cpr import find_cpr
from raadsrum.cases.models import Case, CaseHearing, HearingRecipient
from raadsrum.cases.reminders import hearing_reminders_send
from raadsrum.cases.tests.conftest import CVR_A, Cast, make_case
from raadsrum.core.errors import ValidationFailed
from raadsrum.core.models import AuditEntry

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
DEADLINE = dt.datetime(2026, 11, 30, 23, 59, tzinfo=COPENHAGEN)
SITE = "https://raadsrum.example.dk"
KURT = "kurt@example.dk"
KARIN = "karin@example.dk"


@pytest.fixture(autouse=True)
def addresses(cast: Cast) -> None:
    for user, address in ((cast.kurt, KURT), (cast.karin, KARIN)):
        user.person.email = address
        user.person.save(update_fields=["email"])


@pytest.fixture(autouse=True)
def site(settings: object) -> None:
    settings.SITE_URL = SITE  # type: ignore[attr-defined]
    settings.CASES_HEARING_REMINDER_DAYS = 2  # type: ignore[attr-defined]


def in_hearing(cast: Cast, *, deadline: dt.datetime = DEADLINE) -> Case:
    """A work-sharing extension sent to the committee, with its deadline set to `deadline`."""
    case = make_case(cast, title="Forlængelse af arbejdsfordeling")
    services.case_start(case=case, by=cast.sara)
    hearing = services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=5)
    )
    CaseHearing.objects.filter(pk=hearing.pk).update(deadline=deadline)
    case.refresh_from_db()
    return case


def days_before(days: float) -> dt.datetime:
    return DEADLINE - dt.timedelta(days=days)


def recipients(messages: Sequence[EmailMessage]) -> list[str]:
    return sorted(address for m in messages for address in m.to)


def test_a_member_who_has_not_answered_gets_one_email_two_days_before_the_deadline(
    cast: Cast,
) -> None:
    in_hearing(cast)
    hearing_reminders_send(now=days_before(3))
    assert mail.outbox == []
    hearing_reminders_send(now=days_before(2))
    assert recipients(mail.outbox) == [KARIN, KURT]
    assert [m.subject for m in mail.outbox] == [
        "Påmindelse: svar på skriftlig høring i sag 2026-0001 senest 30. november 2026"
    ] * 2


def test_a_member_who_answered_gets_no_email(cast: Cast) -> None:
    case = in_hearing(cast, deadline=timezone.now() + dt.timedelta(days=3))
    services.hearing_answer(case=case, by=cast.kurt, answer="agree")
    CaseHearing.objects.filter(case=case).update(deadline=DEADLINE)
    run = hearing_reminders_send(now=days_before(1))
    assert recipients(mail.outbox) == [KARIN]
    assert [r.person_name for r in run.sent] == ["Karin Udvalgsmedlem"]


def test_running_twice_sends_nothing_new(cast: Cast) -> None:
    in_hearing(cast)
    hearing_reminders_send(now=days_before(2))
    assert len(mail.outbox) == 2
    second = hearing_reminders_send(now=days_before(1))
    assert len(mail.outbox) == 2
    assert second.sent == []


def test_a_sent_reminder_is_marked_and_recorded_in_the_audit_log(cast: Cast) -> None:
    case = in_hearing(cast)
    run = hearing_reminders_send(now=days_before(2))
    assert run.marked == 2
    assert not HearingRecipient.objects.filter(reminded_at__isnull=True).exists()
    assert (
        AuditEntry.objects.filter(action="case.hearing_reminder", target_id=str(case.pk)).count()
        == 2
    )


def test_a_dry_run_sends_nothing_and_marks_nothing(cast: Cast) -> None:
    in_hearing(cast)
    run = hearing_reminders_send(now=days_before(2), dry_run=True)
    assert mail.outbox == []
    assert [r.person_name for r in run.sent] == ["Karin Udvalgsmedlem", "Kurt Udvalgsformand"]
    assert HearingRecipient.objects.filter(reminded_at__isnull=True).count() == 2
    assert not AuditEntry.objects.filter(action="case.hearing_reminder").exists()
    hearing_reminders_send(now=days_before(2))
    assert len(mail.outbox) == 2


def test_the_email_says_only_the_case_number_title_deadline_and_answer_page(cast: Cast) -> None:
    case = in_hearing(cast)
    hearing_reminders_send(now=days_before(2))
    message = next(m for m in mail.outbox if m.to == [KARIN])
    assert message.body == (
        "Kære Karin Udvalgsmedlem\n"
        "\n"
        "Sagsudvalget har en sag i skriftlig høring, som du endnu ikke har svaret på. "
        "Fristen for dit svar er 30. november 2026 kl. 23.59.\n"
        "\n"
        "Sag: 2026-0001\n"
        "Titel: Forlængelse af arbejdsfordeling\n"
        "\n"
        "Læs sagen og svar her (log ind først):\n"
        f"{SITE}/sager/{case.pk}/hoering/\n"
        "\n"
        "Sagens oplysninger står kun i Rådsrum og sendes ikke med e-mail.\n"
        "\n"
        "Med venlig hilsen\n"
        "AMK Test\n"
    )


def test_the_email_holds_no_cpr_like_data_no_decision_text_and_no_case_details(
    cast: Cast,
) -> None:
    case = in_hearing(cast)
    draft = "Udkast: arbejdsfordelingen forlænges til 20 uger"
    reasons = "Virksomhedens ordrebog er halveret"
    Case.objects.filter(pk=case.pk).update(decision=draft, reasons=reasons)
    services.case_note_add(case=case, by=cast.sara, text="Ringet til direktøren")
    hearing_reminders_send(now=days_before(2))
    assert len(mail.outbox) == 2
    link = f"{SITE}/sager/{case.pk}/hoering/"
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".replace(link, "")
        assert find_cpr(text) is None
        employees = "42 "  # employees_affected in the case's details
        for detail in (
            draft,
            reasons,
            "Ringet til direktøren",
            "Skagen Fiskeindustri",
            CVR_A,
            employees,
            "Frederikshavn",
        ):
            assert detail not in text, detail
        assert message.attachments == []


def test_a_member_without_an_email_address_is_reported_and_not_marked(cast: Cast) -> None:
    cast.karin.person.email = ""
    cast.karin.person.save(update_fields=["email"])
    in_hearing(cast)
    run = hearing_reminders_send(now=days_before(2))
    assert recipients(mail.outbox) == [KURT]
    assert [r.person_name for r in run.without_email] == ["Karin Udvalgsmedlem"]
    assert "Uden e-mailadresse, ikke påmindet" in run.summary()
    assert "Karin Udvalgsmedlem" in run.summary()
    assert HearingRecipient.objects.get(person=cast.karin.person).reminded_at is None


# The command ---------------------------------------------------------------------------------


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("cases-reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_reminds_the_members_and_prints_a_summary(cast: Cast) -> None:
    in_hearing(cast, deadline=timezone.now() + dt.timedelta(days=1))
    output = run_command()
    assert "Påmindet: 2" in output
    assert f"Karin Udvalgsmedlem <{KARIN}>" in output
    assert len(mail.outbox) == 2
    assert "Påmindet: 0" in run_command()
    assert len(mail.outbox) == 2


def test_the_commands_dry_run_sends_nothing(cast: Cast) -> None:
    in_hearing(cast, deadline=timezone.now() + dt.timedelta(days=1))
    output = run_command("--dry-run")
    assert "Prøvekørsel" in output
    assert "Ville blive påmindet: 2" in output
    assert mail.outbox == []
    assert HearingRecipient.objects.filter(reminded_at__isnull=True).count() == 2


@pytest.mark.parametrize("days", [0, -1, "2"])
def test_the_command_refuses_a_bad_lead_time_with_exit_code_1(
    cast: Cast, settings: object, days: object
) -> None:
    settings.CASES_HEARING_REMINDER_DAYS = days  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="CASES_HEARING_REMINDER_DAYS") as refused:
        run_command()
    assert refused.value.returncode == 1


def test_the_command_refuses_a_site_url_that_is_not_an_address(
    cast: Cast, settings: object
) -> None:
    settings.SITE_URL = "raadsrum.example.dk"  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="SITE_URL") as refused:
        run_command()
    assert refused.value.returncode == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses Karin's address."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if KARIN in message.to:
                raise smtplib.SMTPRecipientsRefused({KARIN: (550, b"no such user")})
            mail.outbox.append(message)
        return len(email_messages)


@override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")
def test_an_email_that_fails_is_not_marked_and_the_command_exits_with_1(cast: Cast) -> None:
    in_hearing(cast, deadline=timezone.now() + dt.timedelta(days=1))
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("cases-reminders", stdout=out)
    assert failed.value.returncode == 1
    assert "Kunne ikke sendes" in out.getvalue()
    assert recipients(mail.outbox) == [KURT]
    assert HearingRecipient.objects.get(person=cast.karin.person).reminded_at is None
    assert HearingRecipient.objects.get(person=cast.kurt.person).reminded_at is not None


def test_a_bad_lead_time_is_refused_by_the_service_too(cast: Cast, settings: object) -> None:
    settings.CASES_HEARING_REMINDER_DAYS = 0  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed):
        hearing_reminders_send(dry_run=True)
