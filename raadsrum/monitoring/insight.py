"""Job-centre insight (jobcenterindblik): each municipality against the result target and the
two focus targets, and who risks enhanced supervision (skærpet tilsyn).

The result target is met when the actual share of the population on public benefits is
below the share the ministry's benchmarking model expects. The focus targets' thresholds
are dated configuration (`FocusTargetRule`): a period is judged by the rule in force on its
first day, and the report names that rule. A municipality worse than expected on the result
target that also misses at least one focus target is flagged as at risk of enhanced
supervision. The judging is pure (`insight_judge`); `municipality_insight` reads the
figures and the rule for a council and a period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from raadsrum.core.danish import danish_date
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import Council, Dated, Municipality
from raadsrum.councils.selectors import council_municipalities
from raadsrum.monitoring.keyfigures import period_label
from raadsrum.monitoring.models import FocusTargetRule, Observation, PeriodKind, Source

# The measures this report reads (shares in per cent, per municipality and half-year).
ACTUAL_SHARE = "public_benefits_share"
EXPECTED_SHARE = "public_benefits_expected_share"
NO_OFFER_SHARE = "focus_no_offer_share"
FEW_INTERVIEWS_SHARE = "focus_few_interviews_share"
INSIGHT_MEASURES = (ACTUAL_SHARE, EXPECTED_SHARE, NO_OFFER_SHARE, FEW_INTERVIEWS_SHARE)


def focus_rule_on(day: dt.date) -> FocusTargetRule:
    """The focus-target rule in force on `day` (the newest, should two overlap)."""
    rule = FocusTargetRule.objects.filter(Dated.valid_on(day)).order_by("-valid_from").first()
    if rule is None:
        raise ValidationFailed(
            _("Der er ingen regel for fokusmål i kraft den %(day)s.") % {"day": danish_date(day)}
        )
    return rule


def rule_validity(rule: FocusTargetRule) -> str:
    """`gældende fra 1. januar 2020` or `gældende 1. januar 2020 – 31. december 2023`."""
    if rule.valid_to is None:
        return _("gældende fra %(start)s") % {"start": danish_date(rule.valid_from)}
    return _("gældende %(start)s – %(end)s") % {
        "start": danish_date(rule.valid_from),
        "end": danish_date(rule.valid_to),
    }


def _share(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class InsightRow:
    """One municipality judged by one rule. Shares are per cent; None where no figure."""

    code: str
    name: str
    actual: Decimal | None
    expected: Decimal | None
    no_offer: Decimal | None
    few_interviews: Decimal | None
    rule: FocusTargetRule

    @property
    def difference(self) -> Decimal | None:
        """Actual minus expected, in percentage points (negative is better than expected)."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual - self.expected

    @property
    def meets_result_target(self) -> bool | None:
        """Met when the actual share is below the expected share."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual < self.expected

    @property
    def worse_than_expected(self) -> bool | None:
        """Strictly above the expected share; exactly as expected is not worse."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual > self.expected

    @property
    def meets_no_offer_target(self) -> bool | None:
        """Strictly under the threshold: 20,0 % misses a 20 % target."""
        if self.no_offer is None:
            return None
        return self.no_offer < self.rule.no_offer_max_share

    @property
    def meets_few_interviews_target(self) -> bool | None:
        if self.few_interviews is None:
            return None
        return self.few_interviews < self.rule.few_interviews_max_share

    @property
    def focus_targets_missed(self) -> int | None:
        results = (self.meets_no_offer_target, self.meets_few_interviews_target)
        if None in results:
            # One known miss is enough to say "missed"; otherwise we cannot tell.
            return 1 if False in results else None
        return sum(1 for met in results if not met)

    @property
    def is_complete(self) -> bool:
        return None not in (self.actual, self.expected, self.no_offer, self.few_interviews)

    @property
    def at_risk_of_enhanced_supervision(self) -> bool:
        """Worse than expected on the result target AND missing at least one focus target."""
        missed = self.focus_targets_missed
        return bool(self.worse_than_expected) and missed is not None and missed >= 1


def insight_judge(
    *,
    code: str,
    name: str,
    actual: float | Decimal | None,
    expected: float | Decimal | None,
    no_offer: float | Decimal | None,
    few_interviews: float | Decimal | None,
    rule: FocusTargetRule,
) -> InsightRow:
    return InsightRow(
        code=code,
        name=name,
        actual=_share(actual),
        expected=_share(expected),
        no_offer=_share(no_offer),
        few_interviews=_share(few_interviews),
        rule=rule,
    )


@dataclass(frozen=True)
class InsightReport:
    council: Council
    period_kind: str
    period_start: dt.date
    rule: FocusTargetRule
    rows: list[InsightRow]
    is_synthetic: bool
    sources: list[Source]

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)

    @property
    def rule_validity(self) -> str:
        return rule_validity(self.rule)

    @property
    def at_risk(self) -> list[InsightRow]:
        return [row for row in self.rows if row.at_risk_of_enhanced_supervision]

    @property
    def has_figures(self) -> bool:
        return any(row.actual is not None for row in self.rows)


def current_observations(
    *, measures: Iterable[str], area_codes: Iterable[str], period_kind: str
) -> QuerySet[Observation]:
    """Current municipal rows of these measures (any period), real sources first."""
    return (
        Observation.objects.filter(
            is_current=True,
            measure__code__in=list(measures),
            area_kind="municipality",
            area_code__in=list(area_codes),
            period_kind=period_kind,
            breakdown_kind="",
        )
        .select_related("source", "measure")
        .order_by("source__is_synthetic")
    )


def insight_periods(*, council: Council, period_kind: str = PeriodKind.HALF_YEAR) -> list[dt.date]:
    """Periods (newest first) with insight figures for the council's municipalities then."""
    starts = (
        Observation.objects.filter(
            is_current=True,
            measure__code=ACTUAL_SHARE,
            area_kind="municipality",
            period_kind=period_kind,
        )
        .values_list("period_start", flat=True)
        .distinct()
    )
    return sorted(
        (
            start
            for start in set(starts)
            if council.is_valid_on(start) and council_municipalities(council=council, on=start)
        ),
        reverse=True,
    )


def municipality_insight(
    *, council: Council, period: dt.date, period_kind: str = PeriodKind.HALF_YEAR
) -> InsightReport:
    """The council's municipalities (as of the period's first day) judged for the period."""
    rule = focus_rule_on(period)
    municipalities: list[Municipality] = list(council_municipalities(council=council, on=period))
    codes = [m.code for m in municipalities]
    values: dict[tuple[str, str], float] = {}
    sources: dict[int, Source] = {}
    rows = current_observations(
        measures=INSIGHT_MEASURES, area_codes=codes, period_kind=period_kind
    ).filter(period_start=period)
    for row in rows:
        key = (row.measure.code, row.area_code)
        if key in values:  # defensive: the store keeps one current figure per key
            continue
        values[key] = row.value
        sources[row.source_id] = row.source
    judged = [
        insight_judge(
            code=m.code,
            name=m.name,
            actual=values.get((ACTUAL_SHARE, m.code)),
            expected=values.get((EXPECTED_SHARE, m.code)),
            no_offer=values.get((NO_OFFER_SHARE, m.code)),
            few_interviews=values.get((FEW_INTERVIEWS_SHARE, m.code)),
            rule=rule,
        )
        for m in municipalities
    ]
    used = sorted(sources.values(), key=lambda s: s.name)
    return InsightReport(
        council=council,
        period_kind=period_kind,
        period_start=period,
        rule=rule,
        rows=judged,
        is_synthetic=any(s.is_synthetic for s in used),
        sources=used,
    )
