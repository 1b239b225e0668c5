"""Every write to meetings, agendas and minutes goes through one function here.

Each function checks who may do it, validates, writes in one transaction and records an
audit entry. Views, commands, the API and the importers call these, never the models.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.danish import danish_date
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Committee, Council, Person
from raadsrum.councils.selectors import UserLike
from raadsrum.meetings import numbering, workflows
from raadsrum.meetings.access import check_can_edit_agenda, check_is_secretariat, meeting_roles
from raadsrum.meetings.models import (
    AgendaItem,
    AgendaSection,
    AnnualPlanEntry,
    Attachment,
    Attendance,
    FollowUp,
    HearingComment,
    Meeting,
    Minutes,
    StandingItem,
    WrittenHearing,
)
from raadsrum.meetings.selectors import minutes_current

ITEM_TEXT_FIELDS = ("summary", "recommendation", "presentation", "next_steps", "background")
ITEM_EDITABLE_FIELDS = ("title", "kinds", "has_presentation", "needs_follow_up", *ITEM_TEXT_FIELDS)
DEFAULT_HEARING_DAYS = 7


class Keep:
    """Marks an argument as left out, where None itself is a value (clear the field)."""


KEEP = Keep()


# --- Meetings -----------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    council: Council,
    date: dt.date,
    by: UserLike,
    committee: Committee | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
    is_virtual: bool = False,
    virtual_link: str = "",
    title: str = "",
    from_template: bool = True,
) -> Meeting:
    """A new meeting, starting from the council's standing items unless told otherwise."""
    meeting = Meeting(council=council, committee=committee, date=date)
    check_can_edit_agenda(user=by, meeting=meeting)
    if committee is not None and committee.council_id != council.pk:
        raise ValidationFailed("Udvalget hører ikke til dette råd.")
    if start_time and end_time and end_time <= start_time:
        raise ValidationFailed("Mødet skal slutte efter, det begynder.")
    taken = Meeting.objects.filter(council=council, date=date).aggregate(m=Max("sequence"))["m"]
    meeting.sequence = (taken or 0) + 1
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.location = location
    meeting.is_virtual = is_virtual
    meeting.virtual_link = virtual_link
    meeting.title = title
    meeting.numbering_style = council.numbering_style
    meeting.theme_item_letters = council.theme_item_letters
    meeting.full_clean()
    meeting.save()
    if from_template and committee is None:
        _add_standing_items(meeting=meeting, standing=council.standing_items.all())
    audit_record(
        actor=by, action="meeting.create", target=meeting, details={"address": meeting.address}
    )
    return meeting


def _add_standing_items(*, meeting: Meeting, standing: Iterable[StandingItem]) -> None:
    sections: dict[str, AgendaSection] = {}
    for template in standing:
        section = sections.get(template.section_title)
        if section is None:
            section = AgendaSection.objects.create(
                meeting=meeting, title=template.section_title, position=len(sections)
            )
            sections[template.section_title] = section
        AgendaItem.objects.create(
            meeting=meeting,
            section=section,
            position=section.items.count(),
            title=template.title,
            kinds=template.kinds,
            summary=template.summary,
            recommendation=template.recommendation,
        )
    agenda_renumber(meeting=meeting)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: UserLike,
    date: dt.date | None = None,
    start_time: dt.time | None | Keep = KEEP,
    end_time: dt.time | None | Keep = KEEP,
    location: str | None = None,
    is_virtual: bool | None = None,
    virtual_link: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> Meeting:
    """Change when and where. A moved meeting keeps its calendar event (same UID, next SEQUENCE).

    Arguments left out keep their value. The times may also be given as None, which clears
    them (a meeting whose time is not fixed yet); the other fields cannot be emptied here.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    before = (meeting.date, meeting.start_time, meeting.end_time, meeting.location)
    changes = {
        "date": date,
        "location": location,
        "is_virtual": is_virtual,
        "virtual_link": virtual_link,
        "title": title,
        "note": note,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(meeting, field, value)
    if not isinstance(start_time, Keep):
        meeting.start_time = start_time
    if not isinstance(end_time, Keep):
        meeting.end_time = end_time
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        raise ValidationFailed("Mødet skal slutte efter, det begynder.")
    if date is not None and date != before[0]:
        taken = (
            Meeting.objects.filter(council=meeting.council, date=date)
            .exclude(pk=meeting.pk)
            .aggregate(m=Max("sequence"))["m"]
        )
        meeting.sequence = (taken or 0) + 1
    if (meeting.date, meeting.start_time, meeting.end_time, meeting.location) != before:
        meeting.calendar_sequence += 1
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=by,
        action="meeting.update",
        target=meeting,
        details={
            **{k: str(v) for k, v in changes.items() if v is not None},
            **{
                k: str(v) if v is not None else ""
                for k, v in (("start_time", start_time), ("end_time", end_time))
                if not isinstance(v, Keep)
            },
        },
    )
    return meeting


@transaction.atomic
def meeting_transition(*, meeting: Meeting, by: UserLike, name: str) -> Meeting:
    """Hold, cancel, hand to the chairmanship or to written procedure (workflows.MEETING)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    transition = workflows.check_transition(
        workflows.MEETING, meeting.status, name, meeting_roles(user=by, meeting=meeting)
    )
    if transition.target == Meeting.Status.HELD:
        _check_meeting_has_happened(meeting=meeting, what="markeres som afholdt")
    meeting.status = transition.target
    meeting.calendar_sequence += 1
    meeting.save(update_fields=["status", "calendar_sequence", "updated_at"])
    audit_record(actor=by, action=f"meeting.{name}", target=meeting)
    return meeting


@transaction.atomic
def meeting_end(*, meeting: Meeting, by: UserLike, ended_at: dt.time) -> Meeting:
    """Record when the meeting ended; it is then held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    _check_meeting_has_happened(meeting=meeting, what="have en sluttid")
    meeting.ended_at = ended_at
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["ended_at", "status", "updated_at"])
    audit_record(
        actor=by, action="meeting.end", target=meeting, details={"ended_at": ended_at.isoformat()}
    )
    return meeting


# --- Agenda: sections and items -------------------------------------------------------


@transaction.atomic
def section_add(
    *, meeting: Meeting, title: str, by: UserLike, is_theme: bool = False
) -> AgendaSection:
    """A theme goes first (numbered 0); other sections are added at the end."""
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    title = title.strip()
    if not title:
        raise ValidationFailed("Temaet skal have en overskrift.")
    sections = list(meeting.sections.order_by("position"))
    if is_theme and any(s.is_theme for s in sections):
        raise ValidationFailed("Mødet har allerede et tema. Der kan kun være ét.")
    section = AgendaSection(meeting=meeting, title=title, is_theme=is_theme)
    if is_theme:
        sections.insert(0, section)
    else:
        sections.append(section)
    section.position = sections.index(section)
    section.save()
    agenda_renumber(meeting=meeting, sections=sections)
    audit_record(actor=by, action="section.add", target=section)
    return section


@transaction.atomic
def section_update(*, section: AgendaSection, by: UserLike, title: str) -> AgendaSection:
    check_can_edit_agenda(user=by, meeting=section.meeting)
    _check_minutes_not_locked(meeting=section.meeting)
    if not title.strip():
        raise ValidationFailed("Temaet skal have en overskrift.")
    section.title = title.strip()
    section.save(update_fields=["title"])
    audit_record(actor=by, action="section.update", target=section)
    return section


@transaction.atomic
def section_delete(*, section: AgendaSection, by: UserLike) -> None:
    meeting = section.meeting
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    if section.items.exists():
        raise ValidationFailed("Temaet har stadig punkter. Flyt eller slet dem først.")
    audit_record(actor=by, action="section.delete", target=section)
    section.delete()
    agenda_renumber(meeting=meeting)


@transaction.atomic
def item_add(
    *,
    section: AgendaSection,
    title: str,
    by: UserLike,
    kinds: str = "",
    has_presentation: bool = False,
    position: int | None = None,
    **fields: str,
) -> AgendaItem:
    """A new item at the end of the section (or at `position`); the agenda renumbers."""
    meeting = section.meeting
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    decision = fields.pop("decision", "")
    unknown = set(fields) - set(ITEM_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown item fields: {sorted(unknown)}")
    item = AgendaItem(
        meeting=meeting,
        section=section,
        title=title.strip(),
        kinds=_clean_kinds(kinds),
        has_presentation=has_presentation,
        decision=decision,
        updated_by=acting_user(by),
        **fields,
    )
    _validate_item(item)
    siblings = list(section.items.order_by("position"))
    place = len(siblings) if position is None else max(0, min(position, len(siblings)))
    item.position = place
    item.save()
    siblings.insert(place, item)
    _reposition(siblings)
    agenda_renumber(meeting=meeting)
    item.refresh_from_db()
    audit_record(actor=by, action="item.add", target=item)
    return item


@transaction.atomic
def item_update(
    *, item: AgendaItem, by: UserLike, expected_version: int, **fields: Any
) -> AgendaItem:
    """Save an edit made on version `expected_version`.

    If someone saved the item since, nothing is written and Conflict says who and when:
    the first save is kept and the second editor is told to reload.
    """
    check_can_edit_agenda(user=by, meeting=item.meeting)
    _check_minutes_not_locked(meeting=item.meeting)
    unknown = set(fields) - set(ITEM_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if "kinds" in fields:
        fields["kinds"] = _clean_kinds(fields["kinds"])
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    candidate = AgendaItem(**{**_item_values(item), **fields})
    _validate_item(candidate)
    return _versioned_write(
        item=item, by=by, expected_version=expected_version, fields=fields, action="item.update"
    )


@transaction.atomic
def decision_record(
    *, item: AgendaItem, by: UserLike, decision: str, expected_version: int
) -> AgendaItem:
    """Write the decision into the minutes, during or after the meeting."""
    check_can_edit_agenda(user=by, meeting=item.meeting)
    _check_minutes_not_locked(meeting=item.meeting)
    _ensure_minutes(meeting=item.meeting)
    return _versioned_write(
        item=item,
        by=by,
        expected_version=expected_version,
        fields={"decision": decision.strip()},
        action="item.decision",
    )


def _versioned_write(
    *,
    item: AgendaItem,
    by: UserLike,
    expected_version: int,
    fields: dict[str, Any],
    action: str,
) -> AgendaItem:
    written = AgendaItem.objects.filter(pk=item.pk, version=expected_version).update(
        **fields,
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=acting_user(by),
    )
    if not written:
        current = AgendaItem.objects.select_related("updated_by").get(pk=item.pk)
        who = (
            current.updated_by.get_full_name() or current.updated_by.get_username()
            if current.updated_by
            else "en anden"
        )
        when = timezone.localtime(current.updated_at).strftime("%H.%M")
        raise Conflict(
            f"Punkt {current.number} blev ændret af {who} kl. {when}, mens du redigerede. "
            "Dine ændringer er ikke gemt, og den andens ændringer er bevaret. "
            "Genindlæs punktet og indsæt dine ændringer igen."
        )
    item.refresh_from_db()
    audit_record(
        actor=by,
        action=action,
        target=item,
        details={"fields": sorted(fields), "version": item.version},
    )
    return item


@transaction.atomic
def item_move(
    *, item: AgendaItem, by: UserLike, position: int, section: AgendaSection | None = None
) -> AgendaItem:
    """Move the item to `position` (0-based) in `section` (default: its own); renumber all."""
    meeting = item.meeting
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    target = section or item.section
    if target.meeting_id != meeting.pk:
        raise ValidationFailed("Punktet kan kun flyttes inden for samme møde.")
    old_number = item.number
    source_siblings = [i for i in item.section.items.order_by("position") if i.pk != item.pk]
    if target.pk == item.section_id:
        target_siblings = source_siblings
    else:
        target_siblings = list(target.items.order_by("position"))
        _reposition(source_siblings)
    place = max(0, min(position, len(target_siblings)))
    target_siblings.insert(place, item)
    item.section = target
    item.save(update_fields=["section"])
    _reposition(target_siblings)
    agenda_renumber(meeting=meeting)
    item.refresh_from_db()
    audit_record(
        actor=by, action="item.move", target=item, details={"from": old_number, "to": item.number}
    )
    return item


@transaction.atomic
def item_delete(*, item: AgendaItem, by: UserLike) -> None:
    meeting = item.meeting
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    audit_record(actor=by, action="item.delete", target=item, details={"number": item.number})
    item.delete()
    agenda_renumber(meeting=meeting)


def _reposition(items: list[AgendaItem]) -> None:
    for index, sibling in enumerate(items):
        if sibling.position != index:
            sibling.position = index
            AgendaItem.objects.filter(pk=sibling.pk).update(position=index)


def agenda_renumber(*, meeting: Meeting, sections: list[AgendaSection] | None = None) -> None:
    """Give sections, items and attachments their numbers from their order. Idempotent."""
    sections = sections if sections is not None else list(meeting.sections.order_by("position"))
    numbers = numbering.section_numbers([s.is_theme for s in sections])
    items_by_section: dict[int, list[AgendaItem]] = {}
    for item in meeting.items.order_by("position", "pk"):
        items_by_section.setdefault(item.section_id, []).append(item)
    attachments: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(item__meeting=meeting).order_by("position", "pk"):
        attachments.setdefault(attachment.item_id, []).append(attachment)
    changed_sections, changed_items, changed_attachments = [], [], []
    for position, (section, number) in enumerate(zip(sections, numbers, strict=True)):
        if (section.position, section.number) != (position, number):
            section.position, section.number = position, number
            changed_sections.append(section)
        for index, item in enumerate(items_by_section.get(section.pk, []), start=1):
            item_number = numbering.item_number(
                style=meeting.numbering_style,
                section_number=number,
                index=index,
                is_theme=section.is_theme,
                theme_letters=meeting.theme_item_letters,
            )
            if (item.position, item.number) != (index - 1, item_number):
                item.position, item.number = index - 1, item_number
                changed_items.append(item)
            for k, attachment in enumerate(attachments.get(item.pk, []), start=1):
                attachment_number = numbering.attachment_number(
                    section_number=number, index=index, position=k
                )
                if (attachment.position, attachment.number) != (k, attachment_number):
                    attachment.position, attachment.number = k, attachment_number
                    changed_attachments.append(attachment)
    AgendaSection.objects.bulk_update(changed_sections, ["position", "number"])
    AgendaItem.objects.bulk_update(changed_items, ["position", "number"])
    Attachment.objects.bulk_update(changed_attachments, ["position", "number"])


def _clean_kinds(kinds: str) -> str:
    try:
        return numbering.normalise_kinds(kinds)
    except ValueError as bad:
        raise ValidationFailed(
            "Behandling skal være B (beslutning), D (drøftelse) og/eller O (orientering)."
        ) from bad


def _validate_item(item: AgendaItem) -> None:
    if not item.title:
        raise ValidationFailed("Punktet skal have en overskrift.")
    if len(item.title) > 400:
        raise ValidationFailed("Overskriften er for lang (højst 400 tegn).")


def _item_values(item: AgendaItem) -> dict[str, Any]:
    return {
        f: getattr(item, f)
        for f in (
            "title",
            "kinds",
            "has_presentation",
            "needs_follow_up",
            *ITEM_TEXT_FIELDS,
            "decision",
        )
    }


# --- Attachments ----------------------------------------------------------------------

_ALLOWED_UPLOADS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def attachment_add(
    *,
    item: AgendaItem,
    by: UserLike,
    title: str,
    upload: UploadedFile | None = None,
    members_only: bool = False,
) -> Attachment:
    """An attachment numbered after the item ("Bilag 2.1.1"). Files: PDF, DOCX or XLSX."""
    check_can_edit_agenda(user=by, meeting=item.meeting)
    _check_minutes_not_locked(meeting=item.meeting)
    title = title.strip()
    if not title:
        raise ValidationFailed("Bilaget skal have en titel.")
    attachment = Attachment(item=item, title=title, members_only=members_only)
    if upload is not None:
        attachment.content_type = _check_upload(upload)
        attachment.original_name = upload.name or ""
        attachment.size = upload.size or 0
        attachment.file.save(upload.name or "bilag", upload, save=False)
    attachment.position = item.attachments.count() + 1
    attachment.save()
    agenda_renumber(meeting=item.meeting)
    attachment.refresh_from_db()
    audit_record(actor=by, action="attachment.add", target=attachment)
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: UserLike) -> None:
    meeting = attachment.item.meeting
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    audit_record(actor=by, action="attachment.delete", target=attachment)
    file = attachment.file
    attachment.delete()
    if file:
        transaction.on_commit(lambda: file.delete(save=False))
    agenda_renumber(meeting=meeting)


def _check_upload(upload: UploadedFile) -> str:
    """The content type, after checking the size, the ending and the file's own signature."""
    name = (upload.name or "").lower()
    ending = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ending not in _ALLOWED_UPLOADS:
        raise ValidationFailed("Bilag skal være en PDF-, Word- (DOCX) eller Excel-fil (XLSX).")
    limit = settings.ATTACHMENT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationFailed(
            f"Filen er for stor ({(upload.size or 0) / 1_048_576:.1f} MB). "
            f"Den største tilladte størrelse er {limit / 1_048_576:.0f} MB."
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ending == ".pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _is_office_zip(upload, ending)
    upload.seek(0)
    if not ok:
        raise ValidationFailed(
            f"Filen hedder {ending.upper().lstrip('.')}, men indholdet er ikke en gyldig "
            f"{ending.upper().lstrip('.')}-fil. Den kan være beskadiget."
        )
    return _ALLOWED_UPLOADS[ending]


def _is_office_zip(upload: UploadedFile, ending: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    part = "word/document.xml" if ending == ".docx" else "xl/workbook.xml"
    return "[Content_Types].xml" in names and part in names


# --- Attendance -----------------------------------------------------------------------


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    by: UserLike,
    name: str,
    role: str,
    group: str = "",
    organisation: str = "",
    status: str = Attendance.Status.PRESENT,
    person: Person | None = None,
) -> Attendance:
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    if not name.strip():
        raise ValidationFailed("Deltageren skal have et navn.")
    last = meeting.attendance.aggregate(m=Max("position"))["m"]
    row = Attendance(
        meeting=meeting,
        person=person,
        name=name.strip(),
        role=role,
        group=group,
        organisation=organisation,
        status=status,
        position=(last or 0) + 1,
    )
    row.full_clean()
    row.save()
    audit_record(actor=by, action="attendance.add", target=row)
    return row


@transaction.atomic
def attendance_set_status(
    *,
    attendance: Attendance,
    by: UserLike,
    status: str,
    represented_by: Attendance | None = None,
) -> Attendance:
    check_can_edit_agenda(user=by, meeting=attendance.meeting)
    _check_minutes_not_locked(meeting=attendance.meeting)
    if status not in Attendance.Status.values:
        raise ValidationFailed("Ukendt fremmøde.")
    if represented_by is not None and represented_by.meeting_id != attendance.meeting_id:
        raise ValidationFailed("Suppleanten skal være på samme møde.")
    attendance.status = status
    attendance.represented_by = represented_by if status == Attendance.Status.REPRESENTED else None
    attendance.save(update_fields=["status", "represented_by"])
    audit_record(
        actor=by, action="attendance.status", target=attendance, details={"status": status}
    )
    return attendance


# --- Agenda and minutes approval --------------------------------------------------------


@transaction.atomic
def agenda_transition(*, meeting: Meeting, by: UserLike, name: str) -> Meeting:
    """Approve (chairmanship), reopen or publish (secretariat) the agenda."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    transition = workflows.check_transition(
        workflows.AGENDA, meeting.agenda_status, name, meeting_roles(user=by, meeting=meeting)
    )
    if name == "approve" and not meeting.items.exists():
        raise ValidationFailed("Dagsordenen har ingen punkter.")
    meeting.agenda_status = transition.target
    meeting.save(update_fields=["agenda_status", "updated_at"])
    audit_record(actor=by, action=f"agenda.{name}", target=meeting)
    if transition.target == Meeting.AgendaStatus.PUBLISHED:
        _search_index(meeting)
    return meeting


def agenda_approve(*, meeting: Meeting, by: UserLike) -> Meeting:
    return agenda_transition(meeting=meeting, by=by, name="approve")


def agenda_publish(*, meeting: Meeting, by: UserLike) -> Meeting:
    return agenda_transition(meeting=meeting, by=by, name="publish")


def _ensure_minutes(*, meeting: Meeting) -> Minutes:
    current = minutes_current(meeting=meeting)
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return Minutes.objects.create(meeting=meeting, version=1)
    except IntegrityError:
        # Two secretaries opened the minutes at once; the other one created them.
        current = minutes_current(meeting=meeting)
        assert current is not None
        return current


def _check_meeting_has_happened(*, meeting: Meeting, what: str) -> None:
    """Minutes and the end of a meeting belong to meetings that have taken place."""
    if meeting.date > timezone.localdate():
        raise ValidationFailed(
            f"Mødet er først den {meeting.date:%d.%m.%Y}. Det kan ikke {what}, før mødet er holdt."
        )


def _check_minutes_not_locked(*, meeting: Meeting) -> None:
    """Approved and published minutes are frozen: a change needs a correction (new version)."""
    current = minutes_current(meeting=meeting)
    if current is None:
        return
    if current.status == Minutes.Status.PUBLISHED:
        raise ValidationFailed(
            "Referatet er offentliggjort og kan ikke ændres. "
            "Opret en rettelse; den bliver en ny version med en synlig note."
        )
    if current.status == Minutes.Status.APPROVED:
        raise ValidationFailed(
            "Referatet er godkendt og låst. Formandskabet kan genåbne det, hvis der skal rettes."
        )


@transaction.atomic
def minutes_transition(*, meeting: Meeting, by: UserLike, name: str) -> Minutes:
    minutes = Minutes.objects.select_for_update().get(pk=_ensure_minutes(meeting=meeting).pk)
    transition = workflows.check_transition(
        workflows.MINUTES, minutes.status, name, meeting_roles(user=by, meeting=meeting)
    )
    if transition.target in {
        Minutes.Status.HEARING,
        Minutes.Status.APPROVED,
        Minutes.Status.PUBLISHED,
    }:
        _check_meeting_has_happened(
            meeting=meeting, what="have et referat i høring, godkendt eller offentliggjort"
        )
    now = timezone.now()
    if transition.target == Minutes.Status.APPROVED:
        minutes.approved_at, minutes.approved_by = now, acting_user(by)
    if transition.source == Minutes.Status.HEARING:
        WrittenHearing.objects.filter(minutes=minutes, closed_at__isnull=True).update(closed_at=now)
    if transition.target == Minutes.Status.PUBLISHED:
        from raadsrum.meetings.documents.model import meeting_document

        minutes.published_at = now
        # The snapshot is what the public reads from now on, whatever happens to the rows.
        minutes.snapshot = meeting_document(meeting, "minutes").to_dict()
    minutes.status = transition.target
    minutes.save()
    audit_record(
        actor=by, action=f"minutes.{name}", target=minutes, details={"version": minutes.version}
    )
    if transition.target == Minutes.Status.PUBLISHED:
        _search_index(meeting)
    return minutes


def _search_index(meeting: Meeting) -> None:
    """Put what was just published into the archive's search (in the same transaction)."""
    from raadsrum.archive.search import search_index_meeting  # archive reads meetings

    search_index_meeting(meeting=meeting)


@transaction.atomic
def minutes_send_for_hearing(
    *, meeting: Meeting, by: UserLike, deadline: dt.datetime | None = None
) -> WrittenHearing:
    """Send the draft minutes to the members, who comment until the deadline (default 7 days)."""
    deadline = deadline or timezone.now() + dt.timedelta(days=DEFAULT_HEARING_DAYS)
    if deadline <= timezone.now():
        raise ValidationFailed("Fristen for høringen skal ligge i fremtiden.")
    minutes = minutes_transition(meeting=meeting, by=by, name="send_for_hearing")
    hearing = WrittenHearing.objects.create(
        minutes=minutes, deadline=deadline, sent_by=acting_user(by)
    )
    audit_record(
        actor=by, action="hearing.open", target=hearing, details={"deadline": deadline.isoformat()}
    )
    return hearing


def minutes_approve(*, meeting: Meeting, by: UserLike) -> Minutes:
    return minutes_transition(meeting=meeting, by=by, name="approve")


def minutes_publish(*, meeting: Meeting, by: UserLike) -> Minutes:
    return minutes_transition(meeting=meeting, by=by, name="publish")


@transaction.atomic
def hearing_comment_add(
    *, meeting: Meeting, by: UserLike, text: str, item: AgendaItem | None = None
) -> HearingComment:
    """A member's comment on minutes in written hearing, before the deadline."""
    from raadsrum.councils.selectors import MEMBER

    if MEMBER not in meeting_roles(user=by, meeting=meeting):
        raise PermissionDenied("Kun rådets medlemmer kan kommentere referatet i høringen.")
    minutes = minutes_current(meeting=meeting)
    hearing = (
        minutes.hearings.filter(closed_at__isnull=True).first() if minutes is not None else None
    )
    if minutes is None or minutes.status != Minutes.Status.HEARING or hearing is None:
        raise ValidationFailed("Referatet er ikke i høring, så der kan ikke kommenteres nu.")
    if timezone.now() > hearing.deadline:
        raise ValidationFailed(
            f"Fristen for bemærkninger udløb "
            f"{timezone.localtime(hearing.deadline):%d.%m.%Y kl. %H.%M}."
        )
    if not text.strip():
        raise ValidationFailed("Skriv en bemærkning.")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationFailed("Punktet hører ikke til dette møde.")
    author = acting_user(by)
    assert author is not None  # members are logged in
    comment = HearingComment.objects.create(
        hearing=hearing, author=author, item=item, text=text.strip()
    )
    audit_record(actor=by, action="hearing.comment", target=comment)
    return comment


@transaction.atomic
def minutes_correct(*, meeting: Meeting, by: UserLike, note: str) -> Minutes:
    """Start a correction of published minutes: a new draft version carrying a visible note."""
    check_can_edit_agenda(user=by, meeting=meeting)
    current = minutes_current(meeting=meeting)
    if current is None or current.status != Minutes.Status.PUBLISHED:
        raise ValidationFailed("Kun et offentliggjort referat kan rettes med en ny version.")
    if not note.strip():
        raise ValidationFailed("Skriv, hvad rettelsen går ud på. Noten vises med referatet.")
    correction = Minutes.objects.create(
        meeting=meeting, version=current.version + 1, correction_note=note.strip()
    )
    audit_record(
        actor=by, action="minutes.correct", target=correction, details={"note": note.strip()}
    )
    return correction


# --- Follow-up sheet -------------------------------------------------------------------


@transaction.atomic
def followup_sheet_generate(*, meeting: Meeting, by: UserLike) -> list[FollowUp]:
    """Fill the follow-up sheet for `meeting` from the previous meeting's decision items.

    Items marked B and items marked for follow-up are taken; running it again adds only
    what is new, so notes already written are kept.
    """
    check_can_edit_agenda(user=by, meeting=meeting)
    previous = (
        Meeting.objects.filter(council=meeting.council, committee=meeting.committee)
        .filter(date__lt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date", "-sequence")
        .first()
    )
    if previous is None:
        return []
    existing = set(meeting.follow_ups.values_list("source_item_id", flat=True))
    start = meeting.follow_ups.count()
    created: list[FollowUp] = []
    for item in previous.items.order_by("section__position", "position"):
        if item.pk in existing or not ("B" in item.kinds or item.needs_follow_up):
            continue
        created.append(
            FollowUp.objects.create(
                meeting=meeting,
                source_item=item,
                position=start + len(created),
                title=f"{item.number} {item.title}",
                decision=item.decision,
                owner=meeting.council.secretariat_name or "Sekretariatet",
            )
        )
    audit_record(
        actor=by,
        action="followup.generate",
        target=meeting,
        details={"from": previous.address, "added": len(created)},
    )
    return created


@transaction.atomic
def followup_update(
    *,
    follow_up: FollowUp,
    by: UserLike,
    status: str | None = None,
    owner: str | None = None,
    note: str | None = None,
) -> FollowUp:
    check_can_edit_agenda(user=by, meeting=follow_up.meeting)
    if status is not None:
        if status not in FollowUp.Status.values:
            raise ValidationFailed("Ukendt status.")
        follow_up.status = status
    if owner is not None:
        follow_up.owner = owner.strip()
    if note is not None:
        follow_up.note = note.strip()
    follow_up.save()
    audit_record(actor=by, action="followup.update", target=follow_up)
    return follow_up


# --- Annual plan and template ------------------------------------------------------------


@transaction.atomic
def plan_entry_add(
    *,
    council: Council,
    by: UserLike,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    description: str = "",
) -> AnnualPlanEntry:
    check_is_secretariat(
        user=by, council=council, refusal="Kun sekretariatet kan redigere årshjulet."
    )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed("Slutdatoen ligger før startdatoen.")
    entry = AnnualPlanEntry(
        council=council,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
    )
    entry.full_clean()
    entry.save()
    audit_record(actor=by, action="plan.add", target=entry)
    return entry


@transaction.atomic
def plan_entry_move(
    *, entry: AnnualPlanEntry, by: UserLike, starts_on: dt.date, ends_on: dt.date | None = None
) -> AnnualPlanEntry:
    check_is_secretariat(
        user=by, council=entry.council, refusal="Kun sekretariatet kan redigere årshjulet."
    )
    entry.starts_on, entry.ends_on = starts_on, ends_on
    entry.calendar_sequence += 1
    entry.save(update_fields=["starts_on", "ends_on", "calendar_sequence"])
    audit_record(actor=by, action="plan.move", target=entry)
    return entry


@transaction.atomic
def standing_items_set(
    *, council: Council, by: UserLike, items: list[dict[str, str]]
) -> list[StandingItem]:
    """Replace the council's template of standing items."""
    check_is_secretariat(
        user=by, council=council, refusal="Kun sekretariatet kan ændre de faste punkter."
    )
    council.standing_items.all().delete()
    created = [
        StandingItem.objects.create(
            council=council,
            position=index,
            section_title=row["section_title"],
            title=row["title"],
            kinds=_clean_kinds(row.get("kinds", "")),
            summary=row.get("summary", ""),
            recommendation=row.get("recommendation", ""),
        )
        for index, row in enumerate(items)
    ]
    audit_record(
        actor=by, action="standing_items.set", target=council, details={"count": len(created)}
    )
    return created


# --- Meeting calendar for a year ----------------------------------------------------------


@transaction.atomic
def meeting_calendar_create(
    *,
    council: Council,
    by: UserLike,
    dates: list[dt.date],
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
) -> list[Meeting]:
    """Create the council meetings of a year's mødekalender in one go, all or none.

    A date that already has a council meeting is refused (with the dates named) rather
    than given a second meeting that day: a calendar approved twice must not double up.
    """
    check_is_secretariat(
        user=by, council=council, refusal="Kun sekretariatet kan oprette mødekalenderen."
    )
    if not dates:
        raise ValidationFailed("Skriv mindst én dato.")
    repeated = sorted({d for d in dates if dates.count(d) > 1})
    if repeated:
        raise ValidationFailed(
            "Samme dato står flere gange: " + ", ".join(danish_date(d) for d in repeated) + "."
        )
    if start_time and end_time and end_time <= start_time:
        raise ValidationFailed("Mødet skal slutte efter, det begynder.")
    taken = sorted(
        set(
            Meeting.objects.filter(
                council=council, committee__isnull=True, date__in=dates
            ).values_list("date", flat=True)
        )
    )
    if taken:
        listed = ", ".join(danish_date(d) for d in taken)
        raise ValidationFailed(
            f"{council.name} har allerede rådsmøde den {listed}. "
            "Ingen møder er oprettet. Fjern datoerne fra listen, og prøv igen."
        )
    meetings = [
        meeting_create(
            council=council,
            date=day,
            by=by,
            start_time=start_time,
            end_time=end_time,
            location=location,
        )
        for day in sorted(dates)
    ]
    audit_record(
        actor=by,
        action="meeting_calendar.create",
        target=council,
        details={"dates": [d.isoformat() for d in sorted(dates)]},
    )
    return meetings


# --- Meetings imported from a council's archive (raadsrum.archive) ------------------------


@transaction.atomic
def meeting_numbering_set(
    *, meeting: Meeting, by: UserLike, style: str, theme_item_letters: bool
) -> Meeting:
    """Number this meeting's agenda in `style`, whatever the council uses today.

    An imported meeting keeps the numbers its minutes were published with ("0.1", "1.1."),
    even where the council later changed style; the agenda is renumbered at once.
    """
    from raadsrum.councils.models import NumberingStyle

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    if style not in NumberingStyle.values:
        raise ValidationFailed("Ukendt nummerering af punkter.")
    meeting.numbering_style = style
    meeting.theme_item_letters = theme_item_letters
    meeting.save(update_fields=["numbering_style", "theme_item_letters", "updated_at"])
    agenda_renumber(meeting=meeting)
    audit_record(
        actor=by,
        action="meeting.numbering",
        target=meeting,
        details={"style": style, "theme_item_letters": theme_item_letters},
    )
    return meeting


@transaction.atomic
def attendance_delete(*, attendance: Attendance, by: UserLike) -> None:
    """Take a name off the attendance list (a re-imported list no longer has it)."""
    check_can_edit_agenda(user=by, meeting=attendance.meeting)
    _check_minutes_not_locked(meeting=attendance.meeting)
    audit_record(
        actor=by, action="attendance.delete", target=attendance, details={"name": attendance.name}
    )
    attendance.delete()


@transaction.atomic
def minutes_archive_publish(*, meeting: Meeting, by: UserLike, source: str) -> Minutes:
    """Record minutes published outside Rådsrum (an archive import) as approved and published.

    The chairmanship approved these minutes when they were first published, so no approval
    happens here: the secretariat records the fact, and the audit entry names the source
    file. The agenda counts as published too. The current version must be a draft (a new
    meeting, or a correction started with `minutes_correct`).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_can_edit_agenda(user=by, meeting=meeting)
    minutes = Minutes.objects.select_for_update().get(pk=_ensure_minutes(meeting=meeting).pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationFailed(
            "Kun et referat under udarbejdelse kan registreres som offentliggjort fra arkivet."
        )
    if not meeting.items.exists():
        raise ValidationFailed("Referatet har ingen punkter.")
    from raadsrum.meetings.documents.model import meeting_document

    if meeting.agenda_status != Meeting.AgendaStatus.PUBLISHED:
        meeting.agenda_status = Meeting.AgendaStatus.PUBLISHED
        meeting.save(update_fields=["agenda_status", "updated_at"])
    now = timezone.now()
    minutes.approved_at, minutes.approved_by = now, acting_user(by)
    minutes.published_at = now
    minutes.status = Minutes.Status.PUBLISHED
    minutes.snapshot = meeting_document(meeting, "minutes").to_dict()
    minutes.save()
    audit_record(
        actor=by,
        action="minutes.archive_publish",
        target=minutes,
        details={"version": minutes.version, "source": source},
    )
    _search_index(meeting)
    return minutes


# --- Building a whole agenda at once (archive imports, the demo) ------------------------
# item_add and friends check, renumber and audit per row: right for an editor, wasteful for
# an import of 25 items. agenda_build and attendance_build apply the same rules to a whole
# agenda or attendance list: one permission and lock check, everything validated before
# anything is written, rows inserted in bulk, one renumbering, one audit entry.


@dataclass(frozen=True)
class AttachmentSpec:
    """An attachment known by its title only (no file), as named in imported minutes."""

    title: str
    members_only: bool = False


@dataclass(frozen=True)
class ItemSpec:
    title: str
    kinds: str = ""
    has_presentation: bool = False
    needs_follow_up: bool = False
    summary: str = ""
    recommendation: str = ""
    decision: str = ""
    presentation: str = ""
    next_steps: str = ""
    background: str = ""
    attachments: Sequence[AttachmentSpec] = ()


@dataclass(frozen=True)
class SectionSpec:
    title: str
    is_theme: bool = False
    items: Sequence[ItemSpec] = ()


@dataclass(frozen=True)
class AttendanceSpec:
    name: str
    role: str
    group: str = ""
    organisation: str = ""
    status: str = Attendance.Status.PRESENT
    person: Person | None = None


@transaction.atomic
def agenda_build(
    *, meeting: Meeting, by: UserLike, sections: Sequence[SectionSpec]
) -> list[AgendaItem]:
    """Add `sections` with their items and attachments to the agenda, all or nothing.

    The result is what section_add, item_add and attachment_add called in order would
    give (a theme first, other sections after the existing ones, the same numbers), and
    the same rules apply; an invalid section, item or attachment anywhere writes nothing.
    Returns the new items in the order given (section by section, as in `sections`).
    Attachments are titles only; upload files with attachment_add. Audit: one
    "agenda.build" entry with the counts.
    """
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    actor = acting_user(by)
    existing = list(meeting.sections.order_by("position"))
    ordered = list(existing)
    has_theme = any(s.is_theme for s in existing)
    new_sections: list[AgendaSection] = []
    new_items: list[tuple[AgendaSection, list[tuple[AgendaItem, list[Attachment]]]]] = []
    for spec in sections:
        title = spec.title.strip()
        if not title:
            raise ValidationFailed("Temaet skal have en overskrift.")
        if spec.is_theme and has_theme:
            raise ValidationFailed("Mødet har allerede et tema. Der kan kun være ét.")
        section = AgendaSection(meeting=meeting, title=title, is_theme=spec.is_theme)
        if spec.is_theme:
            has_theme = True
            ordered.insert(0, section)
        else:
            ordered.append(section)
        items = []
        for position, item_spec in enumerate(spec.items):
            item = AgendaItem(
                meeting=meeting,
                section=section,
                position=position,
                title=item_spec.title.strip(),
                kinds=_clean_kinds(item_spec.kinds),
                has_presentation=item_spec.has_presentation,
                needs_follow_up=item_spec.needs_follow_up,
                decision=item_spec.decision,
                updated_by=actor,
                **{name: getattr(item_spec, name) for name in ITEM_TEXT_FIELDS},
            )
            _validate_item(item)
            attachments = []
            for k, attachment_spec in enumerate(item_spec.attachments, start=1):
                attachment_title = attachment_spec.title.strip()
                if not attachment_title:
                    raise ValidationFailed("Bilaget skal have en titel.")
                attachments.append(
                    Attachment(
                        title=attachment_title,
                        members_only=attachment_spec.members_only,
                        position=k,
                    )
                )
            items.append((item, attachments))
        new_sections.append(section)
        new_items.append((section, items))
    # Number the new rows before they are written, so the one renumbering below only has
    # to move what was there before (the sections after a new theme).
    numbers = numbering.section_numbers([s.is_theme for s in ordered])
    for position, (section, number) in enumerate(zip(ordered, numbers, strict=True)):
        if section.pk is None:
            section.position, section.number = position, number
    for section, items in new_items:
        for index, (item, attachments) in enumerate(items, start=1):
            item.number = numbering.item_number(
                style=meeting.numbering_style,
                section_number=section.number,
                index=index,
                is_theme=section.is_theme,
                theme_letters=meeting.theme_item_letters,
            )
            for attachment in attachments:
                attachment.number = numbering.attachment_number(
                    section_number=section.number, index=index, position=attachment.position
                )
    _bulk_insert(AgendaSection, new_sections)
    for section, items in new_items:
        for item, _ in items:
            item.section = section
    created = [item for _, items in new_items for item, _ in items]
    _bulk_insert(AgendaItem, created)
    attachments = []
    for _, items in new_items:
        for item, item_attachments in items:
            for attachment in item_attachments:
                attachment.item = item
                attachments.append(attachment)
    _bulk_insert(Attachment, attachments)
    agenda_renumber(meeting=meeting, sections=ordered)
    audit_record(
        actor=by,
        action="agenda.build",
        target=meeting,
        details={
            "sections": len(new_sections),
            "items": len(created),
            "attachments": len(attachments),
        },
    )
    return created


@transaction.atomic
def attendance_build(
    *, meeting: Meeting, by: UserLike, rows: Sequence[AttendanceSpec]
) -> list[Attendance]:
    """Add `rows` to the attendance list in order, all or nothing (rules as attendance_add).

    Audit: one "attendance.build" entry with the count.
    """
    check_can_edit_agenda(user=by, meeting=meeting)
    _check_minutes_not_locked(meeting=meeting)
    last = meeting.attendance.aggregate(m=Max("position"))["m"] or 0
    created = []
    for offset, spec in enumerate(rows, start=1):
        if not spec.name.strip():
            raise ValidationFailed("Deltageren skal have et navn.")
        row = Attendance(
            meeting=meeting,
            person=spec.person,
            name=spec.name.strip(),
            role=spec.role,
            group=spec.group,
            organisation=spec.organisation,
            status=spec.status,
            position=last + offset,
        )
        # The meeting is the one checked above: no need to look it up once per row.
        row.full_clean(exclude=["meeting"])
        created.append(row)
    _bulk_insert(Attendance, created)
    audit_record(
        actor=by, action="attendance.build", target=meeting, details={"rows": len(created)}
    )
    return created


def _bulk_insert(model: type[Any], rows: list[Any]) -> None:
    """Insert `rows`, setting their primary keys (row by row where the database cannot)."""
    if not rows:
        return
    from django.db import connections, router

    features = connections[router.db_for_write(model)].features
    if features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(rows)
    else:
        for row in rows:
            row.save(force_insert=True)
