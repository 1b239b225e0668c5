"""What the archive keeps of every imported file: its fingerprint, text, parse and report.

An imported file is an `ImportedDocument`. Minutes become (or update) a meeting through the
meetings services; the document row records which meeting, which version of it this file
is, and what changed since the previous version. Documents that are not minutes (slides,
notes) are kept with their text, so the archive search finds them too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council
from raadsrum.meetings.models import Meeting


class ImportedDocument(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Referat")
        OTHER = "other", _("Andet dokument")

    class Outcome(models.TextChoices):
        """What the import did with the file (the importer's ImportStatus, minus failures)."""

        IMPORTED = "imported", _("Importeret som nyt møde")
        NEW_VERSION = "new_version", _("Ny version af et importeret møde")
        LINKED = "linked", _("Knyttet til et møde, der findes i Rådsrum")
        NO_MEETING = "no_meeting", _("Referat gemt som dokument, uden møde")
        NOT_MINUTES = "not_minutes", _("Ikke et referat; gemt som dokument")

    source_name = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(_("SHA-256 af filen"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("størrelse i bytes"))
    file_type = models.CharField(_("filtype"), max_length=10, help_text="pdf, docx or text")
    pages = models.PositiveIntegerField(_("sider"), null=True, blank=True)
    kind = models.CharField(_("art"), max_length=10, choices=Kind.choices)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("råd"),
    )
    meeting_date = models.DateField(_("mødedato i teksten"), null=True, blank=True)
    body = models.CharField(_("organ"), max_length=30, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_documents",
        verbose_name=_("møde"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("forrige version"),
    )
    differences = models.JSONField(
        _("forskelle fra forrige version"),
        default=list,
        blank=True,
        help_text="A list of {'kind', 'number', 'field', 'text'}; 'text' is the Danish line.",
    )
    text = models.TextField(_("tekst"), blank=True, help_text="The repaired text, for search.")
    parsed = models.JSONField(_("indlæst indhold"), default=dict)
    report = models.JSONField(_("rapport"), default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("importeret af"),
    )
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=Q(meeting__isnull=False),
                name="archive_one_document_version_per_meeting",
            )
        ]
        verbose_name = _("importeret dokument")
        verbose_name_plural = _("importerede dokumenter")

    def __str__(self) -> str:
        return f"{self.source_name} (v{self.version})"

    @property
    def warnings(self) -> list[str]:
        return list(self.report.get("warnings", []))

    @property
    def difference_lines(self) -> list[str]:
        return [str(d.get("text", "")) for d in self.differences]

    def parsed_items(self) -> list[dict[str, Any]]:
        return list(self.parsed.get("items", []))


# The search index (archive.search) keeps its model in its own module; imported here so
# Django's app registry and migrations see it.
from raadsrum.archive.search_models import SearchEntry  # noqa: E402, F401

# The web upload (archive.upload) keeps its batches in its own module, likewise.
from raadsrum.archive.upload_models import UploadBatch, UploadFile  # noqa: E402, F401
