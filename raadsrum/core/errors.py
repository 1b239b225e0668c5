"""Errors that services raise and views turn into a plain Danish message for the user."""

from __future__ import annotations


class RaadsrumError(Exception):
    """A rule was broken. `message` is shown to the user as it stands (Danish)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(RaadsrumError):
    pass


class PermissionDenied(RaadsrumError):
    pass


class Conflict(RaadsrumError):
    """Someone else changed the object since the user loaded it."""
