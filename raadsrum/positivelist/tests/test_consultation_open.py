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
    ConsultationResponse,
    CourseProposal,
    Invitation,
    Organisation,
    Round,
)
from raadsrum.positivelist.tests.conftest import OpenConsultation, PLCast, token_from_mail
from raadsrum.positivelist.tokens import token_hash


def _in_two_weeks() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=14)


def _active(organisations: dict[str, Organisation]) -> list[Organisation]:
    return [o for o in organisations.values() if o.is_active]


def test_each_organisation_gets_one_mail_with_its_own_working_link(
    open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    assert len(mail.outbox) == 3
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
