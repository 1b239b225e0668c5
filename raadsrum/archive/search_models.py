"""The search index: one row per public agenda item (and per imported document).

The rows are derived data, written only by `archive.search` from what the public may
read (a published minutes snapshot or a published agenda), so they can be dropped and
rebuilt at any time (`raadsrum search-index --rebuild`). The full-text part lives beside
them in the database's own machinery, created by the migrations: `tsvector` columns with
a GIN index on PostgreSQL, an FTS5 table of Snowball stems on SQLite.

Imported into `archive.models` so Django's app registry and migrations see it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from raadsrum.councils.models import Council
from raadsrum.meetings.models import Meeting


class SearchEntry(models.Model):
    class Source(models.TextChoices):
        MINUTES = "minutes", _("Referat")
        AGENDA = "agenda", _("Dagsorden")
        DOCUMENT = "document", _("Dokument")

    class Body(models.TextChoices):
        COUNCIL = "council", _("Rådet")
        CHAIRMANSHIP = "chairmanship", _("Formandskabet")
        COMMITTEE = "committee", _("Udvalg")

    source = models.CharField(max_length=10, choices=Source.choices)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Hook for imported documents that are not minutes (archive.models.ImportedDocument):
    # an id rather than a foreign key, so the index does not depend on the importer's model.
    document_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    url = models.CharField(max_length=300, blank=True, help_text="Address of a document row")
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.CharField(max_length=20, choices=Body.choices, blank=True)
    body_name = models.CharField(max_length=200, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    meeting_address = models.CharField(max_length=80, blank=True)
    position = models.PositiveIntegerField(default=0)
    item_number = models.CharField(max_length=24, blank=True)
    anchor = models.CharField(max_length=40, blank=True)
    kinds = models.CharField(max_length=3, blank=True)
    has_decision = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    title = models.TextField()
    decision = models.TextField(blank=True)
    # Every other public text of the item, in the order the minutes show them: the
    # number, summary, recommendation, presentation, next steps, background and the
    # attachments' titles (or a document's whole text).
    text = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-meeting_date", "position"]
        indexes = [
            # The two orders by date, so a page of the newest (or, for the decision
            # timeline, the oldest) matches is read in order instead of sorted.
            models.Index(fields=["-meeting_date", "position", "id"], name="archive_search_newest"),
            models.Index(
                fields=["meeting_date", "council", "position", "id"], name="archive_search_oldest"
            ),
            models.Index(fields=["council", "meeting_date"], name="archive_search_council"),
        ]
        verbose_name = _("søgeindeks-række")
        verbose_name_plural = _("søgeindeks")

    def __str__(self) -> str:
        return f"{self.meeting_address} {self.item_number} {self.title}".strip()
