"""Calendar feeds (iCalendar) and the annual plan page with its secretariat forms.

The feeds need no login: the council feed is public, and the person feed's address holds
the person's secret calendar token, so Outlook can subscribe without a password.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from raadsrum.core.errors import PermissionDenied, RaadsrumError
from raadsrum.councils.models import Council, Person
from raadsrum.councils.selectors import SECRETARIAT, council_get, council_roles_for_user, today
from raadsrum.meetings import calendar, services
from raadsrum.meetings.models import AnnualPlanEntry

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
FIRST_YEAR, LAST_YEAR = 2000, 2100


# --- forms ------------------------------------------------------------------------------


class DesignSystemForm(forms.Form):
    """Puts the design system's classes on the widgets, so templates loop over fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            field.widget.attrs.setdefault("class", css)


def _date_input() -> forms.DateInput:
    # The browser's date picker sends and expects ISO dates, whatever the page language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanEntryForm(DesignSystemForm):
    kind = forms.ChoiceField(label=_("Type"), choices=AnnualPlanEntry.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=300)
    starts_on = forms.DateField(label=_("Dato"), widget=_date_input())
    ends_on = forms.DateField(label=_("Slutdato"), required=False, widget=_date_input())
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanEntryMoveForm(DesignSystemForm):
    starts_on = forms.DateField(label=_("Ny dato"), widget=_date_input())
    ends_on = forms.DateField(label=_("Ny slutdato"), required=False, widget=_date_input())

    def clean(self) -> dict[str, Any]:
        # plan_entry_move trusts its dates; a reversed range would be an event ending first.
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("Slutdatoen ligger før startdatoen."))
        return data


_DANISH_DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")


def parse_dates(text: str) -> list[dt.date]:
    """Dates one per line (or separated by commas/semicolons): `4.6.2026` or `2026-06-04`."""
    dates: list[dt.date] = []
    bad: list[str] = []
    for token in re.split(r"[\n,;]+", text):
        token = token.strip()
        if not token:
            continue
        try:
            match = _DANISH_DATE.match(token)
            if match:
                day, month, year = (int(g) for g in match.groups())
                dates.append(dt.date(year, month, day))
            else:
                dates.append(dt.date.fromisoformat(token))
        except ValueError:
            bad.append(token)
    if bad:
        raise forms.ValidationError(
            _("Disse datoer kan ikke læses: %(bad)s. Skriv fx 4.6.2026 eller 2026-06-04."),
            params={"bad": ", ".join(bad)},
        )
    return dates


class MeetingCalendarForm(DesignSystemForm):
    dates = forms.CharField(
        label=_("Mødedatoer"),
        help_text=_("Én dato pr. linje, fx 4.6.2026 eller 2026-06-04."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=_time_input())
    location = forms.CharField(label=_("Sted"), max_length=300, required=False)

    def clean_dates(self) -> list[dt.date]:
        return parse_dates(self.cleaned_data["dates"])


# --- feeds ------------------------------------------------------------------------------


def _ics(content: bytes, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Calendar programs poll the feed; let them and proxies keep it for a while.
    response["Cache-Control"] = "private, max-age=300" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def council_feed(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = _council_or_404(council)
    return _ics(
        calendar.council_calendar(council_obj), filename=f"{council_obj.slug}.ics", private=False
    )


@require_GET
def person_feed(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    person = get_object_or_404(Person, calendar_token=token)
    return _ics(calendar.person_calendar(person), filename="raadsrum.ics", private=True)


# --- the annual plan --------------------------------------------------------------------


@require_GET
def annual_plan_current(request: HttpRequest, council: str) -> HttpResponse:
    return redirect("calendar:annual_plan", council=council, year=today().year)


@require_GET
def annual_plan(request: HttpRequest, council: str, year: int) -> HttpResponse:
    council_obj = _council_or_404(council)
    _check_year(year)
    return _render_plan(request, council_obj, year)


def _render_plan(
    request: HttpRequest,
    council: Council,
    year: int,
    *,
    entry_form: PlanEntryForm | None = None,
    calendar_form: MeetingCalendarForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_secretariat = SECRETARIAT in council_roles_for_user(user=request.user, council=council)
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    months = calendar.annual_plan(council=council, year=year)
    return render(
        request,
        "meetings/plan/annual_plan.html",
        {
            "council": council,
            "year": year,
            "months": months,
            "is_empty": not any(m.rows for m in months),
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "feed_url": calendar.council_feed_url(council),
            "feed_webcal": calendar.council_feed_url(council, webcal=True),
            "person_feed_url": calendar.person_feed_url(person) if person else "",
            "person_feed_webcal": calendar.person_feed_url(person, webcal=True) if person else "",
            "is_secretariat": is_secretariat,
            "entry_form": entry_form or PlanEntryForm(initial={"starts_on": dt.date(year, 1, 1)}),
            "move_form": PlanEntryMoveForm(),
            "calendar_form": calendar_form
            or MeetingCalendarForm(initial={"start_time": dt.time(10), "end_time": dt.time(13)}),
        },
        status=status,
    )


@require_POST
def plan_entry_add(request: HttpRequest, council: str, year: int) -> HttpResponse:
    council_obj = _council_or_404(council)
    _check_year(year)
    form = PlanEntryForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, council_obj, year, entry_form=form, status=400)
    try:
        entry = services.plan_entry_add(council=council_obj, by=request.user, **form.cleaned_data)
    except RaadsrumError as error:
        return _refused(request, error, council_obj, year)
    messages.success(request, _("%(title)s er føjet til årshjulet.") % {"title": entry.title})
    return _back_to_plan(council_obj, entry.starts_on.year)


@require_POST
def plan_entry_move(request: HttpRequest, council: str, entry_id: int) -> HttpResponse:
    council_obj = _council_or_404(council)
    entry = get_object_or_404(AnnualPlanEntry, pk=entry_id, council=council_obj)
    form = PlanEntryMoveForm(request.POST)
    if not form.is_valid():
        problems = form.non_field_errors() or [_("Skriv en gyldig dato.")]
        messages.error(request, " ".join(str(p) for p in problems))
        return _back_to_plan(council_obj, entry.starts_on.year)
    year = entry.starts_on.year
    try:
        entry = services.plan_entry_move(entry=entry, by=request.user, **form.cleaned_data)
    except RaadsrumError as error:
        return _refused(request, error, council_obj, year)
    messages.success(request, _("%(title)s er flyttet.") % {"title": entry.title})
    return _back_to_plan(council_obj, entry.starts_on.year)


@require_POST
def meeting_calendar_create(request: HttpRequest, council: str, year: int) -> HttpResponse:
    council_obj = _council_or_404(council)
    _check_year(year)
    form = MeetingCalendarForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, council_obj, year, calendar_form=form, status=400)
    try:
        created = services.meeting_calendar_create(
            council=council_obj, by=request.user, **form.cleaned_data
        )
    except RaadsrumError as error:
        form.add_error(None, error.message)
        status = 403 if isinstance(error, PermissionDenied) else 400
        return _render_plan(request, council_obj, year, calendar_form=form, status=status)
    messages.success(request, _("%(n)d møder er oprettet.") % {"n": len(created)})
    return _back_to_plan(council_obj, created[0].date.year)


def _refused(
    request: HttpRequest, error: RaadsrumError, council: Council, year: int
) -> HttpResponse:
    if isinstance(error, PermissionDenied):
        raise DjangoPermissionDenied(error.message) from error
    messages.error(request, error.message)
    return _back_to_plan(council, year)


def _back_to_plan(council: Council, year: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("calendar:annual_plan", kwargs={"council": council.slug, "year": year})
    )


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Året findes ikke i årshjulet.")


def _council_or_404(slug: str) -> Council:
    try:
        return council_get(slug=slug)
    except Council.DoesNotExist as missing:
        raise Http404("Rådet findes ikke.") from missing
