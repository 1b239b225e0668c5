"""Monitoring demo data and dashboard.

`synthetic_load_s`: generating the synthetic figures for all 98 municipalities (2015 to last
month, about 190,000 rows) and loading them through `monitoring.services.observations_load`
into an empty store, as `raadsrum demo` does. One run. Floor: generating the rows alone.
`dashboard_build_s`: building a council's dashboard (eight measures, their latest period,
year change, sources and a 25-period chart each) on that data; median of five runs.
"""

from __future__ import annotations

import datetime as dt
import time

from harness import BenchContext, Result, median_time

LOAD_TARGET_S = 20.0
DASHBOARD_TARGET_S = 1.0
TODAY = dt.date(2026, 11, 23)


def run(ctx: BenchContext) -> list[Result]:
    from raadsrum.councils.models import Council
    from raadsrum.councils.services import reference_load
    from raadsrum.monitoring.dashboard import council_dashboard
    from raadsrum.monitoring.models import Observation
    from raadsrum.monitoring.synthetic import synthetic_from_database, synthetic_load

    if not Council.objects.filter(slug="nordjylland").exists():
        reference_load()
    started = time.perf_counter()
    rows = sum(1 for _row in synthetic_from_database(today=TODAY).rows())
    floor_s = time.perf_counter() - started
    if Observation.objects.filter(source__code="synthetic").exists():
        return [
            Result.unavailable(
                "synthetic_load_s", "s", target=LOAD_TARGET_S, why="synthetic data already loaded"
            )
        ]
    started = time.perf_counter()
    synthetic_load(today=TODAY)
    load_s = time.perf_counter() - started
    print(f"synthetic: {rows} rows generated in {floor_s:.2f} s, loaded in {load_s:.2f} s")
    council = Council.objects.get(slug="beskaeftigelsesraad-nordjylland")
    dashboard_s = median_time(lambda: council_dashboard(council=council, today=TODAY))
    print(f"dashboard: median {dashboard_s:.3f} s")
    return [
        Result(
            "synthetic_load_s",
            round(load_s, 2),
            "s",
            target=LOAD_TARGET_S,
            floor=round(floor_s, 2),
            note=f"{rows} rows",
        ),
        Result("dashboard_build_s", round(dashboard_s, 3), "s", target=DASHBOARD_TARGET_S),
    ]
