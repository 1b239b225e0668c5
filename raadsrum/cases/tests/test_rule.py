"""The council's rule decides what the secretariat may decide administratively; the rest goes
to the case committee, and the refusal says why in Danish."""

from __future__ import annotations

import datetime as dt

import pytest

from raadsrum.cases import services
from raadsrum.cases.models import AdministrativeDecisionRule, CaseKind, CaseStatus
from raadsrum.cases.selectors import administrative_refusal, administrative_rule_for
from raadsrum.cases.tests.conftest import Cast, make_case
from raadsrum.core.errors import ValidationFailed


def test_the_secretariat_decides_an_extension_past_13_weeks_under_the_rule(cast: Cast) -> None:
    case = make_case(cast, weeks=26, is_extension=True)
    decided = services.case_decide_administratively(case=case, by=cast.sara)
    assert decided.status == CaseStatus.DECIDED


def test_a_question_of_principle_goes_to_the_committee(cast: Cast) -> None:
    case = make_case(cast, weeks=26, is_extension=True, is_question_of_principle=True)
    with pytest.raises(ValidationFailed, match="markeret som principiel"):
        services.case_decide_administratively(case=case, by=cast.sara)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_without_a_rule_the_committee_decides(cast: Cast) -> None:
    case = make_case(cast, CaseKind.COMMUNITY_SERVICE)
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide_administratively(case=case, by=cast.sara)
    assert refused.value.message == (
        "Rådet har ikke givet sekretariatet lov til at afgøre sager om godkendelse af "
        "arbejdsplads til samfundstjeneste administrativt. Sagen skal afgøres af sagsudvalget."
    )


def test_a_rule_may_limit_the_weeks_the_secretariat_decides(cast: Cast) -> None:
    services.administrative_rule_set(
        council=cast.council,
        kind=CaseKind.WORK_SHARING,
        by=cast.sara,
        valid_from=dt.date(2026, 1, 1),
        max_weeks=26,
    )
    assert (
        services.case_decide_administratively(case=make_case(cast, weeks=26), by=cast.sara).status
        == CaseStatus.DECIDED
    )
    with pytest.raises(ValidationFailed, match="30 uger.*højst afgøre 26 uger"):
        services.case_decide_administratively(case=make_case(cast, weeks=30), by=cast.sara)


def test_a_new_rule_ends_the_old_one_the_day_before(cast: Cast) -> None:
    new = services.administrative_rule_set(
        council=cast.council,
        kind=CaseKind.WORK_SHARING,
        by=cast.sara,
        valid_from=dt.date(2026, 1, 1),
        allowed=False,
    )
    old = AdministrativeDecisionRule.objects.exclude(pk=new.pk).get()
    assert old.valid_to == dt.date(2025, 12, 31)
    assert (
        administrative_rule_for(
            council=cast.council, kind=CaseKind.WORK_SHARING, on=dt.date(2025, 6, 1)
        )
        == old
    )
    assert (
        administrative_rule_for(
            council=cast.council, kind=CaseKind.WORK_SHARING, on=dt.date(2026, 6, 1)
        )
        == new
    )


def test_the_rule_in_force_on_the_day_of_the_decision_applies(cast: Cast) -> None:
    case = make_case(cast)
    assert administrative_refusal(case=case, on=dt.date(2026, 6, 1)) is None
    assert administrative_refusal(case=case, on=dt.date(2019, 6, 1)) is not None  # before 2020


def test_a_rule_of_one_council_does_not_help_another(cast: Cast) -> None:
    case = make_case(cast)
    AdministrativeDecisionRule.objects.update(council=cast.other_council)
    assert administrative_refusal(case=case) is not None


def test_a_batch_decides_what_the_rule_allows_and_lists_the_rest_with_reasons(
    cast: Cast,
) -> None:
    plain = [make_case(cast, weeks=20, is_extension=True) for _ in range(3)]
    principle = make_case(cast, weeks=20, is_extension=True, is_question_of_principle=True)
    result = services.cases_decide_administratively(
        cases=[*plain, principle], by=cast.sara, reasons="Forlængelse efter reglerne."
    )
    assert [c.pk for c in result.decided] == [c.pk for c in plain]
    assert [(c.pk, "principiel" in why) for c, why in result.refused] == [(principle.pk, True)]
