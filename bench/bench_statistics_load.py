"""Monitoring: loading one million figures into the statistics store.

`statistics_load_1m_s`: `monitoring.services.observations_load` with 1,000,000 new rows
(98 municipalities × 120 months × 86 measure/breakdown combinations, cut at one million)
into an empty store: validation, the revision bookkeeping, one transaction. One run (it
takes well over 5 s). Floor: the same rows inserted directly with sqlite3's `executemany`
in one transaction into a table built from the same DDL (same columns, constraints,
indexes and foreign keys) in the same database file, measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

from harness import BenchContext, Result

ROWS = 1_000_000
TARGET_S = 30.0
MONTHS = 120
FLOOR_TABLE = "bench_observation_floor"


def _combinations() -> list[tuple[str, str, str]]:
    """86 (measure, breakdown kind, breakdown value) combinations: 86 × 98 × 120 > 1,000,000."""
    combos: list[tuple[str, str, str]] = [
        ("gross_unemployment", "", ""),
        ("gross_unemployment_rate", "", ""),
        ("labour_force", "", ""),
        ("long_term_unemployment", "", ""),
        ("employees", "", ""),
        ("job_postings", "", ""),
        ("job_orders", "", ""),
        ("failed_recruitments", "", ""),
        ("foreign_workers", "", ""),
        ("public_benefits_full_time", "", ""),
    ]
    ages = ["16-24", "25-29", "30-39", "40-49", "50-59", "60+"]
    educations = ["grundskole", "gymnasial", "erhvervsfaglig", "kvu", "mvu", "lvu", "uoplyst"]
    industries = [f"branche-{n:02d}" for n in range(1, 13)]
    benefits = ["a-dagpenge", "kontanthjaelp", "sygedagpenge", "foertidspension", "fleksjob"]
    combos += [("gross_unemployment", "age", v) for v in ages]
    combos += [("gross_unemployment", "education", v) for v in educations]
    combos += [("gross_unemployment", "industry", v) for v in industries]
    combos += [("gross_unemployment_rate", "age", v) for v in ages]
    combos += [("long_term_unemployment", "age", v) for v in ages]
    combos += [("employees", "industry", v) for v in industries]
    combos += [("public_benefits_full_time", "benefit", v) for v in benefits]
    occupations = [f"disco-{n}" for n in range(1, 13)]
    combos += [("job_postings", "occupation", v) for v in occupations]
    combos += [("failed_recruitments", "occupation", v) for v in occupations[:10]]
    return combos


def _rows(municipalities: list[str]) -> list[Any]:
    from raadsrum.monitoring.models import AreaKind, PeriodKind
    from raadsrum.monitoring.services import ObservationRow

    months = [dt.date(2016 + m // 12, m % 12 + 1, 1) for m in range(MONTHS)]
    published = dt.date(2026, 11, 1)
    rows: list[Any] = []
    for measure, kind, value in _combinations():
        for code in municipalities:
            for n, month in enumerate(months):
                rows.append(
                    ObservationRow(
                        measure=measure,
                        area_kind=AreaKind.MUNICIPALITY,
                        area_code=code,
                        period_kind=PeriodKind.MONTH,
                        period_start=month,
                        value=float(100 + (n * 7 + len(code)) % 900),
                        breakdown_kind=kind,
                        breakdown_value=value,
                        published_on=published,
                    )
                )
                if len(rows) == ROWS:
                    return rows
    return rows


def _floor(ctx: BenchContext, rows: list[Any], source_id: int) -> float:
    """sqlite3 executemany of the same rows into a copy of the observation table."""
    from raadsrum.monitoring.models import Measure

    measure_ids = dict(Measure.objects.values_list("code", "id"))
    db = sqlite3.connect(ctx.database_path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        ddl = [
            sql
            for (sql,) in db.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'monitoring_observation' "
                "AND sql IS NOT NULL ORDER BY type = 'index'"
            )
        ]
        for statement in ddl:
            db.execute(
                statement.replace('"monitoring_observation"', FLOOR_TABLE)
                .replace('"observation_current"', '"floor_current"')
                .replace('"observation_revision_once"', '"floor_revision_once"')
                .replace('"monitoring_observation_', '"floor_')
            )

        def params() -> Iterator[tuple[Any, ...]]:
            for row in rows:
                yield (
                    measure_ids[row.measure],
                    row.area_kind,
                    row.area_code,
                    row.period_kind,
                    row.period_start.isoformat(),
                    row.breakdown_kind,
                    row.breakdown_value,
                    row.value,
                    source_id,
                    None,
                    row.published_on.isoformat(),
                    0,
                    1,
                )

        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            f"INSERT INTO {FLOOR_TABLE} (measure_id, area_kind, area_code, period_kind, "
            "period_start, breakdown_kind, breakdown_value, value, source_id, load_id, "
            "published_on, revision, is_current) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            params(),
        )
        db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        count = db.execute(f"SELECT count(*) FROM {FLOOR_TABLE}").fetchone()[0]
        if count != len(rows):
            raise RuntimeError(f"floor table holds {count} rows, expected {len(rows)}")
        db.execute(f"DROP TABLE {FLOOR_TABLE}")
    finally:
        db.close()
    return elapsed


def run(ctx: BenchContext) -> list[Result]:
    try:
        from raadsrum.monitoring.services import observations_load
    except ImportError:
        return [
            Result.unavailable(
                "statistics_load_1m_s", "s", target=TARGET_S, why="the loader does not exist yet"
            )
        ]
    from django.db import connections

    from raadsrum.councils.services import reference_load
    from raadsrum.monitoring.models import Observation
    from raadsrum.monitoring.services import measures_ensure, source_ensure

    reference_load()
    measures_ensure()
    source = source_ensure(code="synthetic")
    municipalities = sorted(
        __import__(
            "raadsrum.councils.models", fromlist=["Municipality"]
        ).Municipality.objects.values_list("code", flat=True)
    )
    rows = _rows(list(municipalities))
    started = time.perf_counter()
    load = observations_load(source=source, rows=rows, description="bench: 1 mio. tal")
    load_s = time.perf_counter() - started
    if load.rows_new != len(rows) or Observation.objects.count() != len(rows):
        raise RuntimeError(f"loaded {load.rows_new} of {len(rows)} rows")
    print(f"observations_load: {len(rows)} rows in {load_s:.1f} s")
    connections.close_all()
    floor_s = _floor(ctx, rows, source.pk)
    print(f"floor (sqlite3 executemany, same DDL): {floor_s:.1f} s")
    Observation.objects.all().delete()
    return [
        Result(
            "statistics_load_1m_s",
            round(load_s, 2),
            "s",
            target=TARGET_S,
            floor=round(floor_s, 2),
            note=f"{len(rows):,} new observations, one run; floor: sqlite3 executemany "
            "of the same rows into a table with the same DDL, one transaction",
        )
    ]
