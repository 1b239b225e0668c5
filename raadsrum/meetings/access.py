"""Who may see and do what with a meeting. Views and services ask here, never filter by role."""

from __future__ import annotations

from django.http import Http404

from raadsrum.core.errors import PermissionDenied
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import (
    CHAIRMANSHIP,
    MEMBER,
    SECRETARIAT,
    UserLike,
    council_roles_for_user,
)
from raadsrum.meetings.models import Attachment, Meeting


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


# --- Council-wide pages and workflow steps (the staff pages ask here) -------------------


def can_read_council_drafts(*, user: UserLike, council: Council) -> bool:
    """Members, the chairmanship and the secretariat of the council (its file box, drafts)."""
    roles = council_roles_for_user(user=user, council=council)
    return bool(roles & {SECRETARIAT, CHAIRMANSHIP, MEMBER})


def check_can_read_council_drafts(*, user: UserLike, council: Council) -> None:
    if not can_read_council_drafts(user=user, council=council):
        raise PermissionDenied("Kun rådets medlemmer og sekretariat har adgang her.")


def check_is_secretariat(*, user: UserLike, council: Council, refusal: str) -> None:
    """Council-wide work (planning, templates, the annual plan) is the secretariat's."""
    if SECRETARIAT not in council_roles_for_user(user=user, council=council):
        raise PermissionDenied(refusal)


def check_can_plan_meetings(*, user: UserLike, council: Council) -> None:
    check_is_secretariat(user=user, council=council, refusal="Kun sekretariatet kan oprette møder.")


def can_take_workflow_steps(*, user: UserLike, meeting: Meeting) -> bool:
    """The secretariat and the chairmanship move agendas, minutes and meetings along.

    Which step each may take is decided by `workflows`; this only keeps members out.
    """
    return bool(meeting_roles(user=user, meeting=meeting) & {SECRETARIAT, CHAIRMANSHIP})


def check_can_take_workflow_steps(*, user: UserLike, meeting: Meeting) -> None:
    if not can_take_workflow_steps(user=user, meeting=meeting):
        raise PermissionDenied("Kun formandskabet og sekretariatet kan gøre dette.")


def can_comment_in_hearing(*, user: UserLike, meeting: Meeting) -> bool:
    return MEMBER in meeting_roles(user=user, meeting=meeting)


def check_can_comment_in_hearing(*, user: UserLike, meeting: Meeting) -> None:
    if not can_comment_in_hearing(user=user, meeting=meeting):
        raise PermissionDenied("Kun rådets medlemmer kan kommentere referatet i høringen.")


def attachment_for_user(*, user: UserLike, council: Council, attachment_id: int) -> Attachment:
    """An attachment of one of the council's meetings, if this user may have the file.

    Every attachment file goes through here (media files are never served directly):
    anyone gets an attachment of a published agenda or published minutes; members-only
    files (slides for the file box) and unpublished ones need a role in the council.
    """
    try:
        attachment = Attachment.objects.select_related("item__meeting__council").get(
            pk=attachment_id, item__meeting__council=council
        )
    except Attachment.DoesNotExist as missing:
        raise Http404("Bilaget findes ikke.") from missing
    meeting = attachment.item.meeting
    if not attachment.members_only and _is_published(meeting):
        return attachment
    if not user.is_authenticated:
        raise Http404("Bilaget findes ikke.")
    check_can_read_drafts(user=user, meeting=meeting)
    return attachment


def _is_published(meeting: Meeting) -> bool:
    from raadsrum.meetings.models import Minutes

    return (
        meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
        or meeting.minutes.filter(status=Minutes.Status.PUBLISHED).exists()
    )
