"""The one error an import raises: the file could not be read at all."""

from __future__ import annotations


class ImportFailed(Exception):
    """A file that cannot be read as a document. `message` is plain Danish for the user."""

    def __init__(self, message: str, *, source_name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.source_name = source_name

    def __str__(self) -> str:
        return f"{self.source_name}: {self.message}" if self.source_name else self.message
