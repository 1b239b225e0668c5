"""Dates, times and numbers written the Danish way, as in the councils' own documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_date(day: date) -> str:
    """`4. juni 2020`."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def danish_time(moment: time) -> str:
    """`10.00`."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def danish_number(value: float | int | Decimal, decimals: int = 0) -> str:
    """`1.931`, `16,1`, `-442`: `.` groups thousands and `,` is the decimal mark.

    Rounds half away from zero (16,05 → 16,1), as people round by hand.
    """
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def danish_month(day: date) -> str:
    """`marts 2020`."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def danish_join(parts: Sequence[str]) -> str:
    """`bager, pædagog og kok`: a list the way a Danish sentence lists things."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} og {parts[-1]}"
