"""The secretariat's positive-list pages: the rounds and each round's hub page, the balance
(import and view), proposing and fixing job titles, the organisation directory and opening
the consultation.

Every view is wrapped in `secretariat_view`: it logs the user in, gets the round or council in
the address through a selector that refuses anyone but the council's secretariat, and turns
PermissionDenied into a 403 page. A service's Danish message is shown as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from raadsrum.core.danish import danish_join
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.core.tabular import ImportRejected
from raadsrum.councils.models import Council
from raadsrum.positivelist import forms_rounds as forms
from raadsrum.positivelist import selectors, services
from raadsrum.positivelist.models import (
    BalanceCategory,
    Invitation,
    JobTitle,
    LabourMarketBalance,
    PositiveListVersion,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.views_pool import expiry_context

View = Callable[..., HttpResponseBase]

# The hub page marks the steps done, current or still to come.
STEP_OF_STATUS = {
    Round.Status.DRAFT: 1,
    Round.Status.TITLES_FIXED: 2,
    Round.Status.CONSULTATION: 2,
    Round.Status.SCREENING: 3,
    Round.Status.RECOMMENDED: 4,
    Round.Status.DECIDED: 6,  # past the last step (5): every step is done
}


def secretariat_view(methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Log in; with `round_id` in the address pass the round, with `council_slug` the
    council, otherwise the councils whose secretariat the user is. 403 for anyone else."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            try:
                if "round_id" in kwargs:
                    found = selectors.round_for_secretariat(
                        user=user, round_id=kwargs.pop("round_id")
                    )
                    return view(request, found, *args, **kwargs)
                if "invitation_id" in kwargs:
                    invitation = get_object_or_404(
                        Invitation.objects.select_related("consultation__round"),
                        pk=kwargs.pop("invitation_id"),
                    )
                    found = selectors.round_for_secretariat(
                        user=user, round_id=invitation.consultation.round_id
                    )
                    return view(request, found, invitation, *args, **kwargs)
                if "council_slug" in kwargs:
                    council = selectors.council_for_secretariat(
                        user=user, slug=kwargs.pop("council_slug")
                    )
                    return view(request, council, *args, **kwargs)
                councils = selectors.secretariat_councils(user=user)
                if not councils:
                    raise PermissionDenied(_("Kun rådets sekretariat arbejder med positivlisten."))
                return view(request, councils, *args, **kwargs)
            except PermissionDenied as denied:
                return render(
                    request,
                    "positivelist/rounds/forbidden.html",
                    {"message": denied.message},
                    status=403,
                )

        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


def _round_url(round: Round, anchor: str = "") -> str:
    url = reverse("positivelist:round_detail", args=[round.pk])
    return f"{url}#{anchor}" if anchor else url


def _list_url(council: Council) -> str | None:
    """The council's published list (another part of the app), if its page exists."""
    try:
        return reverse("positivelist:list", kwargs={"council": council.slug})
    except NoReverseMatch:
        return None


# --- Rounds ----------------------------------------------------------------------------------


@secretariat_view()
def round_index(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    """The rounds of the user's councils, newest first, with each council's tools."""
    rounds = list(selectors.round_list(councils=councils))
    council_rows = [
        {
            "council": council,
            "balance": selectors.balance_in_force(council=council),
            "list_url": _list_url(council),
            "rounds": [r for r in rounds if r.council_id == council.pk],
            **expiry_context(council=council),
        }
        for council in councils
    ]
    return render(
        request,
        "positivelist/rounds/index.html",
        {"council_rows": council_rows, "many_councils": len(councils) > 1},
    )


@secretariat_view(methods=("GET", "POST"))
def round_create(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    form = forms.RoundCreateForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.round_create(
                council=data["council"],
                kind=data["kind"],
                valid_from=data["valid_from"],
                title=data["title"],
                by=request.user,
            )
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("Runden '%(title)s' er oprettet.") % {"title": created})
            return redirect(_round_url(created))
    return render(request, "positivelist/rounds/create.html", {"form": form})


@secretariat_view()
def round_detail(request: HttpRequest, round: Round) -> HttpResponse:
    """The hub of the round: each step with what has been done and what is next."""
    entries = list(selectors.round_titles(round=round))
    consultation = selectors.round_consultation(round=round)
    invitations = selectors.invitation_statuses(consultation=consultation) if consultation else []
    current_step = STEP_OF_STATUS.get(Round.Status(round.status), 1)
    context = {
        "round": round,
        "council": round.council,
        "entries": entries,
        "fixed_entries": [e for e in entries if e.is_fixed],
        "consultation": consultation,
        "invitations": invitations,
        "submitted_count": sum(1 for i in invitations if i.status == selectors.SUBMITTED),
        "not_sent_count": sum(1 for i in invitations if i.status == selectors.NOT_SENT),
        "current_step": current_step,
        "steps_done": list(range(1, current_step)),
        "is_draft": round.status == Round.Status.DRAFT,
        "can_fix": round.status in (Round.Status.DRAFT, Round.Status.TITLES_FIXED) and entries,
        "can_open": round.status == Round.Status.TITLES_FIXED,
        "consultation_running": bool(consultation and round.status == Round.Status.CONSULTATION),
        "versions": PositiveListVersion.objects.filter(round=round).order_by("number"),
        "list_url": _list_url(round.council),
    }
    return render(request, "positivelist/rounds/detail.html", context)


def _filter_values(form: forms.BalanceFilterForm, default: list[str]) -> tuple[list[str], str]:
    if form.is_valid():
        chosen = form.cleaned_data["kategori"] or ([] if "kategori" in form.data else default)
        return list(chosen), form.cleaned_data["q"]
    return default, ""


@secretariat_view(methods=("GET", "POST"))
def round_propose(request: HttpRequest, round: Round) -> HttpResponse:
    """Candidates from the round's balance, filtered; ticked ones are added to the round."""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("job_title") if v.isdigit()]
        titles = list(JobTitle.objects.filter(pk__in=ids))
        back = request.POST.get("next", "")
        if not back.startswith(reverse("positivelist:round_propose", args=[round.pk])):
            back = reverse("positivelist:round_propose", args=[round.pk])
        if not titles:
            messages.error(request, _("Vælg mindst én stillingsbetegnelse."))
            return redirect(back)
        try:
            added = services.round_propose_titles(round=round, job_titles=titles, by=request.user)
        except ValidationFailed as failed:
            messages.error(request, failed.message)
            return redirect(back)
        messages.success(
            request,
            _("%(count)s stillingsbetegnelser er foreslået.") % {"count": len(added)},
        )
        return redirect(_round_url(round, "step-titles"))
    default = list(selectors.PROPOSAL_CATEGORIES)
    data = request.GET if request.GET else None
    form = forms.BalanceFilterForm(data, initial={"kategori": default})
    if data is None:
        categories, search = default, ""
    else:
        categories, search = _filter_values(form, default)
    candidates = list(
        selectors.balance_candidates(
            round=round, categories=categories or list(BalanceCategory.values), search=search
        )
    )
    return render(
        request,
        "positivelist/rounds/propose.html",
        {
            "round": round,
            "form": form,
            "candidates": candidates,
            "can_propose": round.status == Round.Status.DRAFT,
            "next": request.get_full_path(),
        },
    )


@secretariat_view(methods=("POST",))
def round_remove_title(request: HttpRequest, round: Round, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(RoundJobTitle.objects.select_related("job_title"), pk=entry_id)
    if entry.round_id != round.pk:
        return redirect(_round_url(round))
    try:
        services.round_remove_title(round=round, job_title=entry.job_title, by=request.user)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
    else:
        messages.success(request, _("%(title)s er fjernet fra runden.") % {"title": entry})
    return redirect(_round_url(round, "step-titles"))


@secretariat_view(methods=("GET", "POST"))
def round_fix(request: HttpRequest, round: Round) -> HttpResponse:
    """Record the committee's or chairmanship's decision on the job titles."""
    entries = list(selectors.round_titles(round=round))
    initial = {
        "fixed": [e.job_title_id for e in entries if e.is_fixed or round.status == "draft"],
        "fixed_by": round.titles_fixed_by,
        "fixed_on": round.titles_fixed_on,
        "decision": round.titles_decision,
        "version": round.version,
    }
    form = forms.FixTitlesForm(request.POST or None, entries=entries, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_fix_titles(
                round=round,
                fixed=data["fixed"],
                fixed_by=data["fixed_by"],
                fixed_on=data["fixed_on"],
                decision=data["decision"],
                by=request.user,
                expected_version=data["version"],
            )
        except (ValidationFailed, Conflict) as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("Stillingsbetegnelserne er fastlagt."))
            return redirect(_round_url(round, "step-titles"))
    return render(
        request,
        "positivelist/rounds/fix.html",
        {"round": round, "form": form, "entries": entries},
    )


# --- The consultation ------------------------------------------------------------------------


def _names(invitations: list[Invitation]) -> str:
    """'EUC Nord', 'EUC Nord og 3F Aalborg', 'A, B og C': the organisations, in Danish."""
    return danish_join([i.organisation.name for i in invitations])


@secretariat_view(methods=("GET", "POST"))
def consultation_open(request: HttpRequest, round: Round) -> HttpResponse:
    organisations = selectors.organisation_list(council=round.council, include_inactive=False)
    form = forms.ConsultationOpenForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(
                round=round,
                deadline=form.deadline(),
                organisations=list(form.cleaned_data["organisations"]),
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            not_mailed = selectors.invitations_not_mailed(consultation=consultation)
            if not_mailed:
                messages.warning(
                    request,
                    _(
                        "Høringen er åbnet, men e-mailen til %(names)s kunne ikke sendes. "
                        "Send linket igen fra listen nedenfor."
                    )
                    % {"names": _names(not_mailed)},
                )
            else:
                messages.success(
                    request,
                    _("Høringen er sendt til %(count)s organisationer.")
                    % {"count": consultation.invitations.count()},
                )
            return redirect(_round_url(round, "step-consultation"))
    return render(
        request,
        "positivelist/rounds/consultation_open.html",
        {
            "round": round,
            "form": form,
            "fixed_entries": [e for e in selectors.round_titles(round=round) if e.is_fixed],
            "has_organisations": organisations.exists(),
        },
    )


@secretariat_view(methods=("GET", "POST"))
def consultation_invite(request: HttpRequest, round: Round) -> HttpResponse:
    consultation = selectors.round_consultation(round=round)
    if consultation is None:
        messages.error(request, _("Runden er ikke sendt i høring."))
        return redirect(_round_url(round))
    organisations = selectors.organisations_not_invited(consultation=consultation)
    form = forms.InviteForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.consultation_invite(
                consultation=consultation,
                organisations=list(form.cleaned_data["organisations"]),
                by=request.user,
            )
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            not_mailed = [i for i in added if i.sent_at is None]
            if not_mailed:
                messages.warning(
                    request,
                    _(
                        "%(count)s organisationer er inviteret, men e-mailen til %(names)s "
                        "kunne ikke sendes. Send linket igen fra listen nedenfor."
                    )
                    % {"count": len(added), "names": _names(not_mailed)},
                )
            else:
                messages.success(
                    request,
                    _("%(count)s organisationer er inviteret.") % {"count": len(added)},
                )
            return redirect(_round_url(round, "step-consultation"))
    return render(
        request,
        "positivelist/rounds/consultation_invite.html",
        {"round": round, "form": form, "consultation": consultation},
    )


@secretariat_view(methods=("POST",))
def invitation_resend(request: HttpRequest, round: Round, invitation: Invitation) -> HttpResponse:
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
    else:
        messages.success(
            request,
            _("Et nyt link er sendt til %(name)s. Det gamle link virker ikke længere.")
            % {"name": invitation.organisation.name},
        )
    return redirect(_round_url(round, "step-consultation"))


# --- The balance -----------------------------------------------------------------------------


@secretariat_view(methods=("GET", "POST"))
def balance_import(request: HttpRequest, council: Council) -> HttpResponse:
    form = forms.BalanceImportForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            balance = services.balance_import(
                council=council,
                period_start=form.cleaned_data["period_start"],
                content=upload.read(),
                filename=upload.name,
                by=request.user,
            )
        except ImportRejected as rejected:
            form.add_error(None, rejected.message)
            row_errors = rejected.errors
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(
                request,
                _("Balancen er indlæst: %(count)s stillingsbetegnelser.")
                % {"count": balance.entries.count()},
            )
            return redirect(
                reverse("positivelist:balance", args=[council.slug])
                + "?"
                + urlencode({"udgave": balance.pk})
            )
    return render(
        request,
        "positivelist/rounds/balance_import.html",
        {"council": council, "form": form, "row_errors": row_errors},
        status=400 if row_errors else 200,
    )


@secretariat_view()
def balance_view(request: HttpRequest, council: Council) -> HttpResponse:
    """A release of the balance (the one in force unless `udgave` says which), filtered."""
    releases = list(selectors.balance_releases(council=council))
    in_force = selectors.balance_in_force(council=council)
    balance: LabourMarketBalance | None = in_force
    chosen = request.GET.get("udgave", "")
    if chosen.isdigit():
        balance = next((r for r in releases if r.pk == int(chosen)), balance)
    form = forms.BalanceFilterForm(request.GET or None)
    categories, search = _filter_values(form, []) if request.GET else ([], "")
    entries = (
        list(selectors.balance_entries(balance=balance, categories=categories, search=search))
        if balance
        else []
    )
    history = None
    title_id = request.GET.get("historik", "")
    if title_id.isdigit():
        job_title = JobTitle.objects.filter(pk=int(title_id)).first()
        if job_title is not None:
            history = {
                "job_title": job_title,
                "points": selectors.balance_history(job_title=job_title, council=council),
            }
    query = request.GET.copy()
    query.pop("historik", None)
    return render(
        request,
        "positivelist/rounds/balance.html",
        {
            "council": council,
            "balance": balance,
            "in_force": in_force,
            "releases": releases,
            "form": form,
            "entries": entries,
            "counts": [
                (code, BalanceCategory(code).label, count)
                for code, count in selectors.balance_category_counts(balance=balance).items()
            ]
            if balance
            else [],
            "keep": [("udgave", balance.pk)] if balance and balance != in_force else [],
            "filtered": bool(categories or search),
            "history": history,
            "query": query.urlencode(),
        },
    )


# --- Organisations ---------------------------------------------------------------------------


@secretariat_view()
def organisation_list(request: HttpRequest, council: Council) -> HttpResponse:
    return render(
        request,
        "positivelist/rounds/organisations.html",
        {"council": council, "organisations": selectors.organisation_list(council=council)},
    )


@secretariat_view(methods=("GET", "POST"))
def organisation_add(request: HttpRequest, council: Council) -> HttpResponse:
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.organisation_add(council=council, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("%(name)s er tilføjet.") % {"name": added.name})
            return redirect("positivelist:organisations", council.slug)
    return render(
        request,
        "positivelist/rounds/organisation_form.html",
        {"council": council, "form": form, "organisation": None},
    )


@secretariat_view(methods=("GET", "POST"))
def organisation_edit(request: HttpRequest, council: Council, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get(council=council, organisation_id=organisation_id)
    initial = {"name": organisation.name, "kind": organisation.kind, "email": organisation.email}
    form = forms.OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,
                is_active=True if request.POST.get("reactivate") else None,
                **form.cleaned_data,
            )
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("%(name)s er gemt.") % {"name": organisation.name})
            return redirect("positivelist:organisations", council.slug)
    return render(
        request,
        "positivelist/rounds/organisation_form.html",
        {"council": council, "form": form, "organisation": organisation},
    )


@secretariat_view(methods=("POST",))
def organisation_deactivate(
    request: HttpRequest, council: Council, organisation_id: int
) -> HttpResponse:
    organisation = selectors.organisation_get(council=council, organisation_id=organisation_id)
    services.organisation_deactivate(organisation=organisation, by=request.user)
    messages.success(
        request,
        _("%(name)s er deaktiveret og inviteres ikke til nye høringer.")
        % {"name": organisation.name},
    )
    return redirect("positivelist:organisations", council.slug)


@secretariat_view(methods=("GET", "POST"))
def organisation_import(request: HttpRequest, council: Council) -> HttpResponse:
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            result = services.organisation_import(
                council=council, content=upload.read(), filename=upload.name, by=request.user
            )
        except ImportRejected as rejected:
            form.add_error(None, rejected.message)
            row_errors = rejected.errors
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(
                request,
                _("%(created)s organisationer er tilføjet, %(updated)s er opdateret.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("positivelist:organisations", council.slug)
    return render(
        request,
        "positivelist/rounds/organisation_import.html",
        {"council": council, "form": form, "row_errors": row_errors},
        status=400 if row_errors else 200,
    )
