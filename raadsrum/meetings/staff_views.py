"""The staff pages: composing agendas, recording decisions, minutes approval, follow-up.

Every view is wrapped in `staff_view`, which logs the user in, finds the council or meeting
and asks `access` whether this user may read or edit it, before the view runs. A view then
parses input with a form, calls one service and renders; a service's Danish message is
shown as it stands. htmx requests get a fragment back, others a redirect (so a page works
without JavaScript, and reloading after a POST never repeats it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypedDict, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from raadsrum.core.danish import danish_date
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import CHAIRMANSHIP, MEMBER, SECRETARIAT
from raadsrum.meetings import access, forms, selectors, services, workflows
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    Attachment,
    Attendance,
    FollowUp,
    Meeting,
    Minutes,
)
from raadsrum.meetings.richtext import to_html
from raadsrum.meetings.templatetags.staff_agenda import staff_datetime

View = Callable[..., HttpResponseBase]

ROLE_LABELS = {
    SECRETARIAT: gettext_lazy("Sekretariat"),
    CHAIRMANSHIP: gettext_lazy("Formandskab"),
    MEMBER: gettext_lazy("Medlem"),
}

# What each kind of staff page demands; the permission test walks every URL with these.
_MEETING_CHECKS: dict[str, Callable[..., None]] = {
    "read": lambda user, meeting: None,  # meeting_for_staff has checked draft access
    "edit": lambda user, meeting: access.check_can_edit_agenda(user=user, meeting=meeting),
    "steer": lambda user, meeting: access.check_can_take_workflow_steps(user=user, meeting=meeting),
    "comment": lambda user, meeting: access.check_can_comment_in_hearing(
        user=user, meeting=meeting
    ),
}
_COUNCIL_CHECKS: dict[str, Callable[..., None]] = {
    "read": lambda user, council: access.check_can_read_council_drafts(user=user, council=council),
    "edit": lambda user, council: access.check_can_plan_meetings(user=user, council=council),
}


def staff_view(access_kind: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Log in, load the meeting (or council), check `access_kind`, then run the view.

    The view gets the Meeting (URLs with `date_slug`) or the Council (URLs with only
    `council`) instead of the slugs. PermissionDenied, from here or a service, is a 403.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # A form posted twice (a double click, a resubmission) goes where the first
            # one went. This comes before the address is looked up: moving a meeting
            # gives it a new address, so the old one is gone when the copy arrives.
            if request.method == "POST" and (done := _already_done(request)):
                return redirect(done)
            try:
                if "date_slug" in kwargs:
                    meeting = access.meeting_for_staff(
                        user=request.user,
                        council_slug=kwargs.pop("council"),
                        date_slug=kwargs.pop("date_slug"),
                    )
                    _MEETING_CHECKS[access_kind](request.user, meeting)
                    return view(request, meeting, **kwargs)
                if "council" in kwargs:
                    council = get_object_or_404(Council, slug=kwargs.pop("council"))
                    _COUNCIL_CHECKS[access_kind](request.user, council)
                    return view(request, council, **kwargs)
                return view(request, *args, **kwargs)
            except PermissionDenied as denied:
                return render(
                    request,
                    "meetings/staff/forbidden.html",
                    {"message": denied.message},
                    status=403,
                )

        wrapper.staff_access = access_kind  # type: ignore[attr-defined]
        wrapper.staff_methods = methods  # type: ignore[attr-defined]
        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _composer_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("staff:composer", args=[meeting.council.slug, meeting.date_slug])
    return f"{url}#{anchor}" if anchor else url


def _page_url(name: str, meeting: Meeting, anchor: str = "") -> str:
    url = reverse(f"staff:{name}", args=[meeting.council.slug, meeting.date_slug])
    return f"{url}#{anchor}" if anchor else url


# A form carries a one-off token; a second POST of the same token (a double click, or the
# browser resubmitting) goes to where the first one went instead of adding a second row.
_SUBMISSIONS = "staff_submissions"


def _new_token() -> str:
    return uuid.uuid4().hex


def _already_done(request: HttpRequest) -> str | None:
    token = request.POST.get("submission", "")
    done = request.session.get(_SUBMISSIONS, {})
    return done.get(token) if token else None


def _remember(request: HttpRequest, url: str) -> None:
    token = request.POST.get("submission", "")
    if not token:
        return
    done: dict[str, str] = request.session.get(_SUBMISSIONS, {})
    done[token] = url
    request.session[_SUBMISSIONS] = dict(list(done.items())[-50:])


# --- "Mine råd" -------------------------------------------------------------------------


@dataclass(kw_only=True)
class DashboardEntry(selectors.CouncilWork):
    """One council on "Mine råd": the selector's work plus what the page says of the roles."""

    role_labels: list[str]
    can_plan: bool


@staff_view("login")
def dashboard(request: HttpRequest) -> HttpResponse:
    work = [
        DashboardEntry(
            council=entry.council,
            roles=entry.roles,
            upcoming=entry.upcoming,
            waiting=entry.waiting,
            role_labels=[
                str(ROLE_LABELS[r]) for r in (SECRETARIAT, CHAIRMANSHIP, MEMBER) if r in entry.roles
            ],
            can_plan=SECRETARIAT in entry.roles,
        )
        for entry in selectors.work_for_user(user=request.user)
    ]
    return render(request, "meetings/staff/dashboard.html", {"work": work})


# --- Creating a meeting ----------------------------------------------------------------------


@staff_view("edit", methods=("GET", "POST"))
def meeting_create(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method == "POST":
        if done := _already_done(request):
            return redirect(done)
        form = forms.MeetingCreateForm(request.POST, council=council)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    council=council, by=request.user, **form.cleaned_data
                )
            except ValidationFailed as failed:
                form.add_error(None, failed.message)
            else:
                url = _composer_url(meeting)
                _remember(request, url)
                messages.success(request, _("Mødet er oprettet. Sammensæt dagsordenen her."))
                return redirect(url)
    else:
        form = forms.MeetingCreateForm(council=council)
    return render(
        request,
        "meetings/staff/meeting_create.html",
        {"council": council, "form": form, "submission": _new_token()},
        status=422 if form.errors else 200,
    )


# --- The agenda composer ------------------------------------------------------------------


def _editable(user: Any, meeting: Meeting) -> bool:
    """May this user change the agenda now (secretariat, and the minutes are not locked)?"""
    if not access.can_edit_agenda(user=user, meeting=meeting):
        return False
    minutes = selectors.minutes_current(meeting=meeting)
    return minutes is None or minutes.status in {Minutes.Status.DRAFT, Minutes.Status.HEARING}


def _agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    sections = selectors.agenda_sections(meeting=meeting)
    _mark_ends(sections)
    return {
        "meeting": meeting,
        "sections": sections,
        "editable": _editable(request.user, meeting),
        "submission": _new_token(),
    }


def _mark_ends(sections: list[AgendaSection]) -> None:
    """Flag the agenda's very first and last item: "Flyt op"/"Flyt ned" cannot move them
    further (the same ends as `_neighbour_place`; an empty section still takes an item)."""
    if sections:
        first, last = list(sections[0].items.all()), list(sections[-1].items.all())
        if first:
            first[0].at_top = True  # type: ignore[attr-defined]
        if last:
            last[-1].at_bottom = True  # type: ignore[attr-defined]


# A success message shown beside the item it is about rather than at the top of the page
# (the page opens at the item): `_inline_note` picks it out; the page's own list skips it.
_NEAR_ITEM = "near-item"


def _note_near(request: HttpRequest, item: AgendaItem, text: str) -> None:
    messages.success(request, text, extra_tags=f"{_NEAR_ITEM} {_NEAR_ITEM}-{item.pk}")


def _inline_note(request: HttpRequest) -> tuple[int | None, str]:
    """(item pk, text) of the message to show beside an item, if the last step left one."""
    for message in messages.get_messages(request):
        tags = message.extra_tags.split()
        if _NEAR_ITEM in tags:
            pk = next(t.rsplit("-", 1)[1] for t in tags if t.startswith(f"{_NEAR_ITEM}-"))
            return int(pk), str(message)
    return None, ""


class TransitionLink(TypedDict):
    """A workflow step the composer offers, with the URL its button posts to."""

    step: workflows.Transition
    url: str


@staff_view("read")
def composer(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    roles = access.meeting_roles(user=request.user, meeting=meeting)
    context = _agenda_context(request, meeting)
    can_edit = access.can_edit_agenda(user=request.user, meeting=meeting)
    transitions = [
        TransitionLink(step=t, url=_page_url("agenda_transition", meeting))
        for t in workflows.allowed_transitions(workflows.AGENDA, meeting.agenda_status, roles)
    ] + [
        TransitionLink(step=t, url=_page_url("meeting_transition", meeting))
        for t in workflows.allowed_transitions(workflows.MEETING, meeting.status, roles)
    ]
    note_pk, note = _inline_note(request)
    context.update(
        {
            "can_edit": can_edit,
            "next_step": workflows.agenda_next_step(
                state=meeting.agenda_status,
                roles=roles,
                locked=can_edit and not context["editable"],
            ),
            # The step that moves the agenda along gets the primary button; the rest follow.
            "main_transitions": [t for t in transitions if t["step"].primary],
            "other_transitions": [t for t in transitions if not t["step"].primary],
            "attendance_groups": _attendance_groups(request, meeting),
            "section_form": forms.SectionAddForm(),
            "item_form": forms.ItemAddForm(meeting=meeting),
            "attendance_form": forms.AttendanceAddForm(),
            "minutes": selectors.minutes_current(meeting=meeting),
            "note_pk": note_pk,
            "note": note,
            # Who cannot edit reads the whole draft (texts, recommendation …), not just titles.
            "document_html": (
                None
                if context["editable"]
                else selectors.draft_document_html(meeting=meeting, kind="agenda")
            ),
        }
    )
    return render(request, "meetings/staff/composer.html", context)


@staff_view("edit", methods=("POST",))
def section_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if done := _already_done(request):
        return redirect(done)
    form = forms.SectionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en overskrift på temaet."))
        return redirect(_composer_url(meeting, "add-section"))
    try:
        section = services.section_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, "add-section"))
    url = _composer_url(meeting, f"section-{section.pk}")
    _remember(request, url)
    messages.success(
        request,
        _("Temaet %(number)s. %(title)s er tilføjet.")
        % {"number": section.number, "title": section.title},
    )
    return redirect(url)


@staff_view("edit", methods=("POST",))
def item_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if done := _already_done(request):
        return redirect(done)
    form = forms.ItemAddForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Vælg et tema og skriv en overskrift på punktet."))
        return redirect(_composer_url(meeting, "add-item"))
    try:
        item = services.item_add(by=request.user, **form.cleaned_data)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, "add-item"))
    url = _composer_url(meeting, f"item-{item.pk}")
    _remember(request, url)
    _note_near(
        request,
        item,
        _("Punkt %(number)s er tilføjet. Tryk Rediger for at skrive sagen kort og indstillingen.")
        % {"number": item.number},
    )
    return redirect(url)


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("section"), pk=pk, meeting=meeting)


def _row(
    request: HttpRequest, meeting: Meeting, item: AgendaItem, *, live: str = "", focus: bool = False
) -> HttpResponse:
    item = AgendaItem.objects.prefetch_related("attachments").get(pk=item.pk)
    item.at_top = _neighbour_place(item, "up") is None  # type: ignore[attr-defined]
    item.at_bottom = _neighbour_place(item, "down") is None  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/staff/_item_row.html",
        {
            "meeting": meeting,
            "item": item,
            "editable": _editable(request.user, meeting),
            "live": live,
            "focus": focus,
            "submission": _new_token(),
        },
    )


@staff_view("read")
def item_row(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """One item as it stands (what "Annullér" in the edit form swaps back in)."""
    return _row(request, meeting, _item(meeting, item), focus=True)


def _conflict_view(
    item: AgendaItem, form: forms.ItemEditForm | forms.DecisionForm, fields: tuple[str, ...]
) -> list[dict[str, str]]:
    """The other person's saved text, for every field where it differs from ours."""
    theirs = []
    for name in fields:
        current = getattr(item, name)
        mine = form.data.get(name, "")
        if name == "kinds":
            current = "/".join(current)
        if isinstance(current, bool):
            continue
        if str(current).strip() != str(mine).strip():
            theirs.append({"label": str(form.fields[name].label), "text": str(current)})
    return theirs


VersionedForm = TypeVar("VersionedForm", forms.ItemEditForm, forms.DecisionForm)


def _after_conflict(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    item: AgendaItem,
    form_class: type[VersionedForm],
    conflict: Conflict,
    fields: tuple[str, ...],
) -> VersionedForm:
    """The form again on the item's current version, still holding the user's text.

    Saving it again is then a deliberate overwrite; `context` gets the other person's text.
    """
    current = AgendaItem.objects.get(pk=item.pk)
    data = request.POST.copy()
    data["expected_version"] = str(current.version)
    form = form_class(data, item=current)
    form.is_valid()
    context.update(
        item=current, conflict=conflict.message, theirs=_conflict_view(current, form, fields)
    )
    return form


@staff_view("edit", methods=("GET", "POST"))
def item_edit(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """The item's edit form (swapped in place by htmx); saving checks the version."""
    agenda_item = _item(meeting, item)
    template = (
        "meetings/staff/_item_form.html" if _is_htmx(request) else "meetings/staff/item_edit.html"
    )
    context: dict[str, Any] = {"meeting": meeting, "item": agenda_item}
    if request.method == "GET":
        context["form"] = forms.ItemEditForm(item=agenda_item)
        return render(request, template, context)
    form = forms.ItemEditForm(request.POST, item=agenda_item)
    status = 422
    if form.is_valid():
        try:
            saved = services.item_update(
                item=agenda_item,
                by=request.user,
                expected_version=form.cleaned_data["expected_version"],
                **form.changes(),
            )
        except Conflict as conflict:
            form = _after_conflict(
                request,
                context,
                item=agenda_item,
                form_class=forms.ItemEditForm,
                conflict=conflict,
                fields=("title", "kinds", *forms.ItemEditForm.TEXT_FIELDS),
            )
            status = 409
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            live = _("Punkt %(number)s er gemt.") % {"number": saved.number}
            if _is_htmx(request):
                return _row(request, meeting, saved, live=live, focus=True)
            messages.success(request, live)
            return redirect(_composer_url(meeting, f"item-{saved.pk}"))
    context["form"] = form
    return render(request, template, context, status=status)


def _neighbour_place(item: AgendaItem, direction: str) -> tuple[AgendaSection, int] | None:
    """Where "Flyt op"/"Flyt ned" puts the item: one step, across into the next section
    at either end of its own; None at the very top or bottom of the agenda."""
    sections = list(item.meeting.sections.order_by("position"))
    here = next(i for i, s in enumerate(sections) if s.pk == item.section_id)
    count = item.section.items.count()
    if direction == "up":
        if item.position > 0:
            return item.section, item.position - 1
        if here > 0:
            previous = sections[here - 1]
            return previous, previous.items.count()
        return None
    if item.position < count - 1:
        return item.section, item.position + 1
    if here < len(sections) - 1:
        return sections[here + 1], 0
    return None


@staff_view("edit", methods=("POST",))
def item_move(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """Move by the keyboard buttons (direction) or by dragging (section and position)."""
    agenda_item = _item(meeting, item)
    form = forms.ItemMoveForm(request.POST, meeting=meeting)
    message, ok = "", False
    if not form.is_valid():
        message = " ".join(str(e) for e in form.non_field_errors()) or _("Ugyldig flytning.")
    else:
        if form.cleaned_data["direction"]:
            place = _neighbour_place(agenda_item, form.cleaned_data["direction"])
        else:
            place = (
                form.cleaned_data["section"] or agenda_item.section,
                form.cleaned_data["position"],
            )
        if place is None:
            message = (
                _("Punktet står allerede øverst.")
                if form.cleaned_data["direction"] == "up"
                else _("Punktet står allerede nederst.")
            )
        else:
            try:
                moved = services.item_move(
                    item=agenda_item, by=request.user, section=place[0], position=place[1]
                )
            except ValidationFailed as failed:
                message = failed.message
            else:
                ok = True
                message = _("Punktet “%(title)s” er nu nummer %(number)s.") % {
                    "title": moved.title,
                    "number": moved.number,
                }
    if _is_htmx(request):
        context = _agenda_context(request, meeting)
        context.update(live=message, moved_pk=agenda_item.pk)
        return render(
            request,
            "meetings/staff/_agenda.html",
            context,
            status=200 if ok or not form.errors else 422,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(_composer_url(meeting, f"item-{agenda_item.pk}"))


@staff_view("edit", methods=("POST",))
def attachment_add(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    agenda_item = _item(meeting, item)
    if done := _already_done(request):
        return redirect(done)
    form = forms.AttachmentForm(request.POST, request.FILES, item=agenda_item)
    anchor = f"item-{agenda_item.pk}"
    if not form.is_valid():
        messages.error(request, _("Bilaget skal have en titel og en fil."))
        return redirect(_composer_url(meeting, anchor))
    try:
        attachment = services.attachment_add(item=agenda_item, by=request.user, **form.cleaned_data)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, anchor))
    url = _composer_url(meeting, anchor)
    _remember(request, url)
    _note_near(request, agenda_item, _("%(attachment)s er tilføjet.") % {"attachment": attachment})
    return redirect(url)


@staff_view("edit", methods=("POST",))
def attendance_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if done := _already_done(request):
        return redirect(done)
    form = forms.AttendanceAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv deltagerens navn og vælg en rolle."))
        return redirect(_composer_url(meeting, "attendance"))
    try:
        row = services.attendance_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, "attendance"))
    url = _composer_url(meeting, "attendance")
    _remember(request, url)
    messages.success(request, _("%(name)s er tilføjet.") % {"name": row.name})
    return redirect(url)


@staff_view("edit", methods=("POST",))
def attendance_status(request: HttpRequest, meeting: Meeting, attendance: int) -> HttpResponse:
    row = get_object_or_404(Attendance, pk=attendance, meeting=meeting)
    form = forms.AttendanceStatusForm(request.POST, attendance=row)
    if form.is_valid():
        try:
            services.attendance_set_status(attendance=row, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(request, _("Fremmøde for %(name)s er gemt.") % {"name": row.name})
    else:
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors) or _("Vælg et fremmøde."))
    return redirect(_composer_url(meeting, f"attendance-{row.pk}"))


def _attendance_groups(request: HttpRequest, meeting: Meeting) -> list[dict[str, Any]]:
    """The attendance by member group (DA, FH, KL …, members and their alternates
    together), then one group per other role, each row with its status form."""
    editable = _editable(request.user, meeting)
    groups: dict[str, dict[str, Any]] = {}
    rows = selectors.meeting_attendance(meeting=meeting).select_related("represented_by")
    for row in rows:
        title = row.group or str(row.get_role_display())
        group = groups.setdefault(title, {"title": title, "rows": [], "present": 0})
        group["rows"].append(
            {
                "row": row,
                "form": forms.AttendanceStatusForm(attendance=row) if editable else None,
            }
        )
        group["present"] += row.status == Attendance.Status.PRESENT
    return list(groups.values())


def _transition(
    request: HttpRequest,
    meeting: Meeting,
    workflow: tuple[workflows.Transition, ...],
    service: Callable[..., Any],
    back: str,
) -> HttpResponse:
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ukendt handling."))
        return redirect(back)
    name = form.cleaned_data["name"]
    try:
        service(meeting=meeting, by=request.user, name=name)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
    else:
        # Said as what happened and what comes next, not as the button that was pressed.
        done = next(t.done for t in workflow if t.name == name)
        messages.success(request, str(done))
    return redirect(back)


@staff_view("steer", methods=("POST",))
def meeting_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(
        request,
        meeting,
        workflows.MEETING,
        services.meeting_transition,
        _composer_url(meeting, "status"),
    )


@staff_view("steer", methods=("POST",))
def agenda_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(
        request,
        meeting,
        workflows.AGENDA,
        services.agenda_transition,
        _composer_url(meeting, "status"),
    )


@staff_view("read")
def draft_document(request: HttpRequest, meeting: Meeting, kind: str, format: str) -> HttpResponse:
    """The draft agenda or minutes as PDF or DOCX, for those who may read drafts."""
    from raadsrum.meetings.documents.docx import render_docx
    from raadsrum.meetings.documents.model import meeting_document
    from raadsrum.meetings.documents.pdf import render_pdf

    document = meeting_document(meeting, kind)  # type: ignore[arg-type]
    content, mime = (
        (render_pdf(document), "application/pdf")
        if format == "pdf"
        else (
            render_docx(document),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    )
    word = "referat" if kind == "minutes" else "dagsorden"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="udkast-{word}-{meeting.council.slug}-{meeting.date_slug}.{format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Editing the meeting, sections; deleting items and attachments --------------------------


@staff_view("edit", methods=("GET", "POST"))
def meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Date, times, place and the front-page note. A moved meeting may get a new address."""
    if request.method == "POST":
        form = forms.MeetingEditForm(request.POST, meeting=meeting)
        if form.is_valid():
            old_address = meeting.address
            try:
                saved = services.meeting_update(
                    meeting=meeting, by=request.user, **form.cleaned_data
                )
            except ValidationFailed as failed:
                form.add_error(None, failed.message)
            else:
                url = _composer_url(saved)
                _remember(request, url)
                if saved.address != old_address:
                    messages.success(
                        request,
                        _(
                            "Mødet er flyttet til %(date)s og har fået en ny adresse. "
                            "Kalenderabonnenter får ændringen ved næste opdatering."
                        )
                        % {"date": danish_date(saved.date)},
                    )
                else:
                    messages.success(request, _("Mødets oplysninger er gemt."))
                return redirect(url)
    else:
        form = forms.MeetingEditForm(meeting=meeting)
    return render(
        request,
        "meetings/staff/meeting_edit.html",
        {
            "meeting": meeting,
            "form": form,
            "submission": _new_token(),
            "editable": _editable(request.user, meeting),
        },
        status=422 if form.errors else 200,
    )


def _section(meeting: Meeting, pk: int) -> AgendaSection:
    return get_object_or_404(AgendaSection, pk=pk, meeting=meeting)


@staff_view("edit", methods=("GET", "POST"))
def section_edit(request: HttpRequest, meeting: Meeting, section: int) -> HttpResponse:
    """Rename a section; the page also offers to delete it (only when it is empty)."""
    agenda_section = _section(meeting, section)
    if request.method == "POST":
        form = forms.SectionEditForm(request.POST)
        if form.is_valid():
            try:
                services.section_update(
                    section=agenda_section, by=request.user, title=form.cleaned_data["title"]
                )
            except ValidationFailed as failed:
                form.add_error(None, failed.message)
            else:
                url = _composer_url(meeting, f"section-{agenda_section.pk}")
                _remember(request, url)
                messages.success(
                    request,
                    _("Temaet hedder nu %(number)s. %(title)s.")
                    % {"number": agenda_section.number, "title": agenda_section.title},
                )
                return redirect(url)
    else:
        form = forms.SectionEditForm(initial={"title": agenda_section.title})
    return render(
        request,
        "meetings/staff/section_edit.html",
        {
            "meeting": meeting,
            "agenda_section": agenda_section,
            "form": form,
            "item_count": agenda_section.items.count(),
            "submission": _new_token(),
        },
        status=422 if form.errors else 200,
    )


@staff_view("edit", methods=("POST",))
def section_delete(request: HttpRequest, meeting: Meeting, section: int) -> HttpResponse:
    agenda_section = _section(meeting, section)
    edit_url = reverse(
        "staff:section_edit", args=[meeting.council.slug, meeting.date_slug, agenda_section.pk]
    )
    if request.POST.get("confirm") != "yes":
        return redirect(edit_url)
    label = f"{agenda_section.number}. {agenda_section.title}"
    try:
        services.section_delete(section=agenda_section, by=request.user)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(edit_url + "#delete-section")
    url = _composer_url(meeting, "agenda-heading")
    _remember(request, url)
    messages.success(
        request, _("Temaet %(label)s er slettet. Numrene er opdateret.") % {"label": label}
    )
    return redirect(url)


def _confirm(
    request: HttpRequest,
    meeting: Meeting,
    *,
    item: AgendaItem,
    heading: str,
    text: str,
    button: str,
    action: str,
    swap_target: str,
) -> HttpResponse:
    """The confirmation step of a delete: in place of the item (htmx) or as a page.

    `swap_target` is the element the confirmed delete's answer replaces in place.
    """
    context = {
        "meeting": meeting,
        "item": item,
        "heading": heading,
        "text": text,
        "button": button,
        "action": action,
        "submission": _new_token(),
        "fragment": _is_htmx(request),
        "swap_target": swap_target,
    }
    if _is_htmx(request):
        return render(request, "meetings/staff/_confirm_delete.html", context)
    return render(request, "meetings/staff/confirm_delete.html", context)


@staff_view("edit", methods=("GET", "POST"))
def item_delete(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """GET asks "are you sure?"; POST with confirm=yes deletes and renumbers the agenda."""
    agenda_item = _item(meeting, item)
    action = reverse(
        "staff:item_delete", args=[meeting.council.slug, meeting.date_slug, agenda_item.pk]
    )
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        count = agenda_item.attachments.count()
        return _confirm(
            request,
            meeting,
            item=agenda_item,
            action=action,
            heading=_("Slet punkt %(number)s %(title)s?")
            % {"number": agenda_item.number, "title": agenda_item.title},
            text=(
                _(
                    "Punktet og dets %(n)s bilag slettes, og de følgende punkter får nye "
                    "numre. Det kan ikke fortrydes."
                )
                % {"n": count}
                if count
                else _(
                    "Punktet slettes, og de følgende punkter får nye numre. Det kan ikke fortrydes."
                )
            ),
            button=_("Slet punktet"),
            swap_target="agenda",
        )
    section = agenda_item.section
    label = f"{agenda_item.number} {agenda_item.title}"
    try:
        services.item_delete(item=agenda_item, by=request.user)
    except ValidationFailed as failed:
        if _is_htmx(request):
            return _row(request, meeting, agenda_item, live=failed.message, focus=True)
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, f"item-{agenda_item.pk}"))
    live = _("Punkt %(label)s er slettet. Numrene er opdateret.") % {"label": label}
    if _is_htmx(request):
        context = _agenda_context(request, meeting)
        context.update(live=live, focus_section=section.pk)
        return render(request, "meetings/staff/_agenda.html", context)
    url = _composer_url(meeting, f"section-{section.pk}")
    _remember(request, url)
    messages.success(request, live)
    return redirect(url)


@staff_view("edit", methods=("GET", "POST"))
def attachment_delete(request: HttpRequest, meeting: Meeting, attachment: int) -> HttpResponse:
    """Like item_delete: a confirmation step, then the item's row with the numbers updated."""
    row = get_object_or_404(
        Attachment.objects.select_related("item__section"), pk=attachment, item__meeting=meeting
    )
    action = reverse(
        "staff:attachment_delete", args=[meeting.council.slug, meeting.date_slug, row.pk]
    )
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return _confirm(
            request,
            meeting,
            item=row.item,
            action=action,
            heading=_("Slet %(attachment)s?") % {"attachment": row},
            text=_(
                "Filen slettes, og punktets øvrige bilag får nye numre. Det kan ikke fortrydes."
            ),
            button=_("Slet bilaget"),
            swap_target=f"item-{row.item_id}",
        )
    item = row.item
    label = str(row)
    try:
        services.attachment_delete(attachment=row, by=request.user)
    except ValidationFailed as failed:
        if _is_htmx(request):
            return _row(request, meeting, item, live=failed.message, focus=True)
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, f"item-{item.pk}"))
    live = _("%(attachment)s er slettet.") % {"attachment": label}
    if _is_htmx(request):
        return _row(request, meeting, item, live=live, focus=True)
    url = _composer_url(meeting, f"item-{item.pk}")
    _remember(request, url)
    messages.success(request, live)
    return redirect(url)


# --- The council's standing items ----------------------------------------------------------


def _posted_rows(data: Any) -> list[dict[str, str]]:
    """The rows as posted, raw (a half-typed row is still a row while the list is edited)."""
    try:
        total = min(int(data.get("rows-TOTAL_FORMS", 0)), 200)
    except ValueError:
        total = 0
    return [
        {f: data.get(f"rows-{i}-{f}", "") for f in forms.StandingItemForm.FIELDS}
        for i in range(total)
    ]


def _rearrange(rows: list[dict[str, str]], op: str) -> tuple[list[dict[str, str]], str, str]:
    """Apply "add", "remove-N", "up-N" or "down-N"; return the rows, what to say and
    the id of the control that should have focus afterwards.

    Nothing is saved: the list is only rearranged in the form until "Gem" is pressed, so
    the same request sent twice gives the same list.
    """
    action, _sep, number = op.partition("-")
    if action == "add":
        rows = [*rows, dict.fromkeys(forms.StandingItemForm.FIELDS, "")]
        return rows, _("Der er tilføjet en tom række nederst."), f"id_rows-{len(rows) - 1}-title"
    try:
        index = int(number)
    except ValueError:
        return rows, "", ""
    if not 0 <= index < len(rows):
        return rows, "", ""
    title = rows[index]["title"] or _("(uden overskrift)")
    if action == "remove":
        rows = rows[:index] + rows[index + 1 :]
        focus = "add-row" if not rows else f"id_rows-{min(index, len(rows) - 1)}-title"
        return rows, _("“%(title)s” er fjernet fra listen.") % {"title": title}, focus
    target = index - 1 if action == "up" else index + 1 if action == "down" else -1
    if not 0 <= target < len(rows):
        edge = _("øverst") if action == "up" else _("nederst")
        return rows, _("“%(title)s” står allerede %(edge)s.") % {"title": title, "edge": edge}, ""
    rows = list(rows)
    rows[index], rows[target] = rows[target], rows[index]
    # Focus follows the row, on the same button if it is still there.
    button = f"{action}-{target}"
    if (action == "up" and target == 0) or (action == "down" and target == len(rows) - 1):
        button = f"{'down' if action == 'up' else 'up'}-{target}"
    return (rows, _("“%(title)s” er nu nummer %(n)s.") % {"title": title, "n": target + 1}, button)


@staff_view("edit", methods=("GET", "POST"))
def standing_items(request: HttpRequest, council: Council) -> HttpResponse:
    """The council's template of standing items: every new council meeting starts with them.

    "Tilføj række", "Fjern", "Flyt op" and "Flyt ned" only rearrange the form (no
    JavaScript needed; htmx swaps just the form); "Gem" replaces the template.
    """
    live, focus, error, status = "", "", "", 200
    if request.method == "GET":
        rows = [
            {f: getattr(s, f) for f in forms.StandingItemForm.FIELDS}
            for s in council.standing_items.order_by("position")
        ]
        formset = forms.StandingItemFormSet(initial=rows, prefix="rows")
    elif op := request.POST.get("op", ""):
        rows, live, focus = _rearrange(_posted_rows(request.POST), op)
        formset = forms.StandingItemFormSet(initial=rows, prefix="rows")
    else:
        rows = _posted_rows(request.POST)
        data = request.POST.copy()
        # Every row counts as new, so a row left completely empty is skipped, not an error.
        data["rows-INITIAL_FORMS"] = "0"
        formset = forms.StandingItemFormSet(data, prefix="rows")
        if formset.is_valid():
            items = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            try:
                services.standing_items_set(council=council, by=request.user, items=items)
            except ValidationFailed as failed:
                error = failed.message
            else:
                url = reverse("staff:standing_items", args=[council.slug])
                _remember(request, url)
                messages.success(
                    request,
                    _(
                        "De faste punkter er gemt (%(n)s punkter). "
                        "De bruges, når næste rådsmøde oprettes."
                    )
                    % {"n": len(items)},
                )
                return redirect(url)
        else:
            error = " ".join(str(e) for e in formset.non_form_errors()) or _(
                "Nogle rækker mangler tema eller overskrift. Se felterne markeret med fejl."
            )
        status = 422
    if live and not _is_htmx(request):
        messages.info(request, live)
        live = ""
    context = {
        "council": council,
        "formset": formset,
        "live": live,
        "focus": focus,
        "error": error,
        "submission": _new_token(),
        "section_titles": list(
            dict.fromkeys(r["section_title"] for r in rows if r["section_title"])
        ),
    }
    template = (
        "meetings/staff/_standing_items_form.html"
        if _is_htmx(request)
        else "meetings/staff/standing_items.html"
    )
    return render(request, template, context, status=status)


# --- Decisions during the meeting ----------------------------------------------------------


@staff_view("edit")
def decisions(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    rows = []
    for section in selectors.agenda_sections(meeting=meeting):
        for item in section.items.all():
            rows.append(
                {
                    "section": section,
                    "item": item,
                    "recommendation": mark_safe(to_html(item.recommendation)),  # noqa: S308 (sanitised)
                    "summary": mark_safe(to_html(item.summary)),  # noqa: S308 (sanitised)
                    "form": forms.DecisionForm(item=item),
                }
            )
    return render(
        request,
        "meetings/staff/decisions.html",
        {
            "meeting": meeting,
            "rows": rows,
            "editable": _editable(request.user, meeting),
            "end_form": forms.MeetingEndForm(
                initial={
                    "ended_at": meeting.ended_at
                    or timezone.localtime().time().replace(second=0, microsecond=0)
                }
            ),
        },
    )


@staff_view("edit", methods=("POST",))
def decision_save(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    agenda_item = _item(meeting, item)
    form = forms.DecisionForm(request.POST, item=agenda_item)
    context: dict[str, Any] = {"meeting": meeting, "item": agenda_item, "editable": True}
    status = 422
    if form.is_valid():
        try:
            saved = services.decision_record(
                item=agenda_item,
                by=request.user,
                decision=form.cleaned_data["decision"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except Conflict as conflict:
            form = _after_conflict(
                request,
                context,
                item=agenda_item,
                form_class=forms.DecisionForm,
                conflict=conflict,
                fields=("decision",),
            )
            status = 409
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            live = _("Beslutningen til punkt %(number)s er gemt kl. %(time)s.") % {
                "number": saved.number,
                "time": timezone.localtime().strftime("%H.%M"),
            }
            if not _is_htmx(request):
                messages.success(request, live)
                return redirect(_page_url("decisions", meeting, f"item-{saved.pk}"))
            context.update(item=saved, live=live)
            form = forms.DecisionForm(item=saved)
            status = 200
    if not _is_htmx(request):
        messages.error(request, context.get("conflict") or _("Beslutningen blev ikke gemt."))
        return redirect(_page_url("decisions", meeting, f"item-{agenda_item.pk}"))
    context["form"] = form
    return render(request, "meetings/staff/_decision_form.html", context, status=status)


@staff_view("edit", methods=("POST",))
def meeting_end(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.MeetingEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv et klokkeslæt, fx 12:30."))
    else:
        try:
            services.meeting_end(
                meeting=meeting, by=request.user, ended_at=form.cleaned_data["ended_at"]
            )
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(request, _("Mødets sluttidspunkt er gemt."))
    return redirect(_page_url("decisions", meeting, "meeting-end"))


# --- Minutes: hearing, approval, publication, correction -------------------------------------


@staff_view("read")
def minutes(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    roles = access.meeting_roles(user=request.user, meeting=meeting)
    current = selectors.minutes_current(meeting=meeting)
    state = current.status if current is not None else Minutes.Status.DRAFT
    transitions = workflows.allowed_transitions(workflows.MINUTES, state, roles)
    hearing = selectors.hearing_open(minutes=current) if current is not None else None
    can_comment = (
        access.can_comment_in_hearing(user=request.user, meeting=meeting)
        and hearing is not None
        and hearing.deadline >= timezone.now()
    )
    can_edit = access.can_edit_agenda(user=request.user, meeting=meeting)
    return render(
        request,
        "meetings/staff/minutes.html",
        {
            "meeting": meeting,
            "minutes": current,
            "state_label": Minutes.Status(state).label,
            "state": state,
            "hearing": hearing,
            "send_for_hearing": next(
                (t for t in transitions if t.name == "send_for_hearing"), None
            ),
            "transitions": [t for t in transitions if t.name != "send_for_hearing"],
            "hearing_form": forms.HearingForm(),
            "can_correct": can_edit and state == Minutes.Status.PUBLISHED,
            "correction_form": forms.CorrectionForm(),
            "comments": selectors.hearing_comments(minutes=current) if current is not None else [],
            "comment_form": forms.HearingCommentForm(meeting=meeting) if can_comment else None,
            "sections": selectors.agenda_sections(meeting=meeting),
            "attendance": _minutes_attendance(meeting),
            "submission": _new_token(),
            "can_edit": can_edit,
            # The chairmanship and members read the whole draft (in a hearing, what they are
            # asked about); the secretariat edits it on the other pages.
            "document_html": (
                None if can_edit else selectors.draft_document_html(meeting=meeting, kind="minutes")
            ),
        },
    )


def _minutes_attendance(meeting: Meeting) -> list[Any]:
    """The attendance exactly as the minutes print it (groups, absences, alternates)."""
    from raadsrum.meetings.documents.model import meeting_document

    return meeting_document(meeting, "minutes").attendance


@staff_view("steer", methods=("POST",))
def minutes_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(
        request,
        meeting,
        workflows.MINUTES,
        services.minutes_transition,
        _page_url("minutes", meeting, "status"),
    )


@staff_view("edit", methods=("POST",))
def minutes_hearing(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.HearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en frist for høringen."))
    else:
        try:
            hearing = services.minutes_send_for_hearing(
                meeting=meeting, by=request.user, deadline=form.cleaned_data["deadline"]
            )
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(
                request,
                _(
                    "Referatet er sendt i skriftlig høring med frist %(d)s. "
                    "Medlemmerne kan nu komme med bemærkninger."
                )
                % {"d": staff_datetime(hearing.deadline)},
            )
    return redirect(_page_url("minutes", meeting, "status"))


@staff_view("edit", methods=("POST",))
def minutes_correct(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv, hvad rettelsen går ud på."))
    else:
        try:
            correction = services.minutes_correct(
                meeting=meeting, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(
                request,
                _("Version %(v)s af referatet er oprettet som udkast.") % {"v": correction.version},
            )
    return redirect(_page_url("minutes", meeting, "status"))


@staff_view("comment", methods=("POST",))
def hearing_comment(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if done := _already_done(request):
        return redirect(done)
    form = forms.HearingCommentForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Skriv en bemærkning."))
        return redirect(_page_url("minutes", meeting, "comment"))
    try:
        services.hearing_comment_add(
            meeting=meeting,
            by=request.user,
            text=form.cleaned_data["text"],
            item=form.cleaned_data["item"],
        )
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_page_url("minutes", meeting, "comment"))
    url = _page_url("minutes", meeting, "comments")
    _remember(request, url)
    messages.success(request, _("Tak. Din bemærkning er sendt til sekretariatet."))
    return redirect(url)


# --- Follow-up sheet ---------------------------------------------------------------------------


@staff_view("read")
def followup(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    editable = access.can_edit_agenda(user=request.user, meeting=meeting)
    rows = [
        {"line": line, "form": forms.FollowUpForm(follow_up=line) if editable else None}
        for line in selectors.follow_up_sheet(meeting=meeting)
    ]
    return render(
        request,
        "meetings/staff/followup.html",
        {"meeting": meeting, "rows": rows, "editable": editable},
    )


@staff_view("edit", methods=("POST",))
def followup_generate(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    # Idempotent in the service: running it twice adds only what is new.
    created = services.followup_sheet_generate(meeting=meeting, by=request.user)
    if created:
        messages.success(
            request, _("%(n)s punkter er hentet fra forrige møde.") % {"n": len(created)}
        )
    else:
        messages.info(request, _("Der var ingen nye punkter at hente fra forrige møde."))
    return redirect(_page_url("followup", meeting))


@staff_view("edit", methods=("POST",))
def followup_update(request: HttpRequest, meeting: Meeting, followup: int) -> HttpResponse:
    line = get_object_or_404(FollowUp, pk=followup, meeting=meeting)
    form = forms.FollowUpForm(request.POST, follow_up=line)
    live, status = "", 422
    if form.is_valid():
        try:
            line = services.followup_update(follow_up=line, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            live, status = _("“%(title)s” er gemt.") % {"title": line.title}, 200
    if not _is_htmx(request):
        (messages.success if status == 200 else messages.error)(
            request, live or _("Linjen blev ikke gemt.")
        )
        return redirect(_page_url("followup", meeting, f"followup-{line.pk}"))
    return render(
        request,
        "meetings/staff/_followup_row.html",
        {"meeting": meeting, "row": {"line": line, "form": form}, "editable": True, "live": live},
        status=status,
    )


# --- The members' file box ----------------------------------------------------------------


@staff_view("read")
def file_box(request: HttpRequest, council: Council) -> HttpResponse:
    return render(
        request,
        "meetings/staff/file_box.html",
        {
            "council": council,
            "files": selectors.member_files_for_council(council=council),
        },
    )
