"""Who may see and handle the council's cases. Every read that shows a case is audited here.

Cases hold personal and business data: only the council's secretariat and the current
members of its case committee (Sagsudvalget) see them. Council members who are not on the
committee, the chairmanship as such and everybody else do not. Views and services ask
here; none of them filters by role itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from raadsrum.cases.models import Case
from raadsrum.core.audit import audit_record
from raadsrum.core.errors import PermissionDenied
from raadsrum.councils.models import (
    Committee,
    CommitteeMembership,
    Council,
    Dated,
    Membership,
    Role,
)
from raadsrum.councils.selectors import (
    SECRETARIAT,
    UserLike,
    council_lineage,
    council_roles_for_user,
    today,
)

CASE_COMMITTEE = "case_committee"
CASE_ROLES = frozenset({SECRETARIAT, CASE_COMMITTEE})


def case_roles(*, user: UserLike, council: Council, on: date | None = None) -> frozenset[str]:
    """SECRETARIAT and/or CASE_COMMITTEE: the roles that matter for the council's cases."""
    if not user.is_authenticated:
        return frozenset()
    on = on or today()
    roles: set[str] = set(council_roles_for_user(user=user, council=council, on=on) & {SECRETARIAT})
    person = getattr(user, "person", None)
    if (
        person is not None
        and CommitteeMembership.objects.filter(
            Dated.valid_on(on),
            person=person,
            committee__kind=Committee.Kind.CASE_COMMITTEE,
            committee__council__in=council_lineage(council=council),
        ).exists()
    ):
        roles.add(CASE_COMMITTEE)
    return frozenset(roles)


def can_see_cases(*, user: UserLike, council: Council) -> bool:
    return bool(case_roles(user=user, council=council) & CASE_ROLES)


def check_can_handle_cases(*, user: UserLike, council: Council) -> frozenset[str]:
    """The user's roles, if they include the secretariat; else PermissionDenied."""
    roles = case_roles(user=user, council=council)
    if SECRETARIAT not in roles:
        raise PermissionDenied(_("Kun sekretariatet kan behandle forvaltningssager."))
    return roles


def case_councils_for_user(*, user: UserLike, on: date | None = None) -> list[Council]:
    """The councils whose cases the user may see today, by name.

    Two queries: the councils where the user sits in the secretariat or on the case
    committee, then the (small) council table, walked in Python for predecessors.
    """
    if not user.is_authenticated:
        return []
    on = on or today()
    if getattr(user, "is_superuser", False):
        return list(Council.objects.order_by("name"))
    person = getattr(user, "person", None)
    if person is None:
        return []
    secretariat = (
        Membership.objects.filter(Dated.valid_on(on), person=person, role=Role.SECRETARIAT)
        .order_by()
        .values_list("council_id", flat=True)
    )
    committee = (
        CommitteeMembership.objects.filter(
            Dated.valid_on(on), person=person, committee__kind=Committee.Kind.CASE_COMMITTEE
        )
        .order_by()
        .values_list("committee__council_id", flat=True)
    )
    direct = set(secretariat.union(committee))
    if not direct:
        return []
    councils = list(Council.objects.order_by("name"))
    # A role in a successor council reaches its predecessors' cases too.
    predecessors: dict[int, list[int]] = {}
    for council in councils:
        if council.successor_id is not None:
            predecessors.setdefault(council.successor_id, []).append(council.pk)
    ids = set(direct)
    frontier = list(direct)
    while frontier:
        found = {p for pk in frontier for p in predecessors.get(pk, ()) if p not in ids}
        ids |= found
        frontier = list(found)
    return [c for c in councils if c.pk in ids]


def can_handle_some_cases(*, user: UserLike, on: date | None = None) -> bool:
    """Whether the user handles the cases of at least one council today (one query).

    The same as asking `case_roles` for SECRETARIAT in each council of
    `case_councils_for_user`: a secretariat seat reaches its own council (and its
    predecessors), and superusers help as every council's secretariat.
    """
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return Council.objects.exists()
    person = getattr(user, "person", None)
    if person is None:
        return False
    return Membership.objects.filter(
        Dated.valid_on(on or today()), person=person, role=Role.SECRETARIAT
    ).exists()


def case_audit_record(
    *, actor: UserLike | None, action: str, case: Case, details: dict[str, Any] | None = None
) -> None:
    """Audit an event on a case under one target ("cases.case", id), whatever its type."""
    target = Case(pk=case.pk, reference=case.reference, kind=case.kind)
    audit_record(actor=actor, action=action, target=target, details=details)


def _record_denied(user: UserLike, case: Case) -> None:
    if isinstance(user, User) and user.is_authenticated:
        case_audit_record(actor=user, action="case.view_denied", case=case)


def case_for_user(user: UserLike, case_id: int | str) -> Case:
    """The case as its own type, for a user who may see it; records "case.view".

    Http404 when there is no such case; PermissionDenied (also recorded) when the user is
    neither in the council's secretariat nor on its case committee.
    """
    try:
        case = Case.objects.select_related("council").get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404(_("Sagen findes ikke.")) from missing
    if not can_see_cases(user=user, council=case.council):
        _record_denied(user, case)
        raise PermissionDenied(_("Kun sagsudvalget og sekretariatet kan se forvaltningssager."))
    specific = case.specific
    case_audit_record(actor=user, action="case.view", case=specific)
    return specific


def case_list_for_user(
    user: UserLike,
    *,
    council: Council | None = None,
    kind: str | None = None,
    status: str | None = None,
    statuses: list[str] | None = None,
    deadline_before: date | None = None,
    assignee: User | None = None,
) -> QuerySet[Case]:
    """The cases the user may see, newest first, filtered; the listing is audited ("case.list").

    With `council`, that council's cases (PermissionDenied if the user may not see them);
    without, those of every council the user may see.
    """
    filters: dict[str, Any] = {}
    if council is not None:
        if not can_see_cases(user=user, council=council):
            raise PermissionDenied(_("Kun sagsudvalget og sekretariatet kan se forvaltningssager."))
        cases = Case.objects.filter(council=council)
    else:
        councils = case_councils_for_user(user=user)
        cases = Case.objects.filter(council__in=councils)
        filters["councils"] = [c.pk for c in councils]
    if kind:
        cases = cases.filter(kind=kind)
        filters["kind"] = kind
    if status:
        cases = cases.filter(status=status)
        filters["status"] = status
    if statuses:
        cases = cases.filter(status__in=statuses)
        filters["statuses"] = list(statuses)
    if deadline_before is not None:
        cases = cases.filter(deadline__lte=deadline_before)
        filters["deadline_before"] = deadline_before.isoformat()
    if assignee is not None:
        cases = cases.filter(assignee=assignee)
        filters["assignee"] = assignee.pk
    if isinstance(user, User) and user.is_authenticated:
        target = council if council is not None else user
        audit_record(actor=user, action="case.list", target=target, details=filters)
    return cases.order_by("-received_on", "-id")
