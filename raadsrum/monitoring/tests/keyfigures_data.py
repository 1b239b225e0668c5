"""A small statistics store for the key-figures tests, written straight with the ORM.

RAR Nordland (three municipalities; Hjørring leaves the area on 1 July 2019 and Aalborg's
neighbour Brønderslev joins) plus one municipality elsewhere, so the country is a real sum.
The council's figures reproduce those RAR Nordjylland's note quoted: 13.330 unemployed in
February 2020, 11.994 → 13.925 from March 2019 to March 2020 (+1.931 / +16,1 %), 219.278
employees in Q4 2019, 14.301 → 14.743 foreign workers (+442 / +3,1 %), 5.000 failed
recruitments in H2 2019. Each council total is split over the municipalities in the area
on that day, so the sums only come out right if the selectors follow the dated mapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from raadsrum.councils.models import Council, CouncilArea, Municipality, Region
from raadsrum.monitoring.models import AreaKind, Measure, Observation, PeriodKind, Source

AALBORG, FREDERIKSHAVN, HJOERRING, BROENDERSLEV, KOEBENHAVN = "851", "813", "860", "810", "101"
SWITCH = dt.date(2019, 7, 1)  # Hjørring leaves, Brønderslev joins

QUOTED_MONTHS = {
    dt.date(2019, 3, 1): 11994,
    dt.date(2020, 2, 1): 13330,
    dt.date(2020, 3, 1): 13925,
}
FOREIGN = {dt.date(2019, 3, 1): 14301, dt.date(2020, 3, 1): 14743}
EMPLOYEES = {dt.date(2018, 10, 1): 216507, dt.date(2019, 10, 1): 219278}
RECRUITMENTS = {dt.date(2018, 7, 1): 4668, dt.date(2019, 7, 1): 5000}
BENEFITS = {"A-dagpenge": (7400.4, 8633.2), "Sygedagpenge": (6000.0, 6500.0)}

MEASURES = {
    "gross_unemployment": ("Bruttoledige", Measure.Unit.PERSONS, Measure.Aggregation.SUM),
    "gross_unemployment_rate": (
        "Bruttoledighed i procent",
        Measure.Unit.PERCENT,
        Measure.Aggregation.NONE,
    ),
    "labour_force": ("Arbejdsstyrke", Measure.Unit.PERSONS, Measure.Aggregation.SUM),
    "long_term_unemployment": ("Langtidsledige", Measure.Unit.PERSONS, Measure.Aggregation.SUM),
    "employees": ("Lønmodtagere", Measure.Unit.PERSONS, Measure.Aggregation.SUM),
    "job_postings": ("Jobopslag", Measure.Unit.COUNT, Measure.Aggregation.SUM),
    "failed_recruitments": ("Forgæves rekrutteringer", Measure.Unit.COUNT, Measure.Aggregation.SUM),
    "foreign_workers": ("Udenlandsk arbejdskraft", Measure.Unit.PERSONS, Measure.Aggregation.SUM),
    "public_benefits_full_time": (
        "Fuldtidspersoner på offentlig forsørgelse",
        Measure.Unit.FULL_TIME,
        Measure.Aggregation.SUM,
    ),
}


@dataclass
class Store:
    council: Council
    other: Council
    source: Source
    measures: dict[str, Measure]


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    day = first
    while day <= last:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def in_area(day: dt.date) -> list[str]:
    """The council's municipalities on `day`, largest first."""
    return [AALBORG, FREDERIKSHAVN, HJOERRING if day < SWITCH else BROENDERSLEV]


def split(total: float, codes: list[str], decimals: int = 0) -> dict[str, float]:
    """Half to the first, 30 % to the second, the rest to the third: sums to `total`."""
    first = round(total * 0.5, decimals)
    second = round(total * 0.3, decimals)
    return {codes[0]: first, codes[1]: second, codes[2]: round(total - first - second, decimals)}


def make_store(*, synthetic: bool = False, skip: tuple[str, ...] = ()) -> Store:
    """The areas, the measures (all but `skip`) and the figures, 2018-01 to 2020-06."""
    region = Region.objects.create(code="1081", name="Region Nordjylland")
    capital = Region.objects.create(code="1084", name="Region Hovedstaden")
    names = {
        AALBORG: "Aalborg",
        FREDERIKSHAVN: "Frederikshavn",
        HJOERRING: "Hjørring",
        BROENDERSLEV: "Brønderslev",
    }
    for code, name in names.items():
        Municipality.objects.create(code=code, name=name, region=region)
    Municipality.objects.create(code=KOEBENHAVN, name="København", region=capital)
    council = Council.objects.create(
        slug="nordland",
        name="RAR Nordland",
        name_genitive="RAR Nordlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK Nord",
    )
    other = Council.objects.create(
        slug="hovedland",
        name="RAR Hovedland",
        name_genitive="RAR Hovedlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
    )
    start = dt.date(2015, 1, 1)
    for code in (AALBORG, FREDERIKSHAVN):
        CouncilArea.objects.create(council=council, municipality_id=_pk(code), valid_from=start)
    CouncilArea.objects.create(
        council=council,
        municipality_id=_pk(HJOERRING),
        valid_from=start,
        valid_to=SWITCH - dt.timedelta(days=1),
    )
    CouncilArea.objects.create(council=other, municipality_id=_pk(HJOERRING), valid_from=SWITCH)
    CouncilArea.objects.create(
        council=other,
        municipality_id=_pk(BROENDERSLEV),
        valid_from=start,
        valid_to=SWITCH - dt.timedelta(days=1),
    )
    CouncilArea.objects.create(
        council=council, municipality_id=_pk(BROENDERSLEV), valid_from=SWITCH
    )
    CouncilArea.objects.create(council=other, municipality_id=_pk(KOEBENHAVN), valid_from=start)

    source = Source.objects.create(
        code="synthetic" if synthetic else "statbank",
        name="Syntetiske demotal" if synthetic else "Danmarks Statistik",
        is_synthetic=synthetic,
    )
    measures = {
        code: Measure.objects.create(code=code, name=name, unit=unit, aggregation=aggregation)
        for code, (name, unit, aggregation) in MEASURES.items()
        if code not in skip
    }
    rows: list[Observation] = []

    def add(
        measure: str, kind: str, day: dt.date, values: dict[str, float], breakdown: str = ""
    ) -> None:
        if measure not in measures:
            return
        for code, value in values.items():
            rows.append(
                Observation(
                    measure=measures[measure],
                    area_kind=AreaKind.MUNICIPALITY,
                    area_code=code,
                    period_kind=kind,
                    period_start=day,
                    breakdown_kind="benefit" if breakdown else "",
                    breakdown_value=breakdown,
                    value=value,
                    source=source,
                )
            )

    for i, day in enumerate(months(dt.date(2018, 1, 1), dt.date(2020, 6, 1))):
        codes = in_area(day)
        unemployed = QUOTED_MONTHS.get(day, 12000 + 10 * i)
        force = 290000 + 100 * i
        add("gross_unemployment", PeriodKind.MONTH, day, split(unemployed, codes))
        add("labour_force", PeriodKind.MONTH, day, split(force, codes))
        rates = {
            code: round(u / f * 100, 1)
            for (code, u), f in zip(
                split(unemployed, codes).items(), split(force, codes).values(), strict=True
            )
        }
        add("gross_unemployment_rate", PeriodKind.MONTH, day, rates)
        add("long_term_unemployment", PeriodKind.MONTH, day, split(2300 + i, codes))
        add("job_postings", PeriodKind.MONTH, day, split(6000 - 20 * i, codes))
        add("foreign_workers", PeriodKind.MONTH, day, split(FOREIGN.get(day, 14000 + i), codes))
        for j, (benefit, (before, after)) in enumerate(BENEFITS.items()):
            value = after if day.year == 2020 else before
            add(
                "public_benefits_full_time",
                PeriodKind.MONTH,
                day,
                split(value + j, codes, 1),
                benefit,
            )
        total = sum(after if day.year == 2020 else before for before, after in BENEFITS.values())
        add("public_benefits_full_time", PeriodKind.MONTH, day, split(total + 1, codes, 1))
        # Outside the council: København, for the country's sums.
        add("gross_unemployment", PeriodKind.MONTH, day, {KOEBENHAVN: 30000.0 + i})
        add("labour_force", PeriodKind.MONTH, day, {KOEBENHAVN: 700000.0})
        add("gross_unemployment_rate", PeriodKind.MONTH, day, {KOEBENHAVN: 4.3})
        if day.month in (1, 4, 7, 10):
            value = EMPLOYEES.get(day, 217000 + 100 * i)
            add("employees", PeriodKind.QUARTER, day, split(value, codes))
        if day.month in (1, 7):
            value = RECRUITMENTS.get(day, 4500 + i)
            add("failed_recruitments", PeriodKind.HALF_YEAR, day, split(value, codes))
    Observation.objects.bulk_create(rows)
    return Store(council=council, other=other, source=source, measures=measures)


def _pk(code: str) -> int:
    return Municipality.objects.only("pk").get(code=code).pk
