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
from functools import wraps
from typing import Any

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

from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import CHAIRMANSHIP, MEMBER, SECRETARIAT
from raadsrum.meetings import access, forms, selectors, services, workflows
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    Attendance,
    FollowUp,
    Meeting,
    Minutes,
)
from raadsrum.meetings.richtext import to_html

View = Callable[..., HttpResponseBase]

ROLE_LABELS = {
    SECRETARIAT: gettext_lazy("Sekretariat"), CHAIRMANSHIP: gettext_lazy("Formandskab"),
    MEMBER: gettext_lazy("Medlem"),
}

# What each kind of staff page demands; the permission test walks every URL with these.
_MEETING_CHECKS: dict[str, Callable[..., None]] = {
    "read": lambda user, meeting: None,  # meeting_for_staff has checked draft access
    "edit": lambda user, meeting: access.check_can_edit_agenda(user=user, meeting=meeting),
    "steer": lambda user, meeting: access.check_can_take_workflow_steps(
        user=user, meeting=meeting),
    "comment": lambda user, meeting: access.check_can_comment_in_hearing(
        user=user, meeting=meeting),
}
_COUNCIL_CHECKS: dict[str, Callable[..., None]] = {
    "read": lambda user, council: access.check_can_read_council_drafts(
        user=user, council=council),
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
            try:
                if "date_slug" in kwargs:
                    meeting = access.meeting_for_staff(
                        user=request.user, council_slug=kwargs.pop("council"),
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
                return render(request, "meetings/staff/forbidden.html",
                              {"message": denied.message}, status=403)

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


@staff_view("login")
def dashboard(request: HttpRequest) -> HttpResponse:
    work = selectors.work_for_user(user=request.user)
    for entry in work:
        entry.role_labels = [str(ROLE_LABELS[r]) for r in  # type: ignore[attr-defined]
                             (SECRETARIAT, CHAIRMANSHIP, MEMBER) if r in entry.roles]
        entry.can_plan = SECRETARIAT in entry.roles  # type: ignore[attr-defined]
    return render(request, "meetings/staff/dashboard.html", {"work": work})


# --- Creating a meeting ----------------------------------------------------------------------


@staff_view("edit", methods=("GET", "POST"))
def meeting_create(request: HttpRequest, council: Council) -> HttpResponse:
    if request.method == "POST":
        if done := _already_done(request):
            return redirect(done)
        form = forms.MeetingCreateForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(council=council, by=request.user,
                                                  **form.cleaned_data)
            except ValidationFailed as failed:
                form.add_error(None, failed.message)
            else:
                url = _composer_url(meeting)
                _remember(request, url)
                messages.success(request, _("Mødet er oprettet. Sammensæt dagsordenen her."))
                return redirect(url)
    else:
        form = forms.MeetingCreateForm()
    return render(request, "meetings/staff/meeting_create.html",
                  {"council": council, "form": form, "submission": _new_token()},
                  status=422 if form.errors else 200)


# --- The agenda composer ------------------------------------------------------------------


def _editable(user: Any, meeting: Meeting) -> bool:
    """May this user change the agenda now (secretariat, and the minutes are not locked)?"""
    if not access.can_edit_agenda(user=user, meeting=meeting):
        return False
    minutes = selectors.minutes_current(meeting=meeting)
    return minutes is None or minutes.status in {Minutes.Status.DRAFT, Minutes.Status.HEARING}


def _agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "sections": selectors.agenda_sections(meeting=meeting),
        "editable": _editable(request.user, meeting),
    }


@staff_view("read")
def composer(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    roles = access.meeting_roles(user=request.user, meeting=meeting)
    context = _agenda_context(request, meeting)
    context.update({
        "can_edit": access.can_edit_agenda(user=request.user, meeting=meeting),
        "meeting_transitions": workflows.allowed_transitions(
            workflows.MEETING, meeting.status, roles),
        "agenda_transitions": workflows.allowed_transitions(
            workflows.AGENDA, meeting.agenda_status, roles),
        "attendance": selectors.meeting_attendance(meeting=meeting),
        "attendance_statuses": Attendance.Status.choices,
        "section_form": forms.SectionAddForm(),
        "item_form": forms.ItemAddForm(meeting=meeting),
        "attendance_form": forms.AttendanceAddForm(),
        "submission": _new_token(),
        "minutes": selectors.minutes_current(meeting=meeting),
    })
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
    messages.success(request, _("Temaet %(number)s. %(title)s er tilføjet.")
                     % {"number": section.number, "title": section.title})
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
    messages.success(request, _("Punkt %(number)s er tilføjet.") % {"number": item.number})
    return redirect(url)


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("section"), pk=pk,
                             meeting=meeting)


def _row(request: HttpRequest, meeting: Meeting, item: AgendaItem, *, live: str = "",
         focus: bool = False) -> HttpResponse:
    item = AgendaItem.objects.prefetch_related("attachments").get(pk=item.pk)
    return render(request, "meetings/staff/_item_row.html", {
        "meeting": meeting, "item": item, "editable": _editable(request.user, meeting),
        "live": live, "focus": focus,
    })


@staff_view("read")
def item_row(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """One item as it stands (what "Annullér" in the edit form swaps back in)."""
    return _row(request, meeting, _item(meeting, item), focus=True)


def _conflict_view(item: AgendaItem, form: forms.ItemEditForm | forms.DecisionForm,
                   fields: tuple[str, ...]) -> list[dict[str, str]]:
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


@staff_view("edit", methods=("GET", "POST"))
def item_edit(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    """The item's edit form (swapped in place by htmx); saving checks the version."""
    agenda_item = _item(meeting, item)
    template = ("meetings/staff/_item_form.html" if _is_htmx(request)
                else "meetings/staff/item_edit.html")
    context: dict[str, Any] = {"meeting": meeting, "item": agenda_item}
    if request.method == "GET":
        context["form"] = forms.ItemEditForm(item=agenda_item)
        return render(request, template, context)
    form = forms.ItemEditForm(request.POST, item=agenda_item)
    status = 422
    if form.is_valid():
        try:
            saved = services.item_update(
                item=agenda_item, by=request.user,
                expected_version=form.cleaned_data["expected_version"], **form.changes(),
            )
        except Conflict as conflict:
            current = AgendaItem.objects.get(pk=agenda_item.pk)
            # Keep the user's text in the form; saving again is then a deliberate overwrite.
            data = request.POST.copy()
            data["expected_version"] = str(current.version)
            form = forms.ItemEditForm(data, item=current)
            form.is_valid()
            context.update(item=current, conflict=conflict.message,
                           theirs=_conflict_view(current, form, (
                               "title", "kinds", *forms.ItemEditForm.TEXT_FIELDS)))
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


def _neighbour_place(
    item: AgendaItem, direction: str
) -> tuple[AgendaSection, int] | None:
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
            place = (form.cleaned_data["section"] or agenda_item.section,
                     form.cleaned_data["position"])
        if place is None:
            message = (_("Punktet står allerede øverst.")
                       if form.cleaned_data["direction"] == "up"
                       else _("Punktet står allerede nederst."))
        else:
            try:
                moved = services.item_move(item=agenda_item, by=request.user,
                                           section=place[0], position=place[1])
            except ValidationFailed as failed:
                message = failed.message
            else:
                ok = True
                message = (_("Punktet “%(title)s” er nu nummer %(number)s.")
                           % {"title": moved.title, "number": moved.number})
    if _is_htmx(request):
        context = _agenda_context(request, meeting)
        context.update(live=message, moved_pk=agenda_item.pk)
        return render(request, "meetings/staff/_agenda.html", context,
                      status=200 if ok or not form.errors else 422)
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
        attachment = services.attachment_add(item=agenda_item, by=request.user,
                                             **form.cleaned_data)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_composer_url(meeting, anchor))
    url = _composer_url(meeting, anchor)
    _remember(request, url)
    messages.success(request, _("%(attachment)s er tilføjet.") % {"attachment": attachment})
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
    form = forms.AttendanceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_set_status(attendance=row, by=request.user,
                                           status=form.cleaned_data["status"])
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(request, _("Fremmøde for %(name)s er gemt.") % {"name": row.name})
    else:
        messages.error(request, _("Vælg et fremmøde."))
    return redirect(_composer_url(meeting, f"attendance-{row.pk}"))


def _transition(request: HttpRequest, meeting: Meeting, workflow: tuple[workflows.Transition, ...],
                service: Callable[..., Any], back: str) -> HttpResponse:
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
        label = next(t.label for t in workflow if t.name == name)
        messages.success(request, _("Udført: %(label)s.") % {"label": label})
    return redirect(back)


@staff_view("steer", methods=("POST",))
def meeting_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(request, meeting, workflows.MEETING, services.meeting_transition,
                       _composer_url(meeting, "status"))


@staff_view("steer", methods=("POST",))
def agenda_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(request, meeting, workflows.AGENDA, services.agenda_transition,
                       _composer_url(meeting, "status"))


@staff_view("read")
def draft_document(request: HttpRequest, meeting: Meeting, kind: str, format: str) -> HttpResponse:
    """The draft agenda or minutes as PDF or DOCX, for those who may read drafts."""
    from raadsrum.meetings.documents.docx import render_docx
    from raadsrum.meetings.documents.model import meeting_document
    from raadsrum.meetings.documents.pdf import render_pdf

    document = meeting_document(meeting, kind)  # type: ignore[arg-type]
    content, mime = (
        (render_pdf(document), "application/pdf") if format == "pdf" else
        (render_docx(document),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    word = "referat" if kind == "minutes" else "dagsorden"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="udkast-{word}-{meeting.council.slug}-{meeting.date_slug}.{format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Decisions during the meeting ----------------------------------------------------------


@staff_view("edit")
def decisions(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    rows = []
    for section in selectors.agenda_sections(meeting=meeting):
        for item in section.items.all():
            rows.append({
                "section": section, "item": item,
                "recommendation": mark_safe(to_html(item.recommendation)),  # noqa: S308 (sanitised)
                "form": forms.DecisionForm(item=item),
            })
    return render(request, "meetings/staff/decisions.html", {
        "meeting": meeting, "rows": rows, "editable": _editable(request.user, meeting),
        "end_form": forms.MeetingEndForm(initial={
            "ended_at": meeting.ended_at or timezone.localtime().time().replace(
                second=0, microsecond=0)}),
    })


@staff_view("edit", methods=("POST",))
def decision_save(request: HttpRequest, meeting: Meeting, item: int) -> HttpResponse:
    agenda_item = _item(meeting, item)
    form = forms.DecisionForm(request.POST, item=agenda_item)
    context: dict[str, Any] = {"meeting": meeting, "item": agenda_item, "editable": True}
    status = 422
    if form.is_valid():
        try:
            saved = services.decision_record(
                item=agenda_item, by=request.user, decision=form.cleaned_data["decision"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except Conflict as conflict:
            current = AgendaItem.objects.get(pk=agenda_item.pk)
            data = request.POST.copy()
            data["expected_version"] = str(current.version)
            form = forms.DecisionForm(data, item=current)
            form.is_valid()
            context.update(item=current, conflict=conflict.message,
                           theirs=_conflict_view(current, form, ("decision",)))
            status = 409
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            live = (_("Beslutningen til punkt %(number)s er gemt kl. %(time)s.")
                    % {"number": saved.number,
                       "time": timezone.localtime().strftime("%H.%M")})
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
            services.meeting_end(meeting=meeting, by=request.user,
                                 ended_at=form.cleaned_data["ended_at"])
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
    can_comment = (access.can_comment_in_hearing(user=request.user, meeting=meeting)
                   and hearing is not None and hearing.deadline >= timezone.now())
    return render(request, "meetings/staff/minutes.html", {
        "meeting": meeting,
        "minutes": current,
        "state_label": Minutes.Status(state).label,
        "state": state,
        "hearing": hearing,
        "send_for_hearing": next((t for t in transitions if t.name == "send_for_hearing"), None),
        "transitions": [t for t in transitions if t.name != "send_for_hearing"],
        "hearing_form": forms.HearingForm(),
        "can_correct": (access.can_edit_agenda(user=request.user, meeting=meeting)
                        and state == Minutes.Status.PUBLISHED),
        "correction_form": forms.CorrectionForm(),
        "comments": selectors.hearing_comments(minutes=current) if current is not None else [],
        "comment_form": forms.HearingCommentForm(meeting=meeting) if can_comment else None,
        "sections": selectors.agenda_sections(meeting=meeting),
        "submission": _new_token(),
        "can_edit": access.can_edit_agenda(user=request.user, meeting=meeting),
    })


@staff_view("steer", methods=("POST",))
def minutes_transition(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _transition(request, meeting, workflows.MINUTES, services.minutes_transition,
                       _page_url("minutes", meeting, "status"))


@staff_view("edit", methods=("POST",))
def minutes_hearing(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.HearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en frist for høringen."))
    else:
        try:
            hearing = services.minutes_send_for_hearing(
                meeting=meeting, by=request.user, deadline=form.cleaned_data["deadline"])
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(request, _("Referatet er sendt i skriftlig høring med frist %(d)s.")
                             % {"d": timezone.localtime(hearing.deadline)
                                .strftime("%d.%m.%Y kl. %H.%M")})
    return redirect(_page_url("minutes", meeting, "status"))


@staff_view("edit", methods=("POST",))
def minutes_correct(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv, hvad rettelsen går ud på."))
    else:
        try:
            correction = services.minutes_correct(meeting=meeting, by=request.user,
                                                  note=form.cleaned_data["note"])
        except ValidationFailed as failed:
            messages.error(request, failed.message)
        else:
            messages.success(request, _("Version %(v)s af referatet er oprettet som udkast.")
                             % {"v": correction.version})
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
        services.hearing_comment_add(meeting=meeting, by=request.user,
                                     text=form.cleaned_data["text"], item=form.cleaned_data["item"])
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
    rows = [{"line": line, "form": forms.FollowUpForm(follow_up=line) if editable else None}
            for line in selectors.follow_up_sheet(meeting=meeting)]
    return render(request, "meetings/staff/followup.html",
                  {"meeting": meeting, "rows": rows, "editable": editable})


@staff_view("edit", methods=("POST",))
def followup_generate(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    # Idempotent in the service: running it twice adds only what is new.
    created = services.followup_sheet_generate(meeting=meeting, by=request.user)
    if created:
        messages.success(request, _("%(n)s punkter er hentet fra forrige møde.")
                         % {"n": len(created)})
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
            request, live or _("Linjen blev ikke gemt."))
        return redirect(_page_url("followup", meeting, f"followup-{line.pk}"))
    return render(request, "meetings/staff/_followup_row.html",
                  {"meeting": meeting, "row": {"line": line, "form": form}, "editable": True,
                   "live": live}, status=status)


# --- The members' file box ----------------------------------------------------------------


@staff_view("read")
def file_box(request: HttpRequest, council: Council) -> HttpResponse:
    return render(request, "meetings/staff/file_box.html", {
        "council": council, "files": selectors.member_files_for_council(council=council),
    })
