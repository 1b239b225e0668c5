"""Template helpers of the staff pages: the (B/D/O) marker of an item, as the documents print it."""

from __future__ import annotations

from django import template

from raadsrum.meetings.numbering import kinds_marker

register = template.Library()


@register.filter
def marker(item: object) -> str:
    """`(D/B)`, `(Oplæg + D)`; empty when the item has no kinds and no presentation."""
    return kinds_marker(getattr(item, "kinds", ""), bool(getattr(item, "has_presentation", False)))
