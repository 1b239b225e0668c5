"""Demo data for the positive list (called by raadsrum.core.demo.demo_load)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from raadsrum.councils.models import Council

if TYPE_CHECKING:
    from raadsrum.core.demo import DemoReport, DemoUsers


def ensure_positive_list_demo(
    *, council: Council, archive: Council, users: DemoUsers, report: DemoReport, today: dt.date
) -> None:
    """Job titles, a balance, a round in consultation and the published list (to be written)."""
