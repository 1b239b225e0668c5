"""Demo data for monitoring (called by raadsrum.core.demo.demo_load)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from raadsrum.councils.models import Council

if TYPE_CHECKING:
    from raadsrum.core.demo import DemoReport, DemoUsers


def ensure_statistics_demo(
    *, council: Council, archive: Council, users: DemoUsers, report: DemoReport, today: dt.date
) -> None:
    """The synthetic statistics and the dated rules (to be written)."""
