"""Each case type's lifecycle, as data: states, allowed transitions and who may take them.

received → in progress → (decided administratively | sent to written hearing → hearing
closed → decided by the committee) → closed. Notifications that are only registered and
noted (layoff notices, KLV lists) have no hearing. The UI shows `allowed_transitions`;
services call `check_transition`, so a request that skips the UI meets the same rule.
Whether the secretariat may decide a particular case itself is a further rule per council
(`AdministrativeDecisionRule`, checked in `services.case_decide_administratively`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from raadsrum.cases.models import CaseKind, CaseStatus, Outcome
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.selectors import SECRETARIAT
from raadsrum.meetings.workflows import Transition
from raadsrum.meetings.workflows import check_transition as _check_transition

S = CaseStatus

_START = Transition(
    "start", S.RECEIVED, S.IN_PROGRESS, SECRETARIAT, str(_("Påbegynd behandlingen"))
)
_CLOSE = Transition("close", S.DECIDED, S.CLOSED, SECRETARIAT, str(_("Luk sagen")))
_REOPEN = Transition(
    "reopen", S.DECIDED, S.IN_PROGRESS, SECRETARIAT, str(_("Genoptag behandlingen"))
)

DECIDED_BY_COMMITTEE = (
    _START,
    Transition(
        "decide_administratively",
        S.RECEIVED,
        S.DECIDED,
        SECRETARIAT,
        str(_("Afgør administrativt")),
    ),
    Transition(
        "decide_administratively",
        S.IN_PROGRESS,
        S.DECIDED,
        SECRETARIAT,
        str(_("Afgør administrativt")),
    ),
    Transition(
        "send_to_hearing",
        S.IN_PROGRESS,
        S.HEARING,
        SECRETARIAT,
        str(_("Send i skriftlig høring i sagsudvalget")),
    ),
    Transition(
        "withdraw_hearing",
        S.HEARING,
        S.IN_PROGRESS,
        SECRETARIAT,
        str(_("Træk sagen tilbage fra høringen")),
    ),
    Transition(
        "close_hearing", S.HEARING, S.HEARING_CLOSED, SECRETARIAT, str(_("Afslut høringen"))
    ),
    Transition(
        "decide_by_committee",
        S.HEARING_CLOSED,
        S.DECIDED,
        SECRETARIAT,
        str(_("Registrér sagsudvalgets afgørelse")),
    ),
    _REOPEN,
    _CLOSE,
)

# Registered and noted by the secretariat; the committee hears of them in the quarterly
# summary, not by a hearing.
NOTED_ONLY = (
    _START,
    Transition(
        "decide_administratively",
        S.RECEIVED,
        S.DECIDED,
        SECRETARIAT,
        str(_("Tag til efterretning")),
    ),
    Transition(
        "decide_administratively",
        S.IN_PROGRESS,
        S.DECIDED,
        SECRETARIAT,
        str(_("Tag til efterretning")),
    ),
    _REOPEN,
    _CLOSE,
)

WORKFLOWS: dict[str, tuple[Transition, ...]] = {
    CaseKind.WORK_SHARING: DECIDED_BY_COMMITTEE,
    CaseKind.WORK_PERMIT_HEARING: DECIDED_BY_COMMITTEE,
    CaseKind.COMMUNITY_SERVICE: DECIDED_BY_COMMITTEE,
    CaseKind.UTILITY_JOB_DISPENSATION: DECIDED_BY_COMMITTEE,
    CaseKind.LAYOFF_NOTICE: NOTED_ONLY,
    CaseKind.KLV_REPORT: NOTED_ONLY,
}

# The outcomes a decision of each type may have; the first is the usual one.
OUTCOMES: dict[str, tuple[Outcome, ...]] = {
    CaseKind.WORK_SHARING: (Outcome.APPROVED, Outcome.REJECTED),
    CaseKind.WORK_PERMIT_HEARING: (Outcome.CONDITIONS_USUAL, Outcome.CONDITIONS_NOT_USUAL),
    CaseKind.COMMUNITY_SERVICE: (Outcome.APPROVED, Outcome.REJECTED),
    CaseKind.UTILITY_JOB_DISPENSATION: (Outcome.APPROVED, Outcome.REJECTED),
    CaseKind.LAYOFF_NOTICE: (Outcome.NOTED,),
    CaseKind.KLV_REPORT: (Outcome.NOTED,),
}

# Kinds that are registered and noted rather than decided: no delegation rule applies.
NOTED_KINDS = frozenset(kind for kind, flow in WORKFLOWS.items() if flow is NOTED_ONLY)

OPEN_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.HEARING, S.HEARING_CLOSED})


def workflow_for(kind: str) -> tuple[Transition, ...]:
    return WORKFLOWS[kind]


def allowed_transitions(kind: str, state: str, roles: frozenset[str]) -> list[Transition]:
    """What the user may do with a case of this type in this state (the buttons to show)."""
    seen: set[str] = set()
    out = []
    for t in WORKFLOWS[kind]:
        if t.source == state and t.role in roles and t.name not in seen:
            seen.add(t.name)
            out.append(t)
    return out


def check_transition(kind: str, state: str, name: str, roles: frozenset[str]) -> Transition:
    """The transition, or ValidationFailed (not in this state) / PermissionDenied (not you)."""
    return _check_transition(WORKFLOWS[kind], state, name, roles)


def check_outcome(kind: str, outcome: str) -> Outcome:
    allowed = OUTCOMES[kind]
    if outcome not in allowed:
        labels = ", ".join(f"'{o.label}'" for o in allowed)
        raise ValidationFailed(
            str(_("En sag af denne type kan kun få udfaldet %(labels)s.") % {"labels": labels})
        )
    return Outcome(outcome)
