"""Only the council's secretariat and its case committee see cases; only the secretariat
handles them; only the committee members asked answer a hearing. Every service and selector
is tried by every role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from raadsrum.cases import services
from raadsrum.cases.access import (
    SECRETARIAT,
    can_handle_some_cases,
    case_councils_for_user,
    case_for_user,
    case_list_for_user,
    case_roles,
)
from raadsrum.cases.models import Case, CaseKind
from raadsrum.cases.tests.conftest import CVR_A, Cast, make_case
from raadsrum.core.errors import PermissionDenied

ROLES = ["sara", "kurt", "karin", "mette", "otto", "sven"]
SEE = {"sara", "kurt", "karin"}
HANDLE = {"sara"}
ANSWER = {"kurt", "karin"}

Action = Callable[[Cast, User, Case], Any]


def _in_hearing(cast: Cast, case: Case) -> Case:
    services.case_start(case=case, by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=3)
    )
    case.refresh_from_db()
    return case


def _answered_and_closed(cast: Cast, user: User, case: Case) -> Case:
    case = _in_hearing(cast, case)
    for member in (cast.kurt, cast.karin):
        services.hearing_answer(case=case, by=member, answer="agree")
    return services.hearing_close_and_decide(
        case=case, by=user, outcome="approved", reasons="Udvalget er enigt."
    )


def _decided(cast: Cast, case: Case) -> Case:
    return services.case_decide_administratively(case=case, by=cast.sara)


ROW = {
    "virksomhed": "A/S",
    "cvr": CVR_A,
    "kommune": "Aalborg",
    "berørte medarbejdere": "3",
    "startdato": "01.04.2026",
    "uger": "6",
    "forlængelse": "nej",
    "principiel": "nej",
}

ACTIONS: dict[str, tuple[Action, set[str]]] = {
    "case_for_user": (lambda c, u, case: case_for_user(u, case.pk), SEE),
    "case_list_for_user": (lambda c, u, case: list(case_list_for_user(u, council=c.council)), SEE),
    "case_create": (
        lambda c, u, case: services.case_create(
            council=c.council,
            kind=CaseKind.UTILITY_JOB_DISPENSATION,
            by=u,
            municipality=c.aalborg,
            persons=10,
            period_from=dt.date(2026, 1, 1),
        ),
        HANDLE,
    ),
    "case_update": (lambda c, u, case: services.case_update(case=case, by=u, title="Ny"), HANDLE),
    "case_assign": (
        lambda c, u, case: services.case_assign(case=case, by=u, assignee=c.sara),
        HANDLE,
    ),
    "case_start": (lambda c, u, case: services.case_start(case=case, by=u), HANDLE),
    "case_close": (lambda c, u, case: services.case_close(case=_decided(c, case), by=u), HANDLE),
    "case_reopen": (
        lambda c, u, case: services.case_reopen(case=_decided(c, case), by=u, reason="Fejl"),
        HANDLE,
    ),
    "case_note_add": (
        lambda c, u, case: services.case_note_add(case=case, by=u, text="Ringet"),
        HANDLE,
    ),
    "case_document_add": (
        lambda c, u, case: services.case_document_add(
            case=case,
            by=u,
            title="Ansøgning",
            upload=SimpleUploadedFile("ansoegning.pdf", b"%PDF-1.4"),
        ),
        HANDLE,
    ),
    "case_decide_administratively": (
        lambda c, u, case: services.case_decide_administratively(case=case, by=u),
        HANDLE,
    ),
    "case_send_to_hearing": (
        lambda c, u, case: services.case_send_to_hearing(
            case=services.case_start(case=case, by=c.sara),
            by=u,
            deadline=timezone.now() + dt.timedelta(days=3),
        ),
        HANDLE,
    ),
    "hearing_answer": (
        lambda c, u, case: services.hearing_answer(case=_in_hearing(c, case), by=u, answer="agree"),
        ANSWER,
    ),
    "hearing_close_and_decide": (_answered_and_closed, HANDLE),
    "hearing_withdraw": (
        lambda c, u, case: services.hearing_withdraw(case=_in_hearing(c, case), by=u),
        HANDLE,
    ),
    "worksharing_batch_import": (
        lambda c, u, case: services.worksharing_batch_import(council=c.council, rows=[ROW], by=u),
        HANDLE,
    ),
    "klv_import": (
        lambda c, u, case: services.klv_import(
            council=c.council,
            municipality=c.frederikshavn,
            quarter="2026K2",
            by=u,
            rows=[{"arbejdsplads": "Hal", "ansatte uden tilskud": "10"}],
        ),
        HANDLE,
    ),
    "administrative_rule_set": (
        lambda c, u, case: services.administrative_rule_set(
            council=c.council, kind=CaseKind.COMMUNITY_SERVICE, by=u, valid_from=dt.date(2026, 1, 1)
        ),
        HANDLE,
    ),
}

MATRIX = [(name, role) for name in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("action", "role"), MATRIX, ids=[f"{a}-{r}" for a, r in MATRIX])
def test_who_may_do_what_with_a_case(cast: Cast, action: str, role: str) -> None:
    run, allowed = ACTIONS[action]
    case = make_case(cast)
    user = cast.everyone[role]
    if role in allowed:
        run(cast, user, case)
    else:
        with pytest.raises(PermissionDenied):
            run(cast, user, case)


def test_an_unknown_case_is_not_found(cast: Cast) -> None:
    with pytest.raises(Http404):
        case_for_user(cast.sara, 999_999)
    with pytest.raises(Http404):
        case_for_user(cast.sara, "abc")


def test_an_anonymous_visitor_sees_no_case(cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    case = make_case(cast)
    with pytest.raises(PermissionDenied):
        case_for_user(AnonymousUser(), case.pk)
    assert list(case_list_for_user(AnonymousUser())) == []


def test_the_list_without_a_council_holds_only_councils_the_user_may_see(cast: Cast) -> None:
    case = make_case(cast)
    for role in ROLES:
        listed = [c.pk for c in case_list_for_user(cast.everyone[role])]
        assert (case.pk in listed) == (role in SEE), role


def test_a_former_committee_member_no_longer_sees_cases(cast: Cast) -> None:
    from raadsrum.councils.models import CommitteeMembership

    case = make_case(cast)
    CommitteeMembership.objects.filter(person__user=cast.karin).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        case_for_user(cast.karin, case.pk)


def test_a_superuser_helps_as_the_secretariat(cast: Cast) -> None:
    admin = User.objects.create_superuser("admin", password="pw")
    case = make_case(cast)
    assert case_for_user(admin, case.pk).pk == case.pk
    assert cast.council in case_councils_for_user(user=admin)


def test_the_secretariat_of_a_successor_council_sees_its_predecessors_cases(cast: Cast) -> None:
    case = make_case(cast)
    cast.council.successor = cast.other_council
    cast.council.save()
    assert case_for_user(cast.sven, case.pk).pk == case.pk
    assert cast.council in case_councils_for_user(user=cast.sven)


def _handles_some_council(user: Any) -> bool:
    return any(
        SECRETARIAT in case_roles(user=user, council=c) for c in case_councils_for_user(user=user)
    )


def test_handling_some_cases_means_the_secretariat_of_a_council_one_sees(cast: Cast) -> None:
    admin = User.objects.create_superuser("admin", password="pw")
    everyone = {**cast.everyone, "admin": admin}
    expected = {
        "sara": True,
        "sven": True,
        "admin": True,
        "kurt": False,
        "karin": False,
        "mette": False,
        "otto": False,
    }
    for name, user in everyone.items():
        assert can_handle_some_cases(user=user) is expected[name], name
        assert _handles_some_council(user) is expected[name], name
    cast.council.successor = cast.other_council
    cast.council.save()
    assert can_handle_some_cases(user=cast.sven) is _handles_some_council(cast.sven) is True


def test_a_former_secretary_handles_no_cases(cast: Cast) -> None:
    from raadsrum.councils.models import Membership

    Membership.objects.filter(person__user=cast.sara).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )
    assert can_handle_some_cases(user=cast.sara) is False
    assert case_councils_for_user(user=cast.sara) == []


def test_predecessors_are_reached_through_a_chain_of_successors(cast: Cast) -> None:
    from raadsrum.councils.models import Council

    oldest = Council.objects.create(
        slug="oldtid",
        name="RAR Oldtid",
        name_genitive="RAR Oldtids",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2007, 1, 1),
        successor=cast.council,
    )
    cast.council.successor = cast.other_council
    cast.council.save()
    assert case_councils_for_user(user=cast.sven) == [cast.other_council, oldest, cast.council]
    assert case_councils_for_user(user=cast.sara) == [oldest, cast.council]
