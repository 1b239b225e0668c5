"""`raadsrum export COUNCIL/DATE[-N] --document minutes --format pdf -o ud.pdf`.

Writes a meeting's agenda or minutes as PDF, DOCX or HTML. Minutes come from the newest
published snapshot when there is one (what was published, word for word), otherwise from
the live draft. Exit codes: 0 written, 1 no such meeting or no minutes, 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raadsrum.meetings.documents.model import MeetingDocument, meeting_document
from raadsrum.meetings.models import Meeting, Minutes
from raadsrum.meetings.selectors import meeting_get_by_address

FORMATS = ("pdf", "docx", "html")
DOCUMENTS = ("agenda", "minutes")
FILE_WORD = {"agenda": "dagsorden", "minutes": "referat"}


class Command(BaseCommand):
    help = "Skriv et mødes dagsorden eller referat som PDF, DOCX eller HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="mødets adresse, fx nordjylland/2020-06-04")
        parser.add_argument(
            "--document",
            choices=DOCUMENTS,
            default="minutes",
            help="dagsorden (agenda) eller referat (minutes)",
        )
        parser.add_argument("--format", choices=FORMATS, default="pdf", dest="fmt")
        parser.add_argument(
            "-o", "--output", default=None, help="filnavn; '-' skriver til standard output"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address: str = options["address"]
        kind: str = options["document"]
        fmt: str = options["fmt"]
        try:
            meeting = meeting_get_by_address(address)
        except Meeting.DoesNotExist:
            raise CommandError(f"Mødet {address} findes ikke.", returncode=1) from None
        doc = document_for_export(meeting, kind)
        if doc is None:
            raise CommandError(f"Mødet {address} har intet referat.", returncode=1)

        content = _render(doc, fmt)
        output = options["output"]
        if output is None and fmt != "html":
            output = f"{meeting.address.replace('/', '-')}-{FILE_WORD[kind]}.{fmt}"
        if output in (None, "-"):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"Skrev {output} ({len(content):,} byte)".replace(",", "."))


def document_for_export(meeting: Meeting, kind: str) -> MeetingDocument | None:
    """The agenda, or the minutes: the newest published snapshot, else the live draft.

    None when the meeting has no minutes at all.
    """
    if kind == "agenda":
        return meeting_document(meeting, "agenda")
    published = (
        meeting.minutes.filter(status=Minutes.Status.PUBLISHED, snapshot__isnull=False)
        .order_by("-version")
        .first()
    )
    if published is not None and published.snapshot:
        return MeetingDocument.from_dict(published.snapshot)
    if not meeting.minutes.exists():
        return None
    return meeting_document(meeting, "minutes")


def _render(doc: MeetingDocument, fmt: str) -> bytes:
    if fmt == "pdf":
        from raadsrum.meetings.documents.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from raadsrum.meetings.documents.docx import render_docx

        return render_docx(doc)
    from raadsrum.meetings.documents.html import render_html

    return render_html(doc).encode("utf-8")
