"""The municipal refund model: how much of a benefit spell the state refunds, week by week.

The steps are dated configuration (`RefundStep`): on a given day the steps in force are
those of the newest set valid that day (per scheme). A spell's week N is refunded at the
rate of the step holding N; the municipality pays the rest. Everything here is a read and
a calculation; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from raadsrum.core.danish import danish_date
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import Council, Dated
from raadsrum.monitoring import selectors
from raadsrum.monitoring.models import PeriodKind, RefundStep, Source

ORE = Decimal("0.01")
HUNDRED = Decimal(100)
# Weeks in an average month (52 weeks / 12 months), for monthly costs from full-time persons.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def _kroner(amount: Decimal) -> Decimal:
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def refund_steps_on(on: dt.date, *, scheme: str | None = None) -> list[RefundStep]:
    """The steps in force on `on`, by week; the newest set if an older one was left open."""
    rows = RefundStep.objects.filter(Dated.valid_on(on))
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    newest = rows.order_by("-valid_from").values_list("valid_from", "scheme").first()
    if newest is None:
        raise ValidationFailed(
            _("Der er ingen refusionstrin i kraft den %(day)s.") % {"day": danish_date(on)}
        )
    valid_from, chosen_scheme = newest
    return list(rows.filter(valid_from=valid_from, scheme=chosen_scheme).order_by("from_week"))


def _step_for_week(steps: Sequence[RefundStep], week: int) -> RefundStep:
    if week < 1:
        raise ValidationFailed(_("Ugenummeret i forløbet skal være 1 eller derover."))
    for step in steps:
        if step.from_week <= week and (step.to_week is None or week <= step.to_week):
            return step
    raise ValidationFailed(
        _("Refusionstrinene dækker ikke uge %(week)s i forløbet.") % {"week": week}
    )


def refund_rate(week: int, on: dt.date) -> Decimal:
    """The refund rate (per cent) for week `week` of a spell, by the steps in force on `on`."""
    return _step_for_week(refund_steps_on(on), week).rate


@dataclass(frozen=True)
class StepCost:
    """What the weeks of one step cost: benefit paid, the state's refund, the rest."""

    step: RefundStep
    weeks: int
    benefit: Decimal
    refund: Decimal
    persons: Decimal = Decimal(0)

    @property
    def municipal(self) -> Decimal:
        return self.benefit - self.refund

    @property
    def label(self) -> str:
        return step_label(self.step)


@dataclass(frozen=True)
class CostBreakdown:
    on: dt.date
    steps: list[StepCost]

    @property
    def weeks(self) -> int:
        return sum(line.weeks for line in self.steps)

    @property
    def benefit(self) -> Decimal:
        return sum((line.benefit for line in self.steps), Decimal(0))

    @property
    def refund(self) -> Decimal:
        return sum((line.refund for line in self.steps), Decimal(0))

    @property
    def municipal(self) -> Decimal:
        return self.benefit - self.refund

    @property
    def persons(self) -> Decimal:
        return sum((line.persons for line in self.steps), Decimal(0))

    @property
    def scheme(self) -> str:
        return self.steps[0].step.scheme if self.steps else ""


def step_label(step: RefundStep) -> str:
    """`uge 1–4`, `uge 53 og frem`."""
    if step.to_week is None:
        return _("uge %(start)s og frem") % {"start": step.from_week}
    return _("uge %(start)s–%(end)s") % {"start": step.from_week, "end": step.to_week}


def municipal_cost(
    *, weekly_benefit: Decimal, weeks: int, on: dt.date, persons: Decimal | int = 1
) -> CostBreakdown:
    """One spell of `weeks` weeks at `weekly_benefit` kr. (for `persons` people), by step."""
    if weekly_benefit < 0:
        raise ValidationFailed(_("Ydelsen pr. uge kan ikke være negativ."))
    if weeks < 0:
        raise ValidationFailed(_("Antal uger kan ikke være negativt."))
    steps = refund_steps_on(on)
    if weeks:
        _step_for_week(steps, weeks)  # every week of the spell must have a rate
    lines = []
    for step in steps:
        last = weeks if step.to_week is None else min(step.to_week, weeks)
        in_step = max(0, last - step.from_week + 1)
        benefit = _kroner(weekly_benefit * in_step * Decimal(persons))
        lines.append(
            StepCost(
                step=step,
                weeks=in_step,
                benefit=benefit,
                refund=_kroner(benefit * step.rate / HUNDRED),
                persons=Decimal(persons) if in_step else Decimal(0),
            )
        )
    return CostBreakdown(on=on, steps=lines)


@dataclass(frozen=True)
class DurationBand:
    """Full-time persons whose spell has lasted `from_week`…`to_week` weeks."""

    from_week: int
    to_week: int | None
    persons: Decimal


@dataclass(frozen=True)
class MunicipalityCost:
    code: str
    name: str
    cost: CostBreakdown


def monthly_cost_by_band(
    *, bands: Iterable[DurationBand], weekly_benefit: Decimal, on: dt.date
) -> CostBreakdown:
    """A month's benefit for people by how long they have been on benefits, by step.

    A band is refunded at the rate of the step holding its first week, so the result is
    exact when the bands follow the steps (as the synthetic breakdown does) and an
    approximation when a later rule moves the boundaries.
    """
    steps = refund_steps_on(on)
    totals: dict[int, tuple[Decimal, Decimal]] = {
        step.pk: (Decimal(0), Decimal(0)) for step in steps
    }
    for band in bands:
        step = _step_for_week(steps, band.from_week)
        benefit = _kroner(weekly_benefit * WEEKS_PER_MONTH * band.persons)
        old_benefit, old_persons = totals[step.pk]
        totals[step.pk] = (old_benefit + benefit, old_persons + band.persons)
    lines = []
    for step in steps:
        benefit, persons = totals[step.pk]
        lines.append(
            StepCost(
                step=step,
                weeks=0,
                benefit=benefit,
                refund=_kroner(benefit * step.rate / HUNDRED),
                persons=persons,
            )
        )
    return CostBreakdown(on=on, steps=lines)


# --- the cost view per municipality --------------------------------------------------------

PUBLIC_BENEFITS = "public_benefits_full_time"


@dataclass(frozen=True)
class CouncilCosts:
    """A month's benefit cost per municipality, split by refund step."""

    period_start: dt.date
    steps: list[RefundStep]
    rows: list[MunicipalityCost]
    sources: list[Source]

    @property
    def total(self) -> CostBreakdown:
        by_step: dict[int, list[StepCost]] = {step.pk: [] for step in self.steps}
        for row in self.rows:
            for line in row.cost.steps:
                by_step[line.step.pk].append(line)
        lines = [
            StepCost(
                step=step,
                weeks=0,
                benefit=sum((line.benefit for line in by_step[step.pk]), Decimal(0)),
                refund=sum((line.refund for line in by_step[step.pk]), Decimal(0)),
                persons=sum((line.persons for line in by_step[step.pk]), Decimal(0)),
            )
            for step in self.steps
        ]
        on = self.rows[0].cost.on if self.rows else self.period_start
        return CostBreakdown(on=on, steps=lines)

    @property
    def is_synthetic(self) -> bool:
        return any(source.is_synthetic for source in self.sources)


def council_refund_costs(
    *,
    council: Council,
    until: dt.date,
    weekly_benefit: Decimal,
    shares: Sequence[tuple[RefundStep, Decimal]],
) -> CouncilCosts | None:
    """Each municipality's full-time persons on benefits in the latest month up to `until`,
    spread over the steps by `shares` (per cent), and what that month costs it.

    None when the store has no figure for the council's area.
    """
    measure = selectors.measure_get(PUBLIC_BENEFITS)
    if measure is None:
        return None
    area = selectors.area_of_council(council)
    latest = selectors.latest_period(
        measure=measure, area=area, period_kind=PeriodKind.MONTH, until=until
    )
    if latest is None:
        return None
    values = selectors.municipalities_ranked(
        measure=measure, council=council, period_kind=PeriodKind.MONTH, period_start=latest
    )
    steps = refund_steps_on(latest)
    rows = []
    for municipality in sorted(values, key=lambda m: m.name):
        persons = Decimal(str(municipality.value))
        bands = [
            DurationBand(step.from_week, step.to_week, persons * share / HUNDRED)
            for step, share in shares
        ]
        rows.append(
            MunicipalityCost(
                code=municipality.code,
                name=municipality.name,
                cost=monthly_cost_by_band(bands=bands, weekly_benefit=weekly_benefit, on=latest),
            )
        )
    return CouncilCosts(
        period_start=latest,
        steps=steps,
        rows=rows,
        sources=selectors.sources_for(
            measure=measure, area=area, period_kind=PeriodKind.MONTH, period_start=latest
        ),
    )
