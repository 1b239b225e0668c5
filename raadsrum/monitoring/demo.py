"""Demo data for monitoring (called by raadsrum.core.demo.demo_load): the dated rules and,
where no figures are loaded yet, the synthetic statistics (labelled synthetic everywhere).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings

from raadsrum.core.danish import danish_number
from raadsrum.councils.models import Council
from raadsrum.monitoring.models import Observation
from raadsrum.monitoring.rules import rules_ensure
from raadsrum.monitoring.synthetic import SOURCE_CODE, synthetic_load

if TYPE_CHECKING:
    from raadsrum.core.demo import DemoReport, DemoUsers


def ensure_statistics_demo(
    *, council: Council, archive: Council, users: DemoUsers, report: DemoReport, today: dt.date
) -> None:
    """The focus-target and refund rules, then the synthetic figures once (safe to run twice)."""
    made = rules_ensure()
    if made:
        report.made(f"regler for fokusmål og refusion ({made} rækker)")
    else:
        report.had("regler for fokusmål og refusion")
    if not getattr(settings, "MONITORING_DEMO_STATISTICS", True):
        # Loading ~190,000 figures takes seconds; test settings may switch it off.
        report.notes.append("syntetiske nøgletal er slået fra (MONITORING_DEMO_STATISTICS)")
        return
    if Observation.objects.filter(source__code=SOURCE_CODE).exists():
        report.had("syntetiske nøgletal for alle kommuner (ikke officielle)")
        return
    load = synthetic_load(today=today, by=users.admin)
    report.made(
        f"syntetiske nøgletal for alle kommuner, {danish_number(load.rows_new)} tal "
        "(ikke officielle; vist med mærkatet 'Syntetiske data')"
    )
