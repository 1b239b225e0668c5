"""Synthetic demo statistics for all 98 municipalities: plausible, deterministic, and NOT
official figures.

Used where no real data is loaded, so the dashboard, the key-figures note and the job-centre
insight have something to show. Every number comes from a seeded generator (sizes from
rounded populations, seasonality, a business cycle with the 2020 COVID jump, a little noise
per municipality) and is loaded under the source `synthetic` (`Source.is_synthetic`), which
every page and document shows as "Syntetiske data".

The series are calibrated so the sums over RAR Nordjylland's municipalities (the
`CouncilArea` mapping in force on the day) reproduce the figures quoted in the council's
own notes exactly: the calibration factor is interpolated between the quoted months and
applied to every municipality, and the largest municipality of the area takes the
rounding remainder in a quoted month.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User

from raadsrum.councils.models import Council, Municipality
from raadsrum.councils.selectors import council_municipalities
from raadsrum.monitoring.measures import COUNTRY_CODE, SOURCES_BY_CODE, BreakdownKind
from raadsrum.monitoring.models import AreaKind, Observation, PeriodKind, Source, StatisticsLoad
from raadsrum.monitoring.services import ObservationRow, Progress, observations_load

SEED = "raadsrum-synthetic-2015"
FIRST_MONTH = dt.date(2015, 1, 1)
SOURCE_CODE = "synthetic"
SOURCE_NAME = SOURCES_BY_CODE[SOURCE_CODE].name
ANCHOR_COUNCIL = "nordjylland"

GROSS_UNEMPLOYMENT = "gross_unemployment"
GROSS_UNEMPLOYMENT_RATE = "gross_unemployment_rate"
LABOUR_FORCE = "labour_force"
LONG_TERM_UNEMPLOYMENT = "long_term_unemployment"
JOB_POSTINGS = "job_postings"
FOREIGN_WORKERS = "foreign_workers"
EMPLOYEES = "employees"
FAILED_RECRUITMENTS = "failed_recruitments"
PUBLIC_BENEFITS = "public_benefits_full_time"
PUBLIC_BENEFITS_SHARE = "public_benefits_share"
PUBLIC_BENEFITS_EXPECTED_SHARE = "public_benefits_expected_share"
FOCUS_NO_OFFER = "focus_no_offer_share"
FOCUS_FEW_INTERVIEWS = "focus_few_interviews_share"

# The figures RAR Nordjylland's notes quote; the synthetic sums over its area match them.
QUOTED: dict[tuple[str, str, dt.date], int] = {
    (GROSS_UNEMPLOYMENT, PeriodKind.MONTH, dt.date(2019, 3, 1)): 11994,
    (GROSS_UNEMPLOYMENT, PeriodKind.MONTH, dt.date(2020, 2, 1)): 13330,
    (GROSS_UNEMPLOYMENT, PeriodKind.MONTH, dt.date(2020, 3, 1)): 13925,
    (EMPLOYEES, PeriodKind.QUARTER, dt.date(2019, 10, 1)): 219278,
    (FOREIGN_WORKERS, PeriodKind.MONTH, dt.date(2019, 3, 1)): 14301,
    (FOREIGN_WORKERS, PeriodKind.MONTH, dt.date(2020, 3, 1)): 14743,
    (FAILED_RECRUITMENTS, PeriodKind.HALF_YEAR, dt.date(2019, 7, 1)): 5000,
}

# Benefits (breakdown "benefit"): the Danish label, and the share of the population aged
# 16-66 on it in 2019 (A-dagpenge follows unemployment instead).
BENEFITS: tuple[tuple[str, float], ...] = (
    ("A-dagpenge", 0.0),
    ("Kontant- og uddannelseshjælp", 2.6),
    ("Sygedagpenge", 1.6),
    ("Jobafklaring og ressourceforløb", 0.9),
    ("Fleksjob og ledighedsydelse", 2.1),
    ("Førtidspension", 5.0),
)
# Share of the population aged 16-66 (rough, the same everywhere).
WORKING_AGE = 0.63

# Populations in thousands (rounded, about 2020): only to give plausible relative sizes.
POPULATION: dict[str, float] = {
    "101": 632, "147": 104, "151": 48, "153": 35, "155": 14, "157": 75, "159": 69,
    "161": 23, "163": 29, "165": 28, "167": 53, "169": 51, "173": 56, "175": 40,
    "183": 23, "185": 43, "187": 16, "190": 41, "201": 25, "210": 41, "217": 63,
    "219": 51, "223": 25, "230": 57, "240": 43, "250": 45, "253": 50, "259": 61,
    "260": 31, "265": 88, "269": 23, "270": 41, "306": 33, "316": 72, "320": 37,
    "326": 49, "329": 35, "330": 79, "336": 23, "340": 30, "350": 28, "360": 41,
    "370": 83, "376": 61, "390": 45, "400": 40, "410": 39, "420": 41, "430": 52,
    "440": 24, "450": 32, "461": 205, "479": 59, "480": 29, "482": 12, "492": 6,
    "510": 56, "530": 27, "540": 74, "550": 37, "561": 115, "563": 3.5, "573": 50,
    "575": 43, "580": 59, "607": 51, "615": 90, "621": 93, "630": 116, "657": 89,
    "661": 59, "665": 20, "671": 21, "706": 43, "707": 37, "710": 48, "727": 23,
    "730": 98, "740": 94, "741": 3.7, "746": 62, "751": 350, "756": 41, "760": 56,
    "766": 47, "773": 20, "779": 46, "787": 43, "791": 97, "810": 36, "813": 59,
    "820": 37, "825": 1.8, "840": 30, "846": 42, "849": 38, "851": 217, "860": 64,
}  # fmt: skip

# Unemployment level by region (code of `councils.Region`), relative to the country.
REGION_UNEMPLOYMENT = {"1081": 1.12, "1082": 0.95, "1083": 1.0, "1084": 1.02, "1085": 1.06}
REGION_FOREIGN = {"1081": 0.85, "1082": 0.95, "1083": 1.05, "1084": 1.35, "1085": 0.9}

SEASON_UNEMPLOYMENT = (1.08, 1.06, 1.02, 0.99, 0.96, 0.97, 1.04, 1.01, 0.96, 0.95, 0.97, 1.01)
SEASON_POSTINGS = (1.1, 1.1, 1.15, 1.05, 1.0, 0.95, 0.7, 1.05, 1.05, 1.0, 0.9, 0.75)
SEASON_FOREIGN = (0.98, 0.98, 0.99, 1.0, 1.01, 1.03, 1.04, 1.03, 1.01, 1.0, 0.99, 0.97)
SEASON_SICKNESS = (1.08, 1.08, 1.04, 1.0, 0.97, 0.95, 0.9, 0.95, 1.0, 1.02, 1.04, 1.0)
SEASON_EMPLOYEES = (0.985, 1.0, 1.01, 1.005)  # by quarter

# National gross unemployment in % (seasonally adjusted, before COVID), at chosen months.
UNEMPLOYMENT_PATH: tuple[tuple[dt.date, float], ...] = (
    (dt.date(2015, 1, 1), 4.7),
    (dt.date(2016, 7, 1), 4.25),
    (dt.date(2017, 7, 1), 4.2),
    (dt.date(2018, 7, 1), 3.9),
    (dt.date(2019, 3, 1), 3.72),
    (dt.date(2019, 7, 1), 3.75),
    (dt.date(2020, 2, 1), 3.95),
    (dt.date(2020, 7, 1), 3.9),
    (dt.date(2021, 7, 1), 3.3),
    (dt.date(2022, 7, 1), 2.5),
    (dt.date(2023, 7, 1), 2.75),
    (dt.date(2024, 7, 1), 2.9),
    (dt.date(2025, 7, 1), 2.95),
    (dt.date(2026, 7, 1), 3.0),
)
# The COVID jump: multipliers on unemployment from March 2020 (lockdown 11 March).
COVID_UNEMPLOYMENT: dict[tuple[int, int], float] = {
    (2020, 3): 1.085, (2020, 4): 1.45, (2020, 5): 1.42, (2020, 6): 1.32, (2020, 7): 1.25,
    (2020, 8): 1.2, (2020, 9): 1.15, (2020, 10): 1.12, (2020, 11): 1.12, (2020, 12): 1.14,
    (2021, 1): 1.18, (2021, 2): 1.16, (2021, 3): 1.1, (2021, 4): 1.05, (2021, 5): 1.02,
}  # fmt: skip
# Long-term unemployed as a share of the gross unemployed (rises a year after the jump).
LONG_TERM_PATH = (
    (dt.date(2015, 1, 1), 0.24),
    (dt.date(2019, 7, 1), 0.19),
    (dt.date(2020, 6, 1), 0.19),
    (dt.date(2021, 5, 1), 0.32),
    (dt.date(2022, 12, 1), 0.22),
    (dt.date(2024, 1, 1), 0.18),
)
POSTINGS_CYCLE = (
    (dt.date(2015, 1, 1), 0.8),
    (dt.date(2019, 7, 1), 1.0),
    (dt.date(2020, 2, 1), 1.0),
    (dt.date(2020, 4, 1), 0.6),
    (dt.date(2020, 5, 1), 0.68),
    (dt.date(2020, 8, 1), 0.9),
    (dt.date(2021, 6, 1), 1.25),
    (dt.date(2022, 5, 1), 1.35),
    (dt.date(2023, 6, 1), 1.12),
    (dt.date(2024, 6, 1), 1.04),
    (dt.date(2026, 6, 1), 1.0),
)
FOREIGN_GROWTH = (
    (dt.date(2015, 1, 1), 0.76),
    (dt.date(2019, 3, 1), 1.0),
    (dt.date(2020, 3, 1), 1.031),
    (dt.date(2020, 5, 1), 1.0),
    (dt.date(2021, 6, 1), 1.07),
    (dt.date(2022, 6, 1), 1.18),
    (dt.date(2023, 6, 1), 1.27),
    (dt.date(2024, 6, 1), 1.33),
    (dt.date(2026, 6, 1), 1.4),
)
EMPLOYEES_GROWTH = (
    (dt.date(2015, 1, 1), 0.94),
    (dt.date(2019, 10, 1), 1.0),
    (dt.date(2020, 1, 1), 1.0),
    (dt.date(2020, 4, 1), 0.975),
    (dt.date(2021, 1, 1), 0.99),
    (dt.date(2022, 1, 1), 1.04),
    (dt.date(2023, 1, 1), 1.055),
    (dt.date(2024, 1, 1), 1.065),
    (dt.date(2026, 1, 1), 1.08),
)
RECRUITMENT_CYCLE = (
    (dt.date(2015, 1, 1), 0.7),
    (dt.date(2019, 7, 1), 1.0),
    (dt.date(2020, 1, 1), 0.55),
    (dt.date(2020, 7, 1), 0.65),
    (dt.date(2021, 7, 1), 1.5),
    (dt.date(2022, 1, 1), 1.6),
    (dt.date(2023, 1, 1), 1.1),
    (dt.date(2025, 1, 1), 0.95),
)
# The first half-year with job-centre insight figures (the 2020 focus targets).
INSIGHT_FIRST = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class MunicipalityInfo:
    code: str
    region_code: str


# --- time ----------------------------------------------------------------------------------


def last_full_month(today: dt.date) -> dt.date:
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def months(until: dt.date) -> list[dt.date]:
    out = []
    year, month = FIRST_MONTH.year, FIRST_MONTH.month
    while dt.date(year, month, 1) <= until:
        out.append(dt.date(year, month, 1))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _ordinal(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _path(points: Sequence[tuple[dt.date, float]], day: dt.date) -> float:
    """Linear interpolation between dated points, constant beyond the ends."""
    t = _ordinal(day)
    if t <= _ordinal(points[0][0]):
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        t0, t1 = _ordinal(d0), _ordinal(d1)
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


# --- calibration --------------------------------------------------------------------------


Values = dict[str, list[float]]  # municipality code → value per period


def _calibrate(
    values: Values,
    periods: Sequence[dt.date],
    anchors: Mapping[dt.date, tuple[int, frozenset[str]]],
) -> None:
    """Scale every municipality so the anchor areas' sums hit the quoted totals.

    The factor is the quoted/raw ratio at each quoted period, interpolated in between and
    held beyond, so the series stays smooth; the exact remainder is fixed after rounding.
    """
    index = {day: i for i, day in enumerate(periods)}
    points = []
    for day, (target, area) in sorted(anchors.items()):
        if day not in index:
            continue
        raw = sum(values[code][index[day]] for code in area if code in values)
        if raw > 0:
            points.append((day, target / raw))
    if not points:
        return
    factors = [_path(points, day) for day in periods]
    for series in values.values():
        for i, factor in enumerate(factors):
            series[i] *= factor


def _round(values: Values) -> None:
    for series in values.values():
        for i, value in enumerate(series):
            series[i] = float(round(value))


def _fix_anchors(
    values: Values,
    periods: Sequence[dt.date],
    anchors: Mapping[dt.date, tuple[int, frozenset[str]]],
) -> None:
    """After rounding: the area's largest municipality takes the remainder, so sums are exact."""
    index = {day: i for i, day in enumerate(periods)}
    for day, (target, area) in anchors.items():
        if day not in index:
            continue
        i = index[day]
        present = [code for code in area if code in values]
        if not present:
            continue
        largest = max(present, key=lambda code: (values[code][i], code))
        others = sum(values[code][i] for code in present if code != largest)
        values[largest][i] = float(target - others)


# --- the generator ------------------------------------------------------------------------


class _Noise:
    """Deterministic noise per municipality and measure (random.Random seeded by text)."""

    def __init__(self, *parts: str) -> None:
        self.rng = random.Random(":".join((SEED, *parts)))

    def factor(self, spread: float) -> float:
        return 1.0 + self.rng.uniform(-spread, spread)

    def level(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)


def _smooth_noise(noise: _Noise, count: int, spread: float) -> list[float]:
    """Noise that wanders slowly (an AR(1) process) rather than jumping each month."""
    out, state = [], 0.0
    for _i in range(count):
        state = 0.7 * state + noise.rng.gauss(0, spread)
        out.append(1.0 + state)
    return out


@dataclass
class SyntheticSet:
    """The generated figures, per measure (and benefit), per municipality and period."""

    municipalities: list[MunicipalityInfo]
    months: list[dt.date]
    quarters: list[dt.date]
    halves: list[dt.date]
    labour_force: Values
    unemployed: Values
    long_term: Values
    postings: Values
    foreign: Values
    employees: Values
    recruitments: Values
    benefits: dict[str, Values]
    insight: dict[str, dict[str, list[float]]]  # measure → code → value per half-year

    def rows(self) -> Iterator[ObservationRow]:
        """Every figure as a row for the store."""
        municipality = AreaKind.MUNICIPALITY
        month, quarter, half = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR
        monthly = (
            (GROSS_UNEMPLOYMENT, self.unemployed),
            (LABOUR_FORCE, self.labour_force),
            (LONG_TERM_UNEMPLOYMENT, self.long_term),
            (JOB_POSTINGS, self.postings),
            (FOREIGN_WORKERS, self.foreign),
        )
        for info in self.municipalities:
            code = info.code
            for measure, values in monthly:
                for i, day in enumerate(self.months):
                    yield ObservationRow(measure, municipality, code, month, day, values[code][i])
            for i, day in enumerate(self.months):
                force = self.labour_force[code][i]
                rate = round(100 * self.unemployed[code][i] / force, 1) if force else 0.0
                yield ObservationRow(GROSS_UNEMPLOYMENT_RATE, municipality, code, month, day, rate)
            for i, day in enumerate(self.quarters):
                yield ObservationRow(
                    EMPLOYEES, municipality, code, quarter, day, self.employees[code][i]
                )
            for i, day in enumerate(self.halves):
                yield ObservationRow(
                    FAILED_RECRUITMENTS, municipality, code, half, day, self.recruitments[code][i]
                )
            for i, day in enumerate(self.months):
                total = 0.0
                for benefit, values in self.benefits.items():
                    total += values[code][i]
                    yield ObservationRow(
                        PUBLIC_BENEFITS,
                        municipality,
                        code,
                        month,
                        day,
                        values[code][i],
                        BreakdownKind.BENEFIT,
                        benefit,
                    )
                yield ObservationRow(PUBLIC_BENEFITS, municipality, code, month, day, total)
            insight_halves = [day for day in self.halves if day >= INSIGHT_FIRST]
            for measure, by_code in self.insight.items():
                for i, day in enumerate(insight_halves):
                    yield ObservationRow(measure, municipality, code, half, day, by_code[code][i])
        for i, day in enumerate(self.months):
            force = sum(self.labour_force[m.code][i] for m in self.municipalities)
            unemployed = sum(self.unemployed[m.code][i] for m in self.municipalities)
            yield ObservationRow(
                GROSS_UNEMPLOYMENT_RATE,
                AreaKind.COUNTRY,
                COUNTRY_CODE,
                month,
                day,
                round(100 * unemployed / force, 1),
            )

    def area_sum(self, values: Values, codes: frozenset[str], period: int) -> float:
        return sum(values[code][period] for code in codes)


def synthetic_generate(
    *,
    municipalities: Sequence[MunicipalityInfo],
    anchor_area: Callable[[dt.date], frozenset[str]],
    until: dt.date,
) -> SyntheticSet:
    """Generate the whole set up to and including the month `until`.

    `anchor_area(day)` gives the municipality codes of RAR Nordjylland's area on that day
    (from the dated `CouncilArea` mapping); the quoted figures are reproduced for it.
    """
    infos = sorted(municipalities, key=lambda m: m.code)
    month_list = months(until)
    quarter_list = [day for day in month_list if day.month in (1, 4, 7, 10)]
    quarter_list = [day for day in quarter_list if _add_months(day, 2) <= until]
    half_list = [day for day in month_list if day.month in (1, 7) and _add_months(day, 5) <= until]

    def anchors(measure: str, kind: str) -> dict[dt.date, tuple[int, frozenset[str]]]:
        return {
            day: (target, anchor_area(day))
            for (code, period_kind, day), target in QUOTED.items()
            if code == measure and period_kind == kind
        }

    labour_force: Values = {}
    unemployed: Values = {}
    long_term: Values = {}
    postings: Values = {}
    foreign: Values = {}
    employees: Values = {}
    recruitments: Values = {}
    benefits: dict[str, Values] = {name: {} for name, _share in BENEFITS}
    count = len(month_list)
    for info in infos:
        code = info.code
        population = POPULATION.get(code, 30.0) * 1000
        noise = _Noise("level", code)
        participation = 0.505 * noise.factor(0.04)
        unemployment_level = REGION_UNEMPLOYMENT.get(info.region_code, 1.0) * noise.level(0.8, 1.25)
        long_term_level = noise.level(0.9, 1.1)
        postings_level = 0.0105 * noise.factor(0.2)
        foreign_level = 0.027 * REGION_FOREIGN.get(info.region_code, 1.0) * noise.factor(0.25)
        employee_level = 0.372 * noise.factor(0.08)
        recruitment_level = 0.0085 * noise.factor(0.25)
        benefit_levels = {name: share * noise.factor(0.2) for name, share in BENEFITS}
        wander = _smooth_noise(_Noise("wander", code), count, 0.01)
        wander_foreign = _smooth_noise(_Noise("foreign", code), count, 0.006)
        wander_postings = _smooth_noise(_Noise("postings", code), count, 0.03)

        force_series, unemployed_series, long_series = [], [], []
        postings_series, foreign_series = [], []
        for i, day in enumerate(month_list):
            years = (day.year - 2015) + (day.month - 1) / 12
            force = population * participation * (1 + 0.004 * years)
            force *= 1.004 if day.month in (6, 7, 8) else 1.0
            rate = _path(UNEMPLOYMENT_PATH, day) * unemployment_level
            rate *= SEASON_UNEMPLOYMENT[day.month - 1]
            rate *= COVID_UNEMPLOYMENT.get((day.year, day.month), 1.0) * wander[i]
            persons = force * rate / 100
            force_series.append(force)
            unemployed_series.append(persons)
            long_series.append(persons * _path(LONG_TERM_PATH, day) * long_term_level)
            postings_series.append(
                population
                * postings_level
                * SEASON_POSTINGS[day.month - 1]
                * _path(POSTINGS_CYCLE, day)
                * wander_postings[i]
            )
            foreign_series.append(
                population
                * foreign_level
                * SEASON_FOREIGN[day.month - 1]
                * _path(FOREIGN_GROWTH, day)
                * wander_foreign[i]
            )
            for name, share in benefit_levels.items():
                values = benefits[name].setdefault(code, [])
                if name == "A-dagpenge":
                    values.append(persons * 0.62)
                    continue
                seasonal = SEASON_SICKNESS[day.month - 1] if name == "Sygedagpenge" else 1.0
                covid = 1.08 if name == "Sygedagpenge" and dt.date(2020, 3, 1) <= day else 1.0
                drift = {
                    "Kontant- og uddannelseshjælp": 1 - 0.02 * years,
                    "Jobafklaring og ressourceforløb": 1 + 0.03 * years,
                    "Fleksjob og ledighedsydelse": 1 + 0.015 * years,
                    "Førtidspension": 1 - 0.015 * years,
                }.get(name, 1.0)
                values.append(population * WORKING_AGE * share / 100 * seasonal * covid * drift)
        labour_force[code] = force_series
        unemployed[code] = unemployed_series
        long_term[code] = long_series
        postings[code] = postings_series
        foreign[code] = foreign_series
        employees[code] = [
            population
            * employee_level
            * SEASON_EMPLOYEES[(day.month - 1) // 3]
            * _path(EMPLOYEES_GROWTH, day)
            for day in quarter_list
        ]
        recruitments[code] = [
            population * recruitment_level * _path(RECRUITMENT_CYCLE, day) for day in half_list
        ]

    # The calibration of gross unemployment carries over to what is derived from it.
    raw_unemployed = {code: list(series) for code, series in unemployed.items()}
    _calibrate(unemployed, month_list, anchors(GROSS_UNEMPLOYMENT, PeriodKind.MONTH))
    for code, series in unemployed.items():
        for i, value in enumerate(series):
            factor = value / raw_unemployed[code][i] if raw_unemployed[code][i] else 1.0
            long_term[code][i] *= factor
            benefits["A-dagpenge"][code][i] *= factor
    _calibrate(foreign, month_list, anchors(FOREIGN_WORKERS, PeriodKind.MONTH))
    _calibrate(employees, quarter_list, anchors(EMPLOYEES, PeriodKind.QUARTER))
    _calibrate(recruitments, half_list, anchors(FAILED_RECRUITMENTS, PeriodKind.HALF_YEAR))
    for table in (labour_force, unemployed, long_term, postings, foreign, employees, recruitments):
        _round(table)
    for by_code in benefits.values():
        for series in by_code.values():
            for i, value in enumerate(series):
                series[i] = round(value, 1)  # full-time persons carry one decimal
    _fix_anchors(unemployed, month_list, anchors(GROSS_UNEMPLOYMENT, PeriodKind.MONTH))
    _fix_anchors(foreign, month_list, anchors(FOREIGN_WORKERS, PeriodKind.MONTH))
    _fix_anchors(employees, quarter_list, anchors(EMPLOYEES, PeriodKind.QUARTER))
    _fix_anchors(recruitments, half_list, anchors(FAILED_RECRUITMENTS, PeriodKind.HALF_YEAR))

    insight = _insight(infos, month_list, half_list, benefits)
    return SyntheticSet(
        municipalities=infos,
        months=month_list,
        quarters=quarter_list,
        halves=half_list,
        labour_force=labour_force,
        unemployed=unemployed,
        long_term=long_term,
        postings=postings,
        foreign=foreign,
        employees=employees,
        recruitments=recruitments,
        benefits=benefits,
        insight=insight,
    )


def _add_months(day: dt.date, count: int) -> dt.date:
    t = _ordinal(day) + count
    return dt.date(t // 12, t % 12 + 1, 1)


def _insight(
    infos: Sequence[MunicipalityInfo],
    month_list: Sequence[dt.date],
    half_list: Sequence[dt.date],
    benefits: Mapping[str, Values],
) -> dict[str, dict[str, list[float]]]:
    """Actual and expected share on public benefits, and the two focus-target shares.

    The actual share is the half-year's average of the benefit figures over the population
    aged 16-66; the expected share differs from it by a lasting municipal effect plus a
    little noise, so some municipalities do better than expected and some worse.
    """
    index = {day: i for i, day in enumerate(month_list)}
    halves = [day for day in half_list if day >= INSIGHT_FIRST]
    out: dict[str, dict[str, list[float]]] = {
        PUBLIC_BENEFITS_SHARE: {},
        PUBLIC_BENEFITS_EXPECTED_SHARE: {},
        FOCUS_NO_OFFER: {},
        FOCUS_FEW_INTERVIEWS: {},
    }
    for info in infos:
        code = info.code
        working_age = POPULATION.get(code, 30.0) * 1000 * WORKING_AGE
        noise = _Noise("insight", code)
        effect = noise.rng.gauss(0, 0.035)
        no_offer_level = noise.level(9.0, 22.0)
        interviews_level = noise.level(8.0, 21.0)
        actual, expected, no_offer, interviews = [], [], [], []
        for day in halves:
            start = index[day]
            total = sum(
                sum(series[code][start + k] for k in range(6)) / 6 for series in benefits.values()
            )
            share = round(100 * total / working_age, 1)
            actual.append(share)
            expected.append(round(share * (1 + effect + noise.rng.gauss(0, 0.01)), 1))
            no_offer.append(round(_clamp(no_offer_level + noise.rng.gauss(0, 1.5)), 1))
            interviews.append(round(_clamp(interviews_level + noise.rng.gauss(0, 1.5)), 1))
        out[PUBLIC_BENEFITS_SHARE][code] = actual
        out[PUBLIC_BENEFITS_EXPECTED_SHARE][code] = expected
        out[FOCUS_NO_OFFER][code] = no_offer
        out[FOCUS_FEW_INTERVIEWS][code] = interviews
    return out


def _clamp(value: float, low: float = 2.0, high: float = 60.0) -> float:
    return max(low, min(high, value))


# --- from and into the database -------------------------------------------------------------


def synthetic_source() -> Source:
    """The source every synthetic figure is loaded under, marked `is_synthetic`."""
    source, _created = Source.objects.get_or_create(
        code=SOURCE_CODE, defaults={"name": SOURCE_NAME, "is_synthetic": True}
    )
    return source


def synthetic_from_database(*, today: dt.date) -> SyntheticSet:
    """The set for the municipalities and council areas in the database, up to last month."""
    infos = [
        MunicipalityInfo(code=code, region_code=region)
        for code, region in Municipality.objects.values_list("code", "region__code")
    ]
    council = Council.objects.filter(slug=ANCHOR_COUNCIL).first()
    areas: dict[dt.date, frozenset[str]] = {}

    def anchor_area(day: dt.date) -> frozenset[str]:
        if council is None:
            return frozenset()
        if day not in areas:
            areas[day] = frozenset(
                council_municipalities(council=council, on=day).values_list("code", flat=True)
            )
        return areas[day]

    return synthetic_generate(
        municipalities=infos, anchor_area=anchor_area, until=last_full_month(today)
    )


def synthetic_load(
    *, today: dt.date, by: User | None = None, progress: Progress | None = None
) -> StatisticsLoad:
    """Generate the set and load it through the store's one loader, under the synthetic source."""
    data = synthetic_from_database(today=today)
    # A measure with real figures keeps them: the store keeps one current figure per key,
    # and a synthetic load must never supersede an official one.
    real = set(
        Observation.objects.filter(is_current=True, source__is_synthetic=False)
        .values_list("measure__code", flat=True)
        .distinct()
    )
    return observations_load(
        source=synthetic_source(),
        rows=(row for row in data.rows() if row.measure not in real),
        description=(
            f"Syntetiske demotal for {len(data.municipalities)} kommuner, "
            f"{data.months[0]:%Y-%m} – {data.months[-1]:%Y-%m} (ikke officielle tal)"
        ),
        by=by,
        progress=progress,
    )
