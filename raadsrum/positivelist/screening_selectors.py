"""Reads for the screening table: a round's submitted proposals with their organisation, job
titles, flags and status, filtered, and the counts per flag and per status.

Three queries for any number of rows (the proposals with their organisation, and their job
titles prefetched). The flag filter runs in Python over the stored flags, because SQLite
cannot look inside a JSON list; a round holds tens to a few thousand proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.core.errors import PermissionDenied
from raadsrum.councils.selectors import SECRETARIAT, UserLike, council_roles_for_user
from raadsrum.positivelist.models import (
    Consultation,
    ConsultationResponse,
    CourseKind,
    CourseProposal,
    Invitation,
    JobTitle,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.screening import FLAG_LABELS

NO_FLAGS = "none"  # the flag filter's value for proposals without any flag


@dataclass(frozen=True)
class ScreeningFilters:
    flag: str = ""  # a flag code, NO_FLAGS or "" for all
    status: str = ""
    organisation: int | None = None
    job_title: int | None = None
    kind: str = ""
    online: bool | None = None
    q: str = ""


@dataclass(frozen=True)
class FlagView:
    code: str
    label: str
    reason: str

    @property
    def detail(self) -> str:
        """The reason without a repeat of the label beside it ("Står allerede på listen: …")."""
        prefix = f"{self.label}: "
        return self.reason[len(prefix) :] if self.reason.startswith(prefix) else self.reason


@dataclass(frozen=True)
class ScreeningRow:
    proposal: CourseProposal
    organisation: str
    job_titles: list[str]
    flags: list[FlagView]


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class ScreeningCounts:
    total: int
    unflagged: int
    by_flag: list[Count] = field(default_factory=list)
    by_status: list[Count] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return self.total - self.unflagged

    def status_count(self, code: str) -> int:
        return next((c.count for c in self.by_status if c.code == code), 0)


def flag_views(flags: list[dict[str, str]]) -> list[FlagView]:
    return [
        FlagView(
            code=flag.get("code", ""),
            label=str(FLAG_LABELS.get(flag.get("code", ""), flag.get("code", ""))),
            reason=flag.get("reason", ""),
        )
        for flag in flags
    ]


def _submitted(round: Round) -> QuerySet[CourseProposal]:
    return CourseProposal.objects.filter(
        response__invitation__consultation__round=round,
        response__status=ConsultationResponse.Status.SUBMITTED,
    )


def screening_rows(*, round: Round, filters: ScreeningFilters | None = None) -> list[ScreeningRow]:
    """The round's submitted proposals as table rows, by organisation and position."""
    filters = filters or ScreeningFilters()
    proposals = _submitted(round)
    if filters.status:
        proposals = proposals.filter(status=filters.status)
    if filters.organisation:
        proposals = proposals.filter(response__invitation__organisation_id=filters.organisation)
    if filters.job_title:
        proposals = proposals.filter(job_titles=filters.job_title)
    if filters.kind:
        proposals = proposals.filter(kind=filters.kind)
    if filters.online is not None:
        proposals = proposals.filter(is_online=filters.online)
    text = filters.q.strip()
    if text:
        proposals = proposals.filter(
            Q(title__icontains=text)
            | Q(course_number__icontains=text)
            | Q(provider__icontains=text)
            | Q(description__icontains=text)
            | Q(other_job_title__icontains=text)
            | Q(status_reason__icontains=text)
        )
    proposals = (
        proposals.select_related("response__invitation__organisation", "status_by")
        .prefetch_related("job_titles")
        .order_by("response__invitation__organisation__name", "position", "id")
        .distinct()
    )
    rows = []
    for proposal in proposals:
        codes = {flag.get("code") for flag in proposal.flags}
        if filters.flag == NO_FLAGS and codes:
            continue
        if filters.flag and filters.flag != NO_FLAGS and filters.flag not in codes:
            continue
        titles = [t.title for t in proposal.job_titles.all()]
        if proposal.other_job_title:
            titles.append(proposal.other_job_title)
        rows.append(
            ScreeningRow(
                proposal=proposal,
                organisation=proposal.response.invitation.organisation.name,
                job_titles=titles,
                flags=flag_views(proposal.flags),
            )
        )
    return rows


def screening_counts(*, round: Round) -> ScreeningCounts:
    """How many submitted proposals carry each flag, and how many have each status."""
    by_flag = dict.fromkeys(FLAG_LABELS, 0)
    by_status = dict.fromkeys(CourseProposal.Status.values, 0)
    total = unflagged = 0
    for flags, status in _submitted(round).values_list("flags", "status"):
        total += 1
        codes = {flag.get("code") for flag in flags or []}
        unflagged += not codes
        for code in codes:
            if code in by_flag:
                by_flag[code] += 1
        by_status[status] = by_status.get(status, 0) + 1
    labels = dict(CourseProposal.Status.choices)
    return ScreeningCounts(
        total=total,
        unflagged=unflagged,
        by_flag=[Count(code, str(FLAG_LABELS[code]), n) for code, n in by_flag.items()],
        by_status=[Count(code, str(labels.get(code, code)), n) for code, n in by_status.items()],
    )


def screening_filter_choices(*, round: Round) -> dict[str, list[tuple[str, str]]]:
    """The values the filter form offers: only organisations and job titles in the round."""
    # Invitations and proposals point at organisations and job titles without a reverse
    # name, so the choices are read through id subqueries.
    answered = Invitation.objects.filter(
        consultation__round=round, response__status=ConsultationResponse.Status.SUBMITTED
    ).values("organisation_id")
    organisations = (
        Organisation.objects.filter(pk__in=answered).order_by("name").values_list("pk", "name")
    )
    proposed = CourseProposal.job_titles.through.objects.filter(
        courseproposal__in=_submitted(round)
    ).values("jobtitle_id")
    in_round = RoundJobTitle.objects.filter(round=round).values("job_title_id")
    job_titles = (
        JobTitle.objects.filter(Q(pk__in=in_round) | Q(pk__in=proposed))
        .order_by("title")
        .values_list("pk", "title")
    )
    return {
        "flag": [
            *((code, str(label)) for code, label in FLAG_LABELS.items()),
            (NO_FLAGS, _("Ingen flag")),
        ],
        "status": [(code, str(label)) for code, label in CourseProposal.Status.choices],
        "organisation": [(str(pk), name) for pk, name in organisations],
        "job_title": [(str(pk), title) for pk, title in job_titles],
        "kind": [(code, str(label)) for code, label in CourseKind.choices],
    }


def proposal_for_secretariat(*, user: UserLike, proposal_id: int) -> CourseProposal:
    """A submitted proposal with what its detail page shows, for its council's secretariat."""
    proposal = (
        CourseProposal.objects.select_related(
            "response__invitation__organisation",
            "response__invitation__consultation__round__council",
            "status_by",
        )
        .prefetch_related("job_titles")
        .filter(pk=proposal_id, response__status=ConsultationResponse.Status.SUBMITTED)
        .first()
    )
    if proposal is None or SECRETARIAT not in council_roles_for_user(
        user=user, council=proposal.response.invitation.consultation.round.council
    ):
        raise PermissionDenied("Kun rådets sekretariat kan se kursusforslagene.")
    return proposal


@dataclass(frozen=True)
class ScreeningStep:
    """What the round page's screening step shows (the step partial reads it via a tag)."""

    round: Round
    can_act: bool  # the user is the council's secretariat
    can_start: bool  # the round is in consultation: the secretariat may close it
    deadline: datetime | None
    deadline_passed: bool
    counts: ScreeningCounts | None  # from the screening on


def screening_step(*, round: Round, user: UserLike, now: datetime | None = None) -> ScreeningStep:
    now = now or timezone.now()
    consultation = Consultation.objects.filter(round=round).first()
    deadline = consultation.deadline if consultation else None
    can_act = SECRETARIAT in council_roles_for_user(user=user, council=round.council)
    screened = round.status in (
        Round.Status.SCREENING,
        Round.Status.RECOMMENDED,
        Round.Status.DECIDED,
    )
    return ScreeningStep(
        round=round,
        can_act=can_act,
        can_start=can_act and round.status == Round.Status.CONSULTATION,
        deadline=deadline,
        deadline_passed=deadline is not None and deadline <= now,
        counts=screening_counts(round=round) if screened else None,
    )
