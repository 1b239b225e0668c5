"""Dates and times written the Danish way, as in the councils' own documents."""

from __future__ import annotations

from datetime import date, time

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
