"""Monitoring: building the key-figures note for a council and month.

`keyfigures_note_s`: `monitoring.keyfigures.build_note` for RAR Nordjylland, March 2020
(the sentences, every figure with its source, the charts' data), over a store holding ten
years of monthly figures (April 2010 – March 2020) for all 98 municipalities and the note's
measures: gross unemployment, its rate, the labour force, long-term unemployment, job
postings, foreign workers, full-time persons on public benefits (total and six benefits),
plus employees per quarter, failed recruitments per half-year and the country's stored
rate (about 160,000 rows, bulk-inserted). The median of 5 builds.

Floor: the same aggregations written by hand as SQL over the same rows through Django's
connection cursor (the council's sums joined to its dated `CouncilArea` mapping, the
rates' parts, the country's rate, the municipalities at two periods, the benefits, the
sources), median of 5, measured in the same run. The rows are deleted afterwards, so the
benchmarks that follow find the store as they expect it.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import time
from typing import Any

from harness import BenchContext, Result

TARGET_S = 2.0
RUNS = 5
COUNCIL = "nordjylland"
NOTE_MONTH = dt.date(2020, 3, 1)
FIRST_MONTH = dt.date(2010, 4, 1)
SOURCE_CODE = "bench-keyfigures"
BENEFITS = (
    "A-dagpenge",
    "Kontant- og uddannelseshjælp",
    "Sygedagpenge",
    "Jobafklaring og ressourceforløb",
    "Fleksjob og ledighedsydelse",
    "Førtidspension",
)
MONTHLY = (
    "gross_unemployment",
    "labour_force",
    "long_term_unemployment",
    "job_postings",
    "foreign_workers",
)
NOTE_MEASURES = (
    *MONTHLY,
    "gross_unemployment_rate",
    "public_benefits_full_time",
    "employees",
    "failed_recruitments",
)


def _months() -> list[dt.date]:
    out, day = [], FIRST_MONTH
    while day <= NOTE_MONTH:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _setup() -> tuple[Any, dict[str, Any], Any]:
    from raadsrum.councils.models import Council, Municipality
    from raadsrum.councils.services import reference_load
    from raadsrum.monitoring.measures import MEASURES_BY_CODE
    from raadsrum.monitoring.models import AreaKind, Measure, Observation, PeriodKind, Source

    if not Council.objects.filter(slug=COUNCIL).exists():
        reference_load()
    council = Council.objects.get(slug=COUNCIL)
    measures = {}
    for code in NOTE_MEASURES:
        spec = MEASURES_BY_CODE[code]
        measures[code], _created = Measure.objects.get_or_create(
            code=code,
            defaults={"name": spec.name, "unit": spec.unit, "aggregation": spec.aggregation},
        )
    source, _created = Source.objects.get_or_create(
        code=SOURCE_CODE, defaults={"name": "Benchmark-tal", "is_synthetic": True}
    )
    codes = list(Municipality.objects.values_list("code", flat=True))
    months = _months()
    municipality, month = AreaKind.MUNICIPALITY, PeriodKind.MONTH
    batch: list[Observation] = []

    def add(
        measure: str, kind: str, code: str, day: dt.date, value: float, benefit: str = ""
    ) -> None:
        batch.append(
            Observation(
                measure=measures[measure],
                area_kind=municipality if code != "DK" else AreaKind.COUNTRY,
                area_code=code,
                period_kind=kind,
                period_start=day,
                breakdown_kind="benefit" if benefit else "",
                breakdown_value=benefit,
                value=value,
                source=source,
            )
        )
        if len(batch) >= 20_000:
            Observation.objects.bulk_create(batch)
            batch.clear()

    for n, code in enumerate(codes):
        size = 2000 + 97 * n
        for i, day in enumerate(months):
            wave = 1 + 0.1 * math.sin(i / 6 + n)
            unemployed = round(size * 0.045 * wave)
            force = size
            add("gross_unemployment", month, code, day, unemployed)
            add("labour_force", month, code, day, force)
            add("gross_unemployment_rate", month, code, day, round(100 * unemployed / force, 1))
            add("long_term_unemployment", month, code, day, round(unemployed * 0.2))
            add("job_postings", month, code, day, round(size * 0.01 * wave))
            add("foreign_workers", month, code, day, round(size * 0.03 + i))
            total = 0.0
            for b, benefit in enumerate(BENEFITS):
                value = round(size * 0.01 * (b + 1) * wave, 1)
                total += value
                add("public_benefits_full_time", month, code, day, value, benefit)
            add("public_benefits_full_time", month, code, day, round(total, 1))
            if day.month in (1, 4, 7, 10):
                add("employees", PeriodKind.QUARTER, code, day, round(size * 0.37 * wave))
            if day.month in (1, 7):
                add("failed_recruitments", PeriodKind.HALF_YEAR, code, day, round(size * 0.008))
    for day in months:
        add("gross_unemployment_rate", month, "DK", day, 4.0)
    Observation.objects.bulk_create(batch)
    return council, measures, source


def _floor_queries(council: Any, measures: dict[str, Any]) -> int:
    """The note's aggregations as plain SQL; returns the rows read (to keep it honest)."""
    from django.db import connection

    start = dt.date(NOTE_MONTH.year - 5, NOTE_MONTH.month, 1)
    council_sum = """
        SELECT o.period_start, SUM(o.value), COUNT(*)
        FROM monitoring_observation o
        JOIN councils_municipality m ON m.code = o.area_code
        JOIN councils_councilarea ca ON ca.municipality_id = m.id AND ca.council_id = %s
             AND o.period_start >= ca.valid_from
             AND (ca.valid_to IS NULL OR o.period_start <= ca.valid_to)
        WHERE o.measure_id = %s AND o.period_kind = %s AND o.area_kind = 'municipality'
          AND o.is_current AND o.breakdown_kind = '' AND o.breakdown_value = ''
          AND o.period_start BETWEEN %s AND %s
        GROUP BY o.period_start ORDER BY o.period_start"""
    in_area = """
        SELECT m.code FROM councils_councilarea ca
        JOIN councils_municipality m ON m.id = ca.municipality_id
        WHERE ca.council_id = %s AND ca.valid_from <= %s
          AND (ca.valid_to IS NULL OR ca.valid_to >= %s)"""
    rows = 0
    with connection.cursor() as cursor:
        sums = [(code, "M", NOTE_MONTH) for code in (*MONTHLY, "public_benefits_full_time")] + [
            ("employees", "Q", dt.date(2019, 10, 1)),
            ("failed_recruitments", "H", dt.date(2019, 7, 1)),
        ]
        for code, kind, end in sums:
            cursor.execute(council_sum, [council.pk, measures[code].pk, kind, start, end])
            rows += len(cursor.fetchall())
            cursor.execute(
                "SELECT DISTINCT source_id FROM monitoring_observation WHERE measure_id = %s "
                "AND period_kind = %s AND period_start = %s AND is_current",
                [measures[code].pk, kind, end],
            )
            rows += len(cursor.fetchall())
        cursor.execute(
            "SELECT period_start, value FROM monitoring_observation WHERE measure_id = %s "
            "AND period_kind = 'M' AND area_kind = 'country' AND area_code = 'DK' "
            "AND is_current AND period_start BETWEEN %s AND %s",
            [measures["gross_unemployment_rate"].pk, start, NOTE_MONTH],
        )
        rows += len(cursor.fetchall())
        cursor.execute(in_area, [council.pk, NOTE_MONTH, NOTE_MONTH])
        codes = [code for (code,) in cursor.fetchall()]
        marks = ", ".join(["%s"] * len(codes))
        for code, periods in (
            ("gross_unemployment_rate", [NOTE_MONTH]),
            ("gross_unemployment", [NOTE_MONTH, dt.date(2019, 3, 1)]),
        ):
            cursor.execute(
                "SELECT area_code, period_start, value FROM monitoring_observation "
                f"WHERE measure_id = %s AND period_kind = 'M' AND area_kind = 'municipality' "
                f"AND is_current AND breakdown_kind = '' AND area_code IN ({marks}) "
                f"AND period_start IN ({', '.join(['%s'] * len(periods))})",
                [measures[code].pk, *codes, *periods],
            )
            rows += len(cursor.fetchall())
        cursor.execute(
            "SELECT o.breakdown_value, o.period_start, SUM(o.value), COUNT(*) "
            "FROM monitoring_observation o "
            "JOIN councils_municipality m ON m.code = o.area_code "
            "JOIN councils_councilarea ca ON ca.municipality_id = m.id AND ca.council_id = %s "
            "AND o.period_start >= ca.valid_from "
            "AND (ca.valid_to IS NULL OR o.period_start <= ca.valid_to) "
            "WHERE o.measure_id = %s AND o.period_kind = 'M' AND o.area_kind = 'municipality' "
            "AND o.is_current AND o.breakdown_kind = 'benefit' AND o.period_start IN (%s, %s) "
            "GROUP BY o.breakdown_value, o.period_start",
            [
                council.pk,
                measures["public_benefits_full_time"].pk,
                NOTE_MONTH,
                dt.date(2019, 3, 1),
            ],
        )
        rows += len(cursor.fetchall())
    return rows


def _median(fn: Any) -> float:
    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(ctx: BenchContext) -> list[Result]:
    try:
        from raadsrum.monitoring.keyfigures import build_note
    except ImportError:
        return [
            Result.unavailable(
                "keyfigures_note_s", "s", target=TARGET_S, why="the note does not exist yet"
            )
        ]
    from django.db import connection

    from raadsrum.monitoring.models import Observation, Source

    council, measures, source = _setup()
    count = Observation.objects.filter(source=source).count()
    print(f"keyfigures: {count} observations for {len(measures)} measures")
    note = build_note(council=council, month=NOTE_MONTH)
    figures = len(note.figures())
    if not note.has_data or any(s.no_data for s in note.sections):
        raise RuntimeError("the benchmark note has a section without data")
    note_s = _median(lambda: build_note(council=council, month=NOTE_MONTH))
    floor_s = _median(lambda: _floor_queries(council, measures))
    print(f"build_note: {figures} figures, median {note_s:.3f} s; SQL floor {floor_s:.3f} s")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM monitoring_observation WHERE source_id = %s", [source.pk])
    Source.objects.filter(pk=source.pk).delete()
    return [
        Result(
            "keyfigures_note_s",
            round(note_s, 3),
            "s",
            target=TARGET_S,
            floor=round(floor_s, 3),
            note=f"{count} rows, {figures} figures",
        )
    ]
