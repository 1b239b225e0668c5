"""The case imports' file reading (shared with every other import, `core.tabular`) and quarters.

The import services (`services.klv_import`, `services.worksharing_batch_import`) take the
rows `core.tabular` produces, so a view, a command and a test feed them the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.tabular import (
    FIRST_DATA_ROW,
    ImportRejected,
    RowError,
    Table,
    cell_bool,
    cell_date,
    cell_int,
    cell_text,
    normalise_header,
    numbered,
    read_table,
)

__all__ = [
    "FIRST_DATA_ROW",
    "ImportRejected",
    "Quarter",
    "RowError",
    "Table",
    "cell_bool",
    "cell_date",
    "cell_int",
    "cell_text",
    "normalise_header",
    "numbered",
    "parse_quarter",
    "read_table",
]


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def label(self) -> str:
        return _("%(n)s. kvartal %(year)s") % {"n": self.number, "year": self.year}

    def __str__(self) -> str:
        return f"{self.year}K{self.number}"


def parse_quarter(value: str | tuple[int, int] | Quarter) -> Quarter:
    """'2026K1', '2026Q1', '2026-1', '1. kvartal 2026' or (2026, 1)."""
    if isinstance(value, Quarter):
        return value
    if isinstance(value, tuple):
        year, number = value
    else:
        text = value.strip().lower()
        match = re.fullmatch(r"(\d{4})\s*[-/ ]?\s*[kq]?\s*([1-4])", text) or None
        if match:
            year, number = int(match.group(1)), int(match.group(2))
        else:
            match = re.fullmatch(r"([1-4])\.?\s*(?:kvartal|kvt\.?|k|q)\s*(\d{4})", text)
            if not match:
                raise ValidationFailed(
                    _("Kvartalet skal skrives som 2026K1 eller '1. kvartal 2026'.")
                )
            number, year = int(match.group(1)), int(match.group(2))
    if not 1 <= number <= 4 or not 2000 <= year <= 2100:
        raise ValidationFailed(_("Kvartalet skal skrives som 2026K1 eller '1. kvartal 2026'."))
    return Quarter(year=year, number=number)
