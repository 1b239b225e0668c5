"""The case pages: list and overview, intake and imports, a case and its handling, the written
hearing, the quarterly summary.

Every view is wrapped in `case_view`, which logs the user in and checks one access level
before the view runs: "read" (the secretariat and the case committee), "handle" (the
secretariat) or "answer" (a member of the case committee). A view with a case in its address
gets the case from `access.case_for_user`, which records the view in the audit log; a view
that lists cases reads them through `access.case_list_for_user`, which records the listing.
A service's Danish message is shown as it stands; PermissionDenied is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from raadsrum.cases import access, forms, letters, overview, selectors, services, workflows
from raadsrum.cases.cpr import find_cpr
from raadsrum.cases.imports import ImportRejected, Quarter
from raadsrum.cases.models import Case, CaseKind, CaseStatus, HearingAnswer, KLVReport
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import SECRETARIAT

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 50


def _denied_read() -> str:
    return _("Kun sagsudvalget og sekretariatet kan se forvaltningssager.")


def _handle_councils(user: Any) -> list[Council]:
    """The councils whose cases the user may handle (their secretariat)."""
    return [
        c
        for c in access.case_councils_for_user(user=user)
        if SECRETARIAT in access.case_roles(user=user, council=c)
    ]


def _check_case(kind: str, user: Any, case: Case) -> frozenset[str]:
    roles = access.case_roles(user=user, council=case.council)
    if kind == "handle" and SECRETARIAT not in roles:
        raise PermissionDenied(_("Kun sekretariatet kan behandle forvaltningssager."))
    if kind == "answer" and access.CASE_COMMITTEE not in roles:
        raise PermissionDenied(_("Kun sagsudvalgets medlemmer svarer i en skriftlig høring."))
    return roles


def _check_councils(kind: str, user: Any) -> list[Council]:
    if kind == "handle":
        councils = _handle_councils(user)
        if not councils:
            raise PermissionDenied(_("Kun sekretariatet kan behandle forvaltningssager."))
        return councils
    councils = access.case_councils_for_user(user=user)
    if not councils:
        raise PermissionDenied(_denied_read())
    return councils


def case_view(access_kind: str, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Log in, check `access_kind`, then run the view.

    With `case_id` in the address the view gets the case (read through `case_for_user`, so
    the view is audited) and the user's roles in its council; with `council`, the council;
    otherwise the councils in which the user has that access.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                if "case_id" in kwargs:
                    case = access.case_for_user(request.user, kwargs.pop("case_id"))
                    roles = _check_case(access_kind, request.user, case)
                    return view(request, case, roles, **kwargs)
                if "council" in kwargs:
                    council = get_object_or_404(Council, slug=kwargs.pop("council"))
                    if not access.can_see_cases(user=request.user, council=council):
                        raise PermissionDenied(_denied_read())
                    return view(request, council, **kwargs)
                councils = _check_councils(access_kind, request.user)
                return view(request, councils, *args, **kwargs)
            except PermissionDenied as denied:
                return render(
                    request, "cases/forbidden.html", {"message": denied.message}, status=403
                )

        wrapper.case_access = access_kind  # type: ignore[attr-defined]
        wrapper.case_methods = methods  # type: ignore[attr-defined]
        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


def _detail_url(case: Case, anchor: str = "") -> str:
    url = reverse("cases:detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


# --- The list and its overview -------------------------------------------------------------------


@case_view("read")
def case_list(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    """The list of cases, filtered; without filters, the overview above it.

    The hot path (a filtered page of 50 out of tens of thousands) costs a fixed number of
    queries: the audited listing, one count, one page with its council and assignee joined;
    the rows reach the template as ready strings (`overview.list_rows`).
    """
    # The menu asks whether the user sees cases; the decorator has just worked it out.
    request._sees_cases = bool(councils)  # type: ignore[attr-defined]
    form = forms.CaseFilterForm(request.GET or None, councils=councils)
    filters: dict[str, Any] = {}
    filtered = False
    today = timezone.localdate()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filtered = form.is_filtered
        filters = {
            "council": data.get("raad"),
            "kind": form.kind,
            "status": data.get("status") or None,
            "assignee": data.get("sagsbehandler"),
        }
        if data.get("frist"):
            filters["deadline_before"] = overview.week_bounds(today)[1]
            filters["statuses"] = list(workflows.OPEN_STATES)
    cases = access.case_list_for_user(request.user, **filters)
    page = Paginator(overview.list_queryset(cases), PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "rows": overview.list_rows(page.object_list),
        "filtered": filtered,
        "query": query.urlencode(),
        "can_handle": access.can_handle_some_cases(user=request.user),
        "councils": councils,
        "many_councils": len(councils) > 1,
        "today": today,
        "current_quarter": Quarter(today.year, (today.month - 1) // 3 + 1),
    }
    if not filtered:
        # The overview reads the same cases again, unfiltered: that listing is audited too.
        everything = access.case_list_for_user(request.user)
        monday, sunday = overview.week_bounds(today)
        context.update(
            open_table=overview.open_by_kind_and_status(everything),
            due=everything.filter(status__in=workflows.OPEN_STATES, deadline__lte=sunday)
            .select_related("council")
            .order_by("deadline", "id")[:20],
            week=(monday, sunday),
            surge=overview.surge(everything, today=today),
        )
    return render(request, "cases/list.html", context)


@case_view("handle", methods=("POST",))
def bulk_decide(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    """Decide the ticked cases administratively; those the rule sends on are listed."""
    form = forms.BulkDecisionForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith(reverse("cases:list")):
        back = reverse("cases:list")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("case", [])))
        return redirect(back)
    cases = list(access.case_list_for_user(request.user).filter(pk__in=form.cleaned_data["case"]))
    try:
        result = services.cases_decide_administratively(
            cases=cases, by=request.user, reasons=form.cleaned_data["reasons"]
        )
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(back)
    if result.decided:
        messages.success(
            request,
            _("%(count)s sager er afgjort administrativt: %(refs)s.")
            % {
                "count": len(result.decided),
                "refs": ", ".join(c.reference for c in result.decided),
            },
        )
    for case, reason in result.refused:
        messages.warning(request, f"{case.reference}: {reason}")
    return redirect(back)


# --- Intake --------------------------------------------------------------------------------------


@case_view("handle")
def intake(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    kinds = [(forms.SLUG_FOR_KIND[k], k.label) for k in forms.FORM_KINDS]
    return render(request, "cases/intake.html", {"kinds": kinds})


def _cpr_field(form: Any) -> str | None:
    """The field holding what the CPR check refused, so the error is shown beside it."""
    for name, value in form.cleaned_data.items():
        if isinstance(value, str) and find_cpr(value):
            return str(name)
    return None


@case_view("handle", methods=("GET", "POST"))
def case_create(request: HttpRequest, councils: list[Council], kind: str) -> HttpResponse:
    if kind not in forms.KIND_SLUGS or forms.KIND_SLUGS[kind] not in forms.FORM_KINDS:
        raise Http404(_("Ukendt sagstype."))
    case_kind = forms.KIND_SLUGS[kind]
    form = forms.CaseCreateForm(request.POST or None, kind=case_kind, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(by=request.user, **form.service_kwargs())
        except ValidationFailed as failed:
            form.add_error(_cpr_field(form), failed.message)
        else:
            messages.success(request, _("Sag %(ref)s er oprettet.") % {"ref": case.reference})
            return redirect(_detail_url(case))
    return render(
        request,
        "cases/case_create.html",
        {"form": form, "kind": case_kind, "slug": kind},
        status=422 if form.errors else 200,
    )


def _import(
    request: HttpRequest,
    councils: list[Council],
    form_class: type[forms._ImportForm],
    template: str,
    run: Callable[[Any], HttpResponse],
) -> HttpResponse:
    form = form_class(request.POST or None, request.FILES or None, councils=councils)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            return run(form)
        except ImportRejected as rejected:
            form.add_error(None, rejected.message)
            row_errors = rejected.errors
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
    return render(
        request,
        template,
        {"form": form, "row_errors": row_errors},
        status=422 if form.errors else 200,
    )


@case_view("handle", methods=("GET", "POST"))
def worksharing_import(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    def run(form: forms.WorkSharingImportForm) -> HttpResponse:
        assert form.council is not None
        cases = services.worksharing_batch_import(
            council=form.council, rows=form.cleaned_data["table"].rows, by=request.user
        )
        messages.success(
            request,
            _("%(count)s sager om arbejdsfordeling er oprettet (%(first)s – %(last)s).")
            % {"count": len(cases), "first": cases[0].reference, "last": cases[-1].reference},
        )
        query = urlencode({"type": "arbejdsfordeling", "status": CaseStatus.RECEIVED})
        return redirect(f"{reverse('cases:list')}?{query}")

    return _import(
        request, councils, forms.WorkSharingImportForm, "cases/import_worksharing.html", run
    )


@case_view("handle", methods=("GET", "POST"))
def klv_import(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    def run(form: forms.KLVImportForm) -> HttpResponse:
        assert form.council is not None
        result = services.klv_import(
            council=form.council,
            municipality=form.cleaned_data["municipality"],
            quarter=form.cleaned_data["quarter"],
            rows=form.cleaned_data["table"].rows,
            by=request.user,
        )
        messages.success(
            request,
            _(
                "KLV-listen er indlæst som sag %(ref)s: %(breaches)s arbejdspladser overskrider "
                "rimelighedskravet, %(near)s er tæt på grænsen."
            )
            % {
                "ref": result.report.reference,
                "breaches": len(result.breaches),
                "near": len(result.near_limit),
            },
        )
        return redirect(_detail_url(result.report, "klv"))

    return _import(request, councils, forms.KLVImportForm, "cases/import_klv.html", run)


# --- One case ------------------------------------------------------------------------------------


def _hearings(case: Case) -> list[dict[str, Any]]:
    """Each hearing with its members and what each answered (or not yet)."""
    out = []
    for hearing in case.hearings.prefetch_related("recipients__person", "answers"):
        answers = {a.person_id: a for a in hearing.answers.all()}
        out.append(
            {
                "hearing": hearing,
                "rows": [(r, answers.get(r.person_id)) for r in hearing.recipients.all()],
                "tally": selectors.hearing_tally(hearing=hearing),
            }
        )
    return out


def _detail_context(
    request: HttpRequest, case: Case, roles: frozenset[str], **forms_in_use: Any
) -> dict[str, Any]:
    transitions = workflows.allowed_transitions(case.kind, case.status, roles)
    names = {t.name for t in transitions}
    context: dict[str, Any] = {
        "case": case,
        "facts": overview.case_facts(case),
        "notes": case.notes.select_related("author__person"),
        "documents": case.documents.all(),
        "hearings": _hearings(case),
        "can_handle": SECRETARIAT in roles,
        "is_open": case.status in workflows.OPEN_STATES,
        "is_member": access.CASE_COMMITTEE in roles,
        "simple_transitions": [
            t for t in transitions if t.name in {"start", "close", "withdraw_hearing"}
        ],
        "can_decide": "decide_administratively" in names,
        "can_send": "send_to_hearing" in names,
        "can_close_hearing": "close_hearing" in names,
        "can_reopen": "reopen" in names,
        "has_letter": bool(case.decided_by and case.decided_at),
    }
    if isinstance(case, KLVReport):
        context["klv_rows"] = case.rows.all()
    if context["can_decide"]:
        context["refusal"] = selectors.administrative_refusal(case=case)
    if context["can_handle"]:
        context.update(
            note_form=forms_in_use.get("note_form") or forms.NoteForm(),
            document_form=forms_in_use.get("document_form") or forms.DocumentForm(),
            handling_form=forms_in_use.get("handling_form") or forms.HandlingForm(case=case),
            decision_form=forms_in_use.get("decision_form") or forms.DecisionForm(kind=case.kind),
            committee_form=forms_in_use.get("committee_form")
            or forms.DecisionForm(kind=case.kind, prefix="committee"),
            hearing_form=forms_in_use.get("hearing_form") or forms.HearingSendForm(),
            reopen_form=forms_in_use.get("reopen_form") or forms.ReopenForm(),
        )
    return context


def _render_detail(
    request: HttpRequest,
    case: Case,
    roles: frozenset[str],
    *,
    status: int = 200,
    **forms_in_use: Any,
) -> HttpResponse:
    return render(
        request,
        "cases/detail.html",
        _detail_context(request, case, roles, **forms_in_use),
        status=status,
    )


@case_view("read")
def detail(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    return _render_detail(request, case, roles)


@case_view("handle", methods=("POST",))
def note_add(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_note_add(case=case, by=request.user, text=form.cleaned_data["text"])
        except ValidationFailed as failed:
            form.add_error("text", failed.message)
        else:
            messages.success(request, _("Notatet er gemt."))
            return redirect(_detail_url(case, "notes"))
    return _render_detail(request, case, roles, status=422, note_form=form)


@case_view("handle", methods=("POST",))
def document_add(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_document_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(_cpr_field(form) or "upload", failed.message)
        else:
            messages.success(request, _("Dokumentet er tilføjet."))
            return redirect(_detail_url(case, "documents"))
    return _render_detail(request, case, roles, status=422, document_form=form)


@case_view("read")
def document_download(
    request: HttpRequest, case: Case, roles: frozenset[str], document: int
) -> FileResponse:
    doc = get_object_or_404(case.documents, pk=document)
    access.case_audit_record(
        actor=request.user,
        action="case.document_download",
        case=case,
        details={"document": doc.pk},
    )
    name = doc.file.name.rsplit("/", 1)[-1]
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)


@case_view("handle", methods=("POST",))
def handling(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    """Deadline and principle mark, then the assignee if it changed."""
    form = forms.HandlingForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.case_update(
                case=case,
                by=request.user,
                expected_version=data["expected_version"],
                deadline=data["deadline"],
                is_question_of_principle=data["is_question_of_principle"],
            )
            if updated.assignee_id != (data["assignee"].pk if data["assignee"] else None):
                services.case_assign(case=updated, by=request.user, assignee=data["assignee"])
        except (ValidationFailed, Conflict) as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(request, _("Sagens frist og sagsbehandler er gemt."))
            return redirect(_detail_url(case, "handling"))
    return _render_detail(request, case, roles, status=422, handling_form=form)


_SIMPLE: dict[str, Callable[..., Case]] = {
    "start": services.case_start,
    "close": services.case_close,
    "withdraw_hearing": services.hearing_withdraw,
}
_SIMPLE_DONE = {
    "start": gettext_lazy("Behandlingen er påbegyndt."),
    "close": gettext_lazy("Sagen er lukket."),
    "withdraw_hearing": gettext_lazy("Sagen er trukket tilbage fra høringen."),
}


@case_view("handle", methods=("POST",))
def transition(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    """Start, close, or withdraw from a hearing: the steps that need no further input."""
    form = forms.TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["name"] not in _SIMPLE:
        messages.error(request, _("Ukendt handling."))
        return redirect(_detail_url(case))
    name = form.cleaned_data["name"]
    try:
        _SIMPLE[name](case=case, by=request.user)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
    else:
        messages.success(request, str(_SIMPLE_DONE[name]))
    return redirect(_detail_url(case))


@case_view("handle", methods=("POST",))
def reopen(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    form = forms.ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.case_reopen(case=case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationFailed as failed:
            form.add_error("reason", failed.message)
        else:
            messages.success(request, _("Sagen er genoptaget."))
            return redirect(_detail_url(case))
    return _render_detail(request, case, roles, status=422, reopen_form=form)


@case_view("handle", methods=("POST",))
def decide(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    """The secretariat's administrative decision, if the council's rule allows it."""
    form = forms.DecisionForm(request.POST, kind=case.kind)
    if form.is_valid():
        try:
            services.case_decide_administratively(case=case, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(_cpr_field(form), failed.message)
        else:
            messages.success(request, _("Sagen er afgjort administrativt."))
            return redirect(_detail_url(case, "decision"))
    return _render_detail(request, case, roles, status=422, decision_form=form)


@case_view("handle", methods=("POST",))
def hearing_send(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    form = forms.HearingSendForm(request.POST)
    if form.is_valid():
        try:
            hearing = services.case_send_to_hearing(
                case=case, by=request.user, deadline=form.cleaned_data["deadline"]
            )
        except ValidationFailed as failed:
            form.add_error(None, failed.message)
        else:
            messages.success(
                request,
                _("Sagen er sendt i skriftlig høring hos %(n)s medlemmer af sagsudvalget.")
                % {"n": hearing.recipients.count()},
            )
            return redirect(_detail_url(case, "hearing"))
    return _render_detail(request, case, roles, status=422, hearing_form=form)


@case_view("handle", methods=("POST",))
def hearing_close(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    """Close the hearing and record the committee's decision with its reasons."""
    form = forms.DecisionForm(request.POST, kind=case.kind, prefix="committee")
    if form.is_valid():
        try:
            services.hearing_close_and_decide(case=case, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(_cpr_field(form), failed.message)
        else:
            messages.success(request, _("Sagsudvalgets afgørelse er registreret."))
            return redirect(_detail_url(case, "decision"))
    return _render_detail(request, case, roles, status=422, committee_form=form)


@case_view("read")
def letter(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    try:
        pdf = letters.decision_letter_pdf(case)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_detail_url(case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="afgoerelse-{case.reference}.pdf"'
    return response


# --- The written hearing, for the committee's members --------------------------------------------


def _hearing_context(
    request: HttpRequest,
    case: Case,
    roles: frozenset[str],
    form: forms.HearingAnswerForm | None = None,
) -> dict[str, Any]:
    hearing = selectors.hearing_open(case=case)
    person = getattr(request.user, "person", None)
    asked = bool(
        hearing
        and person
        and case.status == CaseStatus.HEARING
        and hearing.recipients.filter(person=person).exists()
    )
    mine = (
        HearingAnswer.objects.filter(hearing=hearing, person=person).first()
        if hearing and person
        else None
    )
    if form is None and asked:
        form = forms.HearingAnswerForm(
            initial={"answer": mine.answer, "text": mine.text} if mine else None
        )
    return {
        "case": case,
        "facts": overview.case_facts(case),
        "documents": case.documents.all(),
        "hearing": hearing,
        "asked": asked,
        "mine": mine,
        "form": form,
        "expired": bool(hearing and timezone.now() > hearing.deadline),
        "can_handle": SECRETARIAT in roles,
    }


@case_view("read")
def hearing(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    return render(request, "cases/hearing.html", _hearing_context(request, case, roles))


@case_view("answer", methods=("POST",))
def hearing_answer(request: HttpRequest, case: Case, roles: frozenset[str]) -> HttpResponse:
    form = forms.HearingAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.hearing_answer(case=case, by=request.user, **form.cleaned_data)
        except ValidationFailed as failed:
            form.add_error(_cpr_field(form), failed.message)
        else:
            messages.success(request, _("Tak. Dit svar er gemt."))
            return redirect(reverse("cases:hearing", args=[case.pk]))
    return render(
        request, "cases/hearing.html", _hearing_context(request, case, roles, form), status=422
    )


# --- Quarterly summary ---------------------------------------------------------------------------


@case_view("read")
def quarter_summary(
    request: HttpRequest, council: Council, year: int, quarter: int
) -> HttpResponse:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise Http404(_("Ukendt kvartal."))
    q = Quarter(year, quarter)
    cases = access.case_list_for_user(request.user, council=council)
    summary = overview.quarter_summary(cases, quarter=q, today=timezone.localdate())
    previous = Quarter(year - 1, 4) if quarter == 1 else Quarter(year, quarter - 1)
    following = Quarter(year + 1, 1) if quarter == 4 else Quarter(year, quarter + 1)
    return render(
        request,
        "cases/quarter.html",
        {
            "council": council,
            "summary": summary,
            "text": overview.quarter_summary_text(summary, council_name=council.name),
            "previous": previous,
            "following": following,
            "kinds": CaseKind,
        },
    )
