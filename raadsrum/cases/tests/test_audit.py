"""Every view of a case and every change to it is written to the audit log: who, when, what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from raadsrum.cases import services
from raadsrum.cases.access import case_for_user, case_list_for_user
from raadsrum.cases.models import Case, CaseKind
from raadsrum.cases.selectors import case_audit_trail
from raadsrum.cases.tests.conftest import Cast, make_case
from raadsrum.core.errors import PermissionDenied
from raadsrum.core.models import AuditEntry


def _actions(case: Case) -> list[tuple[str, str | None]]:
    return [(e.action, e.actor.username if e.actor else None) for e in case_audit_trail(case=case)]


def test_reading_a_case_is_recorded_for_each_reader(cast: Cast) -> None:
    case = make_case(cast)
    case_for_user(cast.sara, case.pk)
    case_for_user(cast.kurt, case.pk)
    assert _actions(case)[-2:] == [("case.view", "sara"), ("case.view", "kurt")]


def test_a_refused_read_is_recorded_too(cast: Cast) -> None:
    case = make_case(cast)
    with pytest.raises(PermissionDenied):
        case_for_user(cast.mette, case.pk)
    assert _actions(case)[-1] == ("case.view_denied", "mette")


def test_listing_cases_is_recorded_with_the_filters(cast: Cast) -> None:
    list(
        case_list_for_user(
            cast.kurt, council=cast.council, kind=CaseKind.WORK_SHARING, status="received"
        )
    )
    entry = AuditEntry.objects.filter(action="case.list").get()
    assert entry.actor == cast.kurt
    assert entry.details == {"kind": "work_sharing", "status": "received"}


def test_the_whole_life_of_a_case_is_in_its_audit_trail(cast: Cast) -> None:
    case = make_case(cast)
    services.case_assign(case=case, by=cast.sara, assignee=cast.sara)
    services.case_note_add(case=case, by=cast.sara, text="Virksomheden har ringet.")
    services.case_update(case=case, by=cast.sara, deadline=dt.date(2026, 3, 20))
    services.case_start(case=case, by=cast.sara)
    services.case_send_to_hearing(
        case=case, by=cast.sara, deadline=timezone.now() + dt.timedelta(days=3)
    )
    case.refresh_from_db()
    services.hearing_answer(case=case, by=cast.kurt, answer="agree")
    services.hearing_answer(case=case, by=cast.karin, answer="disagree", text="For mange uger")
    services.hearing_close_and_decide(
        case=case, by=cast.sara, outcome="approved", reasons="Flertal i udvalget."
    )
    services.case_close(case=case, by=cast.sara)
    assert _actions(case) == [
        ("case.create", "sara"),
        ("case.assign", "sara"),
        ("case.note_add", "sara"),
        ("case.update", "sara"),
        ("case.start", "sara"),
        ("case.hearing_open", "sara"),
        ("case.hearing_answer", "kurt"),
        ("case.hearing_answer", "karin"),
        ("case.hearing_close", "sara"),
        ("case.decide_by_committee", "sara"),
        ("case.close", "sara"),
    ]
    close = case_audit_trail(case=case).get(action="case.hearing_close")
    assert close.details["tally"] == {"agree": 1, "disagree": 1, "comment": 0, "no_answer": 0}


def test_the_audit_log_names_the_case_by_number_not_by_its_contents(cast: Cast) -> None:
    case = make_case(cast, title="Skagen Fiskeindustri – fortroligt")
    case_for_user(cast.sara, case.pk)
    reprs = set(case_audit_trail(case=case).values_list("target_repr", flat=True))
    assert reprs == {"Sag 2026-0001 (Arbejdsfordeling)"}


def test_every_case_type_is_audited_under_one_target(cast: Cast) -> None:
    for kind in CaseKind:
        case = make_case(cast, kind)
        case_for_user(cast.sara, case.pk)
        assert {e.target_type for e in case_audit_trail(case=case)} == {"cases.case"}
        assert [a for a, _ in _actions(case)] == ["case.create", "case.view"]
