"""The states of agendas, minutes and meetings, and who may move them. Checked in one place.

The UI shows only the transitions `allowed_transitions` returns; services call
`check_transition`, so a request that skips the UI meets the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.councils.selectors import CHAIRMANSHIP, SECRETARIAT
from raadsrum.meetings.models import Meeting, Minutes


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    role: str
    label: str


AGENDA = (
    Transition("approve", Meeting.AgendaStatus.DRAFT, Meeting.AgendaStatus.APPROVED,
               CHAIRMANSHIP, str(_("Godkend dagsordenen"))),
    Transition("reopen", Meeting.AgendaStatus.APPROVED, Meeting.AgendaStatus.DRAFT,
               SECRETARIAT, str(_("Genåbn dagsordenen"))),
    Transition("publish", Meeting.AgendaStatus.APPROVED, Meeting.AgendaStatus.PUBLISHED,
               SECRETARIAT, str(_("Offentliggør dagsordenen"))),
)

MINUTES = (
    Transition("send_for_hearing", Minutes.Status.DRAFT, Minutes.Status.HEARING,
               SECRETARIAT, str(_("Send i skriftlig høring"))),
    Transition("withdraw", Minutes.Status.HEARING, Minutes.Status.DRAFT,
               SECRETARIAT, str(_("Træk tilbage fra høring"))),
    Transition("approve", Minutes.Status.HEARING, Minutes.Status.APPROVED,
               CHAIRMANSHIP, str(_("Godkend referatet"))),
    Transition("approve", Minutes.Status.DRAFT, Minutes.Status.APPROVED,
               CHAIRMANSHIP, str(_("Godkend referatet"))),
    Transition("reopen", Minutes.Status.APPROVED, Minutes.Status.DRAFT,
               CHAIRMANSHIP, str(_("Genåbn referatet"))),
    Transition("publish", Minutes.Status.APPROVED, Minutes.Status.PUBLISHED,
               SECRETARIAT, str(_("Offentliggør referatet"))),
)

MEETING = (
    Transition("hold", Meeting.Status.PLANNED, Meeting.Status.HELD,
               SECRETARIAT, str(_("Marker som afholdt"))),
    Transition("cancel", Meeting.Status.PLANNED, Meeting.Status.CANCELLED,
               SECRETARIAT, str(_("Aflys mødet"))),
    Transition("to_chairmanship", Meeting.Status.PLANNED, Meeting.Status.BY_CHAIRMANSHIP,
               CHAIRMANSHIP, str(_("Lad formandskabet behandle punkterne"))),
    Transition("to_written", Meeting.Status.PLANNED, Meeting.Status.WRITTEN,
               SECRETARIAT, str(_("Behandl skriftligt"))),
    Transition("reinstate", Meeting.Status.CANCELLED, Meeting.Status.PLANNED,
               SECRETARIAT, str(_("Genindsæt mødet"))),
)


def allowed_transitions(
    workflow: tuple[Transition, ...], state: str, roles: frozenset[str]
) -> list[Transition]:
    return [t for t in workflow if t.source == state and t.role in roles]


def check_transition(
    workflow: tuple[Transition, ...], state: str, name: str, roles: frozenset[str]
) -> Transition:
    candidates = [t for t in workflow if t.source == state and t.name == name]
    if not candidates:
        raise ValidationFailed(str(_("Det kan ikke lade sig gøre i den nuværende status.")))
    for transition in candidates:
        if transition.role in roles:
            return transition
    who = _("formandskabet") if candidates[0].role == CHAIRMANSHIP else _("sekretariatet")
    raise PermissionDenied(str(_("Kun %(who)s kan gøre dette.") % {"who": who}))
