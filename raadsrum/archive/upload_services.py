"""The archive's web upload: many files in, a dry-run report for each, then commit or discard.

`batch_create` stores the files and queues one background job per file (archive.tasks),
which runs `document_import(..., commit=False)` and keeps the report. When every file is
read, the batch is READY: the secretariat sees the reports and calls `batch_commit` (one
job per readable file, each `document_import(..., commit=True)` in its own transaction, so
one bad file never blocks the rest) or `batch_discard` (rows and stored files deleted).

Every state change that two requests or two workers could race on is a conditional UPDATE
("from this state to that"), so a double-clicked commit or a job run twice imports nothing
twice; `document_import` is idempotent by the file's SHA-256 besides.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from raadsrum.archive.parsing import ImportFailed
from raadsrum.archive.services import ImportResult, check_can_import, document_import
from raadsrum.archive.upload_models import UploadBatch, UploadFile
from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.errors import PermissionDenied, RaadsrumError, ValidationFailed
from raadsrum.councils.selectors import UserLike

logger = logging.getLogger(__name__)

BODY_LABELS = {
    "council": "rådsmøde",
    "chairmanship": "formandskabsmøde",
    "case_committee": "møde i sagsudvalget",
    "positive_list_committee": "møde i positivlisteudvalget",
    "other": "udvalgsmøde",
}


# --- Who may do what -------------------------------------------------------------------------


def check_can_upload(*, user: UserLike) -> None:
    """The secretariat of any council (or a superuser) uploads; what each file may become
    is checked per file by `document_import`, against the council the file names."""
    check_can_import(user=user)


def check_can_see_batch(*, user: UserLike, batch: UploadBatch) -> None:
    """A batch belongs to the user who uploaded it; superusers may help with any batch."""
    check_can_upload(user=user)
    if getattr(user, "is_superuser", False) or batch.created_by_id == user.pk:
        return
    raise PermissionDenied(_("Uploaden tilhører en anden bruger."))


# --- Upload ----------------------------------------------------------------------------------


def _size_label(size: int) -> str:
    return str(filesizeformat(size)).replace("\xa0", " ")


def validate_files(files: Sequence[UploadedFile]) -> None:
    """Raise ValidationFailed (one Danish message naming every offending file) unless the
    batch has 1 to ARCHIVE_UPLOAD_MAX_FILES files, each at most ARCHIVE_UPLOAD_MAX_BYTES."""
    max_files: int = settings.ARCHIVE_UPLOAD_MAX_FILES
    max_bytes: int = settings.ARCHIVE_UPLOAD_MAX_BYTES
    if not files:
        raise ValidationFailed(_("Vælg mindst én fil."))
    if len(files) > max_files:
        raise ValidationFailed(
            _("Du har valgt %(count)s filer; der kan højst uploades %(max)s ad gangen.")
            % {"count": len(files), "max": max_files}
        )
    too_big = [f for f in files if (f.size or 0) > max_bytes]
    if too_big:
        names = ", ".join(f"«{f.name}» ({_size_label(f.size or 0)})" for f in too_big)
        raise ValidationFailed(
            ngettext(
                "Filen %(names)s er for stor: en fil må højst fylde %(max)s. Intet er uploadet.",
                "Filerne %(names)s er for store: en fil må højst fylde %(max)s. Intet er uploadet.",
                len(too_big),
            )
            % {"names": names, "max": _size_label(max_bytes)}
        )


def batch_create(*, files: Sequence[UploadedFile], by: UserLike) -> UploadBatch:
    """Store the files as a new batch and queue a dry-run import of each."""
    check_can_upload(user=by)
    validate_files(files)
    stored: list[UploadFile] = []
    try:
        with transaction.atomic():
            batch = UploadBatch.objects.create(created_by=acting_user(by))
            for position, upload in enumerate(files, start=1):
                name = (upload.name or f"fil-{position}")[:255]
                row = UploadFile(batch=batch, position=position, name=name, size=upload.size or 0)
                row.file.save(f"{position:03d}-{_safe_name(name)}", upload, save=False)
                stored.append(row)
                row.save()
            audit_record(
                actor=by,
                action="archive.upload",
                target=batch,
                details={"files": [f.name for f in stored]},
            )
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise
    _enqueue("upload_file_parse", [row.pk for row in stored])
    return batch


def _safe_name(name: str) -> str:
    """A file name for the disk: the original's letters, never a path."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in base).strip("._")
    return cleaned[-120:] or "fil"


def _enqueue(task_name: str, file_ids: list[int]) -> None:
    """Queue one background job per file (archive.tasks), after the rows are committed."""
    from raadsrum.archive import tasks

    job = getattr(tasks, task_name)
    for file_id in file_ids:
        job.enqueue(file_id)


# --- The background work: one file at a time ------------------------------------------------


def _claim(file_id: int, *, from_status: str, to_status: str) -> UploadFile | None:
    """Move a file from one state to the next if no one else has; None if someone had."""
    claimed = UploadFile.objects.filter(pk=file_id, status=from_status).update(status=to_status)
    if not claimed:
        return None
    return UploadFile.objects.select_related(
        "batch", "batch__created_by", "batch__committed_by"
    ).get(pk=file_id)


def _read(row: UploadFile) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def preview_of(result: ImportResult) -> dict[str, Any]:
    """What the upload page shows of a dry run: plain JSON, kept on the UploadFile."""
    parsed = result.parsed
    return {
        "status": result.status.value,
        "status_label": result.status_label,
        "message": result.message,
        "council": result.council_name or parsed.council or "",
        "body": BODY_LABELS.get(parsed.body or "", ""),
        "date": parsed.date,
        "virtual": bool(parsed.virtual),
        "sections": len(parsed.sections),
        "items": len(parsed.items),
        "decisions": sum(1 for item in parsed.items if item.fields["decision"].strip()),
        "attendance": len(parsed.attendance),
        "meeting_address": result.meeting_address,
        "found": list(result.report.found),
        "repaired": list(result.report.repaired),
        "warnings": list(result.report.warnings),
        "unread": list(result.report.unread),
        "differences": list(result.difference_lines),
    }


def _unexpected(row: UploadFile, error: BaseException) -> str:
    logger.exception(
        "Upload %s, file %s (%s) failed", row.batch_id, row.pk, row.name, exc_info=error
    )
    return _(
        "Filen kunne ikke behandles på grund af en fejl i Rådsrum. Fejlen er logget; "
        "prøv igen, eller kontakt driften."
    )


def file_parse_run(*, file_id: int) -> str:
    """Dry-run one waiting file and keep its report. Returns the file's new status."""
    row = _claim(
        file_id, from_status=UploadFile.Status.WAITING, to_status=UploadFile.Status.PARSING
    )
    if row is None:
        return "skipped"
    values: dict[str, Any]
    try:
        user = row.batch.created_by
        if user is None:
            raise PermissionDenied(_("Brugeren, der uploadede filen, findes ikke længere."))
        result = document_import(data=_read(row), filename=row.name, by=user, commit=False)
        values = {"status": UploadFile.Status.PARSED, "preview": preview_of(result), "error": ""}
    except ImportFailed as error:
        values = {"status": UploadFile.Status.UNREADABLE, "error": error.message}
    except RaadsrumError as error:
        values = {"status": UploadFile.Status.UNREADABLE, "error": error.message}
    except FileNotFoundError:
        values = {
            "status": UploadFile.Status.UNREADABLE,
            "error": _("Den uploadede fil findes ikke længere på serveren."),
        }
    except Exception as error:
        values = {"status": UploadFile.Status.UNREADABLE, "error": _unexpected(row, error)}
    # The batch may have been discarded meanwhile: then there is no row left to update.
    UploadFile.objects.filter(pk=row.pk, status=UploadFile.Status.PARSING).update(**values)
    _batch_settle(row.batch_id)
    return str(values["status"])


def file_commit_run(*, file_id: int) -> str:
    """Import one file for real, in its own transaction. Returns the file's new status."""
    row = _claim(
        file_id, from_status=UploadFile.Status.PARSED, to_status=UploadFile.Status.IMPORTING
    )
    if row is None:
        return "skipped"
    values: dict[str, Any]
    try:
        user = row.batch.committed_by or row.batch.created_by
        if user is None:
            raise PermissionDenied(_("Brugeren, der startede importen, findes ikke længere."))
        result = document_import(data=_read(row), filename=row.name, by=user, commit=True)
        values = {
            "status": UploadFile.Status.IMPORTED,
            "outcome": result.status.value,
            "message": result.message,
            "document": result.document,
            "error": "",
        }
    except ImportFailed as error:
        values = {"status": UploadFile.Status.FAILED, "error": error.message}
    except RaadsrumError as error:
        values = {"status": UploadFile.Status.FAILED, "error": error.message}
    except FileNotFoundError:
        values = {
            "status": UploadFile.Status.FAILED,
            "error": _("Den uploadede fil findes ikke længere på serveren."),
        }
    except Exception as error:
        values = {"status": UploadFile.Status.FAILED, "error": _unexpected(row, error)}
    UploadFile.objects.filter(pk=row.pk, status=UploadFile.Status.IMPORTING).update(**values)
    _batch_settle(row.batch_id)
    return str(values["status"])


def _batch_settle(batch_id: int) -> None:
    """After a file's job: when no file of the batch is left to do, the batch moves on.

    Each job commits its file's state before it asks, so of two jobs finishing together
    the later one sees both done; the conditional UPDATE lets only one of them move it.
    """
    files = UploadFile.objects.filter(batch_id=batch_id)
    if not files.filter(status__in=UploadFile.PENDING_PARSE).exists():
        UploadBatch.objects.filter(pk=batch_id, status=UploadBatch.Status.PARSING).update(
            status=UploadBatch.Status.READY
        )
    if not files.filter(status__in=UploadFile.PENDING_COMMIT).exists():
        UploadBatch.objects.filter(pk=batch_id, status=UploadBatch.Status.COMMITTING).update(
            status=UploadBatch.Status.DONE, finished_at=timezone.now()
        )


# --- Commit or discard -----------------------------------------------------------------------


def batch_commit(*, batch: UploadBatch, by: UserLike) -> bool:
    """Import every readable file of a READY batch in the background.

    Returns False, and does nothing, when the batch is not READY: a second click, or a
    second tab, finds it already committing or done.
    """
    check_can_see_batch(user=by, batch=batch)
    with transaction.atomic():
        started = UploadBatch.objects.filter(pk=batch.pk, status=UploadBatch.Status.READY).update(
            status=UploadBatch.Status.COMMITTING,
            committed_by=acting_user(by),
            committed_at=timezone.now(),
        )
        if not started:
            return False
        UploadFile.objects.filter(batch=batch, status=UploadFile.Status.UNREADABLE).update(
            status=UploadFile.Status.SKIPPED
        )
        file_ids = list(
            UploadFile.objects.filter(batch=batch, status=UploadFile.Status.PARSED)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        audit_record(
            actor=by, action="archive.upload_commit", target=batch, details={"files": len(file_ids)}
        )
    if file_ids:
        _enqueue("upload_file_commit", file_ids)
    else:
        _batch_settle(batch.pk)
    batch.refresh_from_db()
    return True


def batch_discard(*, batch: UploadBatch, by: UserLike) -> int:
    """Delete a batch that is not being imported: its rows and its stored files.

    Returns how many files were deleted. Raises ValidationFailed once import has started.
    """
    check_can_see_batch(user=by, batch=batch)
    with transaction.atomic():
        locked = UploadBatch.objects.filter(
            pk=batch.pk, status__in=[UploadBatch.Status.PARSING, UploadBatch.Status.READY]
        )
        paths = [f.file.name for f in UploadFile.objects.filter(batch__in=locked)]
        audit_record(
            actor=by, action="archive.upload_discard", target=batch, details={"files": len(paths)}
        )
        deleted, _counts = locked.delete()
        if not deleted:
            raise ValidationFailed(
                _("Importen af uploaden er gået i gang, så den kan ikke længere kasseres.")
            )
    storage = UploadFile._meta.get_field("file").storage
    for path in paths:
        if path:
            storage.delete(path)
    _remove_empty_folder(storage, f"batch-{batch.pk}")
    return len(paths)


def _remove_empty_folder(storage: Any, name: str) -> None:
    try:
        folder = storage.path(name)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        os.rmdir(folder)  # only if empty
