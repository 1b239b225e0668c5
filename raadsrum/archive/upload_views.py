"""The secretariat's upload to the archive: `/arkiv/upload/` and one page per batch.

Every view is wrapped in `upload_view`, which logs the user in and asks
`upload_services.check_can_upload` (and, for a batch, `check_can_see_batch`) before the
view runs; PermissionDenied is a 403 page with the Danish reason. While a batch's files
are read or imported, the batch page polls its status fragment with htmx every two
seconds; without JavaScript the page reloads itself. POSTs redirect (a reload never
repeats them) and commit is safe to double-click: only the first click starts an import.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from raadsrum.archive import upload_selectors, upload_services
from raadsrum.archive.upload_models import UploadBatch
from raadsrum.core.errors import PermissionDenied, ValidationFailed

View = Callable[..., HttpResponseBase]
POLL_SECONDS = 2


def upload_view(methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Log in, check that the user may upload (and see the batch in `pk`), run the view."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                upload_services.check_can_upload(user=request.user)
                if "pk" in kwargs:
                    batch = upload_selectors.batch_get_for_user(
                        user=request.user, pk=kwargs.pop("pk")
                    )
                    return view(request, batch, *args, **kwargs)
                return view(request, *args, **kwargs)
            except PermissionDenied as denied:
                return render(
                    request,
                    "meetings/staff/forbidden.html",
                    {"message": denied.message},
                    status=403,
                )

        wrapper.upload_methods = methods  # type: ignore[attr-defined]
        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


def _batch_url(batch: UploadBatch) -> str:
    return reverse("archive_upload:batch", args=[batch.pk])


@upload_view(methods=("GET", "POST"))
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's latest batches; POST stores files and starts reading."""
    error = ""
    status = 200
    if request.method == "POST":
        try:
            batch = upload_services.batch_create(
                files=request.FILES.getlist("files"), by=request.user
            )
        except ValidationFailed as failed:
            error, status = failed.message, 422
        else:
            return redirect(_batch_url(batch))
    context = {
        "error": error,
        "batches": upload_selectors.batch_list_for_user(user=request.user),
        "max_files": settings.ARCHIVE_UPLOAD_MAX_FILES,
        "max_bytes": settings.ARCHIVE_UPLOAD_MAX_BYTES,
        "max_mb": settings.ARCHIVE_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "archive/upload.html", context, status=status)


def _batch_context(batch: UploadBatch) -> dict[str, Any]:
    files = upload_selectors.batch_files(batch=batch)
    progress = upload_selectors.batch_progress(batch=batch, files=files)
    return {
        "batch": batch,
        "files": files,
        "rows": upload_selectors.file_rows(files=files),
        "progress": progress,
        "poll_seconds": POLL_SECONDS,
        "Status": UploadBatch.Status,
        "readable": sum(1 for f in files if f.status == f.Status.PARSED),
    }


@upload_view()
def batch(request: HttpRequest, batch: UploadBatch) -> HttpResponse:
    """One batch: progress while it runs, then every file's report and the decision."""
    return render(request, "archive/upload_batch.html", _batch_context(batch))


@upload_view()
def batch_status(request: HttpRequest, batch: UploadBatch) -> HttpResponse:
    """The batch page's changing part, for htmx polling. The live region is updated (out
    of band) only when the count moved, so a screen reader is not told the same twice."""
    context = _batch_context(batch)
    progress = context["progress"]
    shown = f"{request.GET.get('status', '')}:{request.GET.get('done', '')}"
    context["announce"] = shown != f"{progress.status}:{progress.done}"
    return render(request, "archive/upload_batch_status.html", context)


@upload_view(methods=("POST",))
def batch_commit(request: HttpRequest, batch: UploadBatch) -> HttpResponse:
    if upload_services.batch_commit(batch=batch, by=request.user):
        messages.success(request, _("Importen er startet. Siden viser, hvordan det går."))
    else:
        messages.info(
            request, _("Importen af uploaden var allerede startet; intet er importeret to gange.")
        )
    return redirect(_batch_url(batch))


@upload_view(methods=("POST",))
def batch_discard(request: HttpRequest, batch: UploadBatch) -> HttpResponse:
    try:
        count = upload_services.batch_discard(batch=batch, by=request.user)
    except ValidationFailed as failed:
        messages.error(request, failed.message)
        return redirect(_batch_url(batch))
    messages.success(
        request,
        ngettext(
            "Uploaden er kasseret, og %(count)s fil er slettet.",
            "Uploaden er kasseret, og %(count)s filer er slettet.",
            count,
        )
        % {"count": count},
    )
    return redirect("archive_upload:upload")
