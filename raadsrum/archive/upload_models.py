"""The web upload's batches: files a secretariat uploaded, their dry-run reports, the outcome.

A batch goes parsing → ready (every file read, reports shown) → committing → done, or is
discarded (rows and stored files deleted) while parsing or ready. Each file carries its own
state, so a background job per file can run on any worker and the page can count progress.
The files wait in a private folder (settings.ARCHIVE_UPLOAD_ROOT), never served to anyone.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from raadsrum.archive.models import ImportedDocument


class UploadStorage(FileSystemStorage):
    """Where uploaded files wait: settings.ARCHIVE_UPLOAD_ROOT, outside MEDIA_ROOT, so no URL
    ever serves them. The folder is read from the settings each time (tests change it)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.ARCHIVE_UPLOAD_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def upload_storage() -> FileSystemStorage:
    return UploadStorage()


class UploadBatch(models.Model):
    class Status(models.TextChoices):
        PARSING = "parsing", _("Filerne læses")
        READY = "ready", _("Klar til at importere eller kassere")
        COMMITTING = "committing", _("Filerne importeres")
        DONE = "done", _("Importeret")

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PARSING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploadet af"),
    )
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("importeret af"),
    )
    committed_at = models.DateTimeField(_("import startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("upload til arkivet")
        verbose_name_plural = _("uploads til arkivet")

    def __str__(self) -> str:
        return f"Upload {self.pk} ({self.get_status_display()})"


def _upload_path(instance: UploadFile, filename: str) -> str:
    return f"batch-{instance.batch_id}/{filename}"


class UploadFile(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Venter på at blive læst")
        PARSING = "parsing", _("Læses")
        PARSED = "parsed", _("Læst")
        UNREADABLE = "unreadable", _("Kunne ikke læses")
        IMPORTING = "importing", _("Importeres")
        IMPORTED = "imported", _("Importeret")
        FAILED = "failed", _("Import fejlede")
        SKIPPED = "skipped", _("Ikke importeret")

    PENDING_PARSE = (Status.WAITING, Status.PARSING)
    PENDING_COMMIT = (Status.PARSED, Status.IMPORTING)

    batch = models.ForeignKey(
        UploadBatch, on_delete=models.CASCADE, related_name="files", verbose_name=_("upload")
    )
    position = models.PositiveIntegerField(_("nummer"))
    name = models.CharField(_("filnavn"), max_length=255)
    size = models.PositiveBigIntegerField(_("størrelse i bytes"))
    file = models.FileField(
        _("fil"), storage=upload_storage, upload_to=_upload_path, max_length=400
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    preview = models.JSONField(
        _("rapport fra prøveindlæsningen"),
        default=dict,
        blank=True,
        help_text="What document_import(commit=False) found; see upload.preview_of().",
    )
    error = models.TextField(_("fejl"), blank=True, help_text="The Danish reason it failed.")
    outcome = models.CharField(
        _("resultat"), max_length=20, blank=True, help_text="services.ImportStatus after the commit"
    )
    message = models.TextField(_("besked fra importen"), blank=True)
    document = models.ForeignKey(
        ImportedDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("importeret dokument"),
    )

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], name="archive_upload_file_position"
            )
        ]
        verbose_name = _("uploadet fil")
        verbose_name_plural = _("uploadede filer")

    def __str__(self) -> str:
        return self.name

    @property
    def report(self) -> dict[str, Any]:
        return self.preview or {}
