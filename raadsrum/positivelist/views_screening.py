"""The secretariat's screening pages: the table of a round's proposals with filters and bulk
accept/reject, one proposal in full, re-running the rules and closing the consultation.

Each view gets the round (or proposal) through a selector that checks the user is its
council's secretariat; a service's Danish message is shown as it stands, PermissionDenied as
a 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.positivelist import screening_selectors as selectors
from raadsrum.positivelist import screening_services as services
from raadsrum.positivelist.list_selectors import duration_text as list_duration_text
from raadsrum.positivelist.models import CourseProposal, Round
from raadsrum.positivelist.selectors import round_for_secretariat

View = Callable[..., HttpResponseBase]


def _staff_view(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(
                request,
                "positivelist/screening/forbidden.html",
                {"message": denied.message},
                status=403,
            )

    return login_required(wrapped)


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Søg i titel, nummer, udbyder"), required=False)
    flag = forms.ChoiceField(label=gettext_lazy("Flag"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Organisation"), required=False, coerce=int, empty_value=None
    )
    job_title = forms.TypedChoiceField(
        label=gettext_lazy("Stillingsbetegnelse"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    online = forms.ChoiceField(
        label=gettext_lazy("Online"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle")),
            ("ja", gettext_lazy("Ja")),
            ("nej", gettext_lazy("Nej")),
        ],
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, values in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Alle")), *values]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-input"

    def filters(self) -> selectors.ScreeningFilters:
        if not self.is_valid():
            return selectors.ScreeningFilters()
        data = self.cleaned_data
        online = {"ja": True, "nej": False}.get(data.get("online") or "")
        return selectors.ScreeningFilters(
            flag=data.get("flag") or "",
            status=data.get("status") or "",
            organisation=data.get("organisation"),
            job_title=data.get("job_title"),
            kind=data.get("kind") or "",
            online=online,
            q=data.get("q") or "",
        )


def duration_text(proposal: CourseProposal) -> str:
    return list_duration_text(proposal.duration, proposal.duration_unit)


def _back(request: HttpRequest, round: Round) -> str:
    """Back to the table with the filters the user had, or to the given detail page."""
    default = reverse("positivelist:screening", args=[round.pk])
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@_staff_view
@require_GET
def screening(request: HttpRequest, round_id: int) -> HttpResponse:
    round = round_for_secretariat(user=request.user, round_id=round_id)
    form = FilterForm(request.GET or None, choices=selectors.screening_filter_choices(round=round))
    filters = form.filters() if request.GET else selectors.ScreeningFilters()
    rows = selectors.screening_rows(round=round, filters=filters)
    counts = selectors.screening_counts(round=round)
    return render(
        request,
        "positivelist/screening/table.html",
        {
            "round": round,
            "form": form,
            "rows": [(row, duration_text(row.proposal)) for row in rows],
            "shown": len(rows),
            "counts": counts,
            "filtered": bool(request.GET),
            "query": request.GET.urlencode(),
            "can_decide": round.status == Round.Status.SCREENING,
            "statuses": CourseProposal.Status,
        },
    )


@_staff_view
@require_GET
def screening_proposal(request: HttpRequest, round_id: int, proposal_id: int) -> HttpResponse:
    round = round_for_secretariat(user=request.user, round_id=round_id)
    proposal = selectors.proposal_for_secretariat(user=request.user, proposal_id=proposal_id)
    if proposal.response.invitation.consultation.round_id != round.pk:
        raise PermissionDenied(_("Forslaget hører ikke til runden."))
    return render(
        request,
        "positivelist/screening/detail.html",
        {
            "round": round,
            "proposal": proposal,
            "organisation": proposal.response.invitation.organisation,
            "job_titles": list(proposal.job_titles.all()),
            "flags": selectors.flag_views(proposal.flags),
            "duration": duration_text(proposal),
            "can_decide": round.status == Round.Status.SCREENING,
            "statuses": CourseProposal.Status,
            "back": request.GET.get("tilbage", ""),
        },
    )


@_staff_view
@require_POST
def screening_decide(request: HttpRequest, round_id: int) -> HttpResponse:
    round = round_for_secretariat(user=request.user, round_id=round_id)
    chosen = []
    for value in request.POST.getlist("proposal"):
        version = request.POST.get(f"version-{value}", "")
        if value.isdigit() and version.isdigit():
            chosen.append((int(value), int(version)))
    status = request.POST.get("status", "")
    try:
        result = services.proposals_decide(
            proposals=chosen,
            status=status,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except (ValidationFailed, Conflict) as refused:
        messages.error(request, refused.message)
        return redirect(_back(request, round))
    if result.decided:
        label = CourseProposal.Status(status).label
        messages.success(
            request,
            ngettext(
                "%(count)d forslag står nu som »%(status)s«.",
                "%(count)d forslag står nu som »%(status)s«.",
                len(result.decided),
            )
            % {"count": len(result.decided), "status": label},
        )
    if result.conflicts:
        messages.warning(
            request,
            ngettext(
                "%(count)d forslag blev ikke gemt, fordi en anden havde ændret det:",
                "%(count)d forslag blev ikke gemt, fordi en anden havde ændret dem:",
                len(result.conflicts),
            )
            % {"count": len(result.conflicts)},
        )
        for conflict in result.conflicts:
            messages.warning(request, conflict.message)
    return redirect(_back(request, round))


@_staff_view
@require_POST
def screening_run(request: HttpRequest, round_id: int) -> HttpResponse:
    round = round_for_secretariat(user=request.user, round_id=round_id)
    try:
        summary = services.screening_run(round=round, by=request.user)
    except ValidationFailed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Screeningen er kørt: %(flagged)d af %(screened)d forslag har flag.")
            % {"flagged": summary.flagged, "screened": summary.screened},
        )
    return redirect("positivelist:screening", round.pk)


@_staff_view
@require_POST
def screening_start(request: HttpRequest, round_id: int) -> HttpResponse:
    round = round_for_secretariat(user=request.user, round_id=round_id)
    try:
        summary = services.screening_start(
            round=round, by=request.user, force=request.POST.get("force") == "1"
        )
    except (ValidationFailed, Conflict) as refused:
        messages.error(request, refused.message)
        return redirect("positivelist:round_detail", round.pk)
    messages.success(
        request,
        _("Høringen er lukket, og %(screened)d forslag er screenet.")
        % {"screened": summary.screened},
    )
    return redirect("positivelist:screening", round.pk)
