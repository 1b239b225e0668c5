"""The consultation form: an invited organisation proposes courses through its personal link.

No login: the token in the address is the key and opens one organisation's answer only. The
pages are never cached, never send the address on as a Referer, and Django's request log is
told not to write their address (it holds the token); we log the outcome without it.

The forms are exempt from Django's CSRF check, on purpose: there is no session or cookie to
abuse, and a forged request would need the secret token, which is the key itself. The check
would also refuse every post, as browsers send `Origin: null` under `no-referrer`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.core.tabular import ImportRejected, RowError
from raadsrum.positivelist import consultation_selectors as selectors
from raadsrum.positivelist import consultation_services as services
from raadsrum.positivelist.consultation_selectors import ConsultationClosed, InvalidLink
from raadsrum.positivelist.forms_consultation import (
    PREFIX,
    ProposalForm,
    ProposalFormSet,
    ResponseForm,
    UploadForm,
    proposal_initial,
    show_errors,
)
from raadsrum.positivelist.models import ConsultationResponse, Invitation

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def consultation_page(view: View) -> View:
    """Headers for a page whose address is a secret, and the link's refusals in one place."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, token, **kwargs)
        except ConsultationClosed as closed:
            response = _closed_page(request, closed)
        except InvalidLink as failed:
            response = render(
                request,
                "positivelist/consultation/invalid.html",
                {"message": failed.message},
                status=404,
            )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        if response.status_code >= 400:
            # Django would log "Gone: /hoering/<token>/"; log the outcome without the token.
            response._has_been_logged = True  # type: ignore[attr-defined]
            logger.info("consultation %s answered %s", view.__name__, response.status_code)
        return response

    return wrapper


def _closed_page(request: HttpRequest, closed: ConsultationClosed) -> HttpResponse:
    invitation = closed.invitation
    return render(
        request,
        "positivelist/consultation/closed.html",
        {
            "message": closed.message,
            "invitation": invitation,
            "round": invitation.consultation.round,
            "council": invitation.consultation.round.council,
            "response": selectors.response_for_invitation(invitation),
        },
        status=410,
    )


def _form_url(token: str) -> str:
    return reverse("positivelist:consultation_form", kwargs={"token": token})


# --- The form ------------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
@consultation_page
def consultation_form(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    response = selectors.response_for_invitation(invitation)
    job_titles = selectors.round_fixed_job_titles(invitation.consultation.round)
    form_kwargs = {"job_titles": job_titles}
    version = response.version if response else 0
    submitted = response is not None and response.status == ConsultationResponse.Status.SUBMITTED

    if request.method == "GET":
        initial = [proposal_initial(p) for p in selectors.proposals_of(response)]
        add_empty = not initial or request.GET.get("nyt") == "1"
        formset = ProposalFormSet(
            initial=initial,
            prefix=PREFIX,
            form_kwargs=form_kwargs,
        )
        if add_empty:
            formset.extra = 1
        head = ResponseForm(
            initial={
                "contact_name": response.contact_name if response else "",
                "expected_version": version,
            }
        )
        return _render_form(request, token, invitation, response, head, formset)

    action = request.POST.get("action", "draft")
    head = ResponseForm(request.POST)
    formset = ProposalFormSet(request.POST, prefix=PREFIX, form_kwargs=form_kwargs)
    general: list[str] = []
    conflict = ""
    if head.is_valid() and formset.is_valid():
        used: list[ProposalForm] = [
            form
            for form in formset.forms
            if not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]
        try:
            saved = services.response_save(
                invitation=invitation,
                contact_name=head.cleaned_data["contact_name"],
                proposals=[form.to_input() for form in used],
                expected_version=head.cleaned_data["expected_version"],
                submit=action == "submit" or submitted,
            )
        except services.ResponseInvalid as invalid:
            general = show_errors(invalid, head=head, used_forms=used)
        except Conflict as stale:
            conflict = stale.message
        else:
            return _after_save(request, token, saved, action)
    else:
        general = [str(e) for e in formset.non_form_errors()]
    return _render_form(
        request,
        token,
        invitation,
        response,
        head,
        formset,
        general_errors=general,
        conflict=conflict,
        failed_action=action,
        status=409 if conflict else 422,
    )


def _after_save(
    request: HttpRequest, token: str, saved: ConsultationResponse, action: str
) -> HttpResponse:
    if action == "submit":
        return HttpResponseRedirect(
            reverse("positivelist:consultation_receipt", kwargs={"token": token})
        )
    if action == "add":
        messages.success(request, _("Svaret er gemt. Udfyld det nye kursus nederst."))
        count = saved.proposals.count()
        return HttpResponseRedirect(f"{_form_url(token)}?nyt=1#kursus-{count}")
    if saved.status == ConsultationResponse.Status.SUBMITTED:
        messages.success(request, _("Ændringerne er gemt i jeres indsendte svar."))
    else:
        message = _(
            "Kladden er gemt. Den er ikke indsendt endnu: tryk 'Indsend svaret', når I er klar."
        )
        incomplete = sum(
            1
            for p in selectors.proposals_of(selectors.response_for_invitation(saved.invitation))
            if services.proposal_missing(services.proposal_input_of(p))
        )
        if incomplete:
            message += " " + ngettext(
                "%(count)s kursus mangler noget, før svaret kan indsendes.",
                "%(count)s kurser mangler noget, før svaret kan indsendes.",
                incomplete,
            ) % {"count": incomplete}
        messages.success(request, message)
    return HttpResponseRedirect(_form_url(token))


def _mark_missing(formset: Any) -> None:
    """Tell each course on the page what it still lacks before the answer can be submitted."""
    for form in formset.forms:
        shown = form.shown_input()
        form.missing = services.proposal_missing(shown) if shown is not None else []


def _left_to_do(
    head: ResponseForm, formset: Any, response: ConsultationResponse | None
) -> list[tuple[str, str, str]]:
    """(link target, what, what it lacks) for a saved draft: what stands between it and
    submitting. Empty for a submitted answer and for a page that shows errors."""
    if response is None or response.status == ConsultationResponse.Status.SUBMITTED:
        return []
    items: list[tuple[str, str, str]] = []
    if not (head.initial.get("contact_name") or "").strip():
        items.append(("#id_contact_name", str(head.fields["contact_name"].label), ""))
    for index, form in enumerate(formset.forms):
        if form.missing:
            title = (form.initial or {}).get("title") or ""
            course = _("Kursus %(number)s") % {"number": index + 1}
            what = f"{course}: {title}" if title else course
            items.append((f"#kursus-{index}", what, ", ".join(form.missing)))
    return items


def _error_summary(head: ResponseForm, formset: Any, general: list[str]) -> list[tuple[str, str]]:
    """(link target, text) for every error on the page, in page order."""
    items: list[tuple[str, str]] = [("#kurser", message) for message in general]
    for name in head.errors:
        for message in head.errors[name]:
            items.append((f"#id_{name}", f"{head.fields[name].label}: {message}"))
    for index, form in enumerate(formset.forms):
        course = _("Kursus %(number)s") % {"number": index + 1}
        names = [n for n in form.fields if n in form.errors] + [
            n for n in form.errors if n not in form.fields
        ]
        for name in names:
            messages_ = form.errors[name]
            if name == "__all__" or name not in form.fields:
                target = f"#kursus-{index}"
                label = course
            elif name == "job_title_ids":
                choices = list(form.fields[name].choices)
                suffix = "_0" if choices else ""
                target = f"#id_{PREFIX}-{index}-{name}{suffix}"
                label = f"{course}, {form.fields[name].label}"
            else:
                target = f"#id_{PREFIX}-{index}-{name}"
                label = f"{course}, {form.fields[name].label}"
            for message in messages_:
                items.append((target, f"{label}: {message}"))
    return items


def _render_form(
    request: HttpRequest,
    token: str,
    invitation: Invitation,
    response: ConsultationResponse | None,
    head: ResponseForm,
    formset: Any,
    *,
    general_errors: list[str] | None = None,
    conflict: str = "",
    upload_form: UploadForm | None = None,
    row_errors: list[RowError] | None = None,
    upload_message: str = "",
    failed_action: str = "",
    status: int = 200,
) -> HttpResponse:
    consultation = invitation.consultation
    version = response.version if response else 0
    summary = _error_summary(head, formset, general_errors or [])
    _mark_missing(formset)
    context = {
        "token": token,
        "invitation": invitation,
        "organisation": invitation.organisation,
        "consultation": consultation,
        "round": consultation.round,
        "council": consultation.round.council,
        "deadline": selectors.deadline_text(consultation),
        "job_titles": selectors.round_fixed_job_titles(consultation.round),
        "response": response,
        "submitted": response is not None
        and response.status == ConsultationResponse.Status.SUBMITTED,
        "head": head,
        "formset": formset,
        "error_summary": summary,
        "failed_action": failed_action,
        "left_to_do": [] if (summary or conflict) else _left_to_do(head, formset, response),
        "conflict": conflict,
        "upload_form": upload_form or UploadForm(initial={"expected_version": version}),
        "row_errors": row_errors or [],
        "upload_message": upload_message,
        "guide": services.template_guide(),
    }
    return render(
        request,
        "positivelist/consultation/form.html",
        context,
        status=status if (summary or conflict or row_errors or upload_message) else 200,
    )


# --- The upload, the template and the receipt ----------------------------------------------------


@csrf_exempt
@require_POST
@consultation_page
def consultation_upload(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    upload_form = UploadForm(request.POST, request.FILES)
    row_errors: list[RowError] = []
    message = ""
    if upload_form.is_valid():
        upload = upload_form.cleaned_data["upload"]
        try:
            saved = services.response_upload(
                invitation=invitation,
                content=upload.read(),
                filename=upload.name,
                expected_version=upload_form.cleaned_data["expected_version"],
            )
        except ImportRejected as rejected:
            message = rejected.message
            row_errors = rejected.errors
        except ConsultationClosed:
            raise
        except (Conflict, ValidationFailed) as failed:
            message = failed.message
        else:
            added = saved.proposals.count()
            messages.success(
                request,
                _(
                    "Filen er indlæst, og kurserne er føjet til svaret (nu %(count)s kurser). "
                    "Gennemgå dem nedenfor."
                )
                % {"count": added}
                + (
                    ""
                    if saved.status == ConsultationResponse.Status.SUBMITTED
                    else " " + _("Svaret er ikke indsendt endnu.")
                ),
            )
            return HttpResponseRedirect(_form_url(token) + "#kurser")
    response = selectors.response_for_invitation(invitation)
    initial = [proposal_initial(p) for p in selectors.proposals_of(response)]
    formset = ProposalFormSet(
        initial=initial,
        prefix=PREFIX,
        form_kwargs={"job_titles": selectors.round_fixed_job_titles(invitation.consultation.round)},
    )
    if not initial:
        formset.extra = 1
    head = ResponseForm(
        initial={
            "contact_name": response.contact_name if response else "",
            "expected_version": response.version if response else 0,
        }
    )
    return _render_form(
        request,
        token,
        invitation,
        response,
        head,
        formset,
        upload_form=upload_form,
        row_errors=row_errors,
        upload_message=message or (_("Filen blev ikke indlæst.") if upload_form.errors else ""),
        status=422,
    )


TEMPLATE_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@require_GET
@consultation_page
def consultation_template(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    round = invitation.consultation.round
    content = services.template_xlsx(round) if fmt == "xlsx" else services.template_csv(round)
    response = HttpResponse(content, content_type=TEMPLATE_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="kursusforslag-skabelon.{fmt}"'
    return response


@require_GET
@consultation_page
def consultation_receipt(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(token)
    response = selectors.response_for_invitation(invitation)
    if response is None or response.status != ConsultationResponse.Status.SUBMITTED:
        return HttpResponseRedirect(_form_url(token))
    consultation = invitation.consultation
    return render(
        request,
        "positivelist/consultation/receipt.html",
        {
            "token": token,
            "organisation": invitation.organisation,
            "round": consultation.round,
            "council": consultation.round.council,
            "deadline": selectors.deadline_text(consultation),
            "response": response,
            "proposals": selectors.proposals_of(response),
        },
    )
