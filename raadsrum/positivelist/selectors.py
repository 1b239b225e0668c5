"""Reads for the positive list's staff side: the balance in force and its history, the
candidates for a round's job titles, rounds and the organisation directory, and the status of
each consultation invitation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from raadsrum.core.errors import PermissionDenied
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import (
    SECRETARIAT,
    UserLike,
    council_roles_for_user,
    councils_for_user,
    today,
)
from raadsrum.positivelist.models import (
    BalanceCategory,
    BalanceEntry,
    Consultation,
    ConsultationResponse,
    Invitation,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.tokens import token_hash

# The categories the secretariat proposes job titles from, unless told otherwise.
PROPOSAL_CATEGORIES: tuple[str, ...] = (BalanceCategory.SHORTAGE, BalanceCategory.GOOD)

# Shortage first: the order the balance itself is read in.
CATEGORY_ORDER: tuple[str, ...] = (
    BalanceCategory.SHORTAGE,
    BalanceCategory.PARADOX,
    BalanceCategory.GOOD,
    BalanceCategory.POOR,
)


def _category_rank() -> Case:
    return Case(
        *[When(category=code, then=Value(rank)) for rank, code in enumerate(CATEGORY_ORDER)],
        default=Value(len(CATEGORY_ORDER)),
        output_field=IntegerField(),
    )


# --- Who may work where ----------------------------------------------------------------------


def secretariat_councils(*, user: UserLike, on: dt.date | None = None) -> list[Council]:
    """The councils in force whose secretariat the user is (all in force for superusers)."""
    on = on or today()
    return [
        council
        for council in councils_for_user(user=user, on=on)
        if council.is_valid_on(on)
        and SECRETARIAT in council_roles_for_user(user=user, council=council)
    ]


def council_for_secretariat(*, user: UserLike, slug: str) -> Council:
    """The council by its slug, if the user is its secretariat; else PermissionDenied."""
    council = Council.objects.filter(slug=slug).first()
    if council is None or SECRETARIAT not in council_roles_for_user(user=user, council=council):
        raise PermissionDenied("Kun rådets sekretariat kan arbejde med positivlisten.")
    return council


def round_for_secretariat(*, user: UserLike, round_id: int) -> Round:
    """The round, if the user is its council's secretariat; else PermissionDenied."""
    found = Round.objects.select_related("council", "balance").filter(pk=round_id).first()
    if found is None or SECRETARIAT not in council_roles_for_user(user=user, council=found.council):
        raise PermissionDenied("Kun rådets sekretariat kan arbejde med positivlisten.")
    return found


# --- The balance -----------------------------------------------------------------------------


def _predecessors(council: Council) -> list[Council]:
    """The councils this one took over from, nearest first (RAR Nordjylland for its successor)."""
    found: list[Council] = []
    frontier = [council]
    while frontier and len(found) < 20:
        parents = list(Council.objects.filter(successor__in=frontier).order_by("-valid_from"))
        found.extend(p for p in parents if p not in found and p != council)
        frontier = parents
    return found


def balance_in_force(*, council: Council, on: dt.date | None = None) -> LabourMarketBalance | None:
    """The newest import of the latest half-year that started on or before `on`.

    A council without a balance of its own falls back to its predecessor's (a new council
    starts with the area's last balance until STAR publishes its own).
    """
    on = on or today()
    for body in [council, *_predecessors(council)]:
        found = (
            LabourMarketBalance.objects.filter(council=body, period_start__lte=on)
            .order_by("-period_start", "-imported_at", "-pk")
            .first()
        )
        if found is not None:
            return found
    return None


def balance_releases(*, council: Council) -> QuerySet[LabourMarketBalance]:
    """Every imported release for the council, newest half-year and import first."""
    return (
        LabourMarketBalance.objects.filter(council=council)
        .select_related("imported_by")
        .order_by("-period_start", "-imported_at", "-pk")
    )


def balance_entries(
    *,
    balance: LabourMarketBalance,
    categories: Iterable[str] | None = None,
    search: str = "",
) -> QuerySet[BalanceEntry]:
    """The release's job titles, shortage first, most expected openings first, then by title."""
    entries = BalanceEntry.objects.filter(balance=balance).select_related("job_title")
    wanted = [c for c in (categories or []) if c in BalanceCategory.values]
    if wanted:
        entries = entries.filter(category__in=wanted)
    search = search.strip()
    if search:
        entries = entries.filter(
            Q(job_title__title__icontains=search) | Q(job_title__disco_code__startswith=search)
        )
    return entries.annotate(category_rank=_category_rank()).order_by(
        "category_rank", F("expected_openings").desc(nulls_last=True), "job_title__title"
    )


def balance_category_counts(*, balance: LabourMarketBalance) -> dict[str, int]:
    """How many job titles the release puts in each category (every category present)."""
    counts = dict.fromkeys(CATEGORY_ORDER, 0)
    for category in BalanceEntry.objects.filter(balance=balance).values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    return counts


@dataclass(frozen=True)
class HistoryPoint:
    period_start: dt.date
    category: str
    category_label: str
    expected_openings: int | None
    balance: LabourMarketBalance


def balance_history(*, job_title: JobTitle, council: Council) -> list[HistoryPoint]:
    """The job title's category half-year by half-year (the newest release of each), oldest
    first; the predecessors' half-years are included for a successor council."""
    bodies = [council, *_predecessors(council)]
    entries = (
        BalanceEntry.objects.filter(job_title=job_title, balance__council__in=bodies)
        .select_related("balance")
        .order_by("balance__period_start", "-balance__imported_at", "-balance__pk")
    )
    seen: set[dt.date] = set()
    points = []
    for entry in entries:
        period = entry.balance.period_start
        if period in seen:
            continue  # an older release of a half-year already covered
        seen.add(period)
        points.append(
            HistoryPoint(
                period_start=period,
                category=entry.category,
                category_label=str(entry.get_category_display()),
                expected_openings=entry.expected_openings,
                balance=entry.balance,
            )
        )
    return points


def balance_candidates(
    *,
    round: Round,
    categories: Sequence[str] = PROPOSAL_CATEGORIES,
    search: str = "",
) -> QuerySet[BalanceEntry]:
    """The job titles of the round's balance the secretariat may propose, with
    `in_round` telling which are proposed already. Empty when the round has no balance."""
    if round.balance is None:
        return BalanceEntry.objects.none()
    in_round = RoundJobTitle.objects.filter(round=round).values("job_title_id")
    return balance_entries(balance=round.balance, categories=categories, search=search).annotate(
        in_round=Case(
            When(job_title_id__in=in_round, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


# --- Rounds ----------------------------------------------------------------------------------


def round_list(*, councils: Iterable[Council]) -> QuerySet[Round]:
    return (
        Round.objects.filter(council__in=list(councils))
        .select_related("council")
        .order_by("-valid_from", "-created_at")
    )


def round_titles(*, round: Round) -> QuerySet[RoundJobTitle]:
    return RoundJobTitle.objects.filter(round=round).select_related("job_title")


def round_consultation(*, round: Round) -> Consultation | None:
    return Consultation.objects.filter(round=round).first()


# --- Organisations ---------------------------------------------------------------------------


def organisation_list(*, council: Council, include_inactive: bool = True) -> QuerySet[Organisation]:
    organisations = Organisation.objects.filter(council=council)
    if not include_inactive:
        organisations = organisations.filter(is_active=True)
    return organisations.order_by("-is_active", "name")


def organisation_get(*, council: Council, organisation_id: int) -> Organisation:
    found = Organisation.objects.filter(council=council, pk=organisation_id).first()
    if found is None:
        raise PermissionDenied("Organisationen hører ikke til rådet.")
    return found


# --- Invitations -----------------------------------------------------------------------------

NOT_SENT = "not_sent"
NOT_OPENED = "not_opened"
DRAFT = ConsultationResponse.Status.DRAFT
SUBMITTED = ConsultationResponse.Status.SUBMITTED

INVITATION_STATUS_LABELS = {
    NOT_SENT: _("E-mail ikke sendt"),
    NOT_OPENED: _("Intet svar endnu"),
    DRAFT: _("Kladde"),
    SUBMITTED: _("Indsendt"),
}


StrOrPromise = str | Promise


@dataclass(frozen=True)
class InvitationStatus:
    invitation: Invitation
    status: str  # NOT_SENT, NOT_OPENED, DRAFT or SUBMITTED
    label: StrOrPromise
    submitted_at: dt.datetime | None
    proposal_count: int


def invitation_statuses(*, consultation: Consultation) -> list[InvitationStatus]:
    """Each invited organisation and how far its answer is: e-mail not sent, not opened, draft
    or submitted. An answer not yet submitted shows as "e-mail not sent" while the
    invitation's link has not gone out (its e-mail failed): the organisation needs a new link.
    """
    rows = []
    invitations = (
        Invitation.objects.filter(consultation=consultation)
        .select_related("organisation", "response")
        .annotate(proposal_count=Count("response__proposals"))
        .order_by("organisation__name")
    )
    for invitation in invitations:
        response = getattr(invitation, "response", None)
        if response is None:
            status, submitted_at, count = NOT_OPENED, None, 0
        else:
            status = response.status
            submitted_at = response.submitted_at
            count = invitation.proposal_count  # type: ignore[attr-defined]
        if invitation.sent_at is None and status != SUBMITTED:
            status = NOT_SENT
        rows.append(
            InvitationStatus(
                invitation=invitation,
                status=status,
                label=INVITATION_STATUS_LABELS.get(status, status),
                submitted_at=submitted_at,
                proposal_count=count,
            )
        )
    return rows


def invitations_not_mailed(*, consultation: Consultation) -> list[Invitation]:
    """The consultation's invitations whose e-mail has not gone out, by organisation name."""
    return list(
        Invitation.objects.filter(consultation=consultation, sent_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation whose link holds this token (only the hash is compared), or None.

    Does not look at the deadline: `invitation_is_open` does.
    """
    if not token:
        return None
    return (
        Invitation.objects.select_related("consultation__round__council", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_is_open(*, invitation: Invitation, now: dt.datetime | None = None) -> bool:
    """The link works until the deadline, and only while the round is in consultation."""
    from django.utils import timezone

    now = now or timezone.now()
    consultation = invitation.consultation
    return consultation.round.status == Round.Status.CONSULTATION and now < consultation.deadline


def organisations_not_invited(*, consultation: Consultation) -> QuerySet[Organisation]:
    invited = Invitation.objects.filter(consultation=consultation).values("organisation_id")
    return organisation_list(council=consultation.round.council, include_inactive=False).exclude(
        pk__in=invited
    )
