"""Reads about the archive: imported documents, their versions, and meetings as parsed data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import QuerySet

from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.parsing.document import FIELD_NAMES
from raadsrum.councils.models import Committee, Council
from raadsrum.councils.selectors import council_list
from raadsrum.meetings.models import Meeting
from raadsrum.meetings.selectors import meeting_attendance


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def council_by_name(name: str) -> Council | None:
    """The council a document names: 'RAR Nordjylland' (or its genitive) → nordjylland."""
    wanted = _name_key(name)
    if not wanted:
        return None
    for council in council_list(on=None):
        if wanted in (_name_key(council.name), _name_key(council.name_genitive)):
            return council
    return None


def document_get_by_sha256(sha256: str) -> ImportedDocument | None:
    return (
        ImportedDocument.objects.select_related("meeting__council", "council")
        .filter(sha256=sha256)
        .first()
    )


def document_list(
    *, council: Council | None = None, kind: str | None = None
) -> QuerySet[ImportedDocument]:
    """Imported documents, newest first; `kind` is ImportedDocument.Kind (minutes/other)."""
    documents = ImportedDocument.objects.select_related("meeting__council", "council")
    if council is not None:
        documents = documents.filter(council=council)
    if kind is not None:
        documents = documents.filter(kind=kind)
    return documents.order_by("-imported_at", "-id")


def document_versions(*, meeting: Meeting) -> QuerySet[ImportedDocument]:
    """The files imported for one meeting, oldest version first."""
    return ImportedDocument.objects.filter(meeting=meeting).order_by("version")


def document_latest_for_meeting(*, meeting: Meeting) -> ImportedDocument | None:
    return ImportedDocument.objects.filter(meeting=meeting).order_by("-version").first()


def document_latest_without_meeting(*, source_name: str) -> ImportedDocument | None:
    """The newest earlier import of a file of this name that became no meeting."""
    return (
        ImportedDocument.objects.filter(source_name=source_name, meeting__isnull=True)
        .order_by("-imported_at", "-id")
        .first()
    )


def meeting_was_imported(*, meeting: Meeting) -> bool:
    """True if an import created the meeting (so a later import may update it)."""
    return ImportedDocument.objects.filter(
        meeting=meeting, outcome=ImportedDocument.Outcome.IMPORTED
    ).exists()


def meeting_for_import(
    *, council: Council, date: dt.date, committee: Committee | None
) -> Meeting | None:
    """The meeting a document for council, body and date belongs to, if there is one.

    With several meetings that day (sequence 1, 2 …), the one an earlier import made wins.
    """
    meetings = list(
        Meeting.objects.filter(council=council, date=date, committee=committee).order_by("sequence")
    )
    for meeting in meetings:
        if ImportedDocument.objects.filter(meeting=meeting).exists():
            return meeting
    return meetings[0] if meetings else None


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def meeting_as_parsed(*, meeting: Meeting) -> dict[str, Any]:
    """The meeting in the shape `ParsedDocument.to_json()` (plus sections and times) has.

    Lets an import compare a file with a meeting that was made in Rådsrum.
    """
    sections = list(meeting.sections.order_by("position"))
    items = []
    for section in sections:
        for item in section.items.order_by("position").prefetch_related("attachments"):
            items.append(
                {
                    "number": item.number.rstrip("."),
                    "title": item.title,
                    "kinds": list(item.kinds),
                    "has_presentation": item.has_presentation,
                    "fields": {name: getattr(item, name) for name in FIELD_NAMES},
                    "attachments": [
                        f"Bilag {a.number} – {a.title}"
                        for a in item.attachments.order_by("position")
                    ],
                }
            )
    return {
        "council": meeting.council.name,
        "body": meeting.body,
        "date": meeting.date.isoformat(),
        "virtual": meeting.is_virtual,
        "items": items,
        "attendance": [
            {"name": a.name, "group": a.group, "role": a.role}
            for a in meeting_attendance(meeting=meeting)
        ],
        "warnings": [],
        "sections": [
            {"number": s.number, "title": s.title, "is_theme": s.is_theme} for s in sections
        ],
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "ended_at": _time(meeting.ended_at),
    }
