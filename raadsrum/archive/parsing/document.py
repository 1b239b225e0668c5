"""What an import finds in a document, as plain data: no database, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_NAMES = ("summary", "recommendation", "decision", "presentation", "next_steps", "background")


@dataclass
class ParsedItem:
    number: str
    title: str
    kinds: list[str] = field(default_factory=list)
    has_presentation: bool = False
    fields: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELD_NAMES, ""))
    attachments: list[str] = field(default_factory=list)
    section_number: str = ""
    # The number as the heading wrote it ("1.1." where `number` is "1.1"): tells the
    # numbering styles "1.2" and "1.2." apart. Not part of the JSON shape.
    written_number: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "kinds": list(self.kinds),
            "has_presentation": self.has_presentation,
            "fields": {name: self.fields.get(name, "") for name in FIELD_NAMES},
            "attachments": list(self.attachments),
        }


@dataclass
class ParsedSection:
    number: str
    title: str
    is_theme: bool = False
    intro: str = ""


@dataclass
class AttendanceEntry:
    name: str
    group: str = ""
    role: str = "member"
    organisation: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "group": self.group, "role": self.role}


@dataclass
class TocEntry:
    """A line of the table of contents: used to check headings, never imported as an item."""

    number: str
    title: str
    kinds: list[str] = field(default_factory=list)
    has_presentation: bool = False
    page: int | None = None
    is_section: bool = False


@dataclass
class ParsedDocument:
    source_name: str = ""
    council: str | None = None
    body: str | None = None
    date: str | None = None
    virtual: bool | None = None
    start_time: str | None = None
    end_time: str | None = None
    ended_at: str | None = None
    sections: list[ParsedSection] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    attendance: list[AttendanceEntry] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    text: str = ""

    @property
    def is_minutes(self) -> bool:
        return bool(self.items)

    def to_json(self) -> dict[str, Any]:
        """The shape `raadsrum import --dry-run --format json` prints."""
        return {
            "council": self.council,
            "body": self.body,
            "date": self.date,
            "virtual": self.virtual,
            "items": [item.to_json() for item in self.items],
            "attendance": [entry.to_json() for entry in self.attendance],
            "warnings": list(self.warnings),
        }
