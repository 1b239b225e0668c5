"""Numbers on the monitoring pages written the Danish way (`1.931`, `16,1`)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from raadsrum.core.danish import danish_number

register = template.Library()


@register.filter
def dk(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """`{{ value|dk:1 }}` → `16,1`; an en dash for no value."""
    if value is None or value == "":
        return "–"
    return danish_number(value, int(decimals))
