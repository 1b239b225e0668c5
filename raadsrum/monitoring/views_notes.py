"""Key-figures note pages: the note as HTML, PDF and JSON (public statistics, so public
pages), and the secretariat's action that attaches the note to an agenda item."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import SECRETARIAT, council_lineage, council_roles_for_user
from raadsrum.meetings.models import AgendaItem, Meeting
from raadsrum.monitoring.keyfigures import KeyFiguresNote, build_note
from raadsrum.monitoring.note_services import note_attach, note_title
from raadsrum.monitoring.render import note_context, note_json, note_pdf, note_pdf_filename


def parse_month(text: str) -> dt.date:
    """'2020-03' → 1 March 2020; ValueError with a Danish message otherwise."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValueError(
            _("Måneden skal skrives som ÅÅÅÅ-MM, fx 2020-03; der står '%(text)s'.") % {"text": text}
        ) from None


def _note(council_slug: str, month_text: str) -> KeyFiguresNote:
    council = get_object_or_404(Council, slug=council_slug)
    try:
        month = parse_month(month_text)
    except ValueError:
        raise Http404(_("Ukendt måned.")) from None
    return build_note(council=council, month=month)


def _upcoming_items(council: Council) -> list[AgendaItem]:
    """Agenda items of the council's (and its successors') meetings from today on."""
    meetings = Meeting.objects.filter(
        council__in=council_lineage(council=council),
        date__gte=timezone.localdate(),
        committee__isnull=True,
    ).exclude(status=Meeting.Status.CANCELLED)
    return list(
        AgendaItem.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("meeting__date", "meeting__sequence", "section__position", "position")
    )


def note(request: HttpRequest, council: str, month: str) -> HttpResponse:
    built = _note(council, month)
    can_attach = SECRETARIAT in council_roles_for_user(user=request.user, council=built.council)
    context = note_context(built)
    context.update(
        can_attach=can_attach,
        items=_upcoming_items(built.council) if can_attach else [],
    )
    return render(request, "monitoring/notes/note.html", context)


def note_pdf_download(request: HttpRequest, council: str, month: str) -> HttpResponse:
    built = _note(council, month)
    response = HttpResponse(note_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{note_pdf_filename(built)}"'
    return response


def note_json_download(request: HttpRequest, council: str, month: str) -> HttpResponse:
    built = _note(council, month)
    return HttpResponse(note_json(built), content_type="application/json; charset=utf-8")


@login_required
@require_POST
def note_attach_action(request: HttpRequest, council: str, month: str) -> HttpResponse:
    body = get_object_or_404(Council, slug=council)
    try:
        first = parse_month(month)
    except ValueError:
        raise Http404(_("Ukendt måned.")) from None
    back = redirect("monitoring:note", council=body.slug, month=month)
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError:
        messages.error(request, _("Vælg det dagsordenspunkt, notatet skal sættes på."))
        return back
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    try:
        note_attach(council=body, month=first, item=item, by=request.user)
    except PermissionDenied as refused:
        messages.error(request, refused.message)
        return back
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return back
    messages.success(
        request,
        _("%(title)s er sat på punkt %(number)s %(item)s.")
        % {"title": note_title(first), "number": item.number, "item": item.title},
    )
    return back
