"""The public portal's pages: councils, their meetings, and published agendas and minutes.

Nothing here needs a login. What the public may read is decided by the selectors
(`public_agenda_document`, `public_minutes_document`), never by the templates.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_get, council_municipalities, today
from raadsrum.councils.selectors import council_list as councils_all
from raadsrum.meetings.documents.model import MeetingDocument
from raadsrum.meetings.models import Meeting
from raadsrum.meetings.selectors import (
    meeting_get_by_address,
    meeting_list_for_council,
    public_agenda_document,
    public_meeting_documents,
    public_minutes_document,
    upcoming_meetings,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def council_list(request: HttpRequest) -> HttpResponse:
    on = today()
    councils = list(councils_all())
    return render(
        request,
        "meetings/council_list.html",
        {
            "current_councils": [c for c in councils if c.is_valid_on(on)],
            "former_councils": [c for c in councils if not c.is_valid_on(on)],
        },
    )


def council_page(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    on = today()
    # A former council is shown with the area it had on its last day.
    area_day = on if council_obj.is_valid_on(on) else (council_obj.valid_to or on)
    return render(
        request,
        "meetings/council.html",
        {
            "council": council_obj,
            "is_current": council_obj.is_valid_on(on),
            "predecessors": list(council_obj.predecessors.order_by("name")),
            "upcoming": list(upcoming_meetings(council=council_obj, on=on)),
            "past": list(meeting_list_for_council(council=council_obj, before=on)),
            "municipalities": list(council_municipalities(council=council_obj, on=area_day)),
            "area_day": area_day,
        },
    )


def meeting_page(request: HttpRequest, council: str, date_slug: str) -> HttpResponse:
    meeting = _meeting_or_404(council, date_slug)
    if meeting.date_slug != date_slug:  # `2020-06-04-1` is `2020-06-04`
        return HttpResponsePermanentRedirect(meeting_url(meeting))
    documents = public_meeting_documents(meeting=meeting)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "council": meeting.council,
            "agenda_published": documents.agenda_published,
            "minutes_published": documents.minutes_published,
            # The minutes hold the whole agenda with the decisions, so they replace it.
            "doc_html": documents.body_html,
        },
    )


def document_download(
    request: HttpRequest, council: str, date_slug: str, kind: str, format: str
) -> HttpResponse:
    meeting = _meeting_or_404(council, date_slug)
    doc = (
        public_minutes_document(meeting=meeting)
        if kind == "minutes"
        else public_agenda_document(meeting=meeting)
    )
    if doc is None:
        raise Http404("Dokumentet er ikke offentliggjort.")
    content = _renderer(format)(doc)
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    filename = download_filename(meeting=meeting, doc=doc, format=format)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response


def download_filename(*, meeting: Meeting, doc: MeetingDocument, format: str) -> str:
    """`Referat RAR Nordjylland 2020-06-04.pdf`, `Dagsorden RAR Nordjylland 2020-06-04-2.docx`."""
    return f"{doc.kind_label} {meeting.body_name} {meeting.date_slug}.{format}"


def meeting_url(meeting: Meeting) -> str:
    return reverse(
        "meetings:meeting", kwargs={"council": meeting.council.slug, "date_slug": meeting.date_slug}
    )


def _renderer(format: str) -> Callable[[MeetingDocument], bytes]:
    if format == "pdf":
        from raadsrum.meetings.documents.pdf import render_pdf

        return render_pdf
    from raadsrum.meetings.documents.docx import render_docx

    return render_docx


def _council_or_404(slug: str) -> Council:
    try:
        return council_get(slug=slug)
    except Council.DoesNotExist as missing:
        raise Http404("Rådet findes ikke.") from missing


def _meeting_or_404(council: str, date_slug: str) -> Meeting:
    try:
        return meeting_get_by_address(f"{council}/{date_slug}")
    except Meeting.DoesNotExist as missing:
        raise Http404("Mødet findes ikke.") from missing


def attachment_download(request: HttpRequest, council: str, attachment: int) -> HttpResponseBase:
    """Stream an attachment file; `access.attachment_for_user` decides who may have it."""
    from django.core.exceptions import PermissionDenied as Forbidden
    from django.http import FileResponse

    from raadsrum.core.errors import PermissionDenied
    from raadsrum.meetings import access

    try:
        council_obj = council_get(slug=council)
    except Council.DoesNotExist as missing:
        raise Http404("Rådet findes ikke.") from missing
    try:
        found = access.attachment_for_user(
            user=request.user, council=council_obj, attachment_id=attachment
        )
    except PermissionDenied as denied:
        raise Forbidden(denied.message) from denied
    if not found.file:
        raise Http404("Bilaget har ingen fil.")
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name or found.file.name.rsplit("/", 1)[-1],
        content_type=found.content_type or "application/octet-stream",
    )
    private = found.members_only or request.user.is_authenticated
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response
