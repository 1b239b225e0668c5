"""Template helpers for rendered meeting documents (`meetings/document/body.html`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from raadsrum.meetings import richtext
from raadsrum.meetings.documents.model import ItemDoc, MeetingDocument

register = template.Library()


@register.filter
def richtext_html(text: str) -> SafeString:
    """An item field's Markdown as sanitised HTML (nh3 has removed anything unsafe)."""
    return mark_safe(richtext.to_html(text or ""))  # noqa: S308 - sanitised just above


@register.simple_tag
def item_fields(item: ItemDoc, doc: MeetingDocument) -> list[tuple[str, str]]:
    """(label, text) of the item's fields to show in this kind of document."""
    return item.fields(doc.kind)


@register.filter
def item_anchor(item: ItemDoc) -> str:
    return "punkt-" + (item.number.strip(".").replace(".", "-") or "x")
