"""Pool money and SIRI's supplementary job titles: the public table and the staff pages.

Public: /positivliste/<council>/puljemidler/ (each municipality's allocation and spending per
year, as a table and a chart). Staff, the council's secretariat only:
/sekretariat/positivliste/<council>/puljemidler/import/ and …/siri/ (proposals, a new
proposal, the decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from raadsrum.core.charts import Series, bar_chart
from raadsrum.core.danish import MONTHS, danish_date, danish_number
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.core.tabular import ImportRejected, RowError
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import today
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.positivelist import pool_selectors, pool_services, siri_selectors, siri_services
from raadsrum.positivelist.models import JobTitle, SupplementaryTitleProposal

View = Callable[..., HttpResponseBase]
MONTH_ROWS = 12


# --- Formatting (a template never computes a number) -------------------------------------------


def kroner(value: Decimal | None) -> str:
    """`1.234.568 kr.`; '–' when there is no figure."""
    return "–" if value is None else f"{danish_number(value)} kr."


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{danish_number(value, 1)} %"


def month_label(key: str) -> str:
    """'2020-01' → 'januar 2020'."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


# --- Access -------------------------------------------------------------------------------------


def secretariat_view(methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Log in, find the council in the address, and let only its secretariat in."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, council: str, **kwargs: Any) -> HttpResponseBase:
            found = get_object_or_404(Council, slug=council)
            try:
                check_is_secretariat(
                    user=request.user,
                    council=found,
                    refusal=_("Kun rådets sekretariat har adgang til denne side."),
                )
                return view(request, found, **kwargs)
            except PermissionDenied as denied:
                return render(
                    request,
                    "positivelist/pool/forbidden.html",
                    {"message": denied.message},
                    status=403,
                )

        wrapper.pool_access = "secretariat"  # type: ignore[attr-defined]
        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


# --- Pool money: the public table ---------------------------------------------------------------


def _thousands(value: Decimal | None) -> float | None:
    return None if value is None else float(value / 1000)


def _chart(table: pool_selectors.PoolTable) -> str:
    """The table as a bar chart (core.charts: accessible SVG with a title and a summary)."""
    rows = [r for r in table.rows if r.allocation is not None]
    chart = bar_chart(
        title=_("Udmøntning og forbrug %(year)s") % {"year": table.year},
        labels=[r.municipality.name for r in rows],
        series=[
            Series(_("Udmøntning"), [_thousands(r.allocation) for r in rows]),
            Series(_("Forbrug"), [_thousands(r.spent) for r in rows]),
        ],
        unit=_("1.000 kr."),
        horizontal=True,
        label_heading=_("Kommune"),
        decimals=0,
    )
    return chart.svg(element_id=f"pool-chart-{table.year}")


@require_http_methods(["GET"])
def pool(request: HttpRequest, council: str) -> HttpResponse:
    found = get_object_or_404(Council, slug=council)
    years = pool_selectors.pool_years(council=found)
    try:
        year = int(request.GET.get("aar", "") or (years[-1] if years else today().year))
    except ValueError:
        year = years[-1] if years else today().year
    table = pool_selectors.pool_table(council=found, year=year)
    rows = [
        {
            "municipality": r.municipality,
            "allocation": kroner(r.allocation),
            "spent": kroner(r.spent),
            "share": percent(r.share_spent),
            "has_figures": r.allocation is not None,
        }
        for r in table.rows
    ]
    context = {
        "council": found,
        "year": year,
        "years": years,
        "table": table,
        "rows": rows,
        "has_figures": any(r.allocation is not None for r in table.rows),
        "totals": {
            "allocation": kroner(table.total_allocation),
            "spent": kroner(table.total_spent),
            "share": percent(table.total_share_spent),
        },
        "predecessor_area": [c for c in table.area_councils if c != found],
        "chart_svg": _chart(table) if any(r.allocation for r in table.rows) else "",
        "can_import": _is_secretariat(request, found),
    }
    return render(request, "positivelist/pool/pool.html", context)


def _is_secretariat(request: HttpRequest, council: Council) -> bool:
    try:
        check_is_secretariat(user=request.user, council=council, refusal="")
    except PermissionDenied:
        return False
    return True


# --- Pool money: the import ---------------------------------------------------------------------


class PoolImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil (CSV eller Excel)"),
        help_text=gettext_lazy("Kolonner: kommune eller kommunekode, år, udmøntning, forbrug."),
        widget=forms.ClearableFileInput(attrs={"class": "form-input", "accept": ".csv,.xlsx"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("År (kun hvis filen ikke har en kolonne 'år')"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )


@secretariat_view(methods=("GET", "POST"))
def pool_import(request: HttpRequest, council: Council) -> HttpResponse:
    form = PoolImportForm(request.POST or None, request.FILES or None)
    row_errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = pool_services.pool_import(
                content=upload.read(),
                filename=upload.name,
                by=request.user,
                year=form.cleaned_data["year"],
            )
        except ImportRejected as rejected:
            form.add_error(None, rejected.message)
            row_errors = rejected.errors
        except (ValidationFailed, PermissionDenied) as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("Puljemidlerne er indlæst: %s") % result.summary())
            url = reverse("positivelist:pool", args=[council.slug])
            return redirect(f"{url}?aar={result.years[-1]}")
    return render(
        request,
        "positivelist/pool/import.html",
        {"council": council, "form": form, "row_errors": row_errors},
        status=422 if form.errors else 200,
    )


# --- SIRI: supplementary job titles -------------------------------------------------------------


def _proposal_rows(proposals: list[SupplementaryTitleProposal]) -> list[dict[str, Any]]:
    rows = []
    for proposal in proposals:
        counts = [c for _m, c in siri_selectors.month_series(proposal)]
        months = siri_selectors.month_series(proposal)
        rows.append(
            {
                "proposal": proposal,
                "counts": (
                    f"{min(counts)}–{max(counts)}"
                    if counts and min(counts) != max(counts)
                    else (str(counts[0]) if counts else "–")
                ),
                "period": (
                    f"{month_label(months[0][0])} – {month_label(months[-1][0])}" if months else ""
                ),
                "valid_to": danish_date(proposal.valid_to) if proposal.valid_to else "",
                "decided_on": danish_date(proposal.decided_on) if proposal.decided_on else "",
            }
        )
    return rows


def expiry_context(*, council: Council, on: dt.date | None = None) -> dict[str, Any]:
    """What `positivelist/siri/_expiry_warning.html` needs (for other pages that include it)."""
    on = on or today()
    return {
        "siri_council": council,
        "siri_expiring": [
            {
                "title": e.proposal.job_title.title,
                "valid_to": danish_date(e.proposal.valid_to) if e.proposal.valid_to else "",
                "days_left": e.days_left,
            }
            for e in siri_selectors.supplementary_titles_expiring(council=council, on=on)
        ],
    }


@secretariat_view()
def siri_list(request: HttpRequest, council: Council) -> HttpResponse:
    proposals = list(siri_selectors.supplementary_title_list(council=council))
    context = {
        "council": council,
        "rows": _proposal_rows(proposals),
        "validity_years": siri_services.VALIDITY_YEARS,
        "warning_days": siri_selectors.EXPIRY_WARNING_DAYS,
        **expiry_context(council=council),
        "siri_council": None,  # the warning is on this page: no link to it
    }
    return render(request, "positivelist/siri/list.html", context)


class ProposalForm(forms.Form):
    job_title = forms.ModelChoiceField(
        label=gettext_lazy("Stillingsbetegnelse"),
        queryset=JobTitle.objects.order_by("title"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    pasted = forms.CharField(
        label=gettext_lazy("Eller indsæt to kolonner fra et regneark"),
        help_text=gettext_lazy("Én måned pr. linje: måned og antal, fx '2020-01  4'."),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 5}),
    )
    evidence = forms.CharField(
        label=gettext_lazy("Begrundelse"),
        help_text=gettext_lazy(
            "Hvorfor er der mangel i regionen, som arbejdskraft uden for EU kan dække?"
        ),
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, MONTH_ROWS + 1):
            self.fields[f"month_{index}"] = forms.CharField(
                label=_("Måned %(n)s") % {"n": index},
                required=False,
                widget=forms.DateInput(
                    attrs={
                        "type": "month",
                        "class": "form-input input-width-s",
                        "placeholder": "ÅÅÅÅ-MM",
                    }
                ),
            )
            self.fields[f"count_{index}"] = forms.IntegerField(
                label=_("Antal ledige, måned %(n)s") % {"n": index},
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
            )
        self.month_rows: list[tuple[forms.BoundField, forms.BoundField]] = [
            (self[f"month_{i}"], self[f"count_{i}"]) for i in range(1, MONTH_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        counts: dict[str, int] = {}
        try:
            if (data.get("pasted") or "").strip():
                counts = siri_services.parse_job_wish_text(data["pasted"])
            else:
                for index in range(1, MONTH_ROWS + 1):
                    month, count = data.get(f"month_{index}"), data.get(f"count_{index}")
                    if not month and count is None:
                        continue
                    if not month or count is None:
                        raise ValidationFailed(
                            _("Række %(n)s: udfyld både måned og antal.") % {"n": index}
                        )
                    counts[siri_services.parse_month(str(month))] = count
                counts = siri_services.clean_job_wish_counts(counts)
        except ValueError:
            self.add_error(None, _("Skriv måneden som 2020-01."))
        except ValidationFailed as failed:
            self.add_error(None, failed.message)
        if not counts and not self.errors:
            self.add_error(None, _("Angiv antal ledige med jobønsket for mindst én måned."))
        data["job_wish_counts"] = counts
        return data


@secretariat_view(methods=("GET", "POST"))
def siri_propose(request: HttpRequest, council: Council) -> HttpResponse:
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = siri_services.supplementary_title_propose(
                council=council,
                job_title=form.cleaned_data["job_title"],
                job_wish_counts=form.cleaned_data["job_wish_counts"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except (ValidationFailed, Conflict, PermissionDenied) as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(
                request,
                _("%(title)s er foreslået (kategori i balancen: %(category)s).")
                % {
                    "title": proposal.job_title.title,
                    "category": proposal.get_balance_category_display() or _("ikke i balancen"),
                },
            )
            return redirect("positivelist:siri_list", council=council.slug)
    return render(
        request,
        "positivelist/siri/propose.html",
        {"council": council, "form": form},
        status=422 if form.errors else 200,
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Afgørelse"),
        choices=[
            (SupplementaryTitleProposal.Status.APPROVED, gettext_lazy("Godkendt")),
            (SupplementaryTitleProposal.Status.REJECTED, gettext_lazy("Ikke godkendt")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Besluttet den"),
        help_text=gettext_lazy("En godkendelse gælder i 2 år fra denne dato."),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-input input-width-s"}, format="%Y-%m-%d"
        ),
    )


@secretariat_view(methods=("GET", "POST"))
def siri_decide(request: HttpRequest, council: Council, proposal: int) -> HttpResponse:
    try:
        found = siri_selectors.supplementary_title_get(council=council, pk=proposal)
    except SupplementaryTitleProposal.DoesNotExist:
        return render(
            request,
            "positivelist/pool/forbidden.html",
            {"message": _("Forslaget findes ikke.")},
            status=404,
        )
    form = DecisionForm(request.POST or None, initial={"decided_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            decided = siri_services.supplementary_title_decide(
                proposal=found,
                status=form.cleaned_data["status"],
                decided_on=form.cleaned_data["decided_on"],
                by=request.user,
            )
        except (ValidationFailed, Conflict, PermissionDenied) as failed:
            form.add_error(None, failed.message)
        else:
            if decided.valid_to is not None:
                messages.success(
                    request,
                    _("%(title)s er godkendt og gælder til og med %(to)s.")
                    % {"title": decided.job_title.title, "to": danish_date(decided.valid_to)},
                )
            else:
                messages.success(
                    request, _("Afgørelsen for %(title)s er registreret.") % {"title": decided}
                )
            return redirect("positivelist:siri_list", council=council.slug)
    return render(
        request,
        "positivelist/siri/decide.html",
        {
            "council": council,
            "proposal": found,
            "row": _proposal_rows([found])[0],
            "months": [(month_label(m), c) for m, c in siri_selectors.month_series(found)],
            "form": form,
        },
        status=422 if form.errors else 200,
    )
