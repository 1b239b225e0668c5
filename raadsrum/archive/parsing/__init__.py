"""Parsing published minutes into plain data; nothing here touches the database."""

from raadsrum.archive.parsing.document import (
    AttendanceEntry,
    ParsedDocument,
    ParsedItem,
    ParsedSection,
    TocEntry,
)
from raadsrum.archive.parsing.errors import ImportFailed
from raadsrum.archive.parsing.extract import ExtractedText, extract_text
from raadsrum.archive.parsing.minutes import parse_file, parse_minutes

__all__ = [
    "AttendanceEntry",
    "ExtractedText",
    "ImportFailed",
    "ParsedDocument",
    "ParsedItem",
    "ParsedSection",
    "TocEntry",
    "extract_text",
    "parse_file",
    "parse_minutes",
]
