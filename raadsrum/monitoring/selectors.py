"""Reads from the statistics store: a measure's series for an area, the latest period, the
municipalities ranked, changes over the year.

An area is a municipality, a council (summed from its municipalities), a region or the whole
country. Council sums follow the `councils.CouncilArea` mapping in force on each period's
first day, so a figure for 2019 counts the municipalities that belonged to the council in
2019; pass `on` to sum over the mapping of one chosen date instead (a council "as it is
today" back in time). A period where the mapping expects more municipalities than the store
holds has no value: a partial sum would understate the area.

Regions and the country use their stored rows when the store has them, else the sum over
their municipalities. A measure whose aggregation is `none` (rates, shares) is never summed:
a stored value for the area is used, or the rate is computed as persons / labour force × 100
when both parts exist (`RATE_PARTS`), or there is no value.

Every series is one aggregate query (`values` + `Sum`, filtered on the area's municipality
codes); nothing loops over observations in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum

from raadsrum.councils.models import Council, CouncilArea, Municipality, Region
from raadsrum.monitoring.models import AreaKind, Measure, Observation, PeriodKind, Source

COUNTRY_CODE = "DK"

# A rate that may be computed from two summable measures: numerator / denominator × 100.
RATE_PARTS: dict[str, tuple[str, str]] = {
    "gross_unemployment_rate": ("gross_unemployment", "labour_force"),
}

MONTHS_IN: dict[str, int] = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.YEAR: 12,
}


# --- periods -----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: dt.date) -> dt.date:
    """The first day of the period of this kind that holds `day` (quarters from January)."""
    length = MONTHS_IN[kind]
    return dt.date(day.year, (day.month - 1) // length * length + 1, 1)


def period_end(kind: str, start: dt.date) -> dt.date:
    return add_months(start, MONTHS_IN[kind]) - dt.timedelta(days=1)


def year_before(start: dt.date) -> dt.date:
    return start.replace(year=start.year - 1)


def last_period_known_in(kind: str, month: dt.date) -> dt.date:
    """The latest period of this kind a note for `month` may state.

    A month counts from the month itself; a quarter, half-year or year only once it has
    ended before the note's month begins (its figures are published afterwards), so a
    March 2020 note states the 4th quarter of 2019 and the 2nd half of 2019. Publication
    dates in the store are not used: a loader may stamp them with the table's update date.
    """
    first = month.replace(day=1)
    if kind == PeriodKind.MONTH:
        return first
    return period_containing(kind, add_months(first, -MONTHS_IN[kind]))


# --- areas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Where figures are for. `code` is as stored: municipality code, council slug,
    region code or 'DK'; `council`/`region` are set for those kinds."""

    kind: str
    code: str
    name: str
    genitive: str
    council: Council | None = field(default=None, compare=False)
    region: Region | None = field(default=None, compare=False)


def area_of_council(council: Council) -> Area:
    return Area(AreaKind.COUNCIL, council.slug, council.name, council.name_genitive, council)


def area_of_municipality(municipality: Municipality) -> Area:
    name = f"{municipality.name} Kommune"
    return Area(AreaKind.MUNICIPALITY, municipality.code, name, f"{name}s")


def area_of_region(region: Region) -> Area:
    return Area(AreaKind.REGION, region.code, region.name, f"{region.name}s", region=region)


def area_country() -> Area:
    return Area(AreaKind.COUNTRY, COUNTRY_CODE, "Hele landet", "hele landets")


@dataclass(frozen=True)
class _Scope:
    """Which municipality rows make up an area, and how many a complete period holds."""

    where: Q
    expected: Callable[[dt.date], int | None]  # None: the largest count seen is complete


def _council_scope(council: Council, on: dt.date | None) -> _Scope:
    areas = _stretched(
        list(
            CouncilArea.objects.filter(council=council).values_list(
                "municipality__code", "valid_from", "valid_to"
            )
        )
    )
    if on is not None:
        codes = [c for c, start, end in areas if start <= on and (end is None or on <= end)]
        return _Scope(Q(area_code__in=codes), lambda _day: len(codes))
    by_validity: dict[tuple[dt.date, dt.date | None], list[str]] = defaultdict(list)
    for code, start, end in areas:
        by_validity[(start, end)].append(code)
    where = Q(pk__in=[])
    for (start, end), codes in by_validity.items():
        part = Q(area_code__in=codes, period_start__gte=start)
        if end is not None:
            part &= Q(period_start__lte=end)
        where |= part

    def expected(day: dt.date) -> int:
        return sum(1 for _c, start, end in areas if start <= day and (end is None or day <= end))

    return _Scope(where, expected)


def _stretched(
    areas: list[tuple[str, dt.date, dt.date | None]],
) -> list[tuple[str, dt.date, dt.date | None]]:
    """The council's first area also stands for the years before the council existed, and
    an ended council's last area for the years after: the regional employment councils
    created in 2025 get their area's history, and RAR figures can be compared with today's.
    """
    if not areas:
        return areas
    first = min(start for _c, start, _e in areas)
    ends = [end for _c, _s, end in areas]
    last = None if None in ends else max(e for e in ends if e is not None)
    return [
        (
            code,
            dt.date.min if start == first else start,
            None if last is not None and end == last else end,
        )
        for code, start, end in areas
    ]


def _municipality_scope(area: Area, on: dt.date | None) -> _Scope:
    if area.kind == AreaKind.COUNCIL:
        assert area.council is not None
        return _council_scope(area.council, on)
    if area.kind == AreaKind.REGION:
        codes = list(
            Municipality.objects.filter(region__code=area.code).values_list("code", flat=True)
        )
        return _Scope(Q(area_code__in=codes), lambda _day: len(codes))
    if area.kind == AreaKind.COUNTRY:
        return _Scope(Q(), lambda _day: None)
    return _Scope(Q(area_code=area.code), lambda _day: 1)


# --- series ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    period_start: dt.date
    value: float | None


@dataclass(frozen=True)
class SeriesData:
    """A measure's values for one area, oldest period first (None where incomplete)."""

    measure: Measure
    area: Area
    period_kind: str
    points: list[Point]

    def value_at(self, period_start: dt.date) -> float | None:
        for point in self.points:
            if point.period_start == period_start:
                return point.value
        return None

    def latest(self) -> Point | None:
        return next((p for p in reversed(self.points) if p.value is not None), None)

    def values_for(self, periods: Iterable[dt.date]) -> list[float | None]:
        by_period = {p.period_start: p.value for p in self.points}
        return [by_period.get(period) for period in periods]


def measure_get(code: str) -> Measure | None:
    return Measure.objects.filter(code=code).first()


def _observations(
    measure: Measure,
    period_kind: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    breakdown: tuple[str, str] | None = ("", ""),
) -> QuerySet[Observation]:
    rows = Observation.objects.filter(measure=measure, period_kind=period_kind, is_current=True)
    if start is not None:
        rows = rows.filter(period_start__gte=start)
    if end is not None:
        rows = rows.filter(period_start__lte=end)
    if breakdown is not None:
        rows = rows.filter(breakdown_kind=breakdown[0], breakdown_value=breakdown[1])
    return rows


def _stored(rows: QuerySet[Observation], area: Area) -> dict[dt.date, float]:
    return dict(
        rows.filter(area_kind=area.kind, area_code=area.code).values_list("period_start", "value")
    )


def _summed(rows: QuerySet[Observation], area: Area, on: dt.date | None) -> dict[dt.date, float]:
    """One GROUP BY over the area's municipalities; incomplete periods are left out."""
    scope = _municipality_scope(area, on)
    totals = list(
        rows.filter(scope.where, area_kind=AreaKind.MUNICIPALITY)
        .values("period_start")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by("period_start")
        .values_list("period_start", "total", "n")
    )
    most = max((n for _p, _t, n in totals), default=0)
    values: dict[dt.date, float] = {}
    for period, total, n in totals:
        wanted = scope.expected(period)
        if n == (most if wanted is None else wanted) and n > 0:
            values[period] = float(total)
    return values


def _area_values(
    measure: Measure,
    area: Area,
    period_kind: str,
    *,
    start: dt.date | None,
    end: dt.date | None,
    on: dt.date | None,
    breakdown: tuple[str, str] = ("", ""),
) -> dict[dt.date, float]:
    rows = _observations(measure, period_kind, start=start, end=end, breakdown=breakdown)
    if area.kind == AreaKind.MUNICIPALITY:
        return _stored(rows, area)
    if measure.aggregation != Measure.Aggregation.SUM:
        stored = _stored(rows, area)
        if stored or measure.code not in RATE_PARTS:
            return stored
        return _rate_from_parts(measure, area, period_kind, start, end, on, breakdown)
    if area.kind in (AreaKind.COUNTRY, AreaKind.REGION):
        stored = _stored(rows, area)
        if stored:
            return stored
    # A council's figure is always the dated mapping's sum, never a stored copy.
    return _summed(rows, area, on)


def _rate_from_parts(
    measure: Measure,
    area: Area,
    period_kind: str,
    start: dt.date | None,
    end: dt.date | None,
    on: dt.date | None,
    breakdown: tuple[str, str],
) -> dict[dt.date, float]:
    numerator_code, denominator_code = RATE_PARTS[measure.code]
    parts = {m.code: m for m in Measure.objects.filter(code__in=RATE_PARTS[measure.code])}
    if len(parts) < 2:
        return {}
    persons = _area_values(
        parts[numerator_code], area, period_kind, start=start, end=end, on=on, breakdown=breakdown
    )
    force = _area_values(
        parts[denominator_code],
        area,
        period_kind,
        start=start,
        end=end,
        on=on,
        breakdown=breakdown,
    )
    return {
        period: persons[period] / force[period] * 100
        for period in persons
        if force.get(period)  # no labour force, or zero: no rate
    }


def series(
    *,
    measure: Measure,
    area: Area,
    period_kind: str = PeriodKind.MONTH,
    start: dt.date | None = None,
    end: dt.date | None = None,
    on: dt.date | None = None,
    breakdown: tuple[str, str] = ("", ""),
) -> SeriesData:
    """The measure for the area, one point per period from `start` to `end` (inclusive).

    Periods inside the range with no (complete) value are points with `None`, so a chart
    shows the gap; `on` chooses the council mapping date (default: each period's own).
    """
    values = _area_values(
        measure, area, period_kind, start=start, end=end, on=on, breakdown=breakdown
    )
    if not values:
        return SeriesData(measure, area, period_kind, [])
    first = period_containing(period_kind, start or min(values))
    last = period_containing(period_kind, end or max(values))
    periods = []
    period = first
    while period <= last:
        periods.append(period)
        period = add_months(period, MONTHS_IN[period_kind])
    return SeriesData(measure, area, period_kind, [Point(p, values.get(p)) for p in periods])


def period_kinds(*, measure: Measure) -> set[str]:
    """The period kinds the store holds for the measure (month, quarter, …)."""
    return set(
        Observation.objects.filter(measure=measure, is_current=True)
        .values_list("period_kind", flat=True)
        .distinct()
    )


def latest_period(
    *,
    measure: Measure,
    area: Area,
    period_kind: str,
    until: dt.date,
    on: dt.date | None = None,
) -> dt.date | None:
    """The newest period up to `until` (a period start) with a value for the area.

    One MAX query when the area's own rows are stored; otherwise the newest complete sum.
    """
    rows = _observations(measure, period_kind, end=until)
    if area.kind in (AreaKind.MUNICIPALITY, AreaKind.COUNTRY, AreaKind.REGION):
        stored = rows.filter(area_kind=area.kind, area_code=area.code).aggregate(
            newest=Max("period_start")
        )["newest"]
        if stored is not None or area.kind == AreaKind.MUNICIPALITY:
            return stored
    found = series(
        measure=measure,
        area=area,
        period_kind=period_kind,
        start=add_months(until, -MONTHS_IN[period_kind] * 24),
        end=until,
        on=on,
    ).latest()
    return found.period_start if found else None


# --- changes, rankings, breakdowns -------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """From the same period a year earlier to `period_start`."""

    period_start: dt.date
    before: float
    after: float

    @property
    def previous_start(self) -> dt.date:
        return year_before(self.period_start)

    @property
    def difference(self) -> float:
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        return self.difference / self.before * 100 if self.before else None


def year_change(data: SeriesData, period_start: dt.date) -> Change | None:
    after = data.value_at(period_start)
    before = data.value_at(year_before(period_start))
    if after is None or before is None:
        return None
    return Change(period_start, before, after)


@dataclass(frozen=True)
class MunicipalityValue:
    code: str
    name: str
    value: float
    before: float | None = None  # the same period a year earlier, when asked for

    @property
    def difference(self) -> float | None:
        return None if self.before is None else self.value - self.before

    @property
    def percent(self) -> float | None:
        if self.before is None or not self.before:
            return None
        return (self.value - self.before) / self.before * 100


def council_municipality_names(
    *, council: Council, period_start: dt.date, on: dt.date | None = None
) -> dict[str, str]:
    """Code → name of the council's municipalities on `on` (or on the period's first day)."""
    day = on or period_start
    return dict(
        CouncilArea.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            council=council,
            valid_from__lte=day,
        ).values_list("municipality__code", "municipality__name")
    )


def _municipality_values(
    measure: Measure, codes: list[str], period_kind: str, periods: list[dt.date]
) -> dict[tuple[str, dt.date], float]:
    rows = _observations(measure, period_kind).filter(
        area_kind=AreaKind.MUNICIPALITY, area_code__in=codes, period_start__in=periods
    )
    values = {(c, p): v for c, p, v in rows.values_list("area_code", "period_start", "value")}
    if values or measure.code not in RATE_PARTS:
        return values
    numerator_code, denominator_code = RATE_PARTS[measure.code]
    parts = {m.code: m for m in Measure.objects.filter(code__in=RATE_PARTS[measure.code])}
    if len(parts) < 2:
        return {}
    persons = _municipality_values(parts[numerator_code], codes, period_kind, periods)
    force = _municipality_values(parts[denominator_code], codes, period_kind, periods)
    return {key: persons[key] / force[key] * 100 for key in persons if force.get(key)}


def municipalities_ranked(
    *,
    measure: Measure,
    council: Council,
    period_kind: str,
    period_start: dt.date,
    on: dt.date | None = None,
    with_year_before: bool = False,
) -> list[MunicipalityValue]:
    """The council's municipalities with a value for the period, highest first."""
    names = council_municipality_names(council=council, period_start=period_start, on=on)
    periods = [period_start, year_before(period_start)] if with_year_before else [period_start]
    values = _municipality_values(measure, list(names), period_kind, periods)
    ranked = [
        MunicipalityValue(
            code,
            name,
            values[(code, period_start)],
            values.get((code, periods[-1])) if with_year_before else None,
        )
        for code, name in names.items()
        if (code, period_start) in values
    ]
    return sorted(ranked, key=lambda m: (-m.value, m.name))


def breakdown_values(
    *,
    measure: Measure,
    area: Area,
    period_kind: str,
    breakdown_kind: str,
    periods: list[dt.date],
    on: dt.date | None = None,
) -> dict[str, dict[dt.date, float]]:
    """Breakdown value → period → value for the area (one GROUP BY for summed areas)."""
    rows = Observation.objects.filter(
        measure=measure,
        period_kind=period_kind,
        is_current=True,
        breakdown_kind=breakdown_kind,
        period_start__in=periods,
    )
    result: dict[str, dict[dt.date, float]] = defaultdict(dict)
    stored = rows.filter(area_kind=area.kind, area_code=area.code)
    if area.kind == AreaKind.MUNICIPALITY or (area.kind != AreaKind.COUNCIL and stored.exists()):
        for value_name, period, value in stored.values_list(
            "breakdown_value", "period_start", "value"
        ):
            result[value_name][period] = value
        return dict(result)
    if measure.aggregation != Measure.Aggregation.SUM:
        return {}
    scope = _municipality_scope(area, on)
    totals = (
        rows.filter(scope.where, area_kind=AreaKind.MUNICIPALITY)
        .values("breakdown_value", "period_start")
        .annotate(total=Sum("value"), n=Count("id"))
        .values_list("breakdown_value", "period_start", "total", "n")
    )
    for value_name, period, total, n in totals:
        wanted = scope.expected(period)
        if wanted is None or n == wanted:
            result[value_name][period] = float(total)
    return dict(result)


def sources_for(
    *,
    measure: Measure,
    area: Area,
    period_kind: str,
    period_start: dt.date,
    on: dt.date | None = None,
) -> list[Source]:
    """The sources of the rows behind the area's figure for one period."""
    rows = _observations(measure, period_kind, breakdown=None).filter(period_start=period_start)
    own = rows.filter(area_kind=area.kind, area_code=area.code)
    if area.kind == AreaKind.MUNICIPALITY or (area.kind != AreaKind.COUNCIL and own.exists()):
        picked = own
    else:
        scope = _municipality_scope(area, on)
        picked = rows.filter(scope.where, area_kind=AreaKind.MUNICIPALITY)
    ids = set(picked.values_list("source_id", flat=True).distinct())
    if not ids and measure.code in RATE_PARTS:
        parts = Measure.objects.filter(code__in=RATE_PARTS[measure.code])
        return sorted(
            {
                s
                for part in parts
                for s in sources_for(
                    measure=part,
                    area=area,
                    period_kind=period_kind,
                    period_start=period_start,
                    on=on,
                )
            },
            key=lambda s: s.name,
        )
    return list(Source.objects.filter(pk__in=ids).order_by("name"))
