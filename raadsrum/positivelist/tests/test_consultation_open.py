"""Opening the consultation: one personal link per organisation, mailed and never stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from raadsrum.core.audit import AuditEntry
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.positivelist import selectors, services
from raadsrum.positivelist.models import (
    Consultation,
    ConsultationResponse,
    CourseProposal,
    Invitation,
    Organisation,
    Round,
)
from raadsrum.positivelist.tests.conftest import OpenConsultation, PLCast, token_from_mail
from raadsrum.positivelist.tests.mail_support import mail_failing
from raadsrum.positivelist.tokens import token_hash


def _in_two_weeks() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=14)


def _active(organisations: dict[str, Organisation]) -> list[Organisation]:
    return [o for o in organisations.values() if o.is_active]


def test_each_organisation_gets_one_mail_with_its_own_working_link(
    open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    assert len(mail.outbox) == 3
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    assert set(open_consultation.tokens) == {"EUC Nord", "Jobcenter Aalborg", "3F Aalborg"}
    assert len(set(open_consultation.tokens.values())) == 3
    for name, token in open_consultation.tokens.items():
        invitation = selectors.invitation_for_token(token=token)
        assert invitation is not None
        assert invitation.organisation == organisations[name]
        assert selectors.invitation_is_open(invitation=invitation)


def test_the_mail_is_danish_and_names_the_fixed_titles_and_the_deadline(
    open_consultation: OpenConsultation,
) -> None:
    message = next(m for m in mail.outbox if "kurser@eucnord.example.dk" in m.to)
    assert message.subject == "Høring: Positivlisten pr. 1. april 2027 – RAR Testland"
    assert "Til EUC Nord" in message.body
    assert "- Bager" in message.body and "- Tømrer" in message.body
    assert "Svarfristen er" in message.body
    assert "Send jeres forslag til kurser." in message.body


@override_settings(SITE_URL="https://raadsrum.example.dk/")
def test_the_link_is_absolute_on_the_site(pl: PLCast) -> None:
    link = services.consultation_link("abc")
    assert link.startswith("https://raadsrum.example.dk/")
    assert link.endswith("/abc/")
    assert "//abc" not in link and ".dk//" not in link


def test_the_database_holds_only_hashes_of_the_tokens(
    open_consultation: OpenConsultation,
) -> None:
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    tokens = set(open_consultation.tokens.values())
    assert stored == {token_hash(t) for t in tokens}
    assert not stored & tokens
    for entry in AuditEntry.objects.all():
        for token in tokens:
            assert token not in str(entry.details)


def test_opening_moves_the_round_into_consultation(open_consultation: OpenConsultation) -> None:
    assert open_consultation.round.status == Round.Status.CONSULTATION
    assert AuditEntry.objects.filter(action="positivelist.consultation_open").exists()


def test_a_resent_link_replaces_the_old_one(
    pl: PLCast, open_consultation: OpenConsultation
) -> None:
    old = open_consultation.tokens["EUC Nord"]
    invitation = selectors.invitation_for_token(token=old)
    assert invitation is not None
    mail.outbox.clear()
    services.invitation_resend(invitation=invitation, by=pl.sara)
    assert len(mail.outbox) == 1
    new = token_from_mail(mail.outbox[0].body)
    assert new != old
    assert selectors.invitation_for_token(token=old) is None
    assert selectors.invitation_for_token(token=new) == invitation
    assert "tidligere link" in mail.outbox[0].body


def test_the_link_stops_working_at_the_deadline(open_consultation: OpenConsultation) -> None:
    invitation = selectors.invitation_for_token(token=open_consultation.tokens["3F Aalborg"])
    assert invitation is not None
    deadline = open_consultation.consultation.deadline
    assert selectors.invitation_is_open(invitation=invitation, now=deadline - dt.timedelta(1))
    assert not selectors.invitation_is_open(invitation=invitation, now=deadline)


def test_late_invitations_skip_organisations_already_invited(
    pl: PLCast, open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    mail.outbox.clear()
    faglig = Organisation.objects.create(
        council=pl.council, name="FOA", kind=Organisation.Kind.UNION, email="foa@example.dk"
    )
    added = services.consultation_invite(
        consultation=open_consultation.consultation,
        organisations=[faglig, organisations["EUC Nord"]],
        by=pl.sara,
    )
    assert [i.organisation for i in added] == [faglig]
    assert [m.to for m in mail.outbox] == [["foa@example.dk"]]


def test_the_round_must_have_fixed_titles_before_consultation(
    pl: PLCast, draft_round: Round, organisations: dict[str, Organisation]
) -> None:
    with pytest.raises(ValidationFailed, match="fastlægges"):
        services.consultation_open(
            round=draft_round,
            deadline=_in_two_weeks(),
            organisations=_active(organisations),
            message="",
            by=pl.sara,
        )
    assert not mail.outbox


def test_the_deadline_must_be_in_the_future(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with pytest.raises(ValidationFailed, match="fremtiden"):
        services.consultation_open(
            round=fixed_round,
            deadline=timezone.now() - dt.timedelta(minutes=1),
            organisations=_active(organisations),
            message="",
            by=pl.sara,
        )
    assert not Invitation.objects.exists()


def test_deactivated_or_foreign_organisations_cannot_be_invited(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    foreign = Organisation.objects.create(
        council=pl.other_council, name="Fremmed", kind=Organisation.Kind.OTHER, email="f@x.dk"
    )
    for wrong in (organisations["Lukket Skole"], foreign):
        with pytest.raises(ValidationFailed):
            services.consultation_open(
                round=fixed_round,
                deadline=_in_two_weeks(),
                organisations=[organisations["EUC Nord"], wrong],
                message="",
                by=pl.sara,
            )
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_only_the_secretariat_opens_the_consultation(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    for user in (pl.kurt, pl.mette, pl.sven, pl.otto):
        with pytest.raises(PermissionDenied):
            services.consultation_open(
                round=fixed_round,
                deadline=_in_two_weeks(),
                organisations=_active(organisations),
                message="",
                by=user,
            )
    assert not mail.outbox


def test_invitation_statuses_show_not_opened_draft_and_submitted(
    open_consultation: OpenConsultation,
) -> None:
    by_name = {
        row.invitation.organisation.name: row.invitation
        for row in selectors.invitation_statuses(consultation=open_consultation.consultation)
    }
    ConsultationResponse.objects.create(invitation=by_name["EUC Nord"])
    moment = timezone.now()
    answer = ConsultationResponse.objects.create(
        invitation=by_name["3F Aalborg"],
        status=ConsultationResponse.Status.SUBMITTED,
        submitted_at=moment,
    )
    for title in ("Surdejsbagning", "Hygiejne i bageriet"):
        CourseProposal.objects.create(
            response=answer, title=title, provider="EUC Nord", kind="amu", duration=2
        )
    rows = {
        r.invitation.organisation.name: (r.status, r.submitted_at, r.proposal_count)
        for r in selectors.invitation_statuses(consultation=open_consultation.consultation)
    }
    assert rows == {
        "EUC Nord": ("draft", None, 0),
        "Jobcenter Aalborg": ("not_opened", None, 0),
        "3F Aalborg": ("submitted", moment, 2),
    }


# --- E-mails that fail: the consultation stays, the invitation waits for a new link ----------


def _open_three(pl: PLCast, round: Round, organisations: dict[str, Organisation]) -> None:
    """Open the consultation with EUC Nord, Jobcenter Aalborg and 3F Aalborg, in that order."""
    services.consultation_open(
        round=round,
        deadline=_in_two_weeks(),
        organisations=[organisations[n] for n in ("EUC Nord", "Jobcenter Aalborg", "3F Aalborg")],
        message="",
        by=pl.sara,
    )


def _sent(name: str) -> bool:
    return Invitation.objects.get(organisation__name=name).sent_at is not None


def test_a_mail_failing_on_the_second_of_three_leaves_the_consultation_open(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with mail_failing(2):
        _open_three(pl, fixed_round, organisations)
    fixed_round.refresh_from_db()
    assert fixed_round.status == Round.Status.CONSULTATION
    assert Invitation.objects.count() == 3
    assert (_sent("EUC Nord"), _sent("Jobcenter Aalborg"), _sent("3F Aalborg")) == (
        True,
        False,
        True,
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aalborg@3f.example.dk",
        "kurser@eucnord.example.dk",
    ]
    for message in mail.outbox:
        assert selectors.invitation_for_token(token=token_from_mail(message.body)) is not None
    failure = AuditEntry.objects.get(action="positivelist.invitation_mail_failed")
    assert failure.details == {"organisations": ["Jobcenter Aalborg"]}
    assert AuditEntry.objects.filter(action="positivelist.consultation_open").exists()


def test_an_invitation_whose_mail_failed_shows_as_not_sent(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with mail_failing(2):
        _open_three(pl, fixed_round, organisations)
    consultation = Consultation.objects.get(round=fixed_round)
    rows = {
        r.invitation.organisation.name: (r.status, str(r.label))
        for r in selectors.invitation_statuses(consultation=consultation)
    }
    assert rows == {
        "EUC Nord": ("not_opened", "Intet svar endnu"),
        "Jobcenter Aalborg": ("not_sent", "E-mail ikke sendt"),
        "3F Aalborg": ("not_opened", "Intet svar endnu"),
    }
    assert [
        i.organisation.name for i in selectors.invitations_not_mailed(consultation=consultation)
    ] == ["Jobcenter Aalborg"]


def test_resending_an_unsent_invitation_mails_a_working_link_and_marks_it_sent(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with mail_failing(2):
        _open_three(pl, fixed_round, organisations)
    invitation = Invitation.objects.get(organisation__name="Jobcenter Aalborg")
    mail.outbox.clear()
    services.invitation_resend(invitation=invitation, by=pl.sara)
    assert [m.to for m in mail.outbox] == [["jobcenter@aalborg.example.dk"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    found = selectors.invitation_for_token(token=token_from_mail(mail.outbox[0].body))
    assert found == invitation
    assert selectors.invitation_is_open(invitation=found)


def test_when_the_mail_server_is_down_the_consultation_opens_with_nothing_sent(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with mail_failing(down=True):
        _open_three(pl, fixed_round, organisations)
    fixed_round.refresh_from_db()
    assert fixed_round.status == Round.Status.CONSULTATION
    assert Invitation.objects.count() == 3
    assert not Invitation.objects.filter(sent_at__isnull=False).exists()
    assert not mail.outbox


def test_a_resend_whose_mail_fails_keeps_the_old_link_working(
    pl: PLCast, open_consultation: OpenConsultation
) -> None:
    """The new token is kept only if its e-mail went out: otherwise the invitation is as it
    was, so the organisation's link still works."""
    old = open_consultation.tokens["EUC Nord"]
    invitation = selectors.invitation_for_token(token=old)
    assert invitation is not None
    before = (invitation.token_hash, invitation.sent_at)
    with mail_failing(1), pytest.raises(ValidationFailed, match="tidligere link virker stadig"):
        services.invitation_resend(invitation=invitation, by=pl.sara)
    assert selectors.invitation_for_token(token=old) == invitation
    invitation.refresh_from_db()
    assert (invitation.token_hash, invitation.sent_at) == before
    failure = AuditEntry.objects.get(action="positivelist.invitation_mail_failed")
    assert failure.details == {"organisations": ["EUC Nord"]}


def test_a_failed_resend_of_an_unsent_invitation_leaves_it_unsent(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    with mail_failing(2):
        _open_three(pl, fixed_round, organisations)
    invitation = Invitation.objects.get(organisation__name="Jobcenter Aalborg")
    with mail_failing(down=True), pytest.raises(ValidationFailed, match="Prøv igen senere"):
        services.invitation_resend(invitation=invitation, by=pl.sara)
    invitation.refresh_from_db()
    assert invitation.sent_at is None


def test_a_late_invitation_whose_mail_fails_is_kept_and_comes_back_unsent(
    pl: PLCast, open_consultation: OpenConsultation
) -> None:
    faglig = Organisation.objects.create(
        council=pl.council, name="FOA", kind=Organisation.Kind.UNION, email="foa@example.dk"
    )
    with mail_failing(down=True):
        added = services.consultation_invite(
            consultation=open_consultation.consultation, organisations=[faglig], by=pl.sara
        )
    assert [(i.organisation, i.sent_at) for i in added] == [(faglig, None)]
    assert Invitation.objects.get(organisation=faglig).sent_at is None
