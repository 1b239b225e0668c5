"""Reads about cases that do not show a case's data: rules in force, reminders, audit trail.

Reads that show a case to a user go through `access` (which records them), never here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.cases.models import (
    AdministrativeDecisionRule,
    Case,
    CaseHearing,
    CaseKind,
    CaseStatus,
    HearingAnswer,
    HearingRecipient,
    RatioRequirement,
    WorkSharingCase,
)
from raadsrum.cases.workflows import NOTED_KINDS
from raadsrum.core.models import AuditEntry
from raadsrum.councils.models import Council, Dated


def hearing_reminder_lead() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "CASES_HEARING_REMINDER_DAYS", 2))


def administrative_rule_for(
    *, council: Council, kind: str, on: dt.date
) -> AdministrativeDecisionRule | None:
    """The council's rule for the case type in force on `on` (the newest if several)."""
    return (
        AdministrativeDecisionRule.objects.filter(Dated.valid_on(on), council=council, kind=kind)
        .order_by("-valid_from", "-id")
        .first()
    )


RuleCache = dict[tuple[int, str, dt.date], AdministrativeDecisionRule | None]


def administrative_refusal(
    *, case: Case, on: dt.date | None = None, rule_cache: RuleCache | None = None
) -> str | None:
    """Why the secretariat may not decide this case itself (Danish), or None if it may.

    Registering a notification (layoff notices, KLV lists) is not a decision and needs no rule.
    `rule_cache` lets a batch look each council's rule up once.
    """
    if case.kind in NOTED_KINDS:
        return None
    on = on or timezone.localdate()
    key = (case.council_id, case.kind, on)
    if rule_cache is not None and key in rule_cache:
        rule = rule_cache[key]
    else:
        rule = administrative_rule_for(council=case.council, kind=case.kind, on=on)
        if rule_cache is not None:
            rule_cache[key] = rule
    kind_label = CaseKind(case.kind).label.lower()
    if rule is None or not rule.allowed:
        return _(
            "Rådet har ikke givet sekretariatet lov til at afgøre sager om %(kind)s "
            "administrativt. Sagen skal afgøres af sagsudvalget."
        ) % {"kind": kind_label}
    if case.is_question_of_principle and rule.principle_to_committee:
        return _(
            "Sagen er markeret som principiel. Efter rådets regel afgøres principielle sager "
            "af sagsudvalget."
        )
    if rule.max_weeks is not None and case.kind == CaseKind.WORK_SHARING:
        weeks = (
            case.weeks
            if isinstance(case, WorkSharingCase)
            else WorkSharingCase.objects.values_list("weeks", flat=True).get(pk=case.pk)
        )
        if weeks > rule.max_weeks:
            return _(
                "Arbejdsfordelingen er på %(weeks)s uger. Efter rådets regel kan sekretariatet "
                "højst afgøre %(max)s uger administrativt; sagen skal afgøres af sagsudvalget."
            ) % {"weeks": weeks, "max": rule.max_weeks}
    return None


def ratio_requirement_for(*, council: Council, on: dt.date) -> RatioRequirement | None:
    """The council's own ratio requirement on `on`, else the national one."""
    rules = RatioRequirement.objects.filter(Dated.valid_on(on)).order_by("-valid_from", "-id")
    return rules.filter(council=council).first() or rules.filter(council__isnull=True).first()


def hearing_open(*, case: Case) -> CaseHearing | None:
    return case.hearings.filter(closed_at__isnull=True).first()


@dataclass(frozen=True)
class ReminderDue:
    recipient: HearingRecipient
    case: Case
    deadline: dt.datetime

    @property
    def person_name(self) -> str:
        return self.recipient.person.name


def hearing_reminders_due(now: dt.datetime | None = None) -> list[ReminderDue]:
    """Members who have not answered an open hearing whose deadline is within the lead time
    (2 days by default, setting CASES_HEARING_REMINDER_DAYS) and who were not reminded yet."""
    now = now or timezone.now()
    answered = HearingAnswer.objects.values_list("hearing_id", "person_id")
    answered_pairs = set(answered.filter(hearing__closed_at__isnull=True))
    recipients = (
        HearingRecipient.objects.filter(
            hearing__closed_at__isnull=True,
            hearing__case__status=CaseStatus.HEARING,
            hearing__deadline__gt=now,
            hearing__deadline__lte=now + hearing_reminder_lead(),
            reminded_at__isnull=True,
        )
        .select_related("person", "hearing__case")
        .order_by("hearing__deadline", "person__name")
    )
    return [
        ReminderDue(recipient=r, case=r.hearing.case, deadline=r.hearing.deadline)
        for r in recipients
        if (r.hearing_id, r.person_id) not in answered_pairs
    ]


def hearing_tally(*, hearing: CaseHearing) -> dict[str, int]:
    """Answers by kind, plus how many of the members asked did not answer."""
    tally = {choice: 0 for choice in HearingAnswer.Answer.values}
    for answer in hearing.answers.values_list("answer", flat=True):
        tally[answer] += 1
    tally["no_answer"] = hearing.recipients.count() - sum(tally.values())
    return tally


def case_audit_trail(*, case: Case) -> QuerySet[AuditEntry]:
    """Everything recorded about the case: views, changes, notes, hearing answers."""
    return AuditEntry.objects.filter(
        target_type=Case._meta.label_lower, target_id=str(case.pk)
    ).order_by("at", "id")
