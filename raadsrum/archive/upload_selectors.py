"""Reads for the archive's web upload: a user's batches, and how far a batch has come."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from raadsrum.archive.services import STATUS_LABELS, ImportStatus
from raadsrum.archive.upload_models import UploadBatch, UploadFile
from raadsrum.archive.upload_services import check_can_see_batch
from raadsrum.councils.selectors import UserLike

StrOrPromise = str | Promise

# A batch nobody has touched for this long probably has no worker running.
STALLED_AFTER = dt.timedelta(seconds=45)


def batch_list_for_user(*, user: UserLike, limit: int = 20) -> QuerySet[UploadBatch]:
    """The user's latest batches (every user's, for a superuser), newest first."""
    batches = UploadBatch.objects.select_related("created_by")
    if not getattr(user, "is_superuser", False):
        batches = batches.filter(created_by_id=user.pk)
    return batches.order_by("-created_at", "-id")[:limit]


def batch_get_for_user(*, user: UserLike, pk: int) -> UploadBatch:
    """The batch (Http404 if there is none); PermissionDenied if it is not the user's."""
    batch = get_object_or_404(UploadBatch.objects.select_related("created_by"), pk=pk)
    check_can_see_batch(user=user, batch=batch)
    return batch


def batch_files(*, batch: UploadBatch) -> list[UploadFile]:
    return list(batch.files.select_related("document__meeting__council").order_by("position"))


@dataclass
class UploadProgress:
    """How far a batch has come, for the progress bar and the summary."""

    status: str
    total: int
    done: int
    running: bool
    label: str
    stalled: bool = False
    outcomes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def batch_progress(*, batch: UploadBatch, files: list[UploadFile] | None = None) -> UploadProgress:
    files = files if files is not None else batch_files(batch=batch)
    status = batch.status
    if status in (UploadBatch.Status.PARSING, UploadBatch.Status.READY):
        total = len(files)
        done = sum(1 for f in files if f.status not in UploadFile.PENDING_PARSE)
        label = ngettext(
            "%(done)s af %(total)s fil læst", "%(done)s af %(total)s filer læst", total
        ) % {"done": done, "total": total}
        since = batch.created_at
    else:
        to_import = [
            f
            for f in files
            if f.status not in (UploadFile.Status.SKIPPED, UploadFile.Status.UNREADABLE)
        ]
        total = len(to_import)
        done = sum(1 for f in to_import if f.status not in UploadFile.PENDING_COMMIT)
        label = ngettext(
            "%(done)s af %(total)s fil importeret",
            "%(done)s af %(total)s filer importeret",
            total,
        ) % {"done": done, "total": total}
        since = batch.committed_at or batch.created_at
    running = status in (UploadBatch.Status.PARSING, UploadBatch.Status.COMMITTING)
    stalled = running and done == 0 and timezone.now() - since > STALLED_AFTER
    return UploadProgress(
        status=status,
        total=total,
        done=done,
        running=running,
        label=label,
        stalled=stalled,
        outcomes=_outcomes(files) if status == UploadBatch.Status.DONE else [],
    )


def _outcomes(files: list[UploadFile]) -> list[tuple[str, int]]:
    """('importeret', 2), ('fejlede', 1) …: the commit's result in the importer's words."""
    counts: Counter[str] = Counter()
    for f in files:
        if f.status == UploadFile.Status.IMPORTED and f.outcome:
            counts[STATUS_LABELS[ImportStatus(f.outcome)]] += 1
        elif f.status == UploadFile.Status.FAILED:
            counts[STATUS_LABELS[ImportStatus.FAILED]] += 1
        elif f.status in (UploadFile.Status.SKIPPED, UploadFile.Status.UNREADABLE):
            counts[_("ikke importeret (kunne ikke læses)")] += 1
    return list(counts.items())


# What the upload page says of each file: a verdict (the words on its badge and the DKFDS
# badge colour), before the import (what it will do) and after (what it did).
PREVIEW_VERDICTS: dict[str, tuple[StrOrPromise, str]] = {
    ImportStatus.IMPORTED: (gettext_lazy("Bliver et nyt møde"), "success"),
    ImportStatus.ALREADY_IMPORTED: (gettext_lazy("Allerede importeret; intet ændres"), "info"),
    ImportStatus.NEW_VERSION: (gettext_lazy("Ny version af et importeret møde"), "warning"),
    ImportStatus.LINKED: (gettext_lazy("Knyttes til et møde i Rådsrum"), "info"),
    ImportStatus.NO_MEETING: (gettext_lazy("Gemmes som dokument, uden møde"), "warning"),
    ImportStatus.NOT_MINUTES: (gettext_lazy("Ikke et referat; gemmes som dokument"), "info"),
}
DONE_VERDICTS: dict[str, tuple[StrOrPromise, str]] = {
    ImportStatus.IMPORTED: (gettext_lazy("Importeret som nyt møde"), "success"),
    ImportStatus.ALREADY_IMPORTED: (gettext_lazy("Allerede importeret"), "info"),
    ImportStatus.NEW_VERSION: (gettext_lazy("Ny version importeret"), "success"),
    ImportStatus.LINKED: (gettext_lazy("Knyttet til mødet"), "success"),
    ImportStatus.NO_MEETING: (gettext_lazy("Gemt som dokument, uden møde"), "warning"),
    ImportStatus.NOT_MINUTES: (gettext_lazy("Gemt som dokument"), "info"),
}


@dataclass
class FileRow:
    """One file on the upload page: the row, its verdict and the lines of its report."""

    file: UploadFile
    verdict: str
    variant: str  # DKFDS badge: success, info, warning, error
    message: str = ""
    meeting_url: str = ""

    @property
    def report(self) -> dict[str, object]:
        return self.file.preview or {}

    @property
    def meeting_date(self) -> dt.date | None:
        value = self.report.get("date")
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def file_rows(*, files: list[UploadFile]) -> list[FileRow]:
    rows = []
    for f in files:
        status = f.status
        message = ""
        meeting_url = ""
        if status == UploadFile.Status.WAITING:
            verdict, variant = _("Venter"), "info"
        elif status == UploadFile.Status.PARSING:
            verdict, variant = _("Læses …"), "info"
        elif status == UploadFile.Status.IMPORTING:
            verdict, variant = _("Importeres …"), "info"
        elif status == UploadFile.Status.PARSED:
            text, variant = PREVIEW_VERDICTS.get(f.preview.get("status", ""), ("", "info"))
            verdict = str(text)
        elif status == UploadFile.Status.IMPORTED:
            text, variant = DONE_VERDICTS.get(f.outcome, ("", "info"))
            verdict, message = str(text), f.message
            meeting = f.document.meeting if f.document else None
            if meeting is not None:
                meeting_url = reverse(
                    "meetings:meeting", args=[meeting.council.slug, meeting.date_slug]
                )
        elif status == UploadFile.Status.FAILED:
            verdict, variant, message = _("Import fejlede"), "error", f.error
        elif status == UploadFile.Status.SKIPPED:
            verdict, variant, message = _("Ikke importeret: kunne ikke læses"), "error", f.error
        else:  # UNREADABLE
            verdict, variant, message = _("Kan ikke læses"), "error", f.error
        rows.append(
            FileRow(
                file=f, verdict=verdict, variant=variant, message=message, meeting_url=meeting_url
            )
        )
    return rows
