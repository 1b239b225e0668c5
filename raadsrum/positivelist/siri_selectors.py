"""Reads about the supplementary job titles a council proposes for SIRI's positive list.

An approved title stays on SIRI's list for two years; the secretariat is warned before that
runs out (by default 90 days ahead) so the council can propose it again in time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from raadsrum.councils.models import Council
from raadsrum.positivelist.models import SupplementaryTitleProposal

EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class ExpiringTitle:
    proposal: SupplementaryTitleProposal
    days_left: int  # 0 on the last valid day


def supplementary_title_list(*, council: Council) -> QuerySet[SupplementaryTitleProposal]:
    """Every proposal of the council, newest first."""
    return (
        SupplementaryTitleProposal.objects.filter(council=council)
        .select_related("job_title")
        .order_by("-created_at", "-pk")
    )


def supplementary_title_get(*, council: Council, pk: int) -> SupplementaryTitleProposal:
    return SupplementaryTitleProposal.objects.select_related("job_title", "council").get(
        council=council, pk=pk
    )


def supplementary_titles_in_force(
    *, council: Council, on: dt.date
) -> QuerySet[SupplementaryTitleProposal]:
    """Approved titles whose two years include `on`."""
    return (
        SupplementaryTitleProposal.objects.filter(
            council=council,
            status=SupplementaryTitleProposal.Status.APPROVED,
            valid_from__lte=on,
            valid_to__gte=on,
        )
        .select_related("job_title")
        .order_by("job_title__title")
    )


def supplementary_titles_expiring(
    *, council: Council, on: dt.date, within_days: int = EXPIRY_WARNING_DAYS
) -> list[ExpiringTitle]:
    """Titles in force on `on` whose last valid day is at most `within_days` days away."""
    last = on + dt.timedelta(days=within_days)
    return [
        ExpiringTitle(proposal=p, days_left=(p.valid_to - on).days)
        for p in supplementary_titles_in_force(council=council, on=on)
        .filter(valid_to__lte=last)
        .order_by("valid_to", "job_title__title")
        if p.valid_to is not None
    ]


def month_series(proposal: SupplementaryTitleProposal) -> list[tuple[str, int]]:
    """The job-wish counts as (YYYY-MM, count), in month order."""
    counts = proposal.job_wish_counts or {}
    return sorted((str(month), int(count)) for month, count in counts.items())
