"""Agenda and minutes as accessible HTML: a standalone page, or the portal's partial.

The portal's meeting page includes `meetings/document/body.html` with `doc` (a
`MeetingDocument`) in its context; item texts pass through `richtext.to_html`, which
sanitises with nh3, so nothing a user typed reaches the page as markup.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from raadsrum.meetings.documents.model import MeetingDocument


def render_html(doc: MeetingDocument, *, standalone: bool = True) -> str:
    """A full HTML document (lang="da"), or just the body partial when `standalone=False`."""
    template = "meetings/document/standalone.html" if standalone else "meetings/document/body.html"
    context: dict[str, Any] = {"doc": doc}
    return render_to_string(template, context)
