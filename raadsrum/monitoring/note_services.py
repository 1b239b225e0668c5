"""Writes for key-figures notes: attaching a note to an agenda item as a PDF attachment.

The note is built from the store at the moment of attaching, and what it stated is kept in
a `KeyFiguresReport` (its JSON), so the meeting's attachment can always be explained later.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from raadsrum.core.audit import audit_record
from raadsrum.core.danish import danish_month
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_lineage
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.meetings.models import AgendaItem
from raadsrum.meetings.services import attachment_add
from raadsrum.monitoring.keyfigures import build_note
from raadsrum.monitoring.models import KeyFiguresReport
from raadsrum.monitoring.render import note_pdf, note_pdf_filename


def note_title(month: dt.date) -> str:
    """'Nøgletalsnotat marts 2020', the attachment's title."""
    return _("Nøgletalsnotat %(month)s") % {"month": danish_month(month)}


@transaction.atomic
def note_attach(
    *,
    council: Council,
    month: dt.date,
    item: AgendaItem,
    by: User | AnonymousUser,
    on: dt.date | None = None,
) -> KeyFiguresReport:
    """Build the note, attach its PDF to the item and keep what it stated.

    Only the council's secretariat may; the item must be on a meeting of the council (or of
    a council that succeeded it). Attaching the same note to the same item again (a double
    click) returns the report already made instead of adding a second attachment.
    """
    check_is_secretariat(
        user=by,
        council=council,
        refusal=_("Kun sekretariatet kan sætte et nøgletalsnotat på dagsordenen."),
    )
    if item.meeting.council_id not in {c.pk for c in council_lineage(council=council)}:
        raise ValidationFailed(
            _("Punktet hører til et andet råds møde end %(council)s.") % {"council": council.name}
        )
    month = month.replace(day=1)
    title = note_title(month)
    existing = (
        KeyFiguresReport.objects.filter(council=council, period_start=month, attached_to=item)
        .order_by("-built_at")
        .first()
    )
    if existing is not None and item.attachments.filter(title=title).exists():
        return existing
    note = build_note(council=council, month=month, on=on)
    if not note.has_data:
        raise ValidationFailed(
            _("Der er ingen tal for %(council)s i %(month)s, så notatet kan ikke laves.")
            % {"council": council.name, "month": danish_month(month)}
        )
    pdf = note_pdf(note)
    upload = SimpleUploadedFile(note_pdf_filename(note), pdf, content_type="application/pdf")
    attachment = attachment_add(item=item, by=by, title=title, upload=upload)
    report = KeyFiguresReport.objects.create(
        council=council,
        period_start=month,
        data=note.to_json(),
        is_synthetic=note.is_synthetic,
        built_by=by if isinstance(by, User) else None,
        attached_to=item,
    )
    audit_record(
        actor=by,
        action="keyfigures.attach",
        target=report,
        details={"attachment": attachment.pk, "item": item.pk, "month": f"{month:%Y-%m}"},
    )
    return report
