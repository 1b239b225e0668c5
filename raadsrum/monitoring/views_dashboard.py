"""Monitoring pages per council: the dashboard (latest figures, their trend, links to the
key-figures notes), job-centre insight, and the refund model with its cost calculator.

The pages show public statistics and are open to everyone, like the council list. A page
built on synthetic figures always shows the "Syntetiske data" notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from raadsrum.core.charts import Series, bar_chart
from raadsrum.core.danish import danish_month
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_get, council_list, today
from raadsrum.monitoring import insight as insight_reads
from raadsrum.monitoring import refund as refund_reads
from raadsrum.monitoring.codes import period_code, period_parse
from raadsrum.monitoring.dashboard import council_dashboard, dashboard_until
from raadsrum.monitoring.forms_refund import BandForm, SpellForm
from raadsrum.monitoring.keyfigures import period_label
from raadsrum.monitoring.models import PeriodKind
from raadsrum.monitoring.selectors import add_months

NOTE_MONTHS = 6  # how many recent months the dashboard links notes for


def _council(slug: str) -> Council:
    try:
        return council_get(slug=slug)
    except Council.DoesNotExist:
        raise Http404(_("Rådet findes ikke.")) from None


def _note_links(council: Council, until: dt.date) -> list[tuple[str, str]]:
    """(month in words, address) of the key-figures notes for the latest months."""
    links = []
    for back in range(NOTE_MONTHS):
        month = add_months(until, -back)
        if not council.is_valid_on(month) and not council.is_valid_on(add_months(month, 1)):
            continue
        try:
            url = reverse(
                "monitoring:note", kwargs={"council": council.slug, "month": f"{month:%Y-%m}"}
            )
        except NoReverseMatch:  # the notes are not installed
            return []
        links.append((danish_month(month), url))
    return links


@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    day = today()
    current = list(council_list(on=day))
    former = [c for c in council_list() if c not in current]
    return render(
        request,
        "monitoring/dashboard_index.html",
        {"current": current, "former": former},
    )


def _note_address(council: Council, asked: str, until: dt.date) -> str | None:
    """The note's address for a month typed as 2020-03, if the council had that month."""
    try:
        kind, month = period_parse(asked)
    except ValueError:
        return None
    if kind != PeriodKind.MONTH or month > until or not council.is_valid_on(month):
        return None
    try:
        return reverse(
            "monitoring:note", kwargs={"council": council.slug, "month": f"{month:%Y-%m}"}
        )
    except NoReverseMatch:
        return None


@require_GET
def dashboard(request: HttpRequest, council: str) -> HttpResponse:
    body = _council(council)
    until = dashboard_until(council=body, today=today())
    asked = request.GET.get("notat", "").strip()
    note_problem = ""
    if asked:
        address = _note_address(body, asked, until)
        if address:
            return redirect(address)
        note_problem = _("Skriv en måned som 2020-03 mellem %(start)s og %(end)s.") % {
            "start": f"{max(body.valid_from, dt.date(2015, 1, 1)):%Y-%m}",
            "end": f"{until:%Y-%m}",
        }
    data = council_dashboard(council=body, today=today())
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "council": body,
            "dashboard": data,
            "is_synthetic": data.is_synthetic,
            "notes": _note_links(body, data.until),
            "note_asked": asked,
            "note_problem": note_problem,
            "note_range": (f"{max(body.valid_from, dt.date(2015, 1, 1)):%Y-%m}", f"{until:%Y-%m}"),
        },
    )


@require_GET
def insight(request: HttpRequest, council: str) -> HttpResponse:
    body = _council(council)
    periods = insight_reads.insight_periods(council=body)
    choices = [
        (period_code(PeriodKind.HALF_YEAR, p), period_label(PeriodKind.HALF_YEAR, p))
        for p in periods
    ]
    chosen = periods[0] if periods else None
    asked = request.GET.get("periode")
    if asked:
        try:
            kind, start = period_parse(asked)
        except ValueError:
            kind, start = "", None
        if kind != PeriodKind.HALF_YEAR or start not in periods:
            raise Http404(_("Der er ingen tal for den periode."))
        chosen = start
    report = None
    problem = ""
    chart = None
    if chosen is not None:
        try:
            report = insight_reads.municipality_insight(council=body, period=chosen)
        except ValidationFailed as error:
            problem = error.message
    if report is not None and report.has_figures:
        rows = [row for row in report.rows if row.actual is not None]
        chart = bar_chart(
            title=_("Andel på offentlig forsørgelse, faktisk og forventet, %(period)s")
            % {"period": report.period_label},
            labels=[row.name for row in rows],
            series=[
                Series(_("Faktisk andel"), [float(row.actual or 0) for row in rows]),
                Series(
                    _("Forventet andel"),
                    [float(row.expected) if row.expected is not None else None for row in rows],
                ),
            ],
            unit="%",
            horizontal=True,
            label_heading=_("Kommune"),
            decimals=1,
        )
    return render(
        request,
        "monitoring/insight.html",
        {
            "council": body,
            "report": report,
            "problem": problem,
            "chart": chart,
            "choices": choices,
            "chosen": period_code(PeriodKind.HALF_YEAR, chosen) if chosen else "",
            "is_synthetic": bool(report and report.is_synthetic),
        },
    )


@require_GET
def refund(request: HttpRequest, council: str) -> HttpResponse:
    body = _council(council)
    day = today()
    until = dashboard_until(council=body, today=day)
    try:
        steps = refund_reads.refund_steps_on(day)
    except ValidationFailed as error:
        return render(
            request, "monitoring/refund.html", {"council": body, "problem": error.message}
        )
    spell_form = SpellForm(request.GET if "weeks" in request.GET else None)
    spell = None
    if spell_form.is_bound and spell_form.is_valid():
        spell = refund_reads.municipal_cost(
            weekly_benefit=spell_form.cleaned_data["weekly_benefit"],
            weeks=spell_form.cleaned_data["weeks"],
            persons=spell_form.cleaned_data["persons"],
            on=day,
        )
    band_bound = "band_weekly_benefit" in request.GET
    band_form = BandForm(request.GET if band_bound else BandForm.initial_for(steps), steps=steps)
    costs = None
    if band_form.is_valid():
        costs = refund_reads.council_refund_costs(
            council=body,
            until=until,
            weekly_benefit=band_form.cleaned_data["band_weekly_benefit"] or Decimal(0),
            shares=band_form.shares(),
        )
    return render(
        request,
        "monitoring/refund.html",
        {
            "council": body,
            "steps": steps,
            "step_rows": [
                (refund_reads.step_label(step), step.rate, refund_reads.HUNDRED - step.rate)
                for step in steps
            ],
            "steps_from": steps[0].valid_from if steps else None,
            "spell_form": spell_form,
            "spell": spell,
            "band_form": band_form,
            "band_bound": band_bound,
            "costs": costs,
            "costs_period": danish_month(costs.period_start) if costs else "",
            "is_synthetic": bool(costs and costs.is_synthetic),
        },
    )
