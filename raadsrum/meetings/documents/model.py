"""A meeting's agenda or minutes as plain data, independent of the database.

`meeting_document` reads a meeting into a `MeetingDocument`; the PDF, DOCX and HTML
renderers take only that. `to_dict()` is what published minutes store as their immutable
snapshot, so a later edit of the meeting never changes minutes that were published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any, Literal

from raadsrum.core.danish import danish_date, danish_time

if TYPE_CHECKING:
    from raadsrum.meetings.models import Attachment, Meeting

DocumentKind = Literal["agenda", "minutes"]
SCHEMA_VERSION = 1


LEGEND = (
    "OBS: For at øge overskueligheden er der i indholdsfortegnelsen og i overskriften til "
    "hvert punkt en markering af, om punktet er til beslutning (B), drøftelse (D) eller "
    "orientering (O). Det er også markeret, hvor der er oplæg."
)
NO_ATTACHMENTS = "Ingen bilag til punktet"

# Field key, label; in the order every item shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("summary", "Sagen kort"),
    ("recommendation", "Indstilling"),
    ("decision", "Beslutning"),
    ("presentation", "Sagsfremstilling"),
    ("next_steps", "Videre proces"),
    ("background", "Baggrund"),
)


@dataclass
class AttachmentDoc:
    number: str
    title: str
    url: str = ""
    members_only: bool = False

    @property
    def label(self) -> str:
        """`Bilag 2.1.1 – Positivliste pr. 1. juni 2020`."""
        text = f"Bilag {self.number} – {self.title}" if self.number else self.title
        return f"{text} (kun for medlemmer)" if self.members_only else text


@dataclass
class ItemDoc:
    number: str
    title: str
    kinds: str = ""
    has_presentation: bool = False
    summary: str = ""
    recommendation: str = ""
    decision: str = ""
    presentation: str = ""
    next_steps: str = ""
    background: str = ""
    attachments: list[AttachmentDoc] = field(default_factory=list)

    @property
    def marker(self) -> str:
        """`(B)`, `(D/B)`, `(Oplæg + D)`; empty when the item has neither."""
        kinds = "/".join(self.kinds)
        if self.has_presentation:
            return f"(Oplæg + {kinds})" if kinds else "(Oplæg)"
        return f"({kinds})" if kinds else ""

    @property
    def numbered_title(self) -> str:
        """`1.1.1 Referater til orientering`, `0A. Arbejdsmarked …` (a bare number gets a dot)."""
        if not self.number:
            return self.title
        sep = " " if "." in self.number else ". "
        return f"{self.number}{sep}{self.title}"

    @property
    def heading(self) -> str:
        return f"{self.numbered_title} {self.marker}".strip()

    def fields(self, kind: DocumentKind) -> list[tuple[str, str]]:
        """(label, text) of the text fields to show, in order; empty ones are left out."""
        return [
            (label, getattr(self, key))
            for key, label in FIELDS
            if getattr(self, key).strip() and not (key == "decision" and kind == "agenda")
        ]


@dataclass
class SectionDoc:
    number: str
    title: str
    items: list[ItemDoc] = field(default_factory=list)
    is_theme: bool = False

    @property
    def heading(self) -> str:
        if not self.number:
            return self.title
        return f"{self.number.rstrip('.')}. {self.title}"


@dataclass
class AttendeeDoc:
    name: str
    organisation: str = ""
    note: str = ""

    @property
    def line(self) -> str:
        text = f"{self.name}, {self.organisation}" if self.organisation else self.name
        return f"{text} ({self.note})" if self.note else text


@dataclass
class AttendanceGroupDoc:
    title: str
    people: list[AttendeeDoc] = field(default_factory=list)


@dataclass
class FollowUpDoc:
    title: str
    decision: str = ""
    owner: str = ""
    status: str = ""
    note: str = ""


@dataclass
class MeetingDocument:
    kind: DocumentKind
    council_name: str
    council_name_genitive: str
    date: date
    secretariat_name: str = ""
    body_name: str = ""
    body_name_genitive: str = ""
    title: str = ""
    start_time: time | None = None
    end_time: time | None = None
    ended_at: time | None = None
    location: str = ""
    is_virtual: bool = False
    note: str = ""
    version: int = 1
    correction_note: str = ""
    sections: list[SectionDoc] = field(default_factory=list)
    attendance: list[AttendanceGroupDoc] = field(default_factory=list)
    follow_ups: list[FollowUpDoc] = field(default_factory=list)

    # --- the fixed phrases of the house style ---------------------------------------

    @property
    def kind_label(self) -> str:
        return "Referat" if self.kind == "minutes" else "Dagsorden"

    @property
    def owner_genitive(self) -> str:
        return self.body_name_genitive or self.council_name_genitive

    @property
    def header_line(self) -> str:
        """`Referat af RAR Nordjyllands møde den 4. juni 2020`, repeated on every page."""
        preposition = "af" if self.kind == "minutes" else "for"
        return f"{self.kind_label} {preposition} {self.owner_genitive} møde den {self.date_text}"

    @property
    def date_text(self) -> str:
        return danish_date(self.date)

    @property
    def time_text(self) -> str:
        """`kl. 10.00 til 12.00`, `kl. 10.00`, or empty."""
        if self.start_time is None:
            return ""
        text = f"kl. {danish_time(self.start_time)}"
        if self.end_time is not None:
            text += f" til {danish_time(self.end_time)}"
        return text

    @property
    def when_line(self) -> str:
        """`den 4. juni 2020, kl. 10.00 til 12.00`."""
        return ", ".join(p for p in (f"den {self.date_text}", self.time_text) if p)

    @property
    def place_line(self) -> str:
        if self.is_virtual and self.location:
            return f"Virtuelt møde ({self.location})"
        if self.is_virtual:
            return "Mødet holdes virtuelt" if self.kind == "agenda" else "Mødet blev holdt virtuelt"
        return f"Sted: {self.location}" if self.location else ""

    @property
    def ended_line(self) -> str:
        if self.kind != "minutes" or self.ended_at is None:
            return ""
        return f"Mødet sluttede kl. {danish_time(self.ended_at)}"

    @property
    def correction_line(self) -> str:
        if self.version <= 1 and not self.correction_note:
            return ""
        text = f"Rettet udgave (version {self.version})"
        return f"{text}: {self.correction_note}" if self.correction_note else text

    @property
    def legend(self) -> str:
        return LEGEND

    @property
    def no_attachments_text(self) -> str:
        return NO_ATTACHMENTS

    @property
    def items(self) -> list[ItemDoc]:
        return [item for section in self.sections for item in section.items]

    # --- snapshot ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: dates and times as ISO strings, everything else str/int/bool/list."""
        return {
            "schema": SCHEMA_VERSION,
            "kind": self.kind,
            "council_name": self.council_name,
            "council_name_genitive": self.council_name_genitive,
            "secretariat_name": self.secretariat_name,
            "body_name": self.body_name,
            "body_name_genitive": self.body_name_genitive,
            "title": self.title,
            "date": self.date.isoformat(),
            "start_time": _time_str(self.start_time),
            "end_time": _time_str(self.end_time),
            "ended_at": _time_str(self.ended_at),
            "location": self.location,
            "is_virtual": self.is_virtual,
            "note": self.note,
            "version": self.version,
            "correction_note": self.correction_note,
            "sections": [
                {
                    "number": s.number,
                    "title": s.title,
                    "is_theme": s.is_theme,
                    "items": [_item_dict(i) for i in s.items],
                }
                for s in self.sections
            ],
            "attendance": [
                {
                    "title": g.title,
                    "people": [
                        {"name": p.name, "organisation": p.organisation, "note": p.note}
                        for p in g.people
                    ],
                }
                for g in self.attendance
            ],
            "follow_ups": [
                {
                    "title": f.title,
                    "decision": f.decision,
                    "owner": f.owner,
                    "status": f.status,
                    "note": f.note,
                }
                for f in self.follow_ups
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeetingDocument:
        """The inverse of `to_dict`; unknown keys are ignored so old snapshots still load."""
        return cls(
            kind=data["kind"],
            council_name=data["council_name"],
            council_name_genitive=data.get("council_name_genitive", ""),
            secretariat_name=data.get("secretariat_name", ""),
            body_name=data.get("body_name", ""),
            body_name_genitive=data.get("body_name_genitive", ""),
            title=data.get("title", ""),
            date=date.fromisoformat(data["date"]),
            start_time=_time_parse(data.get("start_time")),
            end_time=_time_parse(data.get("end_time")),
            ended_at=_time_parse(data.get("ended_at")),
            location=data.get("location", ""),
            is_virtual=bool(data.get("is_virtual", False)),
            note=data.get("note", ""),
            version=int(data.get("version", 1)),
            correction_note=data.get("correction_note", ""),
            sections=[
                SectionDoc(
                    number=s.get("number", ""),
                    title=s["title"],
                    is_theme=bool(s.get("is_theme", False)),
                    items=[_item_from(i) for i in s.get("items", [])],
                )
                for s in data.get("sections", [])
            ],
            attendance=[
                AttendanceGroupDoc(
                    title=g["title"],
                    people=[
                        AttendeeDoc(p["name"], p.get("organisation", ""), p.get("note", ""))
                        for p in g.get("people", [])
                    ],
                )
                for g in data.get("attendance", [])
            ],
            follow_ups=[
                FollowUpDoc(
                    title=f["title"],
                    decision=f.get("decision", ""),
                    owner=f.get("owner", ""),
                    status=f.get("status", ""),
                    note=f.get("note", ""),
                )
                for f in data.get("follow_ups", [])
            ],
        )


_ITEM_TEXT = ("summary", "recommendation", "decision", "presentation", "next_steps", "background")


def _item_dict(item: ItemDoc) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": item.number,
        "title": item.title,
        "kinds": item.kinds,
        "has_presentation": item.has_presentation,
    }
    data.update({key: getattr(item, key) for key in _ITEM_TEXT})
    data["attachments"] = [
        {"number": a.number, "title": a.title, "url": a.url, "members_only": a.members_only}
        for a in item.attachments
    ]
    return data


def _item_from(data: dict[str, Any]) -> ItemDoc:
    return ItemDoc(
        number=data.get("number", ""),
        title=data["title"],
        kinds=data.get("kinds", ""),
        has_presentation=bool(data.get("has_presentation", False)),
        attachments=[
            AttachmentDoc(
                number=a.get("number", ""),
                title=a["title"],
                url=a.get("url", ""),
                members_only=bool(a.get("members_only", False)),
            )
            for a in data.get("attachments", [])
        ],
        **{key: data.get(key, "") for key in _ITEM_TEXT},
    )


def _time_str(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _time_parse(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


# --- from the database ------------------------------------------------------------------

# Non-member roles each get their own group after the member groups, in the order the
# minutes list them (RAR Nordjylland 4 June 2020).
ROLE_GROUPS: tuple[tuple[str, str], ...] = (
    ("alternate", "Suppleanter"),
    ("observer", "Tilforordnede"),
    ("constituency_rep", "Baglande"),
    ("secretariat", "Fra sekretariatet"),
    ("presenter", "Oplægsholdere"),
    ("guest", "Gæster"),
)
ABSENT_GROUP = "Afbud"


def meeting_document(meeting: Meeting, kind: DocumentKind) -> MeetingDocument:
    """Read `meeting` into a document (read-only). The agenda leaves decisions out."""
    if kind not in ("agenda", "minutes"):
        raise ValueError(f"Unknown document kind: {kind!r}")
    council = meeting.council
    committee = meeting.committee
    body_name = meeting.body_name
    body_genitive = (
        council.name_genitive
        if committee is None
        else (body_name if body_name.endswith("s") else f"{body_name}s")
    )
    sections = []
    for section in meeting.sections.order_by("position").prefetch_related("items__attachments"):
        items = []
        for item in sorted(section.items.all(), key=lambda i: i.position):
            items.append(
                ItemDoc(
                    number=item.number,
                    title=item.title,
                    kinds=item.kinds,
                    has_presentation=item.has_presentation,
                    summary=item.summary,
                    recommendation=item.recommendation,
                    decision=item.decision if kind == "minutes" else "",
                    presentation=item.presentation,
                    next_steps=item.next_steps,
                    background=item.background,
                    attachments=[
                        AttachmentDoc(
                            number=a.number,
                            title=a.title,
                            url=_attachment_url(meeting, a) if a.file else "",
                            members_only=a.members_only,
                        )
                        for a in sorted(item.attachments.all(), key=lambda a: a.position)
                    ],
                )
            )
        sections.append(
            SectionDoc(
                number=section.number,
                title=section.title,
                is_theme=section.is_theme,
                items=items,
            )
        )

    attendance: list[AttendanceGroupDoc] = []
    version, correction_note = 1, ""
    if kind == "minutes":
        attendance = _attendance_groups(list(meeting.attendance.select_related("represented_by")))
        latest = meeting.minutes.order_by("-version").first()
        if latest is not None:
            version, correction_note = latest.version, latest.correction_note

    follow_ups = [
        FollowUpDoc(
            title=f.title,
            decision=f.decision,
            owner=f.owner,
            status=f.get_status_display(),
            note=f.note,
        )
        for f in meeting.follow_ups.all()
    ]
    return MeetingDocument(
        kind=kind,
        council_name=council.name,
        council_name_genitive=council.name_genitive,
        secretariat_name=council.secretariat_name,
        body_name=body_name,
        body_name_genitive=body_genitive,
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        ended_at=meeting.ended_at if kind == "minutes" else None,
        location=meeting.location,
        is_virtual=meeting.is_virtual,
        note=meeting.note,
        version=version,
        correction_note=correction_note,
        sections=sections,
        attendance=attendance,
        follow_ups=follow_ups,
    )


def _attendance_groups(rows: list[Any]) -> list[AttendanceGroupDoc]:
    """Members by member group (in the order they are listed), then one group per role."""
    member_groups: dict[str, AttendanceGroupDoc] = {}
    role_groups = {role: AttendanceGroupDoc(title) for role, title in ROLE_GROUPS}
    absent = AttendanceGroupDoc(ABSENT_GROUP)
    for row in rows:
        person = AttendeeDoc(name=row.name, organisation=row.organisation)
        if row.status in ("absent", "represented"):
            if row.status == "represented" and row.represented_by is not None:
                person.note = f"repræsenteret ved {row.represented_by.name}"
            absent.people.append(person)
        elif row.role == "member":
            title = row.group or "Medlemmer"
            member_groups.setdefault(title, AttendanceGroupDoc(title)).people.append(person)
        else:
            role_groups.setdefault(row.role, AttendanceGroupDoc(row.get_role_display()))
            role_groups[row.role].people.append(person)
    groups = list(member_groups.values()) + list(role_groups.values()) + [absent]
    return [g for g in groups if g.people]


def _attachment_url(meeting: Meeting, attachment: Attachment) -> str:
    """The access-checked download address; media files are never linked directly."""
    from django.conf import settings
    from django.urls import reverse

    path = reverse("meetings:attachment", args=[meeting.council.slug, attachment.pk])
    return settings.SITE_URL.rstrip("/") + path
