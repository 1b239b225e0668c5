"""Rendered meeting documents: the agenda and the minutes as data, PDF, DOCX and HTML."""

from raadsrum.meetings.documents.model import MeetingDocument, meeting_document

__all__ = ["MeetingDocument", "meeting_document"]
