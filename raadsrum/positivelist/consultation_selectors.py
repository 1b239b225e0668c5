"""Reads for the consultation form: the personal link is the key, and it opens one answer only.

An organisation reaches its invitation through the token in its link; everything it sees is
read from that invitation (its own response and the round's fixed job titles), so no read
here can reach another organisation's answer.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.core.danish import danish_date, danish_time
from raadsrum.core.errors import ValidationFailed
from raadsrum.positivelist.models import (
    Consultation,
    ConsultationResponse,
    CourseProposal,
    Invitation,
    JobTitle,
    Round,
)
from raadsrum.positivelist.tokens import token_hash

# A token from new_token() is 32 URL-safe characters; anything far longer is not a link of ours.
MAX_TOKEN_LENGTH = 100


class InvalidLink(ValidationFailed):
    """No invitation has this token: mistyped, cut short, or never issued."""


class ConsultationClosed(ValidationFailed):
    """The link was valid, but the consultation is over: the deadline has passed, or the
    secretariat closed it early to start the screening."""

    def __init__(self, invitation: Invitation) -> None:
        consultation = invitation.consultation
        council = consultation.round.council
        values = {
            "deadline": deadline_text(consultation),
            "council": council.secretariat_name or council.name,
        }
        if timezone.now() >= consultation.deadline:
            message = _(
                "Svarfristen for høringen udløb %(deadline)s, så der kan ikke længere svares "
                "via linket. Har du spørgsmål, kan du kontakte sekretariatet for %(council)s."
            )
        else:
            message = _(
                "Sekretariatet har lukket høringen før svarfristen %(deadline)s, så der kan "
                "ikke længere svares via linket. Har du spørgsmål, kan du kontakte "
                "sekretariatet for %(council)s."
            )
        super().__init__(message % values)
        self.invitation = invitation
        self.consultation = consultation


def deadline_text(consultation: Consultation) -> str:
    """'4. juni 2026 kl. 12.00' in the council's time zone (the site's)."""
    local = timezone.localtime(consultation.deadline)
    return _("%(date)s kl. %(time)s") % {
        "date": danish_date(local.date()),
        "time": danish_time(local.time()),
    }


def consultation_is_open(consultation: Consultation, *, now: dt.datetime | None = None) -> bool:
    """Open until the deadline (the link expires at it) while the round is in consultation.

    The round leaves CONSULTATION when the secretariat starts the screening, which it may do
    before the deadline (`screening_services.screening_start(force=True)`).
    """
    return (
        now or timezone.now()
    ) < consultation.deadline and consultation.round.status == Round.Status.CONSULTATION


def invitation_for_token(token: str) -> Invitation:
    """The invitation whose link holds `token`, while its consultation is open.

    Raises InvalidLink for a token we never issued, and ConsultationClosed once the deadline
    has passed or the consultation was closed early (both are ValidationFailed).
    """
    invitation = invitation_for_token_any_time(token)
    if not consultation_is_open(invitation.consultation):
        raise ConsultationClosed(invitation)
    return invitation


def invitation_for_token_any_time(token: str) -> Invitation:
    """The invitation for `token` whether or not the deadline has passed (for the receipt)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid_link()
    try:
        return Invitation.objects.select_related(
            "organisation", "consultation__round__council"
        ).get(token_hash=token_hash(token))
    except Invitation.DoesNotExist:
        raise _invalid_link() from None


def _invalid_link() -> InvalidLink:
    return InvalidLink(
        _(
            "Linket er ikke gyldigt. Tjek, at du har brugt hele linket fra e-mailen med "
            "invitationen til høringen, eller kontakt sekretariatet."
        )
    )


def response_for_invitation(invitation: Invitation) -> ConsultationResponse | None:
    """The organisation's own answer with its proposals (and their job titles), if any."""
    return (
        ConsultationResponse.objects.filter(invitation=invitation)
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=CourseProposal.objects.order_by("position", "id").prefetch_related(
                    "job_titles"
                ),
            )
        )
        .first()
    )


def proposals_of(response: ConsultationResponse | None) -> list[CourseProposal]:
    if response is None:
        return []
    return list(response.proposals.all())


def round_fixed_job_titles(round: Round) -> list[JobTitle]:
    """The job titles the committee or chairmanship fixed for the round, alphabetically."""
    return list(
        JobTitle.objects.filter(
            pk__in=round.job_titles.filter(is_fixed=True).values("job_title_id")
        ).order_by("title")
    )
