"""Template helpers for meeting documents in other templates.

`meetings/document/body.html` itself no longer uses them: `documents.html.body_context`
works out its fields, anchors and sanitised HTML in Python, once per render.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from raadsrum.meetings.documents import html as document_html
from raadsrum.meetings.documents.model import ItemDoc, MeetingDocument

register = template.Library()


@register.filter
def richtext_html(text: str) -> SafeString:
    """An item field's Markdown as sanitised HTML (nh3 has removed anything unsafe)."""
    return document_html.field_html(text)


@register.simple_tag
def item_fields(item: ItemDoc, doc: MeetingDocument) -> list[tuple[str, str]]:
    """(label, text) of the item's fields to show in this kind of document."""
    return item.fields(doc.kind)


@register.filter
def item_anchor(item: ItemDoc) -> str:
    return document_html.item_anchor(item)
