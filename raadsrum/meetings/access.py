"""Who may see and do what with a meeting. Views and services ask here, never filter by role."""

from __future__ import annotations

from django.http import Http404

from raadsrum.core.errors import PermissionDenied
from raadsrum.councils.selectors import (
    CHAIRMANSHIP,
    MEMBER,
    SECRETARIAT,
    UserLike,
    council_roles_for_user,
)
from raadsrum.meetings.models import Meeting


def meeting_roles(*, user: UserLike, meeting: Meeting) -> frozenset[str]:
    return council_roles_for_user(user=user, council=meeting.council)


def can_edit_agenda(*, user: UserLike, meeting: Meeting) -> bool:
    return SECRETARIAT in meeting_roles(user=user, meeting=meeting)


def can_read_drafts(*, user: UserLike, meeting: Meeting) -> bool:
    """Members, the chairmanship and the secretariat read drafts; the public does not."""
    return bool(meeting_roles(user=user, meeting=meeting) & {SECRETARIAT, CHAIRMANSHIP, MEMBER})


def check_can_edit_agenda(*, user: UserLike, meeting: Meeting) -> None:
    if not can_edit_agenda(user=user, meeting=meeting):
        raise PermissionDenied("Kun sekretariatet kan redigere mødet.")


def check_can_read_drafts(*, user: UserLike, meeting: Meeting) -> None:
    if not can_read_drafts(user=user, meeting=meeting):
        raise PermissionDenied("Kun rådets medlemmer og sekretariat kan se udkast.")


def meeting_for_staff(*, user: UserLike, council_slug: str, date_slug: str) -> Meeting:
    """The meeting for a user allowed to read its drafts; 404 if none, PermissionDenied if not."""
    from raadsrum.meetings.selectors import meeting_get_by_address

    try:
        meeting = meeting_get_by_address(f"{council_slug}/{date_slug}")
    except Meeting.DoesNotExist as missing:
        raise Http404("Mødet findes ikke.") from missing
    check_can_read_drafts(user=user, meeting=meeting)
    return meeting
