"""Screening a round's course proposals: closing the consultation, running the rules and the
secretariat's accept/reject decisions.

Decisions are written with `UPDATE … WHERE version = <the version the secretary loaded>`, one
proposal at a time inside one transaction: when two secretaries decide the same proposal at
once, the second finds the version moved on, gets that proposal back as a conflict and writes
nothing to it, while the rest of the batch is saved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.danish import danish_date, danish_time
from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.councils.selectors import UserLike
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.positivelist import screening
from raadsrum.positivelist.models import (
    ConsultationResponse,
    CourseLengthRule,
    CourseProposal,
    ListedCourse,
    PositiveListVersion,
    Round,
    RoundJobTitle,
)

REFUSAL = "Kun rådets sekretariat kan screene kursusforslag."
REASON_MAX = 500


@dataclass(frozen=True)
class ScreeningSummary:
    screened: int
    flagged: int
    by_flag: dict[str, int]


@dataclass(frozen=True)
class ProposalConflict:
    proposal_id: int
    message: str


@dataclass
class DecideResult:
    decided: list[CourseProposal] = field(default_factory=list)
    conflicts: list[ProposalConflict] = field(default_factory=list)


# --- Closing the consultation --------------------------------------------------------------


@transaction.atomic
def screening_start(
    *, round: Round, by: UserLike, force: bool = False, now: datetime | None = None
) -> ScreeningSummary:
    """Close the consultation and screen the answers (CONSULTATION → SCREENING).

    Only after the deadline, unless the secretariat closes the consultation early (`force`).
    """
    check_is_secretariat(user=by, council=round.council, refusal=REFUSAL)
    if round.status != Round.Status.CONSULTATION:
        raise ValidationFailed("Screeningen kan kun begynde, når runden er i høring.")
    now = now or timezone.now()
    consultation = getattr(round, "consultation", None)
    deadline = consultation.deadline if consultation else None
    if deadline is not None and now < deadline and not force:
        local = timezone.localtime(deadline)
        raise ValidationFailed(
            f"Høringsfristen er {danish_date(local.date())} kl. {danish_time(local.time())}. "
            "Vælg at lukke høringen før fristen, hvis screeningen skal begynde nu."
        )
    moved = Round.objects.filter(pk=round.pk, status=Round.Status.CONSULTATION).update(
        status=Round.Status.SCREENING, version=F("version") + 1
    )
    if not moved:
        raise Conflict("Runden er flyttet videre af en anden. Genindlæs siden.")
    round.refresh_from_db()
    audit_record(
        actor=by,
        action="positivelist.screening_start",
        target=round,
        details={"closed_early": bool(deadline and now < deadline)},
    )
    return _run(round=round, by=by)


# --- Running the rules ---------------------------------------------------------------------


@transaction.atomic
def screening_run(*, round: Round, by: UserLike) -> ScreeningSummary:
    """Store fresh flags on every submitted proposal of the round (drafts are not screened).

    Only the flags are written: a secretary's decision, and the proposal's version, stay.
    """
    check_is_secretariat(user=by, council=round.council, refusal=REFUSAL)
    if round.status != Round.Status.SCREENING:
        raise ValidationFailed("Forslagene kan kun screenes, mens runden er i screening.")
    return _run(round=round, by=by)


_PROPOSAL_COLUMNS = (
    "pk",
    "response__invitation__organisation__name",
    "course_number",
    "title",
    "provider",
    "kind",
    "duration",
    "duration_unit",
    "other_job_title",
    "other_reason",
    "flags",
)


def submitted_proposals(
    *, round: Round
) -> list[tuple[screening.ProposalData, list[dict[str, str]]]]:
    """The round's submitted proposals as plain data with their stored flags, in the order
    they arrived (the first of two duplicates is the one that keeps no flag).

    Two queries and no model instances: a round may hold thousands of proposals.
    """
    submitted = CourseProposal.objects.filter(
        response__invitation__consultation__round=round,
        response__status=ConsultationResponse.Status.SUBMITTED,
    )
    titles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for proposal_id, title_id, title in (
        CourseProposal.job_titles.through.objects.filter(courseproposal__in=submitted)
        .order_by("jobtitle__title")
        .values_list("courseproposal_id", "jobtitle_id", "jobtitle__title")
    ):
        titles[proposal_id].append((title_id, title))
    rows = submitted.order_by(
        F("response__submitted_at").asc(nulls_last=True), "response_id", "position", "id"
    ).values_list(*_PROPOSAL_COLUMNS)
    return [
        (
            screening.ProposalData(
                key=pk,
                organisation=organisation,
                course_number=number,
                title=title,
                provider=provider,
                kind=kind,
                duration=Decimal(duration) if duration is not None else None,
                duration_unit=unit,
                job_titles=tuple(titles[pk]),
                other_job_title=other,
                other_reason=other_reason,
            ),
            flags or [],
        )
        for (
            pk,
            organisation,
            number,
            title,
            provider,
            kind,
            duration,
            unit,
            other,
            other_reason,
            flags,
        ) in rows
    ]


def current_list_courses(*, round: Round) -> list[screening.ListedCourseData]:
    """The courses of the council's newest list version (courses are never removed between
    the yearly updates, so the newest version is the list a proposal would be added to)."""
    newest = (
        PositiveListVersion.objects.filter(positive_list__council=round.council)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:
        return []
    return [
        screening.ListedCourseData(course_number=number, title=title, provider=provider)
        for number, title, provider in ListedCourse.objects.filter(version_id=newest)
        .order_by("pk")
        .values_list("course_number", "title", "provider")
    ]


def length_rule_for(*, round: Round) -> screening.LengthRuleData | None:
    """The course-length limit in force on the day the round's list takes effect."""
    rules = [
        screening.LengthRuleData(
            council_id=rule.council_id,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            max_days=rule.max_days,
            max_ects=rule.max_ects,
            council_name=round.council.name,
        )
        for rule in CourseLengthRule.objects.filter(
            Q(council=round.council) | Q(council__isnull=True)
        )
    ]
    return screening.length_rule_in_force(rules, council_id=round.council_id, on=round.valid_from)


def _run(*, round: Round, by: UserLike) -> ScreeningSummary:
    proposals = submitted_proposals(round=round)
    fixed = dict(
        RoundJobTitle.objects.filter(round=round, is_fixed=True).values_list(
            "job_title_id", "job_title__title"
        )
    )
    flags = screening.screen(
        [data for data, _stored in proposals],
        current_list_courses(round=round),
        screening.RoundTitles(fixed=fixed),
        length_rule_for(round=round),
    )
    changed: list[tuple[int, list[dict[str, str]]]] = []
    by_flag = dict.fromkeys(screening.FLAG_LABELS, 0)
    flagged = 0
    for data, stored in proposals:
        fresh = [flag.as_json() for flag in flags[data.key]]
        flagged += bool(fresh)
        for flag in fresh:
            by_flag[flag["code"]] += 1
        if fresh != stored:
            changed.append((data.key, fresh))
    _write_flags(changed)
    summary = ScreeningSummary(screened=len(proposals), flagged=flagged, by_flag=by_flag)
    audit_record(
        actor=by,
        action="positivelist.screening_run",
        target=round,
        details={
            "screened": summary.screened,
            "flagged": summary.flagged,
            "changed": len(changed),
            "by_flag": by_flag,
        },
    )
    return summary


def _write_flags(changed: Sequence[tuple[int, list[dict[str, str]]]]) -> None:
    """Only the flags column, one prepared UPDATE run for every changed proposal.

    A decision written meanwhile is not overwritten, and the version stays: flags are the
    machine's hint, not an edit a secretary could lose. (`bulk_update` builds one CASE per
    row, which costs more than the screening itself for a few thousand rows.)
    """
    if not changed:
        return
    field = CourseProposal._meta.get_field("flags")
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(CourseProposal._meta.db_table)} SET {quote(field.column)} = %s "
        f"WHERE {quote(CourseProposal._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(field.get_db_prep_save(flags, connection), pk) for pk, flags in changed]
        )


# --- Decisions -----------------------------------------------------------------------------


@transaction.atomic
def proposals_decide(
    *,
    proposals: Sequence[tuple[int, int]],
    status: str,
    reason: str,
    by: UserLike,
) -> DecideResult:
    """Accept, reject or reset (pending) proposals, given as (id, the version the user loaded).

    A proposal changed by someone else since it was loaded is not written; it comes back as a
    conflict with a Danish message. Rejecting needs a reason.
    """
    if status not in CourseProposal.Status.values:
        raise ValidationFailed("Ukendt afgørelse.")
    reason = reason.strip()
    if status == CourseProposal.Status.REJECTED and not reason:
        raise ValidationFailed("Skriv en begrundelse for afvisningen.")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"Begrundelsen må højst være {REASON_MAX} tegn.")
    wanted: dict[int, int] = {}
    for proposal_id, version in proposals:
        wanted.setdefault(int(proposal_id), int(version))
    if not wanted:
        raise ValidationFailed("Vælg mindst ét forslag.")

    loaded = {
        p.pk: p
        for p in CourseProposal.objects.filter(pk__in=wanted).select_related(
            "response__invitation__organisation",
            "response__invitation__consultation__round__council",
        )
    }
    rounds = {p.response.invitation.consultation.round for p in loaded.values()}
    if len(rounds) > 1:
        raise ValidationFailed("Forslagene skal høre til samme runde.")
    if not rounds:
        raise ValidationFailed("Ingen af de valgte forslag findes længere.")
    (round,) = rounds
    check_is_secretariat(user=by, council=round.council, refusal=REFUSAL)
    if round.status != Round.Status.SCREENING:
        raise ValidationFailed("Forslag kan kun afgøres, mens runden er i screening.")

    result = DecideResult()

    now = timezone.now()
    actor = acting_user(by)
    for proposal_id, expected in wanted.items():
        proposal = loaded.get(proposal_id)
        if proposal is None or proposal.response.status != ConsultationResponse.Status.SUBMITTED:
            result.conflicts.append(
                ProposalConflict(
                    proposal_id, "Et af forslagene findes ikke længere blandt de indsendte."
                )
            )
            continue
        written = CourseProposal.objects.filter(pk=proposal_id, version=expected).update(
            status=status,
            status_reason=reason,
            status_by=actor,
            status_at=now,
            version=F("version") + 1,
        )
        if not written:
            result.conflicts.append(ProposalConflict(proposal_id, _conflict_message(proposal)))
            continue
        proposal.refresh_from_db(
            fields=["status", "status_reason", "status_by", "status_at", "version"]
        )
        audit_record(
            actor=by,
            action="positivelist.proposal_decide",
            target=proposal,
            details={"status": status, "reason": reason, "version": proposal.version},
        )
        result.decided.append(proposal)
    return result


def _conflict_message(proposal: CourseProposal) -> str:
    current = CourseProposal.objects.select_related("status_by").get(pk=proposal.pk)
    name = screening.course_name(current.course_number, current.title, current.provider)
    who = (
        current.status_by.get_full_name() or current.status_by.get_username()
        if current.status_by
        else "en anden"
    )
    when = (
        f" kl. {danish_time(timezone.localtime(current.status_at).time())}"
        if current.status_at
        else ""
    )
    return (
        f"{name} fra {proposal.response.invitation.organisation.name} blev afgjort af {who}"
        f"{when}, mens du arbejdede, og står nu som »{current.get_status_display()}«. "
        "Dit valg er ikke gemt for dette forslag."
    )
