"""Agenda and minutes as accessible HTML: a standalone page, or the portal's partial.

The portal's meeting page shows `render_body(doc)` (the `meetings/document/body.html`
partial); item texts pass through `richtext.text_html`, which sanitises with nh3, so
nothing a user typed reaches the page as markup.

The partial is the hot path of the public meeting page, so everything it shows is worked
out here in plain Python first (`body_context`): the template only loops over dicts of
ready strings, with each text field already rendered to sanitised HTML once.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from raadsrum.meetings import richtext
from raadsrum.meetings.documents.model import ItemDoc, MeetingDocument

BODY_TEMPLATE = "meetings/document/body.html"
# Part of the cache key of rendered published minutes (see selectors.public_meeting_body):
# bump it when body.html or the HTML that richtext produces changes, so that a shared
# cache (file, database, Redis) does not keep serving the old markup after a deploy.
BODY_RENDER_VERSION = 1


def render_html(doc: MeetingDocument, *, standalone: bool = True) -> str:
    """A full HTML document (lang="da"), or just the body partial when `standalone=False`."""
    template = "meetings/document/standalone.html" if standalone else BODY_TEMPLATE
    return render_to_string(template, body_context(doc))


def render_body(doc: MeetingDocument) -> SafeString:
    """The `meetings/document/body.html` partial: the document as the portal shows it.

    It depends on the document only (no request, user or language), so it can be cached
    for immutable documents.
    """
    return mark_safe(render_to_string(BODY_TEMPLATE, body_context(doc)))  # noqa: S308 - template output


def item_anchor(item: ItemDoc) -> str:
    """`punkt-1-1-1` for item 1.1.1: the id the table of contents links to."""
    return "punkt-" + (item.number.strip(".").replace(".", "-") or "x")


def field_html(text: str) -> SafeString:
    """An item field's Markdown as sanitised HTML (nh3 has removed anything unsafe)."""
    return mark_safe(richtext.text_html(text or ""))  # noqa: S308 - sanitised by nh3


def body_context(doc: MeetingDocument) -> dict[str, Any]:
    """What `body.html` shows, computed once: dicts of strings, field texts as safe HTML."""
    kind = doc.kind
    sections = []
    for section in doc.sections:
        items = []
        for item in section.items:
            items.append(
                {
                    "anchor": item_anchor(item),
                    "numbered_title": item.numbered_title,
                    "marker": item.marker,
                    "fields": [(label, field_html(text)) for label, text in item.fields(kind)],
                    "attachments": [{"url": a.url, "label": a.label} for a in item.attachments],
                }
            )
        sections.append({"title": section.title, "heading": section.heading, "items": items})
    return {
        "doc": doc,
        "sections": sections,
        "no_attachments_text": doc.no_attachments_text,
        "follow_ups": [
            {
                "title": f.title,
                "decision_html": field_html(f.decision),
                "owner": f.owner,
                "status": f.status,
                "note": f.note,
            }
            for f in doc.follow_ups
        ],
    }
