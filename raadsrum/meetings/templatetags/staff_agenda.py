"""Template helpers of the staff pages: the (B/D/O) marker of an item, as the documents print it,
and the one way the staff pages write dates."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from raadsrum.meetings.numbering import kinds_marker

register = template.Library()


@register.filter
def marker(item: object) -> str:
    """`(D/B)`, `(Oplæg + D)`; empty when the item has no kinds and no presentation."""
    return kinds_marker(getattr(item, "kinds", ""), bool(getattr(item, "has_presentation", False)))


# One way of writing dates on the staff pages: "30. november 2026" and
# "30. november 2026 kl. 14.46" (in local time; the word "kl." is translated).
@register.filter
def staff_date(value: dt.date | dt.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "j. F Y")


@register.filter
def staff_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(date)s kl. %(time)s") % {
        "date": date_format(local, "j. F Y"),
        "time": date_format(local, "H.i"),
    }
